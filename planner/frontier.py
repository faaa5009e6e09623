"""Mean-variance geometry of the liquid portfolio: the frontier and the points on it.

Every point is measured on one set of inputs (the assumption set's arithmetic means and
covariance of the classes, the family companies as a fixed exposure of their look-through value),
so the current allocation and any frontier are comparable. A frontier point maximises the
expected return of the liquid portfolio for a given volatility (at most ``target``), long-only,
within per-class caps and an optional minimum share of daily-liquid classes. The frontier
drawn beside the current portfolio uses the current portfolio's own constraints (every liquid
class, long-only, no caps): no allocation, the current one included, can lie above it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.optimize import minimize

from assets import ASSET_CLASS_INFO, Assumptions
from household import Household

from .config import PlanConfig
from .inputs import compile_inputs

#: classes sold within days: liquidity needs (tax at a death, guarantees) are held here
LIQUID_RESERVE = tuple(c for c, i in ASSET_CLASS_INFO.items() if i.liquidity == "daily")
#: one year in twenty: the bad-year loss is the 5th percentile of the yearly return
BAD_YEAR_Z = 1.6448536269514722


@dataclass(frozen=True)
class FrontierPoint:
    weights: Mapping[str, float]
    expected_return: float      # arithmetic, liquid portfolio, per year
    volatility: float           # liquid portfolio, per year
    total_volatility: float     # liquid portfolio plus the fixed company exposure
    suitable: bool = True
    success: float | None = None          # all essential goals met
    success_se: float | None = None
    goals: Mapping[str, float] = field(default_factory=dict)  # goal id -> success
    expected_legacy_real: float | None = None  # mean household wealth at the horizon, today's
    in_band: bool = True

    @property
    def bad_year_loss(self) -> float:
        """Loss in a bad year (1 in 20) as a positive fraction, normal approximation."""
        return max(0.0, BAD_YEAR_Z * self.volatility - self.expected_return)


@dataclass(frozen=True)
class Frontier:
    points: tuple[FrontierPoint, ...]
    classes: tuple[str, ...]     # classes allowed
    business_share: float        # company exposure / (liquid + company exposure)


@dataclass(frozen=True)
class Exposure:
    """Means and covariance of the classes, and the fixed company exposure."""

    classes: tuple[str, ...]     # the assumption set's classes, in its order
    mean: np.ndarray
    cov: np.ndarray              # (classes + companies) square
    business: np.ndarray         # company exposure in base money
    liquid: float                # liquid wealth in base money

    @property
    def business_share(self) -> float:
        total = self.liquid + self.business.sum()
        return float(self.business.sum() / total) if total > 0 else 0.0

    def vector(self, weights: Mapping[str, float]) -> np.ndarray:
        w = np.zeros(len(self.classes))
        for c, x in weights.items():
            w[self.classes.index(c)] = x
        return w

    def point(self, weights: Mapping[str, float], suitable: bool = True) -> FrontierPoint:
        nc = len(self.classes)
        w = self.vector(weights)
        total = self.liquid + self.business.sum()
        lw = self.liquid / total if total > 0 else 1.0
        full = np.r_[lw * w, self.business / total if total > 0 else self.business]
        return FrontierPoint(dict(weights), float(w @ self.mean[:nc]),
                             math.sqrt(max(w @ self.cov[:nc, :nc] @ w, 0.0)),
                             math.sqrt(max(full @ self.cov @ full, 0.0)), suitable)


def exposure(hh: Household, a: Assumptions, config: PlanConfig) -> Exposure:
    inp = compile_inputs(hh, a, replace(config, paths=1, trace=False))
    fm = inp.fm
    nc = len(a.classes)
    cols = list(range(nc)) + list(inp.comp_cols)
    vol = fm.vol[cols]
    cov = fm.corr[np.ix_(cols, cols)] * np.outer(vol, vol)
    biz = inp.comp0 * inp.lt0.sum(axis=0) if len(inp.comp0) else np.zeros(0)
    return Exposure(tuple(a.classes), fm.mean[cols], cov, biz, float(inp.liquid0))


class _Problem:
    """Long-only portfolios of ``classes`` with caps and a minimum liquid reserve."""

    def __init__(self, ex: Exposure, classes: Sequence[str], caps: Mapping[str, float],
                 reserve_min: float = 0.0):
        self.ex = ex
        self.classes = tuple(classes)
        idx = [ex.classes.index(c) for c in self.classes]
        self.mu = ex.mean[idx]
        self.S = ex.cov[np.ix_(idx, idx)]
        bounds = [(0.0, float(caps.get(c, 1.0))) for c in self.classes]
        if sum(b for _, b in bounds) < 1.0:  # caps that cannot hold a whole portfolio
            bounds = [(0.0, 1.0)] * len(self.classes)
        self.bounds = bounds
        reserve = [i for i, c in enumerate(self.classes) if c in LIQUID_RESERVE]
        self.reserve = reserve
        self.reserve_min = min(max(reserve_min, 0.0), 1.0) if reserve else 0.0
        self.cons: list[dict] = [{"type": "eq", "fun": lambda w: w.sum() - 1.0,
                                  "jac": lambda w: np.ones_like(w)}]
        if self.reserve_min > 0:
            r = np.zeros(len(self.classes))
            r[reserve] = 1.0
            self.cons.append({"type": "ineq", "fun": lambda w: w @ r - self.reserve_min,
                              "jac": lambda w: r})

    def vol(self, w: np.ndarray) -> float:
        return math.sqrt(max(float(w @ self.S @ w), 0.0))

    def _x0(self) -> np.ndarray:
        x = np.array([b for _, b in self.bounds], dtype=float)
        return x / x.sum()

    def _clean(self, x: np.ndarray) -> np.ndarray:
        w = np.clip(x, 0.0, None)
        return w / w.sum()

    def min_variance(self) -> np.ndarray:
        if getattr(self, "_mv", None) is not None:
            return self._mv
        r = minimize(lambda w: float(w @ self.S @ w), self._x0(), jac=lambda w: 2 * self.S @ w,
                     method="SLSQP", bounds=self.bounds, constraints=self.cons,
                     options={"ftol": 1e-15, "maxiter": 500})
        self._mv = self._clean(r.x)
        return self._mv

    def max_return(self, target_vol: float | None = None,
                   start: np.ndarray | None = None) -> np.ndarray:
        """Highest expected return with volatility at most ``target_vol`` (None: no limit);
        ``start``: a feasible guess (the neighbouring frontier point) tried first."""
        cons = list(self.cons)
        if target_vol is not None:
            v2 = target_vol * target_vol
            cons.append({"type": "ineq", "fun": lambda w: v2 - float(w @ self.S @ w),
                         "jac": lambda w: -2 * self.S @ w})
        best = None
        starts = [start] if start is not None else [self.min_variance()]
        starts.append(self._x0())
        for x0 in starts:
            r = minimize(lambda w: -float(w @ self.mu), x0, jac=lambda w: -self.mu,
                         method="SLSQP", bounds=self.bounds, constraints=cons,
                         options={"ftol": 1e-13, "maxiter": 500})
            w = self._clean(r.x)
            ok = target_vol is None or self.vol(w) <= target_vol + 1e-7
            if ok and (best is None or w @ self.mu > best @ self.mu):
                best = w
        return best if best is not None else self.min_variance()

    def weights(self, w: np.ndarray) -> dict[str, float]:
        kept = {c: float(x) for c, x in zip(self.classes, w, strict=True) if x > 1e-6}
        s = sum(kept.values())
        return {c: x / s for c, x in kept.items()}


def frontier_points(ex: Exposure, classes: Sequence[str], caps: Mapping[str, float],
                    n_points: int, lo: float | None = None, hi: float | None = None,
                    reserve_min: float = 0.0) -> tuple[list[FrontierPoint], float, float]:
    """Points of highest return at ``n_points`` volatilities from ``lo`` to ``hi`` (clipped to
    what the constraints allow). Returns the points and the smallest and largest efficient
    volatilities (minimum variance, highest return)."""
    pr = _Problem(ex, classes, caps, reserve_min)
    v_min = pr.vol(pr.min_variance())
    v_top = pr.vol(pr.max_return(None))
    a = v_min if lo is None else min(max(lo, v_min), v_top)
    b = v_top if hi is None else max(min(hi, v_top), v_min)
    targets = np.linspace(a, b, n_points) if n_points > 1 and b > a + 1e-9 else np.array([b])
    out = []
    prev = None
    for v in targets:
        w = pr.max_return(float(v), prev)
        prev = w
        out.append(ex.point(pr.weights(w)))
    return out, v_min, v_top


def efficient_frontier(hh: Household, a: Assumptions, level: str, config: PlanConfig,
                       n_points: int = 8) -> Frontier:
    """The frontier of the classes a client of ``level`` may hold (every class's typical product
    risk at or below the level's), within the policy's class caps."""
    from assets import risk_rank

    from .bands import class_max

    ex = exposure(hh, a, config)
    classes = tuple(c for c in a.classes if ASSET_CLASS_INFO[c].liquid
                    and risk_rank(ASSET_CLASS_INFO[c].risk) <= risk_rank(level))
    pts, _, _ = frontier_points(ex, classes, class_max(hh.as_of), n_points)
    return Frontier(tuple(pts), classes, ex.business_share)
