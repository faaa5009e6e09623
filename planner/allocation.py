"""Allocation: efficient frontier of the liquid portfolio and the recommendation.

The frontier minimises the variance of the household's whole financial exposure (liquid portfolio
plus the family companies, held fixed as an exposure of their look-through value) for a range of
expected returns of the liquid portfolio; long-only, class bounds, and suitability caps: a client
of level Ck may hold only classes whose typical product risk is at or below Rk (and only such
products). Every candidate (the current allocation and each frontier point) is simulated on the
same random numbers; the recommendation is the suitable candidate with the highest probability of
meeting all essential goals (ties: the lower volatility), reported with the standard error of its
difference from the current allocation (paired, so common random numbers shrink it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.optimize import minimize

from assets import ASSET_CLASS_INFO, Assumptions, assumptions_for, product_shelf, risk_rank
from household import Household

from .config import PlanConfig, Variant
from .inputs import compile_inputs, current_allocation, principals
from .plan import run_variants
from .succession import SuccessionPolicy

DEFAULT_MAX_WEIGHT = 0.5
CLASS_MAX = {"hedge_funds": 0.2, "gold": 0.2, "cash": 0.6}
DEFAULT_RISK_LEVEL = "C3"


@dataclass(frozen=True)
class FrontierPoint:
    weights: Mapping[str, float]
    expected_return: float      # arithmetic, liquid portfolio
    volatility: float           # liquid portfolio
    total_volatility: float     # liquid portfolio plus the fixed company exposure
    suitable: bool = True
    success: float | None = None
    success_se: float | None = None


@dataclass(frozen=True)
class Frontier:
    points: tuple[FrontierPoint, ...]
    classes: tuple[str, ...]     # classes allowed
    business_share: float        # company exposure / (liquid + company exposure)


@dataclass(frozen=True)
class Recommendation:
    risk_level: str
    risk_level_assumed: bool
    allowed_classes: tuple[str, ...]
    frontier: tuple[FrontierPoint, ...]
    current: FrontierPoint
    recommended: FrontierPoint
    recommended_label: str
    difference: float            # success(recommended) - success(current), all essential goals
    difference_se: float         # paired standard error (common random numbers)
    independent_se: float        # what the SE would be with independent draws
    business_share: float
    products: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unsuitable_holdings: tuple[str, ...] = ()
    seed: int = 0
    paths: int = 0


def client_risk_level(hh: Household, config: PlanConfig) -> tuple[str, bool]:
    """The configured level, else the lowest level among the principals who have one."""
    if config.risk_level:
        return config.risk_level, False
    levels = [hh.person(p).risk_level for p in principals(hh) if hh.person(p).risk_level]
    if levels:
        return min(levels, key=risk_rank), False
    return DEFAULT_RISK_LEVEL, True


def allowed_classes(a: Assumptions, level: str) -> tuple[str, ...]:
    return tuple(c for c in a.classes if ASSET_CLASS_INFO[c].liquid
                 and risk_rank(ASSET_CLASS_INFO[c].risk) <= risk_rank(level))


def _exposure(hh: Household, a: Assumptions, config: PlanConfig):
    """Covariance of (classes..., companies...) and the fixed company exposure in base money."""
    inp = compile_inputs(hh, a, replace(config, paths=1, trace=False))
    fm = inp.fm
    nc = len(a.classes)
    cols = list(range(nc)) + list(inp.comp_cols)
    vol = fm.vol[cols]
    cov = fm.corr[np.ix_(cols, cols)] * np.outer(vol, vol)
    mean = fm.mean[cols]
    biz = inp.comp0 * inp.lt0.sum(axis=0) if len(inp.comp0) else np.zeros(0)
    return cov, mean, biz, inp.liquid0


def efficient_frontier(hh: Household, a: Assumptions, level: str, config: PlanConfig,
                       n_points: int = 8) -> Frontier:
    classes = allowed_classes(a, level)
    cov, mean, biz, liquid = _exposure(hh, a, config)
    nc = len(a.classes)
    idx = [a.index(c) for c in classes]
    total = liquid + biz.sum()
    lw = liquid / total if total > 0 else 1.0
    bw = biz / total if total > 0 else biz
    mu = mean[idx]
    S_ll = cov[np.ix_(idx, idx)]
    S_lb = cov[np.ix_(idx, list(range(nc, nc + len(biz))))]
    S_bb = cov[nc:, nc:]
    bounds = [(0.0, CLASS_MAX.get(c, DEFAULT_MAX_WEIGHT)) for c in classes]
    if sum(b for _, b in bounds) < 1.0:
        bounds = [(0.0, 1.0)] * len(classes)

    def total_var(w: np.ndarray) -> float:
        return float(lw * lw * w @ S_ll @ w + 2 * lw * w @ S_lb @ bw + bw @ S_bb @ bw)

    def solve(target: float | None, sign: float = 1.0) -> np.ndarray | None:
        x0 = np.full(len(idx), 1.0 / len(idx))
        cons = [{"type": "eq", "fun": lambda w: w.sum() - 1.0}]
        if target is not None:
            cons.append({"type": "eq", "fun": lambda w: w @ mu - target})
            fun = total_var
        else:
            def fun(w):
                return -sign * float(w @ mu)
        r = minimize(fun, x0, method="SLSQP", bounds=bounds, constraints=cons,
                     options={"ftol": 1e-12, "maxiter": 300})
        return np.clip(r.x, 0.0, None) / np.clip(r.x, 0.0, None).sum() if r.success else None

    w_min = solve(None, -1.0)
    w_max = solve(None, 1.0)
    w_mv = minimize(total_var, np.full(len(idx), 1.0 / len(idx)), method="SLSQP",
                    bounds=bounds, constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1.0}],
                    options={"ftol": 1e-14, "maxiter": 300}).x
    lo = float(w_mv @ mu) if w_mv is not None else float(w_min @ mu)
    hi = float(w_max @ mu) if w_max is not None else lo
    points = []
    for target in np.linspace(lo, hi, n_points):
        w = solve(float(target)) if target > lo + 1e-9 else np.clip(w_mv, 0, None)
        if w is None:
            continue
        w = w / w.sum()
        weights = {c: round(float(x), 6) for c, x in zip(classes, w, strict=True) if x > 1e-6}
        s = sum(weights.values())
        weights = {c: x / s for c, x in weights.items()}
        points.append(FrontierPoint(weights, float(w @ mu), math.sqrt(max(w @ S_ll @ w, 0.0)),
                                    math.sqrt(max(total_var(w), 0.0))))
    return Frontier(tuple(points), classes, float(biz.sum() / total) if total > 0 else 0.0)


def _point_for(a: Assumptions, weights: Mapping[str, float], level: str,
               hh: Household, config: PlanConfig) -> FrontierPoint:
    cov, mean, biz, liquid = _exposure(hh, a, config)
    nc = len(a.classes)
    w = np.zeros(nc)
    for c, x in weights.items():
        w[a.index(c)] = x
    total = liquid + biz.sum()
    lw = liquid / total if total > 0 else 1.0
    full = np.r_[lw * w, biz / total if total > 0 else biz]
    ok = all(risk_rank(ASSET_CLASS_INFO[c].risk) <= risk_rank(level) and ASSET_CLASS_INFO[c].liquid
             for c, x in weights.items() if x > 0)
    return FrontierPoint(dict(weights), float(w @ mean[:nc]),
                         math.sqrt(max(w @ cov[:nc, :nc] @ w, 0.0)),
                         math.sqrt(max(full @ cov @ full, 0.0)), ok)


def recommend(hh: Household, assumptions: Assumptions | None = None,
              config: PlanConfig | None = None, n_points: int = 8,
              succession: SuccessionPolicy | None = None) -> Recommendation:
    """Frontier, current and recommended allocation, evaluated on common random numbers.

    ``succession``: the policy at each simulated death (default: the provisional equal split);
    it is called for every candidate, so a policy that records per path must not record here."""
    a = assumptions or assumptions_for(hh.base_currency)
    config = config or PlanConfig()
    level, assumed = client_risk_level(hh, config)
    frontier = efficient_frontier(hh, a, level, config, n_points)
    cur_w = current_allocation(hh)
    current = _point_for(a, cur_w, level, hh, config)
    variants = [Variant("current", cur_w)] + [Variant(f"frontier-{k}", p.weights)
                                               for k, p in enumerate(frontier.points)]
    res = run_variants(hh, a, config, variants, succession=succession)
    n = config.paths
    evaluated = []
    for p, r in zip((current, *frontier.points), res, strict=True):
        se = math.sqrt(r.success_all_essential * (1 - r.success_all_essential) / n)
        evaluated.append(replace(p, success=r.success_all_essential, success_se=se))
    cur_e, front_e = evaluated[0], evaluated[1:]
    candidates = [(i, p) for i, p in enumerate(evaluated) if p.suitable]
    best_i, best = max(candidates, key=lambda ip: (ip[1].success, -ip[1].total_volatility))
    diff = res[best_i].met_all_essential.astype(np.float64) - \
        res[0].met_all_essential.astype(np.float64)
    d_se = float(diff.std(ddof=1) / math.sqrt(n)) if n > 1 else float("nan")
    ind_se = math.sqrt((best.success_se or 0.0) ** 2 + (cur_e.success_se or 0.0) ** 2)
    shelf = product_shelf(hh.base_currency)  # the household's market
    products = {c: tuple(p.id for p in shelf if p.asset_class == c
                         and risk_rank(p.risk) <= risk_rank(level))
                for c in best.weights}
    unsuitable = tuple(h.id for h in hh.holdings if h.product_risk
                       and risk_rank(h.product_risk) > risk_rank(level)
                       and h.owner in {p.id for p in hh.people})
    return Recommendation(
        risk_level=level, risk_level_assumed=assumed, allowed_classes=frontier.classes,
        frontier=tuple(front_e), current=cur_e, recommended=best,
        recommended_label=variants[best_i].label, difference=float(diff.mean()),
        difference_se=d_se, independent_se=ind_se, business_share=frontier.business_share,
        products=products, unsuitable_holdings=unsuitable, seed=config.seed, paths=n,
    )
