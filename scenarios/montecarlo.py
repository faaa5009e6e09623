"""Monte Carlo succession: the real rules at every simulated death, joined with the planner.

:class:`RulesPolicy` satisfies the planner's ``SuccessionPolicy`` protocol. For each death it
groups the paths by who is still alive among the deceased's relatives; for each group it tabulates
the rules once (death today on the same family with all assets and debts scaled over a wide grid,
so exemptions, brackets, legacies and bands are exact at the grid points) and interpolates over
the paths' estates, vectorised. With ``record=True`` it records per global path (the event's
``path_offset`` plus its chunk-local ``paths``), so plans may run in any number of chunks.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

import numpy as np

from household.model import Household

from .family import STATE, Kin, intestacy_plan
from .notes import note
from .rules import RuleError, RuleSet, load_rules
from .structures import apply_scenario
from .succession import SuccessionError, scaled_succession

# scales of today's wealth where the rules may be evaluated exactly. A table is built lazily: only
# the knots bracketing the scales the paths need are evaluated, and intervals are halved (in log
# scale) until linear interpolation is within _TOL of the estate, so kinks (exemptions, brackets,
# legacies, bands) are located closely; where the rules are linear (no tax, costs a fixed rate)
# a table needs three or four evaluations.
_GRID = (0.0, 1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0, 1000.0)
_TOL = 1e-3
_DEPTH = 8
_TABLES: dict[tuple, Any] = {}  # shared by runs on the same household version
_TABLES_MAX = 2048


class _Table:
    """The rules for one deceased and one set of living relatives, tabulated over scales of
    today's wealth ``e0``; extended on demand (mutable, but what a scale interpolates to never
    depends on what was evaluated before: each query falls in a leaf of the same halving tree).
    """

    def __init__(self, e0: float, evaluate: Callable[[float], tuple[float, float, np.ndarray]]):
        self.e0 = e0
        self._evaluate = evaluate
        self._points: dict[float, tuple[float, float, np.ndarray]] = {}
        self._split: dict[tuple[float, float], float | None] = {}  # interval -> midpoint or leaf
        self._lo, self._hi = math.inf, -math.inf
        self.grid = np.zeros(0)
        self.cost = np.zeros(0)  # tax + costs at each grid scale
        self.tax = np.zeros(0)
        # (G, n_owners) to each owner: estate + the marital transfer out of the deceased's name
        self.amounts = np.zeros((0, 0))

    def _point(self, s: float) -> tuple[float, float, np.ndarray]:
        p = self._points.get(s)
        if p is None:
            p = self._points[s] = self._evaluate(s)
        return p

    def ensure(self, lo: float, hi: float) -> None:
        """Evaluate what interpolation needs for scales in [lo, hi]."""
        if self._lo <= lo and hi <= self._hi:
            return
        lo, hi = min(lo, self._lo), max(hi, self._hi)
        i = max(k for k, g in enumerate(_GRID) if g <= lo)
        j = min([k for k, g in enumerate(_GRID) if g >= hi], default=len(_GRID) - 1)
        i, j = min(i, len(_GRID) - 2), max(j, i + 1)  # beyond the top: proportional from there
        knots = list(_GRID[i:j + 1])
        for k in knots:
            self._point(k)
        todo = [(a, b, 0) for a, b in pairwise(knots)]
        while todo:
            a, b, depth = todo.pop()
            if b < lo or a > hi:
                continue
            if (a, b) in self._split:
                m = self._split[(a, b)]
            elif depth >= _DEPTH:
                m = self._split[(a, b)] = None
            else:
                m = math.sqrt(a * b) if a > 0 else b / 10
                pa, pb, pm = self._point(a), self._point(b), self._point(m)
                w = (m - a) / (b - a)
                err = abs(pa[0] + w * (pb[0] - pa[0]) - pm[0])
                err += float(np.abs(pa[2] + w * (pb[2] - pa[2]) - pm[2]).sum())
                if err <= _TOL * max(m * self.e0, 1.0):
                    m = None
                self._split[(a, b)] = m
            if m is not None:
                todo += [(a, m, depth + 1), (m, b, depth + 1)]
        self._lo, self._hi = lo, hi
        self.grid = np.array(sorted(self._points))
        vals = [self._points[g] for g in self.grid]
        self.cost = np.array([v[0] for v in vals])
        self.tax = np.array([v[1] for v in vals])
        self.amounts = np.stack([v[2] for v in vals])


class RulesPolicy:
    """Succession policy with the real rule sets (for ``planner.run_plan(..., succession=)``).

    With ``record=True`` it also accumulates, per path, what each owner receives, the taxes and
    the liquidity flags (read by :func:`monte_carlo_succession`); pass ``record=False`` to
    ``planner.run_variants``, which calls the policy once per variant."""

    provisional = False
    value_free = False  # the outcome depends on the amounts (exemptions, brackets, legacies)

    def __init__(self, jurisdiction: str | None = None, record: bool = True,
                 principals: list[str] | None = None, real: bool = False):
        self.jurisdiction = jurisdiction
        self.real = real  # record amounts in today's money (divided by the price index)
        self.principals = principals
        self.label = "succession rules of " + (jurisdiction or "each deceased's domicile") + \
            " (marital property, wills, intestacy, forced shares, estate tax)"
        self.record = record
        self.received: dict[str, np.ndarray] = {}
        self.tax: np.ndarray | None = None
        self.tax_all: np.ndarray | None = None
        self._versions: dict[int, str] = {}
        self.gap: np.ndarray | None = None
        self.sale: np.ndarray | None = None
        self.deaths = 0
        self.warnings: list[str] = []
        self._memo: dict[tuple, Any] = {}  # per run: households stay alive while it runs

    # -- the protocol
    def __call__(self, event: Any) -> Any:
        from planner import SuccessionOutcome

        hh: Household = event.household
        m = len(event.paths)
        n_people = len(hh.people)
        owners = list(event.owners)
        estate = np.asarray(event.estate, dtype=np.float64)
        alive = np.asarray(event.alive, dtype=bool)
        self._memo.setdefault(("hh", id(hh)), hh)  # keeps the id from being reused meanwhile
        relevant = self._relatives(hh, event.deceased)
        cols = [i for i, p in enumerate(hh.people[:n_people]) if p.id in relevant]
        sub = alive[:, cols]
        if len(cols) < 63:  # one integer per pattern of living relatives: a 1-d unique is fast
            codes = sub.astype(np.int64) @ (np.int64(1) << np.arange(len(cols), dtype=np.int64))
            _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
            keys = sub[first]
        else:
            keys, inverse = np.unique(sub, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        cost = np.zeros(m)
        amounts = np.zeros((m, len(owners)))
        # patterns of living relatives that lead to the same table are interpolated together
        tables: list[_Table] = []
        which = np.empty(len(keys), dtype=np.int64)
        for g, key in enumerate(keys):
            dead = frozenset(hh.people[c].id for c, a in zip(cols, key, strict=True) if not a)
            try:
                gy = _gift_year(hh, event.deceased, int(event.year))
                mk = ("table", id(hh), event.deceased, dead, gy)
                table = self._memo.get(mk)
                if table is None:
                    table = self._memo[mk] = self._table(hh, event.deceased, dead, owners,
                                                         int(event.year))
            except SuccessionError as e:  # e.g. no rule set or fx for this person's law
                from planner import EqualSplit

                msg = note("rules_fallback", f"{event.deceased}: {e}; provisional equal split "
                           "used", person=event.deceased, error=str(e))
                if msg not in self.warnings:
                    self.warnings.append(msg)
                sel = inverse == g
                part = replace(event, paths=event.paths[sel], estate=estate[sel],
                               liquid=np.asarray(event.liquid)[sel],
                               business=np.asarray(event.business)[sel], alive=alive[sel])
                fallback = EqualSplit()(part)
                cost[sel] = fallback.tax
                amounts[sel] = fallback.shares * (estate[sel] - fallback.tax)[:, None]
                which[g] = -1
                continue
            for n, t in enumerate(tables):
                if t is table:
                    which[g] = n
                    break
            else:
                which[g] = len(tables)
                tables.append(table)
        if len(tables) == 1 and (which == 0).all():
            cost, amounts = _interp(tables[0], estate)
        else:
            per_path = which[inverse]
            for n, table in enumerate(tables):
                sel = per_path == n
                cost[sel], amounts[sel] = _interp(table, estate[sel])
        net = estate - cost
        shares = np.divide(amounts, net[:, None], out=np.zeros_like(amounts),
                           where=net[:, None] > 1e-9)
        np.maximum(shares, 0.0, out=shares)
        tot = shares.sum(axis=1)
        over = tot > 1.0
        shares[over] /= tot[over, None]
        if self.record:
            self._record(event, owners, cost, amounts, estate)
        return SuccessionOutcome(cost, shares)

    # -- tabulation
    def _relatives(self, hh: Household, pid: str) -> frozenset[str]:
        memo = self._memo.setdefault(("rel", id(hh), pid), None)
        if memo is None:
            memo = self._memo[("rel", id(hh), pid)] = self._relatives_of(hh, pid)
        return memo

    def _relatives_of(self, hh: Household, pid: str) -> frozenset[str]:
        kin = Kin.of(hh)
        out = {pid}
        if pid in kin.spouse:
            out.add(kin.spouse[pid])
        frontier = list(kin.children.get(pid, ()))
        while frontier:
            n = frontier.pop()
            if n not in out:
                out.add(n)
                frontier.extend(kin.children.get(n, ()))
        for par in kin.parents.get(pid, ()):
            out.add(par)
            out.update(kin.parents.get(par, ()))
            for sib in kin.children.get(par, ()):
                out.add(sib)
                out.update(kin.children.get(sib, ()))
        return frozenset(out)

    def _rules(self, hh: Household, pid: str) -> RuleSet:
        p = hh.person(pid)
        return load_rules(self.jurisdiction or p.domicile or hh.jurisdiction)

    def _structure(self, hh: Household, pid: str, dead: frozenset[str]) -> tuple:
        """What the outcome depends on besides wealth: the statutory heirs and their shares, the
        living will recipients and living parents (TW deduction)."""
        k = ("struct", id(hh), pid, dead)
        if k not in self._memo:
            self._memo[k] = self._structure_of(hh, pid, dead)
        return self._memo[k]

    def _structure_of(self, hh: Household, pid: str, dead: frozenset[str]) -> tuple:
        kin = Kin.of(hh, dead | {pid})
        try:
            plan = intestacy_plan(hh, kin, pid, self._rules(hh, pid), hh.as_of)
        except RuleError as e:
            raise SuccessionError(str(e)) from None
        trusts = {t.id for t in hh.trusts}
        will = hh.will_of(pid)
        targets: tuple[str, ...] = ()
        if will is not None:
            named = {b.target for b in will.residue} | {b.target for s in will.specific
                                                         for b in s.to}
            targets = tuple(sorted(t for t in named if t in kin.alive or t in trusts))
        parents = sum(1 for p in kin.parents.get(pid, ()) if p in kin.alive)
        return (plan.spouse, tuple(sorted((k, round(w, 12)) for k, w in plan.weights.items())),
                tuple(sorted(plan.classes.items())), parents, targets)

    def _table(self, hh: Household, pid: str, dead: frozenset[str], owners: list[str],
               year: int | None = None) -> _Table:
        if id(hh) not in self._versions:
            from household import sha256

            self._versions[id(hh)] = sha256(hh)
        # paths that differ only in relatives who cannot change the outcome share one table
        gy = _gift_year(hh, pid, year)
        key = (self._versions[id(hh)], self.jurisdiction, pid, self._structure(hh, pid, dead),
               gy)
        if key in _TABLES:
            return _TABLES[key]
        people = [p.model_copy(update={"alive": p.id not in dead}) if p.id in dead or
                  (p.id == pid and not p.alive) else p for p in hh.people]
        people = [p.model_copy(update={"alive": True}) if p.id == pid else p for p in people]
        work = hh.model_copy(update={"people": people})
        rules = self._rules(hh, pid)
        on = hh.as_of
        # past gifts are seen from the simulated year of death (add-back and taper windows)
        shift = max(0, year - on.year) if year is not None else 0
        cache: dict = {}
        base = scaled_succession(work, pid, rules, on, 1.0, cache, shift)
        e0 = sum(x.value / x.fraction for x in base.lots
                 if x.owner == pid and x.kind != "payout" and x.fraction > 0)
        if e0 <= 1.0:
            # owns nothing today: tabulate on a plain deposit of one million
            from household.model import Holding

            extra = Holding(id="__mc_probe__", owner=pid, asset_class="cash", value=1e6,
                            currency=hh.base_currency, kind="deposit", liquid=True,
                            situs=hh.person(pid).domicile or hh.jurisdiction,
                            marital="separate")
            work = work.model_copy(update={"holdings": [*work.holdings, extra]})
            cache = {}
            base = scaled_succession(work, pid, rules, on, 1.0, cache, shift)
            e0 = sum(x.value / x.fraction for x in base.lots
                     if x.owner == pid and x.kind != "payout" and x.fraction > 0)
        idx = {o: i for i, o in enumerate(owners)}

        def evaluate(s: float) -> tuple[float, float, np.ndarray]:
            r = base if s == 1.0 else scaled_succession(work, pid, rules, on, s, cache, shift)
            a = np.zeros(len(owners))
            for who, v in r.heirs.items():
                if who != STATE and who in idx:
                    a[idx[who]] += v
            if r.spouse and r.spouse in idx:
                a[idx[r.spouse]] += r.marital_transfer_from_deceased
            return r.tax + r.costs, r.tax, np.maximum(a, 0.0)

        t = _Table(max(e0, 1.0), evaluate)
        if len(_TABLES) >= _TABLES_MAX:
            _TABLES.clear()
        _TABLES[key] = t
        return t

    # -- recording (per global path: chunk offset + chunk-local index)
    def _record(self, event: Any, owners: list[str], cost: np.ndarray, amounts: np.ndarray,
                estate: np.ndarray) -> None:
        offset = int(event.path_offset)
        idx = np.asarray(event.paths) + offset
        size = int(idx.max()) + 1 if idx.size else 0
        flag_cost = cost  # the flags compare with the nominal estate: kept nominal
        index = getattr(event, "index", None)
        if self.real and index is not None:
            deflate = 1.0 / np.asarray(index, dtype=np.float64)
            cost = cost * deflate
            amounts = amounts * deflate[:, None]
        self._grow(owners, size)
        assert self.tax is not None and self.gap is not None and self.sale is not None
        assert self.tax_all is not None
        self.tax_all[idx] += cost  # a path appears once per event
        if self.principals is not None and event.deceased not in self.principals:
            return
        for j, o in enumerate(owners):
            self.received[o][idx] += amounts[:, j]
        self.tax[idx] += cost
        liquid = np.asarray(event.liquid, dtype=np.float64)
        business = np.asarray(event.business, dtype=np.float64).sum(axis=1) \
            if np.ndim(event.business) == 2 else np.zeros_like(estate)
        self.gap[idx] |= flag_cost > liquid + 1e-6
        self.sale[idx] |= (flag_cost > estate - business + 1e-6) & (business > 0)
        self.deaths += len(idx)

    def _grow(self, owners: list[str], size: int) -> None:
        cur = 0 if self.tax is None else len(self.tax)
        if size <= cur and all(o in self.received for o in owners):
            return
        n = max(size, cur)

        def grow(a: np.ndarray | None, dtype: Any) -> np.ndarray:
            out = np.zeros(n, dtype=dtype)
            if a is not None:
                out[:len(a)] = a
            return out

        self.tax = grow(self.tax, np.float64)
        self.tax_all = grow(self.tax_all, np.float64)
        self.gap = grow(self.gap, bool)
        self.sale = grow(self.sale, bool)
        for o in owners:
            self.received[o] = grow(self.received.get(o), np.float64)
        for o in list(self.received):
            if len(self.received[o]) < n:
                self.received[o] = grow(self.received[o], np.float64)


_GIFT_WINDOW_DAYS = 365.25 * 8  # longer than every add-back or taper window (UK: 7 years)


def _death_date(as_of: dt.date, year: int | None) -> dt.date:
    """The simulated death in ``year`` taken on the as-of day of that year."""
    if year is None or year <= as_of.year:
        return as_of
    try:
        return as_of.replace(year=year)
    except ValueError:  # 29 February
        return as_of.replace(year=year, day=28)


def _gift_year(hh: Household, pid: str, year: int | None) -> int | None:
    """What a Monte Carlo table depends on through past gifts: the year of death while one of
    ``pid``'s gifts is still inside a window; past every window one table serves all years
    (``-1``); ``None`` without gifts."""
    gifts = [g for g in hh.gifts if g.donor == pid and g.date <= hh.as_of]
    if not gifts or year is None:
        return None
    death = _death_date(hh.as_of, year)
    if any((death - g.date).days < _GIFT_WINDOW_DAYS for g in gifts):
        return max(year, hh.as_of.year)
    return -1


def _interp(t: _Table, estate: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    s = np.maximum(estate, 0.0) / t.e0
    if s.size:
        t.ensure(float(s.min()), float(s.max()))
    top = t.grid[-1] if t.grid.size else 0.0
    inside = np.minimum(s, top)
    g = t.grid
    if g.size < 2:
        return np.zeros(len(s)), np.zeros((len(s), t.amounts.shape[1] if t.amounts.ndim == 2
                                           else 0))
    k = np.minimum(np.searchsorted(g, inside, side="right") - 1, len(g) - 2)
    w = (inside - g[k]) / (g[k + 1] - g[k])
    cost = t.cost[k] + w * (t.cost[k + 1] - t.cost[k])
    amounts = t.amounts[k] + w[:, None] * (t.amounts[k + 1] - t.amounts[k])
    beyond = s > top
    if beyond.any():  # proportional beyond the grid (rates at the top are marginal rates there)
        f = s[beyond] / top
        cost[beyond] *= f
        amounts[beyond] *= f[:, None]
    return cost, amounts


@dataclass(frozen=True)
class MCSuccession:
    """What the heirs receive across simulated futures (base currency; in today's money when
    ``real``, as the plan's config asks, else nominal)."""

    household: str
    paths: int
    seed: int
    currency: str
    label: str
    heirs: dict[str, dict[str, float]]  # id -> mean, p5, p50, p95
    principals: tuple[str, ...]
    expected_tax: float  # taxes and costs on the principals' deaths
    expected_tax_se: float
    expected_tax_all: float  # on every death within the horizon
    p_liquidity_gap: float
    p_liquidity_gap_se: float
    p_forced_sale: float
    p_forced_sale_se: float
    next_generation: dict[str, float]
    warnings: tuple[str, ...] = ()
    plan: Any = field(repr=False, compare=False, default=None)
    real: bool = False

    def to_json(self) -> dict[str, Any]:
        r = lambda x: round(float(x), 2)  # noqa: E731
        return {
            "household": self.household, "paths": self.paths, "seed": self.seed,
            "currency": self.currency, "succession": self.label, "nominal": not self.real,
            "heirs": {k: {q: r(v) for q, v in d.items()} for k, d in self.heirs.items()},
            "principals": list(self.principals),
            "expected_tax": r(self.expected_tax), "expected_tax_se": r(self.expected_tax_se),
            "expected_tax_all_deaths": r(self.expected_tax_all),
            "p_liquidity_gap": round(self.p_liquidity_gap, 6),
            "p_liquidity_gap_se": round(self.p_liquidity_gap_se, 6),
            "p_forced_sale": round(self.p_forced_sale, 6),
            "p_forced_sale_se": round(self.p_forced_sale_se, 6),
            "next_generation": {q: r(v) for q, v in self.next_generation.items()},
            "warnings": list(self.warnings),
        }


def _stats(a: np.ndarray) -> dict[str, float]:
    q = np.percentile(a, (5, 50, 95))
    return {"mean": float(a.mean()), "p5": float(q[0]), "p50": float(q[1]), "p95": float(q[2])}


def _prop(mask: np.ndarray) -> tuple[float, float]:
    p = float(mask.mean()) if mask.size else float("nan")
    return p, math.sqrt(max(p * (1 - p), 0.0) / mask.size) if mask.size else float("nan")


def monte_carlo_succession(hh: Household, assumptions: Any = None, config: Any = None,
                           scenario: Any = None, jurisdiction: str | None = None) -> MCSuccession:
    """Run the planner with the real succession rules and summarise what each heir receives.

    ``scenario`` (a ``Scenario`` or the ID of a saved one) is applied to the household first.
    The plan's chunking is kept (each death event carries its chunk's ``path_offset``). Amounts
    are in today's money when ``config.real`` (the default, as the app and the plan report), each
    divided by its path's price index at the end of the year of death; else nominal."""
    from planner import PlanConfig, check_household_work, principals, run_plan

    if scenario is not None:
        hh = apply_scenario(hh, scenario)
    cfg = config or PlanConfig()
    check_household_work(hh, cfg.paths)
    heads = principals(hh)
    policy = RulesPolicy(jurisdiction, principals=heads, real=cfg.real)
    plan = run_plan(hh, assumptions, cfg, succession=policy)
    P = cfg.paths
    policy._grow([], P)
    assert policy.tax is not None and policy.gap is not None and policy.sale is not None
    people = {p.id for p in hh.people} | {t.id for t in hh.trusts}
    heirs = {k: _stats(v[:P]) for k, v in policy.received.items()
             if k in people and v[:P].any()}
    kin = Kin.of(hh)
    nextgen = set()
    for p in heads:
        frontier = list(kin.children.get(p, ()))
        while frontier:
            n = frontier.pop()
            if n not in nextgen and n not in heads:
                nextgen.add(n)
                frontier.extend(kin.children.get(n, ()))
    ng = np.zeros(P)
    for k, v in policy.received.items():
        if k in nextgen:
            ng += v[:P]
    for t in hh.trusts:
        if t.id in policy.received:
            share = sum(b.share for b in t.beneficiaries if b.person in nextgen)
            ng += share * policy.received[t.id][:P]
    tax = policy.tax[:P]
    gap, gap_se = _prop(policy.gap[:P])
    sale, sale_se = _prop(policy.sale[:P])
    return MCSuccession(
        household=hh.id, paths=P, seed=cfg.seed, currency=hh.base_currency, label=policy.label,
        heirs=heirs, principals=tuple(heads), expected_tax=float(tax.mean()),
        expected_tax_all=float(policy.tax_all[:P].mean()) if policy.tax_all is not None else 0.0,
        expected_tax_se=float(tax.std(ddof=1) / math.sqrt(P)) if P > 1 else 0.0,
        p_liquidity_gap=gap, p_liquidity_gap_se=gap_se, p_forced_sale=sale,
        p_forced_sale_se=sale_se, next_generation=_stats(ng), warnings=tuple(policy.warnings),
        plan=plan, real=cfg.real)


__all__ = ["MCSuccession", "RulesPolicy", "monte_carlo_succession"]
