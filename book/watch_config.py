"""The dated data the watch engines read: thresholds, alert parameters, festivals, weights.

Each file in ``book/data/watch_*.json`` holds versions with a ``from`` date; an engine reads the
one snapshot in force on its as-of date (OpenFisca style). Figures not checked against their source
carry ``verified: false`` and are shown as UNVERIFIED where bankers see them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from book.frames import BookMeta


@cache
def _load(name: str) -> dict:
    return json.loads((resources.files("book") / "data" / name).read_text(encoding="utf-8"))


def _in_force(versions: list[dict], on: dt.date, what: str) -> dict:
    chosen = [v for v in versions if dt.date.fromisoformat(v["from"]) <= on]
    if not chosen:
        raise ValueError(f"no {what} in force on {on.isoformat()}")
    return max(chosen, key=lambda v: v["from"])


def _freeze(x: Any) -> Any:
    if isinstance(x, dict):
        return MappingProxyType({k: _freeze(v) for k, v in x.items()})
    if isinstance(x, list):
        return tuple(_freeze(v) for v in x)
    return x


@dataclass(frozen=True)
class ThresholdRule:
    id: str
    cls: str  # "cash" or "transfer"
    client_kind: str  # "person", "company" or "any"
    amount: float  # in the market's currency
    usd: float | None  # foreign-currency equivalent, where the rule has one


@dataclass(frozen=True)
class Thresholds:
    """The large-value reporting rules of one market in force on a date."""

    market: str
    currency: str
    since: dt.date
    reference: str
    verified: bool
    rules: tuple[ThresholdRule, ...]
    transfer_kinds: tuple[str, ...]


def market_of(meta: BookMeta) -> str:
    return _load("watch_large_value.json")["market_by_currency"].get(meta.base_currency, "CN")


def thresholds(market: str, on: dt.date) -> Thresholds:
    doc = _load("watch_large_value.json")
    if market not in doc["markets"]:
        raise ValueError(f"no large-value thresholds for market '{market}' "
                         f"(known: {', '.join(sorted(doc['markets']))})")
    v = _in_force(doc["markets"][market], on, f"large-value threshold for {market}")
    rules = tuple(ThresholdRule(r["id"], r["class"], r["client_kind"], float(r["amount"]),
                                None if r.get("usd") is None else float(r["usd"]))
                  for r in v["rules"])
    return Thresholds(market, v["currency"], dt.date.fromisoformat(v["from"]), v["reference"],
                      bool(v.get("verified", False)), rules, tuple(doc["transfer_kinds"]))


@dataclass(frozen=True)
class WatchSettings:
    """The alert parameters in force (``watch_settings.json``), amounts already in the book's
    base currency. ``values`` is the frozen version; ``overrides`` replaced some top-level keys."""

    since: dt.date
    reference: str
    values: MappingProxyType

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def amount(self, key: str) -> float:
        return float(self.values["min_amount"][key])


def watch_settings(meta: BookMeta, on: dt.date, **overrides: Any) -> WatchSettings:
    """The parameters in force on ``on``; ``overrides`` replace top-level keys (a dict merges)."""
    v = dict(_in_force(_load("watch_settings.json")["versions"], on, "alert settings"))
    for k, new in overrides.items():
        if k not in v:
            raise KeyError(f"unknown alert setting '{k}'")
        v[k] = {**v[k], **new} if isinstance(v[k], dict) and isinstance(new, dict) else new
    factor = cny_factor(meta)
    v["min_amount"] = {k: float(a) * factor for k, a in v["min_amount"].items()}
    return WatchSettings(dt.date.fromisoformat(v["from"]), v["reference"], _freeze(v))


def cny_factor(meta: BookMeta) -> float:
    """Base-currency units per CNY (1 when the book has no CNY rate)."""
    if meta.base_currency == "CNY":
        return 1.0
    return float(meta.fx.get("CNY", 1.0))


def festivals() -> MappingProxyType:
    """festival code -> {year: date}."""
    doc = _load("watch_festivals.json")["festivals"]
    return MappingProxyType({k: MappingProxyType({int(y): dt.date.fromisoformat(d)
                                                  for y, d in v.items()})
                             for k, v in doc.items()})


def activation_weights(on: dt.date) -> MappingProxyType:
    return _freeze(_in_force(_load("watch_activation.json")["versions"], on,
                             "activation weights"))
