"""Live what-if for the meeting: retire at another age, spend more or less each year, give a sum
now or sell part of the family business, change the risk level -- answered on common random
numbers against the plan as it stands.

The what-if household differs from the original only in cash flows, goal timing and ownership
shares, never in the factors drawn, so both runs with the same seed see the same markets and the
same deaths: the difference in the chance of meeting every essential goal is paired path by path,
and its standard error is that of a paired difference (far smaller than two independent runs').
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from assets import Assumptions, assumptions_for
from household import CashFlow, Household

from .config import PlanConfig
from .engine import VariantIn, simulate
from .inputs import compile_inputs, principals
from .plan import allocation_weights
from .result import percentiles
from .succession import EqualSplit, SuccessionPolicy

PolicyFor = Callable[[Household], SuccessionPolicy]

WHATIF_ID = "whatif"  # prefix of the cash flows a what-if adds


@dataclass(frozen=True)
class WhatIf:
    """The changes asked for; the defaults change nothing.

    ``retirement_age``: the main client's income stops the year before, retirement goals start
    that year. ``spending_change``: per year, today's money, base currency (negative: less).
    ``gift_now``: paid out this year (base currency). ``sale_fraction`` of the family's direct
    stakes in ``sale_company`` sold this year at the company's value, the proceeds to the main
    client. ``allocation``: the liquid portfolio (class -> weight), e.g. for another risk level.
    """

    retirement_age: int | None = None
    spending_change: float = 0.0
    gift_now: float = 0.0
    sale_fraction: float = 0.0
    sale_company: str | None = None
    allocation: tuple[tuple[str, float], ...] | None = None


@dataclass(frozen=True)
class WhatIfResult:
    seed: int
    paths: int
    years: tuple[int, ...]
    base_probability: float
    probability: float
    difference: float
    difference_se: float
    base_bands: dict  # today's money: {"p5": (...), "p25", "p50", "p75", "p95"} per year end
    bands: dict
    table: dict  # column -> tuple per year (see :func:`year_table`)
    currency: str


def apply(hh: Household, w: WhatIf) -> Household:
    """``hh`` with the what-if's cash flows, goal timing and ownership changes."""
    main = principals(hh)[0] if principals(hh) else None
    year = hh.as_of.year
    flows = list(hh.cash_flows)
    goals = list(hh.goals)
    ownership = list(hh.ownership)
    if main is not None and w.retirement_age is not None:
        stop = hh.person(main).birth_date.year + int(w.retirement_age)
        flows = [f.model_copy(update={"end_year": max(f.start_year, stop - 1)})
                 if f.person == main and f.direction == "income" and f.start_year < stop
                 and (f.end_year is None or f.end_year >= stop) else f for f in flows]
        goals = [g.model_copy(update={"start_year": max(year, stop)})
                 if g.kind == "retirement" and g.beneficiary in (None, main) else g
                 for g in goals]
    if main is not None and w.gift_now > 0:
        flows.append(CashFlow(id=f"{WHATIF_ID}_gift", person=main, direction="expense",
                              amount=float(w.gift_now), currency=hh.base_currency,
                              start_year=year, end_year=year, growth=0.0,
                              stops_at_death=False))
    if main is not None and w.sale_fraction > 0 and w.sale_company:
        c = hh.company(w.sale_company)
        family = {p.id for p in hh.people} | {t.id for t in hh.trusts}
        sold = 0.0
        new = []
        for o in ownership:
            if o.company == c.id and o.owner in family:
                sold += o.share * w.sale_fraction
                new.append(o.model_copy(update={"share": o.share * (1 - w.sale_fraction)}))
            else:
                new.append(o)
        ownership = new
        if sold > 0:
            flows.append(CashFlow(id=f"{WHATIF_ID}_sale", person=main, direction="income",
                                  amount=float(c.equity_value * sold), currency=c.currency,
                                  start_year=year, end_year=year, growth=0.0,
                                  stops_at_death=False))
    return hh.model_copy(update={"cash_flows": flows, "goals": goals, "ownership": ownership})


