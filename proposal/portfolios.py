"""The name the proposal gives a recommended portfolio: dated bank policy in
``data/portfolio-bands.json`` (bands of the share in equity-like classes, with a name per language).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class PortfolioBand:
    kind: str  # income, balanced, growth, dynamic
    equity_below: float | None  # None: no upper bound
    names: Mapping[str, str]  # per language; English under "en"

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["en"]


@dataclass(frozen=True)
class PortfolioPolicy:
    since: dt.date
    equity_classes: frozenset[str]
    bands: tuple[PortfolioBand, ...]
    reference: str

    def band(self, weights: Mapping[str, float]) -> PortfolioBand:
        """The first band whose upper bound the equity-like share of ``weights`` is below."""
        eq = sum(w for c, w in weights.items() if c in self.equity_classes)
        for b in self.bands:
            if b.equity_below is None or eq < b.equity_below:
                return b
        return self.bands[-1]


@cache
def _policies() -> tuple[PortfolioPolicy, ...]:
    doc = json.loads((resources.files("proposal") / "data" / "portfolio-bands.json")
                     .read_text(encoding="utf-8"))
    out = []
    for s in doc["snapshots"]:
        bands = tuple(PortfolioBand(b["kind"], None if b["equity_below"] is None
                                    else float(b["equity_below"]), dict(b["name"]))
                      for b in s["bands"])
        out.append(PortfolioPolicy(dt.date.fromisoformat(s["since"]),
                                   frozenset(s["equity_classes"]), bands, doc["reference"]))
    return tuple(sorted(out, key=lambda p: p.since))


def portfolio_policy(on: dt.date | None = None) -> PortfolioPolicy:
    """The policy in force ``on`` (default: today); before the first snapshot, the first."""
    day = on or dt.date.today()
    chosen = [p for p in _policies() if p.since <= day]
    return chosen[-1] if chosen else _policies()[0]


def portfolio_band(weights: Mapping[str, float], on: dt.date | None = None) -> PortfolioBand:
    return portfolio_policy(on).band(weights)
