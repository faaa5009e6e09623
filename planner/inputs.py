"""Everything about a plan that does not depend on the path, computed once before simulating.

Money is converted to the base currency at today's rates here; foreign-currency goals, cash flows
and companies are then moved by the simulated FX factors. Deterministic schedules (growth at a
fixed rate, start and end years, loan service) become arrays over years.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from assets import ASSET_CLASS_INFO, Assumptions, FactorModel, factor_model
from household import Household
from household.facts import HouseholdFacts, facts_of, principals_from

from .config import MAX_YEARS, TARGET_AGE, PlanConfig
from .markets import home_markets
from .mortality import LifeTable, life_table

PRIORITIES = ("essential", "important", "aspirational")
#: home equity market of a company by jurisdiction (bank policy: data/home-markets.json)
HOME_MARKET = home_markets()
POLICY_CLASS = "gov_bond"  # cash values of policies grow like government bonds
#: classes whose return is local: held in another currency, they also carry its FX move
FX_EXPOSED = frozenset({"cash", "gov_bond", "credit"})


class PlanInputError(ValueError):
    """A household or setting the planner cannot simulate; ``field`` names where."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        self.message = message
        super().__init__(f"{field_name}: {message}")


# Successions under real rules grow with people² x paths; above this a plan would run for minutes
# (measured: 1,000 people x 20 paths took 98 s), so it is refused with a way out instead.
PLAN_WORK_LIMIT = 20_000_000


