"""Target bands per client risk level and market: dated data (``data/risk-bands.json``).

A band is the range of yearly volatility of the liquid portfolio the bank advises on and the
highest product risk level a client of that level may hold, in the market's own scale (Taiwan:
RR1–RR5; elsewhere R1–R5). Markets are named by the household's base currency; a currency
without a market of its own gets the international (USD) bands.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from assets import risk_rank

FALLBACK_MARKET = "USD"
LEVELS = ("C1", "C2", "C3", "C4", "C5")


@dataclass(frozen=True)
class RiskBand:
    level: str
    market: str
    volatility_min: float
    volatility_max: float
    max_product_risk: str  # in the market's scale: "R3", or "RR3" in Taiwan
    product_scale: str     # "R" or "RR"
    since: dt.date
    source: str            # suitability rule behind the product cap
    volatility_source: str

    @property
    def max_rank(self) -> int:
        return risk_rank(self.max_product_risk)

    def contains(self, vol: float, tol: float = 1e-6) -> bool:
        return self.volatility_min - tol <= vol <= self.volatility_max + tol

    def as_json(self) -> dict:
        return {"volatility_min": self.volatility_min, "volatility_max": self.volatility_max,
                "max_product_risk": self.max_product_risk}


@cache
def _doc() -> dict:
    p = resources.files("planner") / "data" / "risk-bands.json"
    return json.loads(p.read_text(encoding="utf-8"))


def _snapshot(on: dt.date | None) -> dict:
    snaps = sorted(_doc()["snapshots"], key=lambda s: s["since"])
    day = (on or dt.date.today()).isoformat()
    chosen = [s for s in snaps if s["since"] <= day]
    return chosen[-1] if chosen else snaps[0]


def market_of(currency: str, on: dt.date | None = None) -> str:
    cur = (currency or "").upper()
    return cur if cur in _snapshot(on)["markets"] else FALLBACK_MARKET


def risk_band(level: str, currency: str, on: dt.date | None = None) -> RiskBand:
    """The band of client level ``level`` (C1–C5) in the market of ``currency`` in force ``on``."""
    if level not in LEVELS:
        raise ValueError(f"risk level must be one of {', '.join(LEVELS)} (got {level!r})")
    snap = _snapshot(on)
    market = market_of(currency, on)
    m = snap["markets"][market]
    d = m["levels"][level]
    return RiskBand(level, market, float(d["volatility_min"]), float(d["volatility_max"]),
                    d["max_product_risk"], m["product_scale"],
                    dt.date.fromisoformat(snap["since"]), m["source"], snap["volatility_source"])


def class_max(on: dt.date | None = None) -> MappingProxyType[str, float]:
    """The most a recommendation puts in one class (diversification policy)."""
    return MappingProxyType(dict(_snapshot(on)["class_max"]))


def product_risk_label(rank: int, currency: str, on: dt.date | None = None) -> str:
    """A product risk rank 1–5 written in the market's scale (``RR3`` in Taiwan)."""
    scale = _snapshot(on)["markets"][market_of(currency, on)]["product_scale"]
    return f"{scale}{rank}"
