"""The equity market a company's value moves with, by its jurisdiction: dated bank policy in
``data/home-markets.json`` (read by the plan's company paths and by the stress tests)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType


@cache
def _snapshots() -> tuple[tuple[dt.date, Mapping[str, str]], ...]:
    doc = json.loads((resources.files("planner") / "data" / "home-markets.json")
                     .read_text(encoding="utf-8"))
    snaps = [(dt.date.fromisoformat(s["since"]), MappingProxyType(dict(s["markets"])))
             for s in doc["snapshots"]]
    return tuple(sorted(snaps, key=lambda x: x[0]))


def home_markets(on: dt.date | None = None) -> Mapping[str, str]:
    """Jurisdiction -> asset class of its home equity market, in force ``on`` (default: the
    latest snapshot); before the first snapshot, the first."""
    snaps = _snapshots()
    if on is None:
        return snaps[-1][1]
    chosen = [m for since, m in snaps if since <= on]
    return chosen[-1] if chosen else snaps[0][1]