def check_plan_work(n_people: int, paths: int) -> None:
    """Refuse a plan too large to finish in a few minutes, naming the size and the way out."""
    if n_people * n_people * paths > PLAN_WORK_LIMIT:
        most = max(1, PLAN_WORK_LIMIT // (n_people * n_people))
        raise PlanInputError("paths", (
            f"this household has {n_people:,} people; a plan of {paths:,} paths would take too "
            f"long (successions grow with people² x paths): use at most {most:,} paths"))


@dataclass(frozen=True)
class Flow:
    """A yearly amount: ``sign`` +1 income, -1 spending; ``det[t]`` = base-currency amount in
    year t before inflation/FX (0 when inactive); ``infl``: multiply by the inflation index;
    ``cur``: column of the FX table or -1; ``person``: alive mask column or -1."""

    id: str
    sign: float
    det: np.ndarray = field(repr=False)
    infl: bool
    cur: int
    person: int


@dataclass(frozen=True)
class GoalIn:
    id: str
    name: str
    priority: str
    det: np.ndarray = field(repr=False)
    infl: bool
    cur: int
    beneficiary: int


@dataclass(frozen=True)
class Inputs:
    hh: Household
    assumptions: Assumptions
    config: PlanConfig
    years: int
    start_year: int
    fm: FactorModel
    n_classes: int
    infl_col: int
    base_fx_col: int                 # factor column of the base currency's FX, or -1
    currencies: tuple[str, ...]      # non-base currencies followed by the FX table
    cur_cols: tuple[int, ...]        # factor column per currency (-1: the set's currency)
    liquid0: float
    weights: np.ndarray = field(repr=False)
    current_weights: Mapping[str, float] = field(default_factory=dict)
    ill_cols: tuple[int, ...] = ()
    ill0: np.ndarray = field(default=None, repr=False)
    comp_ids: tuple[str, ...] = ()
    comp_cols: tuple[int, ...] = ()
    comp_cur: tuple[int, ...] = ()
    comp0: np.ndarray = field(default=None, repr=False)
    #: dividends of 100% of each company in the first year, base currency (profit x payout)
    comp_div0: np.ndarray = field(default=None, repr=False)
    owners: tuple[str, ...] = ()
    lt0: np.ndarray = field(default=None, repr=False)     # (n_owners, n_comp)
    pool0: np.ndarray = field(default=None, repr=False)   # (n_owners,) share of the family pool
    pol_cols: int = -1
    pol_cash0: np.ndarray = field(default=None, repr=False)
    pol_insured: tuple[int, ...] = ()
    pol_sum: np.ndarray = field(default=None, repr=False)
    debt_service: np.ndarray = field(default=None, repr=False)   # (T,)
    debt_interest: np.ndarray = field(default=None, repr=False)  # (T,)
    debt_balance: np.ndarray = field(default=None, repr=False)   # (T+1,) start of each year
    flows: tuple[Flow, ...] = ()
    goals: tuple[GoalIn, ...] = ()
    people: tuple[str, ...] = ()
    sexes: tuple[str, ...] = ()
    ages: tuple[int, ...] = ()
    dead_now: tuple[bool, ...] = ()
    family: tuple[int, ...] = ()     # people whose household it is (kin or owners of wealth)
    principals: tuple[int, ...] = ()
    table: LifeTable | None = None
    borrow_gross: float = 1.0
    fx_overlay: tuple[tuple[int, float], ...] = ()  # (currency column, share of liquid wealth)


def principals(hh: Household, lt=None, bs=None) -> list[str]:
    """The living person with the largest net worth (the first in file order on a tie), and
    their living spouse: the household's facts (:func:`household.facts.facts_of`), unless the
    caller passes another balance sheet ``bs`` to read them from (``lt`` is not needed: the
    facts hold the household's look-through)."""
    if bs is None:
        return list(facts_of(hh).principals)
    return principals_from(hh, bs)


def horizon(hh: Household, lt=None, prin: list[str] | None = None) -> int:
    if prin is None:
        prin = principals(hh, lt)
    ages = [hh.age(p) for p in prin] or [60]
    years = TARGET_AGE - min(ages)
    for g in hh.goals:
        years = max(years, g.start_year + g.years - hh.as_of.year)
    return int(min(max(years, 1), MAX_YEARS))


def current_allocation(hh: Household) -> dict[str, float]:
    """Class -> weight of the liquid holdings of people and trusts (companies excluded)."""
    owners = {p.id for p in hh.people} | {t.id for t in hh.trusts}
    by: dict[str, float] = {}
    for h in hh.holdings:
        if h.owner in owners and h.is_liquid:
            by[h.asset_class] = by.get(h.asset_class, 0.0) + hh.to_base(h.value, h.currency)
    total = sum(by.values())
    if total <= 0:
        return {"cash": 1.0}
    return {c: by[c] / total for c in ASSET_CLASS_INFO if c in by}


def _overlay(hh: Household, fx_holdings: list, used: list[str], liquid0: float
             ) -> tuple[tuple[int, float], ...]:
    """Deposits and bonds held in another currency keep their share of the liquid pool (the
    currency mix is rebalanced with the classes) and add that currency's move to its return."""
    if liquid0 <= 0:
        return ()
    share: dict[str, float] = {}
    for h in fx_holdings:
        share[h.currency] = share.get(h.currency, 0.0) + hh.to_base(h.value, h.currency)
    return tuple((used.index(c), v / liquid0) for c, v in share.items())


def _family(hh: Household, pidx: dict, pool: dict, lt0: np.ndarray) -> tuple[int, ...]:
    """People in spouse or parent relations, or owning wealth, or with cash flows or goals.
    Shared spending and goals without a beneficiary stop once none of them is alive."""
    fam = {pidx[pid] for pid in facts_of(hh).kinship.members if pid in pidx}
    for pid, i in pidx.items():
        if pool.get(pid, 0.0) > 0 or (lt0.shape[1] and lt0[i].any()):
            fam.add(i)
    for it in [*hh.cash_flows]:
        fam.add(pidx[it.person])
    for g in hh.goals:
        if g.beneficiary in pidx:
            fam.add(pidx[g.beneficiary])
    return tuple(sorted(i for i in fam if hh.people[i].alive))


def _weights(a: Assumptions, alloc: Mapping[str, float]) -> np.ndarray:
    w = np.zeros(len(a.classes))
    for c, v in alloc.items():
        if c not in ASSET_CLASS_INFO:
            raise PlanInputError(f"allocation.{c}", "unknown asset class")
        w[a.index(c)] = v
    return w


def _growth(g: float | None, infl: float, years: int) -> tuple[np.ndarray, bool]:
    """Deterministic growth factors over years and whether the inflation index applies."""
    if g is None:
        return np.ones(years), True
    return (1.0 + g) ** np.arange(years), False


def compile_inputs(hh: Household, a: Assumptions, config: PlanConfig) -> Inputs:
    facts = facts_of(hh)
    prin = list(facts.principals)
    T = config.years or horizon(hh, prin=prin)
    base, S = hh.base_currency, a.currency
    comps = list(hh.companies)
    used, fx_holdings = _currencies(hh, comps)
    fm, col = _factor_model(a, comps, used, base)
    cur_index = {c: i for i, c in enumerate(used)}
    alloc = dict(config.allocation) if config.allocation is not None else current_allocation(hh)
    pools = _pools(hh)
    people = [p.id for p in hh.people]
    pidx = {p: i for i, p in enumerate(people)}
    pols = [p for p in hh.policies if p.insured in pidx]
    cal = hh.as_of.year + np.arange(T)
    service, interest, balance = _debt_schedule(hh, pidx, set(pools.owners), cal)
    lt0 = _lt0(facts, pools.owners, comps)
    return Inputs(
        hh=hh, assumptions=a, config=config, years=T, start_year=hh.as_of.year, fm=fm,
        n_classes=len(a.classes), infl_col=col["inflation"],
        base_fx_col=col[f"fx:{base}"] if base != S else -1,
        currencies=tuple(used), cur_cols=tuple(col[f"fx:{c}"] if c != S else -1 for c in used),
        liquid0=pools.liquid0, weights=_weights(a, alloc), current_weights=current_allocation(hh),
        fx_overlay=_overlay(hh, fx_holdings, used, pools.liquid0)
        if config.allocation is None else (),
        ill_cols=tuple(a.index(c) for c in pools.ill),
        ill0=np.array([pools.ill[c] for c in pools.ill]),
        comp_ids=tuple(c.id for c in comps),
        comp_cols=tuple(col[f"company:{c.id}"] for c in comps),
        comp_cur=tuple(cur_index.get(c.currency, -1) for c in comps),
        comp0=np.array([hh.to_base(c.equity_value, c.currency) for c in comps]),
        comp_div0=np.array([hh.to_base(c.annual_profit * c.payout_ratio, c.currency)
                            for c in comps]),
        owners=pools.owners, lt0=lt0, pool0=pools.pool0,
        pol_cols=col.get(POLICY_CLASS, 0),
        pol_cash0=np.array([hh.to_base(p.cash_value, p.currency) for p in pols]),
        pol_insured=tuple(pidx[p.insured] for p in pols),
        pol_sum=np.array([hh.to_base(p.sum_assured, p.currency) for p in pols]),
        debt_service=service, debt_interest=interest, debt_balance=balance,
        flows=_flows(hh, a, pols, pidx, cur_index, cal), goals=_goals(hh, a, pidx, cur_index, cal),
        people=tuple(people), sexes=tuple(p.sex for p in hh.people),
        ages=tuple(hh.age(p.id) for p in hh.people),
        dead_now=tuple(not p.alive for p in hh.people),
        family=_family(hh, pidx, pools.by_owner, lt0),
        principals=tuple(pidx[p] for p in prin), table=life_table(config.mortality),
        borrow_gross=1.0 + a.mean("cash") + config.borrow_spread if "cash" in a.classes
        else 1.0 + config.borrow_spread,
    )


def _currencies(hh: Household, comps: list) -> tuple[list[str], list]:
    """The non-base currencies of the plan's items, in first-seen order, and the liquid
    deposits and bonds of people and trusts held in another currency."""
    base = hh.base_currency
    own_ids = {p.id for p in hh.people} | {t.id for t in hh.trusts}
    fx_holdings = [h for h in hh.holdings if h.owner in own_ids and h.is_liquid
                   and h.asset_class in FX_EXPOSED and h.currency != base]
    used: list[str] = []
    for it in [*hh.cash_flows, *hh.goals, *comps, *fx_holdings]:
        if it.currency != base and it.currency not in used:
            used.append(it.currency)
    return used, fx_holdings


def _factor_model(a: Assumptions, comps: list, used: list[str], base: str
                  ) -> tuple[FactorModel, dict[str, int]]:
    """The factor model with the FX factors the plan needs and one factor per company; the
    column of each factor by name."""
    S = a.currency
    fx_needed = [c for c in used if c != S]
    if base != S:
        fx_needed.append(base)
    for c in fx_needed:
        if c not in a.fx:
            raise PlanInputError("fx", f"the assumption set '{a.id}' has no FX factor for {c}; "
                                 "add it to the set's 'fx' list")
    cc = a.company_correlation
    extra = [(f"company:{c.id}", HOME_MARKET[c.jurisdiction],
              cc["listed" if c.listed else "private"], c.growth, c.volatility) for c in comps]
    fm = factor_model(a, None, fx_needed, extra)
    return fm, {n: i for i, n in enumerate(fm.names)}


@dataclass(frozen=True)
class _Pools:
    """The holdings of people and trusts: the liquid pool, the illiquid holdings by class and
    each owner's part of the family pool."""

    owners: tuple[str, ...]
    liquid0: float
    ill: dict[str, float]
    by_owner: dict[str, float]
    pool0: np.ndarray


def _pools(hh: Household) -> _Pools:
    owners = tuple([p.id for p in hh.people] + [t.id for t in hh.trusts])
    own_set = set(owners)
    liquid0 = 0.0
    ill: dict[str, float] = {}
    pool_by_owner = dict.fromkeys(owners, 0.0)
    for h in hh.holdings:
        if h.owner not in own_set:
            continue
        v = hh.to_base(h.value, h.currency)
        pool_by_owner[h.owner] += v
        if h.is_liquid:
            liquid0 += v
        else:
            ill[h.asset_class] = ill.get(h.asset_class, 0.0) + v
    total_pool = sum(pool_by_owner.values())
    pool0 = np.array([pool_by_owner[o] / total_pool if total_pool > 0 else 1.0 / len(owners)
                      for o in owners]) if owners else np.zeros(0)
    return _Pools(owners, liquid0, ill, pool_by_owner, pool0)


def _lt0(facts: HouseholdFacts, owners: tuple[str, ...], comps: list) -> np.ndarray:
    """Look-through shares of the owners (rows) in the companies (columns)."""
    lt = facts.look_through
    o_row = {o: i for i, o in enumerate(lt.owners)}
    c_col = {c: j for j, c in enumerate(lt.companies)}
    return lt.matrix[np.ix_([o_row[o] for o in owners], [c_col[c.id] for c in comps])].reshape(
        len(owners), len(comps)).astype(np.float64)


def _debt_schedule(hh: Household, pidx: dict, own_set: set[str], cal: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Debt service, interest (per year) and balance (start of each year, and the end) of the
    loans of people and trusts (a company's loan is inside its equity value)."""
    T = len(cal)
    service = np.zeros(T)
    interest = np.zeros(T)
    balance = np.zeros(T + 1)
    for li in hh.liabilities:
        if li.borrower not in pidx and li.borrower not in own_set:
            continue  # a company's loan: inside its equity value
        bal = hh.to_base(li.amount, li.currency)
        for t in range(T):
            balance[t] += bal
            n_left = (li.end_year - cal[t] + 1) if li.end_year is not None else None
            paid = bal if n_left is not None and n_left <= 1 else (
                bal / n_left if n_left is not None else 0.0)
            if bal <= 0:
                continue
            interest[t] += bal * li.rate
            service[t] += bal * li.rate + paid
            bal -= paid
        balance[T] += bal
    return service, interest, balance


def _flows(hh: Household, a: Assumptions, pols: list, pidx: dict, cur_index: dict,
           cal: np.ndarray) -> tuple[Flow, ...]:
    """Cash flows, then the premiums of the policies on the people's lives."""
    T = len(cal)
    flows: list[Flow] = []
    for cf in hh.cash_flows:
        g, infl = _growth(cf.growth, a.inflation_mean, T)
        active = (cal >= cf.start_year) & ((cal <= cf.end_year) if cf.end_year else True)
        det = hh.to_base(cf.amount, cf.currency) * g * active
        flows.append(Flow(cf.id, 1.0 if cf.direction == "income" else -1.0, det, infl,
                          cur_index.get(cf.currency, -1),
                          pidx[cf.person] if cf.stops and cf.person in pidx else -1))
    for p in pols:
        if p.annual_premium > 0:
            active = cal <= p.premium_end_year if p.premium_end_year else np.ones(T, bool)
            flows.append(Flow(f"premium:{p.id}", -1.0,
                              hh.to_base(p.annual_premium, p.currency) * active, False, -1,
                              pidx[p.insured]))
    return tuple(flows)


def _goals(hh: Household, a: Assumptions, pidx: dict, cur_index: dict, cal: np.ndarray
           ) -> tuple[GoalIn, ...]:
    """The goals, essential first."""
    T = len(cal)
    goals: list[GoalIn] = []
    for pr in PRIORITIES:
        for gl in hh.goals:
            if gl.priority != pr:
                continue
            g, infl = _growth(gl.growth, a.inflation_mean, T)
            active = (cal >= gl.start_year) & (cal < gl.start_year + gl.years)
            det = hh.to_base(gl.amount, gl.currency) * g * active
            goals.append(GoalIn(gl.id, gl.name, pr, det, infl, cur_index.get(gl.currency, -1),
                                pidx.get(gl.beneficiary, -1) if gl.beneficiary else -1))
    return tuple(goals)
