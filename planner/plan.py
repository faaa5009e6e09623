"""`run_plan`: the household's Monte Carlo plan, and what-if variants on common random numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from assets import Assumptions, assumptions_for
from household import Household

from .config import PlanConfig, Variant
from .engine import RawOutput, VariantIn, simulate
from .inputs import Inputs, _weights, compile_inputs
from .result import GoalResult, PlanResult, percentiles, proportion
from .succession import EqualSplit, SuccessionPolicy


def _summary(inp: Inputs, out: RawOutput, index: np.ndarray | None, allocation: dict,
             policy: SuccessionPolicy) -> PlanResult:
    cfg = inp.config
    goals = []
    for k, g in enumerate(inp.goals):
        p, se = proportion(out.met[k])
        goals.append(GoalResult(g.id, g.name, g.priority, p, se))
    ess = [k for k, g in enumerate(inp.goals) if g.priority == "essential"]
    all_ess = out.met[ess].all(axis=0) if ess else np.ones(cfg.paths, dtype=bool)
    pe, pe_se = proportion(all_ess)
    ps, ps_se = proportion(out.sale)
    wealth = {}
    if out.total is not None:
        for kind, arr in (("total", out.total), ("liquid", out.liquid)):
            wealth[kind] = {"nominal": percentiles(arr[1:]), "real": percentiles(arr[1:] /
                                                                                 index[1:])}
    at_death = {}
    for p_i, j in enumerate(inp.principals):
        arr = out.at_death_real[p_i] if cfg.real else out.at_death[p_i]
        died = np.isfinite(arr)
        entry: dict = {"probability_within_horizon": float(died.mean())}
        if died.any():
            q = np.percentile(arr[died], (5, 50, 95))
            entry |= {"p5": float(q[0]), "p50": float(q[1]), "p95": float(q[2])}
        at_death[inp.people[j]] = entry
    names = inp.assumptions.classes
    alloc = {c: float(w) for c, w in zip(names, allocation_weights(inp, allocation),
                                         strict=True) if w > 0}
    conf = {k: v for k, v in asdict(cfg).items() if k not in ("allocation",)}
    if not cfg.spawn_key:  # the default stream: the config reads as it always did
        del conf["spawn_key"]
    else:
        conf["spawn_key"] = list(cfg.spawn_key)
    conf["years"] = inp.years
    return PlanResult(
        household=inp.hh.id, seed=cfg.seed, paths=cfg.paths,
        years=tuple(inp.start_year + t for t in range(inp.years)),
        base_currency=inp.hh.base_currency, real=cfg.real,
        assumptions=inp.assumptions.id, goals=tuple(goals), success_all_essential=pe,
        success_all_essential_se=pe_se, business_sale=ps, business_sale_se=ps_se,
        wealth=wealth, start_wealth=float(out.total[0, 0]) if out.total is not None else 0.0,
        start_liquid=inp.liquid0, wealth_at_death=at_death, allocation=alloc,
        current_allocation=dict(inp.current_weights), succession=policy.label,
        succession_provisional=bool(policy.provisional), config=conf,
        ledger=dict(out.ledger) if out.ledger else None,
        assumptions_note=getattr(inp.assumptions, "note", ""),
    )


def allocation_weights(inp: Inputs, allocation: dict | None) -> np.ndarray:
    return inp.weights if allocation is None else _weights(inp.assumptions, allocation)


def run_plan(hh: Household, assumptions: Assumptions | None = None,
             config: PlanConfig | None = None,
             succession: SuccessionPolicy | None = None) -> PlanResult:
    """Simulate the household's plan; same inputs and seed give the same result."""
    a = assumptions or assumptions_for(hh.base_currency)
    cfg = config or PlanConfig()
    policy = succession or EqualSplit()
    inp = compile_inputs(hh, a, cfg)
    outs, index = simulate(inp, [VariantIn("plan", inp.weights, overlay=inp.fx_overlay)],
                           policy)
    return _summary(inp, outs[0], index, None, policy)


@dataclass(frozen=True)
class VariantResult:
    label: str
    success_all_essential: float
    success: dict
    met_all_essential: np.ndarray  # (paths,) bool, for paired comparisons
    business_sale: float
    median_final_real: float
    mean_final_real: float = float("nan")  # expected household wealth at the horizon, today's money


def run_variants(hh: Household, assumptions: Assumptions | None, config: PlanConfig,
                 variants: Sequence[Variant], succession: SuccessionPolicy | None = None,
                 keep_wealth: bool = False) -> list[VariantResult]:
    """Evaluate what-if variants on common random numbers (same market and death draws)."""
    a = assumptions or assumptions_for(hh.base_currency)
    policy = succession or EqualSplit()
    inp = compile_inputs(hh, a, config)
    vins = [VariantIn(v.label, allocation_weights(inp, dict(v.allocation) if v.allocation
                                                  else None),
                      v.extra_spending, v.goal_scale,
                      inp.fx_overlay if v.allocation is None else ()) for v in variants]
    outs, _index = simulate(inp, vins, policy, keep_wealth=keep_wealth)
    ess = [k for k, g in enumerate(inp.goals) if g.priority == "essential"]
    res = []
    for v, out in zip(variants, outs, strict=True):
        met = out.met[ess].all(axis=0) if ess else np.ones(config.paths, dtype=bool)
        med = float(np.median(out.final_real))
        res.append(VariantResult(v.label, float(met.mean()),
                                 {g.id: float(out.met[k].mean())
                                  for k, g in enumerate(inp.goals)},
                                 met, float(out.sale.mean()), med,
                                 float(np.mean(out.final_real))))
    return res