def _run(hh: Household, a: Assumptions, cfg: PlanConfig, extra: float,
         allocation: dict | None, policy_for: PolicyFor | None = None):
    inp = compile_inputs(hh, a, cfg)
    weights = allocation_weights(inp, allocation)
    overlay = inp.fx_overlay if allocation is None else ()
    policy = policy_for(hh) if policy_for is not None else EqualSplit()
    # the markets and deaths of the run before on the same seed and paths (the baseline's, for
    # each slider move): only the household's ledger is computed again (planner.engine)
    outs, index = simulate(inp, [VariantIn("x", weights, extra, 1.0, overlay)], policy,
                           keep_wealth=True, reuse_draws=True)
    out = outs[0]
    ess = [k for k, g in enumerate(inp.goals) if g.priority == "essential"]
    met = out.met[ess].all(axis=0) if ess else np.ones(cfg.paths, dtype=bool)
    real = out.total[1:] / index[1:]
    return inp, met, real, out.yearly_real


@dataclass(frozen=True)
class Baseline:
    """The plan as it stands, kept so that each what-if costs one run (its arrays are read-only
    companions of the result, not part of its identity)."""

    years: tuple[int, ...]
    met: np.ndarray  # (paths,) every essential goal met
    bands: dict
    seed: int
    paths: int


def baseline(hh: Household, assumptions: Assumptions | None = None,
             config: PlanConfig | None = None, policy_for: PolicyFor | None = None) -> Baseline:
    """The plan as it stands; ``policy_for(household)`` gives the succession rules at each
    simulated death (default: the equal split), as the plan itself uses them."""
    a = assumptions or assumptions_for(hh.base_currency)
    # traced like every what-if run: the flows are then summed in the same groups and order, so
    # no change gives exactly no difference (untraced, signed groups round differently)
    cfg = replace(config or PlanConfig(), trace=True)
    inp, met, real, _yearly = _run(hh, a, cfg, 0.0, None, policy_for)
    met.setflags(write=False)
    return Baseline(tuple(inp.start_year + t for t in range(inp.years)), met,
                    percentiles(real), cfg.seed, cfg.paths)


def compare(hh: Household, w: WhatIf, assumptions: Assumptions | None = None,
            config: PlanConfig | None = None, base: Baseline | None = None,
            policy_for: PolicyFor | None = None) -> WhatIfResult:
    """The plan as it stands (``base``, computed when not given) and with the what-if, on the
    same random numbers."""
    a = assumptions or assumptions_for(hh.base_currency)
    cfg = replace(config or PlanConfig(), trace=False)
    if base is None:
        base = baseline(hh, a, cfg, policy_for)
    if (base.seed, base.paths) != (cfg.seed, cfg.paths):
        raise ValueError("the baseline was run with another seed or number of paths")
    changed = apply(hh, w)
    # the same horizon for both, so year t is the same year in both runs
    # traced: the year-by-year flows come from the simulation itself (one ledger)
    _inp, met1, real1, yearly = _run(changed, a, replace(cfg, years=len(base.years), trace=True),
                                     w.spending_change,
                                     dict(w.allocation) if w.allocation else None, policy_for)
    d = met1.astype(np.float64) - base.met.astype(np.float64)
    n = d.size
    se = float(d.std(ddof=1) / np.sqrt(n)) if n > 1 else 0.0
    bands = percentiles(real1)
    return WhatIfResult(
        seed=cfg.seed, paths=cfg.paths, years=base.years,
        base_probability=float(base.met.mean()), probability=float(met1.mean()),
        difference=float(d.mean()), difference_se=se, base_bands=base.bands, bands=bands,
        table=year_table(base.years, bands, yearly),
        currency=hh.base_currency)


def year_table(years: tuple[int, ...], bands: dict, yearly: dict) -> dict:
    """Per year, in today's money: the simulation's income (cash flows and dividends), spending,
    goals paid, and tax and costs at deaths, each the mean over the simulated futures; wealth at
    the year's end (median and the 5-95 and 25-75 % bands)."""
    out: dict = {"year": years}
    for k in ("income", "spending", "goals"):
        out[k] = tuple(float(x) for x in yearly[k])
    out["taxes"] = tuple(float(x + y) for x, y in zip(yearly["taxes"], yearly["leakage"],
                                                      strict=True))
    out |= {f"wealth_{k}": tuple(bands[k]) for k in ("p5", "p25", "p50", "p75", "p95")}
    return out
