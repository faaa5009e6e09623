"""The recommendation: the best allocation within the client's risk band, by a stated objective.

Band: each client level C1–C5 has a target range of liquid-portfolio volatility and a highest
product risk, per market (dated data, :mod:`planner.bands`). The household's level is the lowest
among its principals who have one (they share the family's liquid pool), unless given.

Candidates: frontier points (highest expected return for the volatility) of the classes whose
typical product risk is within the band, at volatilities spread over the band, within the
policy's class caps; the family companies stay a fixed exposure, and a liquidity need (tax due at
a death, guarantees the family gave) is held in classes sold within days. Every candidate and
the current allocation are simulated on the same random numbers.

Objective, in order:

1. essential goals secured: all-essential success at least the current one minus its standard
   error, and at least ``ESSENTIAL_TARGET`` where a candidate reaches it;
2. then the highest success of the important goals, then of the aspirational ones (differences
   within one standard error count as ties);
3. then the highest expected household wealth at the horizon in today's money (the legacy).

If no candidate secures the essential goals the best one on essentials is shown with what would
secure them (a higher band, more saving, later essential goals). The result carries a reason code
and its parameters; the sentence is written in ``proposal``/``cli``/``ui``.

Because candidates are highest-return points and bands are contiguous, a higher level never gets
a lower expected return.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from assets import ASSET_CLASS_INFO, Assumptions, assumptions_for, product_shelf, risk_rank
from household import Household

from .bands import LEVELS, RiskBand, class_max, risk_band
from .config import PlanConfig, Variant
from .frontier import Exposure, Frontier, FrontierPoint, efficient_frontier, exposure
from .frontier import frontier_points as _frontier_points
from .inputs import current_allocation, principals
from .plan import VariantResult, run_variants
from .succession import SuccessionPolicy

DEFAULT_RISK_LEVEL = "C3"
ESSENTIAL_TARGET = 0.90
N_CANDIDATES = 6
#: yearly saving tried (as fractions of liquid wealth) when the essential goals are out of reach
SAVING_STEPS = (0.005, 0.01, 0.02, 0.04)
#: years the essential goals are postponed when trying later goals
LATER_YEARS = (2, 5)

__all__ = ["DEFAULT_RISK_LEVEL", "ESSENTIAL_TARGET", "Frontier", "FrontierPoint",
           "OverrideError", "Recommendation", "Remedy", "client_risk_level", "efficient_frontier",
           "override", "recommend"]


@dataclass(frozen=True)
class Remedy:
    """What would secure the essential goals: ``kind`` is ``higher_band`` (``level``),
    ``more_saving`` (``amount`` per year, today's money, base currency) or ``later_goals``
    (``years``); ``success`` the all-essential success it gives."""

    kind: str
    success: float
    level: str | None = None
    amount: float | None = None
    years: int | None = None


@dataclass(frozen=True)
class Recommendation:
    risk_level: str
    risk_level_assumed: bool
    allowed_classes: tuple[str, ...]
    frontier: tuple[FrontierPoint, ...]  # on the current portfolio's constraints (the chart)
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
    band: RiskBand | None = None
    candidates: tuple[FrontierPoint, ...] = ()   # the band's frontier points, evaluated
    essential_target: float = ESSENTIAL_TARGET
    essential_required: float = 0.0   # the floor the recommendation had to keep
    secured: bool = True              # the floor is kept
    target_reached: bool = True       # the recommended all-essential success >= the target
    worse_than_current: bool = False  # below the current portfolio on the objective
    reason: str = ""                  # code, see reason_params
    reason_params: Mapping[str, object] = field(default_factory=dict)
    remedies: tuple[Remedy, ...] = ()
    liquidity_need: float = 0.0       # base money kept in classes sold within days
    reserve_min: float = 0.0          # its share of the liquid portfolio
    goal_priority: Mapping[str, str] = field(default_factory=dict)
    override: bool = False            # the banker's own weights (see :func:`override`)
    model: FrontierPoint | None = None  # with an override: the model's recommendation


def client_risk_level(hh: Household, config: PlanConfig) -> tuple[str, bool]:
    """The configured level, else the lowest level among the principals who have one."""
    if config.risk_level:
        return config.risk_level, False
    levels = [hh.person(p).risk_level for p in principals(hh) if hh.person(p).risk_level]
    if levels:
        return min(levels, key=risk_rank), False
    return DEFAULT_RISK_LEVEL, True


def allowed_classes(a: Assumptions, band: RiskBand) -> tuple[str, ...]:
    return tuple(c for c in a.classes if ASSET_CLASS_INFO[c].liquid
                 and risk_rank(ASSET_CLASS_INFO[c].risk) <= band.max_rank)


def guarantee_need(hh: Household) -> float:
    """Loans to others that family members guaranteed (base money): they may fall due at once."""
    people = {p.id for p in hh.people}
    return float(sum(hh.to_base(li.amount, li.currency) for li in hh.liabilities
                     if li.borrower not in people and people.intersection(li.guarantors)))


def _evaluated(p: FrontierPoint, r: VariantResult, n: int, band: RiskBand) -> FrontierPoint:
    s = r.success_all_essential
    return replace(p, success=s, success_se=math.sqrt(s * (1 - s) / n), goals=dict(r.success),
                   expected_legacy_real=r.mean_final_real, in_band=band.contains(p.volatility))


def _mean_of(p: FrontierPoint, ids: list[str]) -> float:
    return float(np.mean([p.goals[g] for g in ids])) if ids else 0.0


def _tol(x: float, n: int) -> float:
    return max(math.sqrt(max(x * (1 - x), 0.0) / n), 0.5 / n)


def _choose(points: list[FrontierPoint], required: float, target: float, imp: list[str],
            asp: list[str], n: int) -> tuple[int, bool]:
    """Index of the best point by the objective, and whether the essential floor is kept."""
    ok = [i for i, p in enumerate(points) if p.success >= required - 1e-12]
    if ok and any(points[i].success >= target for i in ok):
        ok = [i for i in ok if points[i].success >= target]
    if not ok:
        return max(range(len(points)), key=lambda i: (points[i].success,
                                                       points[i].expected_legacy_real)), False
    for ids in (imp, asp):
        if ids:
            top = max(_mean_of(points[i], ids) for i in ok)
            ok = [i for i in ok if _mean_of(points[i], ids) >= top - _tol(top, n)]
    return max(ok, key=lambda i: points[i].expected_legacy_real), True


def _objective_worse(rec: FrontierPoint, cur: FrontierPoint, imp: list[str], asp: list[str],
                     n: int) -> bool:
    """The recommendation is below the current portfolio on the objective, beyond noise."""
    if rec.success < cur.success - _tol(cur.success, n):
        return True
    if rec.success > cur.success + _tol(cur.success, n):
        return False
    for ids in (imp, asp):
        if ids:
            a, b = _mean_of(rec, ids), _mean_of(cur, ids)
            if a < b - _tol(b, n):
                return True
            if a > b + _tol(b, n):
                return False
    return (rec.expected_legacy_real or 0.0) < (cur.expected_legacy_real or 0.0)


def _remedies(hh: Household, a: Assumptions, config: PlanConfig, succession, ex: Exposure,
              level: str, best: FrontierPoint, required: float, liquid: float,
              reserve_min: float) -> tuple[Remedy, ...]:
    out: list[Remedy] = []
    caps = class_max(hh.as_of)
    # a higher band: its highest-return point
    higher = [lv for lv in LEVELS if risk_rank(lv) > risk_rank(level)]
    if higher:
        pts = []
        for lv in higher:
            b = risk_band(lv, hh.base_currency, hh.as_of)
            p, _, _ = _frontier_points(ex, allowed_classes(a, b), caps, 1, b.volatility_max,
                                       b.volatility_max, reserve_min)
            pts.append(p[0])
        res = run_variants(hh, a, config, [Variant(lv, p.weights) for lv, p in
                                           zip(higher, pts, strict=True)], succession=succession)
        for lv, r in zip(higher, res, strict=True):
            if r.success_all_essential >= required:
                out.append(Remedy("higher_band", r.success_all_essential, level=lv))
                break
    # more saving with the recommended allocation
    steps = [round(liquid * f, -3) or liquid * f for f in SAVING_STEPS]
    res = run_variants(hh, a, config, [Variant(f"save-{s}", best.weights, extra_spending=-s)
                                       for s in steps], succession=succession)
    for s, r in zip(steps, res, strict=True):
        if r.success_all_essential >= required:
            out.append(Remedy("more_saving", r.success_all_essential, amount=float(s)))
            break
    # the essential goals later
    y0 = hh.as_of.year
    for k in LATER_YEARS:
        goals = [g.model_copy(update={"start_year": g.start_year + k})
                 if g.priority == "essential" and g.start_year > y0 else g for g in hh.goals]
        if goals == list(hh.goals):
            break
        later = hh.model_copy(update={"goals": goals})
        r = run_variants(later, a, config, [Variant("later", best.weights)],
                         succession=succession)[0]
        if r.success_all_essential >= required:
            out.append(Remedy("later_goals", r.success_all_essential, years=k))
            break
    return tuple(out)


def recommend(hh: Household, assumptions: Assumptions | None = None,
              config: PlanConfig | None = None, n_points: int = 8,
              succession: SuccessionPolicy | None = None, liquidity_need: float = 0.0,
              n_candidates: int = N_CANDIDATES) -> Recommendation:
    """Band, candidates, current and recommended allocation on common random numbers.

    ``liquidity_need``: money (base currency) the family may need at short notice besides the
    guarantees in the file (e.g. tax due at a death); held in classes sold within days.
    ``succession``: the policy at each simulated death (default: the provisional equal split);
    it is called for every candidate, so a policy that records per path must not record here."""
    a = assumptions or assumptions_for(hh.base_currency)
    config = config or PlanConfig()
    level, assumed = client_risk_level(hh, config)
    band = risk_band(level, hh.base_currency, hh.as_of)
    ex = exposure(hh, a, config)
    classes = allowed_classes(a, band)
    need = max(liquidity_need, 0.0) + guarantee_need(hh)
    reserve_min = min(need / ex.liquid, 1.0) if ex.liquid > 0 else 0.0
    caps = class_max(hh.as_of)
    cand, _, _ = _frontier_points(ex, classes, caps, n_candidates, band.volatility_min,
                                  band.volatility_max, reserve_min)
    # the chart's frontier: the current portfolio's own constraints (every liquid class it may
    # hold, long-only, no caps), so no allocation lies above it
    cur_w = current_allocation(hh)
    show = tuple(c for c in a.classes if ASSET_CLASS_INFO[c].liquid or c in cur_w)
    shown, _, _ = _frontier_points(ex, show, {}, n_points)
    current = ex.point(cur_w, suitable=all(
        risk_rank(ASSET_CLASS_INFO[c].risk) <= band.max_rank and ASSET_CLASS_INFO[c].liquid
        for c, x in cur_w.items() if x > 0))
    variants = [Variant("current", cur_w)] + [Variant(f"band-{k}", p.weights)
                                               for k, p in enumerate(cand)]
    res = run_variants(hh, a, config, variants, succession=succession)
    n = config.paths
    cur_e = _evaluated(current, res[0], n, band)
    cand_e = [_evaluated(p, r, n, band) for p, r in zip(cand, res[1:], strict=True)]
    goal_priority = {g.id: g.priority for g in hh.goals}
    imp = [g for g, pr in goal_priority.items() if pr == "important"]
    asp = [g for g, pr in goal_priority.items() if pr == "aspirational"]
    required = max(cur_e.success - (cur_e.success_se or 0.0), 0.0)
    k, secured = _choose(cand_e, required, ESSENTIAL_TARGET, imp, asp, n)
    best = cand_e[k]
    diff = res[k + 1].met_all_essential.astype(np.float64) - \
        res[0].met_all_essential.astype(np.float64)
    d_se = float(diff.std(ddof=1) / math.sqrt(n)) if n > 1 else float("nan")
    ind_se = math.sqrt((best.success_se or 0.0) ** 2 + (cur_e.success_se or 0.0) ** 2)
    target_reached = best.success >= ESSENTIAL_TARGET
    remedies: tuple[Remedy, ...] = ()
    if not secured or not target_reached:  # what would reach the floor, else the target
        remedies = _remedies(hh, a, config, succession, ex, level, best,
                             ESSENTIAL_TARGET if secured else required, ex.liquid, reserve_min)
    worse = _objective_worse(best, cur_e, imp, asp, n)
    reason, params = _reason(cur_e, best, band, secured, worse, required, imp, asp)
    if secured and not target_reached:
        reason, params = "target_out_of_reach", params | {"target": ESSENTIAL_TARGET}
    shelf = product_shelf(hh.base_currency)  # the household's market
    products = {c: tuple(p.id for p in shelf if p.asset_class == c
                         and risk_rank(p.risk) <= band.max_rank)
                for c in best.weights}
    unsuitable = tuple(h.id for h in hh.holdings if h.product_risk
                       and risk_rank(h.product_risk) > band.max_rank
                       and h.owner in {p.id for p in hh.people})
    return Recommendation(
        risk_level=level, risk_level_assumed=assumed, allowed_classes=classes,
        frontier=tuple(shown), current=cur_e, recommended=best,
        recommended_label=variants[k + 1].label, difference=float(diff.mean()),
        difference_se=d_se, independent_se=ind_se, business_share=ex.business_share,
        products=products, unsuitable_holdings=unsuitable, seed=config.seed, paths=n,
        band=band, candidates=tuple(cand_e), essential_required=required, secured=secured,
        target_reached=target_reached, worse_than_current=worse, reason=reason,
        reason_params=params, remedies=remedies, liquidity_need=need, reserve_min=reserve_min,
        goal_priority=goal_priority,
    )


def _reason(cur: FrontierPoint, rec: FrontierPoint, band: RiskBand, secured: bool, worse: bool,
            required: float, imp: list[str], asp: list[str]) -> tuple[str, dict]:
    """Why this allocation, as a code and its parameters (the sentence is made by the caller)."""
    params: dict = {"level": band.level, "volatility_min": band.volatility_min,
                    "volatility_max": band.volatility_max,
                    "max_product_risk": band.max_product_risk,
                    "current_success": cur.success, "success": rec.success,
                    "required": required, "current_volatility": cur.volatility,
                    "volatility": rec.volatility}
    if not secured:
        return "essential_out_of_reach", params
    ids = imp + asp
    goals_better = bool(ids) and _mean_of(rec, ids) > _mean_of(cur, ids) + 1e-9
    legacy_better = (rec.expected_legacy_real or 0.0) > (cur.expected_legacy_real or 0.0)
    if not worse and goals_better:
        params["goals_current"] = _mean_of(cur, ids)
        params["goals"] = _mean_of(rec, ids)
        return "more_goals_met", params
    if not worse and legacy_better:
        params["legacy_current"] = cur.expected_legacy_real
        params["legacy"] = rec.expected_legacy_real
        return "larger_legacy", params
    # not better on the objective: say why
    if cur.volatility > band.volatility_max + 1e-6:
        return "current_outside_band_above", params
    if not cur.suitable:
        return "current_unsuitable", params
    if cur.volatility < band.volatility_min - 1e-6:
        return "current_below_band", params
    return "current_better_noted", params


class OverrideError(ValueError):
    """Banker's weights or products that cannot be used (the message names the item)."""


def override(hh: Household, rec: Recommendation, weights: Mapping[str, float] | None = None,
             products: Mapping[str, tuple[str, ...]] | None = None,
             assumptions: Assumptions | None = None, config: PlanConfig | None = None,
             succession: SuccessionPolicy | None = None) -> Recommendation:
    """The banker's proposal in place of the model's: other class ``weights`` (normalised to
    one) and/or other ``products`` per class, evaluated on the same random numbers as ``rec``
    (same paths and seed). The result is marked ``override`` and keeps the model's point in
    ``model``; a weight outside the band or a product above the client's level is allowed but
    shows (``in_band``/``suitable`` False) and the suitability statement says so."""
    a = assumptions or assumptions_for(hh.base_currency)
    config = replace(config or PlanConfig(), paths=rec.paths, seed=rec.seed)
    band = rec.band or risk_band(rec.risk_level, hh.base_currency, hh.as_of)
    w = dict(weights) if weights is not None else dict(rec.recommended.weights)
    for c, x in w.items():
        if c not in ASSET_CLASS_INFO or c not in a.classes:
            raise OverrideError(f"weights: unknown asset class {c!r}")
        if not math.isfinite(x) or x < 0:
            raise OverrideError(f"weights: {c}: must be zero or positive")
    total = sum(w.values())
    if total <= 0:
        raise OverrideError("weights: at least one class must have a positive weight")
    w = {c: x / total for c, x in w.items() if x > 0}
    prods = dict(rec.products)
    if products is not None:
        shelf = {p.id: p for p in product_shelf(hh.base_currency)}
        for c, ids in products.items():
            for pid in ids:
                if pid not in shelf:
                    raise OverrideError(f"products: {pid!r} is not on the shelf of this market")
                if shelf[pid].asset_class != c:
                    raise OverrideError(f"products: {pid} invests in {shelf[pid].asset_class}, "
                                        f"not {c}")
        prods |= {c: tuple(ids) for c, ids in products.items()}
    prods = {c: ids for c, ids in prods.items() if c in w}
    ex = exposure(hh, a, config)
    suitable = all(risk_rank(ASSET_CLASS_INFO[c].risk) <= band.max_rank for c in w)
    if products is not None:
        shelf = {p.id: p for p in product_shelf(hh.base_currency)}
        suitable &= all(risk_rank(shelf[pid].risk) <= band.max_rank
                        for ids in prods.values() for pid in ids if pid in shelf)
    point = ex.point(w, suitable=suitable)
    res = run_variants(hh, a, config, [Variant("current", dict(rec.current.weights)),
                                       Variant("banker", w)], succession=succession)
    best = _evaluated(point, res[1], config.paths, band)
    diff = res[1].met_all_essential.astype(np.float64) - \
        res[0].met_all_essential.astype(np.float64)
    n = config.paths
    params = {"level": band.level, "success": best.success,
              "model_success": rec.recommended.success, "volatility": best.volatility,
              "volatility_min": band.volatility_min, "volatility_max": band.volatility_max,
              "in_band": best.in_band, "suitable": suitable}
    return replace(
        rec, recommended=best, recommended_label="banker", override=True,
        model=rec.recommended, products=prods, difference=float(diff.mean()),
        difference_se=float(diff.std(ddof=1) / math.sqrt(n)) if n > 1 else float("nan"),
        reason="banker_override", reason_params=params, remedies=(),
        secured=best.success >= rec.essential_required - 1e-12,
        target_reached=best.success >= ESSENTIAL_TARGET,
        worse_than_current=_objective_worse(
            best, rec.current, [g for g, p in rec.goal_priority.items() if p == "important"],
            [g for g, p in rec.goal_priority.items() if p == "aspirational"], n))
