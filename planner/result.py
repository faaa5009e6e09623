"""The frozen result of a plan and its JSON form (the `kinfolio plan --json` document)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

PERCENTILES = (5, 25, 50, 75, 95)
PCT_KEYS = tuple(f"p{q}" for q in PERCENTILES)


def percentiles(a: np.ndarray) -> dict[str, tuple[float, ...]]:
    """Percentiles over paths (axis 1) of a (years, paths) array, ordered p5 <= ... <= p95.

    Numpy's 'linear' method, computed from one vectorised sort per array: a SIMD sort of the
    rows is several times faster here than ``np.percentile``'s repeated partitions."""
    s = np.sort(a, axis=1)
    n = s.shape[1]
    out = {}
    for q, key in zip(PERCENTILES, PCT_KEYS, strict=True):
        pos = q / 100.0 * (n - 1)
        lo = int(np.floor(pos))
        hi = min(lo + 1, n - 1)
        frac = pos - lo
        lo_v, hi_v = s[:, lo], s[:, hi]
        if frac:
            # the gap only where the neighbours differ: equal ones (even equal infinities) give
            # their value exactly, never inf - inf
            gap = np.subtract(hi_v, lo_v, out=np.zeros_like(lo_v), where=hi_v != lo_v)
            v = lo_v + gap * frac
        else:
            v = lo_v
        out[key] = tuple(float(x) for x in v)
    return out


def proportion(mask: np.ndarray) -> tuple[float, float]:
    """Share of True and its standard error sqrt(p (1 - p) / n)."""
    n = mask.size
    p = float(np.count_nonzero(mask)) / n if n else float("nan")
    return p, math.sqrt(max(p * (1.0 - p), 0.0) / n) if n else float("nan")


@dataclass(frozen=True)
class GoalResult:
    id: str
    name: str
    priority: str
    success: float
    se: float


@dataclass(frozen=True)
class PlanResult:
    """Outcome of :func:`planner.run_plan`.

    ``wealth[kind][basis]`` with kind ``total``/``liquid`` and basis ``real``/``nominal`` maps
    ``p5``…``p95`` to one value per year in ``years`` (end of year). ``start_wealth`` is the
    household total today (net of personal debt, companies by look-through).
    """

    household: str
    seed: int
    paths: int
    years: tuple[int, ...]
    base_currency: str
    real: bool
    assumptions: str
    goals: tuple[GoalResult, ...]
    success_all_essential: float
    success_all_essential_se: float
    business_sale: float
    business_sale_se: float
    wealth: Mapping[str, Mapping[str, Mapping[str, tuple[float, ...]]]]
    start_wealth: float
    start_liquid: float
    wealth_at_death: Mapping[str, Mapping[str, Any]]
    allocation: Mapping[str, float]
    current_allocation: Mapping[str, float]
    succession: str
    succession_provisional: bool
    config: Mapping[str, Any] = field(default_factory=dict)
    ledger: Mapping[str, np.ndarray] | None = field(default=None, repr=False, compare=False)
    #: why the set is not the household's own currency's (``Assumptions.note``), else ""
    assumptions_note: str = ""

    @property
    def success(self) -> dict[str, float]:
        return {g.id: g.success for g in self.goals}

    @property
    def success_se(self) -> dict[str, float]:
        return {g.id: g.se for g in self.goals}

    def to_json(self) -> dict[str, Any]:
        """The spec keys (`paths`, `seed`, `years`, `success`, `success_all_essential`,
        `wealth`) plus extras. Money rounded to the cent, probabilities to 6 decimals."""
        basis = "real" if self.real else "nominal"
        m = _money
        p = _prob
        doc: dict[str, Any] = {
            "paths": self.paths,
            "seed": self.seed,
            "years": list(self.years),
            "success": {g.id: p(g.success) for g in self.goals},
            "success_all_essential": p(self.success_all_essential),
            "wealth": {k: [m(x) for x in v] for k, v in self.wealth["total"][basis].items()},
            "household": self.household,
            "base_currency": self.base_currency,
            "money": "today's" if self.real else "nominal",
            "assumptions": self.assumptions,
            "success_se": {g.id: p(g.se) for g in self.goals},
            "success_all_essential_se": p(self.success_all_essential_se),
            "goals": {g.id: {"name": g.name, "priority": g.priority} for g in self.goals},
            "business_sale_probability": p(self.business_sale),
            "business_sale_probability_se": p(self.business_sale_se),
            "start_wealth": m(self.start_wealth),
            "start_liquid": m(self.start_liquid),
            "wealth_liquid": {k: [m(x) for x in v]
                              for k, v in self.wealth["liquid"][basis].items()},
            "wealth_real": {k: [m(x) for x in v] for k, v in self.wealth["total"]["real"].items()},
            "wealth_nominal": {k: [m(x) for x in v]
                               for k, v in self.wealth["total"]["nominal"].items()},
            "wealth_at_death": {pid: {k: (m(v) if isinstance(v, float) and k.startswith("p")
                                          else p(v) if isinstance(v, float) else v)
                                      for k, v in d.items()}
                                for pid, d in self.wealth_at_death.items()},
            "allocation": {k: p(v) for k, v in self.allocation.items()},
            "current_allocation": {k: p(v) for k, v in self.current_allocation.items()},
            "succession": self.succession,
            "succession_provisional": self.succession_provisional,
            "config": dict(self.config),
        }
        if self.assumptions_note:
            doc["assumptions_note"] = self.assumptions_note
        return doc

    def json_text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _money(x: float) -> float | None:
    return None if not math.isfinite(x) else round(float(x), 2)


def _prob(x: float) -> float | None:
    return None if not math.isfinite(x) else round(float(x), 6)
