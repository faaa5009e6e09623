"""The Monte Carlo loop: paths in chunks, vectorised over paths, looping over years only.

Per chunk the market (asset classes, inflation, FX, companies: one correlated factor draw) and
the death years are drawn once; every variant (allocation or what-if) is then simulated on those
same random numbers (common random numbers). Each year, per path: returns on the liquid pool
(rebalanced to the target weights every step), illiquid holdings, policy cash values and company
values; then at year end incomes, expenses, dividends (profit x payout x look-through share),
loan service and premiums; goals by priority (essential first) from liquid wealth; when liquid
wealth is negative after the essential goals, part of the family's company stakes is sold; deaths
stop incomes, pay insurance and hand the deceased's wealth to heirs through the succession policy.
A negative liquid balance (borrowing) grows at the cash rate plus a spread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .inputs import Inputs
from .mortality import death_years
from .succession import DeathEvent, EqualSplit, SuccessionPolicy


@dataclass(frozen=True)
class VariantIn:
    label: str
    weights: np.ndarray
    extra_spending: float = 0.0  # per year, today's money, base currency (inflation-linked)
    goal_scale: float = 1.0
    overlay: tuple[tuple[int, float], ...] = ()  # FX exposure of foreign deposits and bonds


@dataclass
class RawOutput:
    """Per-variant arrays over all paths (mutable while the simulation fills them)."""

    met: np.ndarray                  # (n_goals, P) bool
    sale: np.ndarray                 # (P,) bool
    at_death: np.ndarray             # (n_principals, P) nominal, nan if alive at the end
    at_death_real: np.ndarray
    total: np.ndarray | None = None  # (T+1, P) nominal, start of year 0 then each year end
    liquid: np.ndarray | None = None
    ledger: dict[str, np.ndarray] = field(default_factory=dict)


_BLOCK_VALUES = 2_000_000  # factor draws held at once per chunk (16 MB of float64)
_LEDGER = ("start", "returns", "income", "spending", "goals", "taxes", "leakage", "end")


def _groups(inp: Inputs, extra: float, signed: bool):
    """Flows grouped by (person, currency) -- and by direction when ``signed`` is False (the
    ledger needs income and spending apart): per year a fixed and an inflation-linked
    coefficient, so each year costs a few array operations whatever the number of flows.
    Signed groups also carry the loan service (fixed, no person)."""
    T = inp.years
    g: dict[tuple[float, int, int], list[np.ndarray]] = {}
    for f in inp.flows:
        key = (1.0 if signed else f.sign, f.person, f.cur)
        fixed, infl = g.setdefault(key, [np.zeros(T), np.zeros(T)])
        (infl if f.infl else fixed)[:] += (f.sign if signed else 1.0) * f.det
    if extra:
        key = (1.0 if signed else (-1.0 if extra > 0 else 1.0), -1, -1)
        fixed, infl = g.setdefault(key, [np.zeros(T), np.zeros(T)])
        infl += -extra if signed else abs(extra)
    if signed and inp.debt_service.any():
        fixed, infl = g.setdefault((1.0, -1, -1), [np.zeros(T), np.zeros(T)])
        fixed -= inp.debt_service
    # flows of nobody in particular first: they start the year's net amount
    return sorted(((k[0], k[1], k[2], v[0], v[1]) for k, v in g.items()),
                  key=lambda x: (x[1] >= 0 or x[2] >= 0))


def simulate(inp: Inputs, variants: list[VariantIn], policy: SuccessionPolicy | None = None,
             keep_wealth: bool = True) -> tuple[list[RawOutput], np.ndarray | None]:
    """Run every variant on the same random numbers. Returns the outputs and the inflation index
    ``(T+1, P)`` (None when ``keep_wealth`` is False)."""
    cfg = inp.config
    policy = policy or EqualSplit()
    P, T = cfg.paths, inp.years
    spy = 12 if cfg.monthly else 1
    n_chunks = -(-P // cfg.chunk)
    root = np.random.SeedSequence(cfg.seed)
    market_ss, mort_ss = root.spawn(2)
    market_seeds = market_ss.spawn(n_chunks)
    mort_seeds = mort_ss.spawn(n_chunks)
    ng, npr = len(inp.goals), len(inp.principals)
    outs = []
    for _ in variants:
        o = RawOutput(np.ones((ng, P), dtype=bool), np.zeros(P, dtype=bool),
                      np.full((npr, P), np.nan), np.full((npr, P), np.nan))
        if keep_wealth:
            o.total = np.empty((T + 1, P))
            o.liquid = np.empty((T + 1, P))
        if cfg.trace:
            o.ledger = {k: np.zeros(P) for k in _LEDGER}
        outs.append(o)
    index = np.empty((T + 1, P)) if keep_wealth else None
    groups = [_groups(inp, v.extra_spending, not cfg.trace) for v in variants]
    nu = cfg.nu if cfg.student_t else None
    for c in range(n_chunks):
        lo, hi = c * cfg.chunk, min(P, (c + 1) * cfg.chunk)
        n = hi - lo
        mrng = np.random.Generator(np.random.PCG64(market_seeds[c]))
        drng = np.random.Generator(np.random.PCG64(mort_seeds[c]))
        d = death_years(drng, inp.table, list(inp.sexes), list(inp.ages), n, T)
        for j, dead in enumerate(inp.dead_now):
            if dead:
                d[:, j] = -1
        deaths = _death_index(d, T)
        d_t = np.ascontiguousarray(d.T)
        states = [_State(inp, n) for _ in variants]
        blk = 0 if cfg.monthly else max(1, min(T, _BLOCK_VALUES // (n * len(inp.fm.names))))
        market = None
        for t in range(T):
            if cfg.monthly:
                block = inp.fm.draw(mrng, n, 12, 12, nu)
                g_year = block.prod(axis=1)
            else:
                block = None
                if t % blk == 0:
                    market = inp.fm.draw(mrng, n, min(blk, T - t), 1, nu)
                g_year = market[:, t % blk]
            alive = d_t > t  # (people, paths): rows contiguous
            common = _year_common(inp, g_year)
            for v, (var, st, out) in enumerate(zip(variants, states, outs, strict=True)):
                _step(inp, t, var, st, out, groups[v], g_year, block, common, alive, deaths,
                      d, policy, lo, spy)
                if keep_wealth:
                    _record(inp, t, st, out, lo, hi)
            states[0].advance_common(common)
            for st in states[1:]:
                st.I = states[0].I
                st.X = states[0].X
            if keep_wealth:
                index[t + 1, lo:hi] = states[0].I
        if keep_wealth:
            index[0, lo:hi] = 1.0
            for st, out in zip(states, outs, strict=True):
                out.total[0, lo:hi] = st.total0
                out.liquid[0, lo:hi] = inp.liquid0
        if cfg.trace:
            for st, out in zip(states, outs, strict=True):
                out.ledger["start"][lo:hi] = st.total0
                out.ledger["end"][lo:hi] = st.total_now(inp, T)
                for k in ("returns", "income", "spending", "goals", "taxes", "leakage"):
                    out.ledger[k][lo:hi] = st.ledger[k]
    return outs, index


def _death_index(d: np.ndarray, T: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per person: paths sorted by death year and the slice bounds of each year."""
    out = []
    for j in range(d.shape[1]):
        order = np.argsort(d[:, j], kind="stable")
        bounds = np.searchsorted(d[order, j], np.arange(T + 1))
        out.append((order, bounds))
    return out


class _State:
    """The state of one variant on one chunk of paths."""

    def __init__(self, inp: Inputs, n: int):
        self.L = np.full(n, inp.liquid0)
        self.IL = np.tile(inp.ill0, (n, 1))
        self.pol = np.tile(inp.pol_cash0, (n, 1))
        self.V = np.tile(inp.comp0, (n, 1))
        self.E = np.tile(inp.lt0, (n, 1, 1))
        self.H = self.E.sum(axis=1)
        self.F = np.tile(inp.pool0, (n, 1))
        # owners who may hold something in some path: the others' deaths pass on nothing
        self.may_own = {j for j in range(len(inp.owners))
                        if inp.pool0[j] > 0 or (inp.lt0.shape[1] and inp.lt0[j].any())}
        self.I = np.ones(n)
        self.X = np.ones((n, len(inp.currencies)))
        self.total0 = self.total_now(inp, 0)
        self.ledger = {k: np.zeros(n) for k in ("returns", "income", "spending", "goals",
                                                  "taxes", "leakage")}

    def total_now(self, inp: Inputs, t: int, idx: np.ndarray | None = None) -> np.ndarray:
        """Household total: liquid + illiquid + policy cash values + company stakes - debt."""
        if idx is None:
            tot = self.L - inp.debt_balance[t]
            if self.IL.shape[1]:
                tot += _rowsum(self.IL)
            if self.pol.shape[1]:
                tot += _rowsum(self.pol)
            if self.V.shape[1]:
                tot += _rowsum(self.H * self.V)
            return tot
        tot = self.L[idx] - inp.debt_balance[t]
        if self.IL.shape[1]:
            tot += _rowsum(self.IL[idx])
        if self.pol.shape[1]:
            tot += _rowsum(self.pol[idx])
        if self.V.shape[1]:
            tot += _rowsum(self.H[idx] * self.V[idx])
        return tot

    def advance_common(self, common: dict) -> None:
        self.I = self.I * common["infl"]
        if common["fx"] is not None:
            self.X = self.X * common["fx"]


def _rowsum(a: np.ndarray) -> np.ndarray:
    """Sum over the (few) columns: a matrix-vector product beats a short-axis reduction."""
    if a.shape[1] == 1:
        return a[:, 0].copy()
    return a @ np.ones(a.shape[1])


def _year_common(inp: Inputs, g: np.ndarray) -> dict:
    """Factor grosses of the year shared by all variants: in the base currency."""
    binv = 1.0 / g[inp.base_fx_col] if inp.base_fx_col >= 0 else None
    fx = None
    if inp.currencies:
        fx = np.ones((g.shape[1], len(inp.currencies)))
        for k, col in enumerate(inp.cur_cols):
            if col >= 0:
                fx[:, k] = g[col]
        if binv is not None:
            fx *= binv[:, None]
    comp = None
    if inp.comp_cols:
        comp = g[list(inp.comp_cols)].T
        for k, cur in enumerate(inp.comp_cur):
            if cur >= 0:
                comp[:, k] *= fx[:, cur]
        if binv is not None:
            for k, cur in enumerate(inp.comp_cur):
                if cur < 0:
                    comp[:, k] *= binv
    ill = None
    if inp.ill_cols:
        ill = g[list(inp.ill_cols)].T
        if binv is not None:
            ill *= binv[:, None]
    pol = None
    if len(inp.pol_cash0):
        pol = g[inp.pol_cols].copy()
        if binv is not None:
            pol *= binv
    return {"binv": binv, "fx": fx, "comp": comp, "ill": ill, "pol": pol,
            "infl": g[inp.infl_col]}


def _step(inp: Inputs, t: int, var: VariantIn, st: _State, out: RawOutput, groups, g, block,
          common: dict, alive: np.ndarray, deaths, d: np.ndarray, policy: SuccessionPolicy,
          lo: int, spy: int) -> None:
    trace = inp.config.trace
    led = st.ledger
    nc = inp.n_classes
    L = st.L
    # -- flows of the year (paid at its end; monthly: spread evenly), on start-of-year values
    if st.V.shape[1]:
        net = (st.H * st.V) @ inp.comp_yield  # dividends by look-through share
        if trace:
            led["income"] += net
            before = _rowsum(st.H * st.V)
        st.V *= common["comp"]
        if trace:
            led["returns"] += _rowsum(st.H * st.V) - before
    else:
        net = np.zeros_like(L)
    for sign, person, cur, fixed, infl in groups:
        a, b = fixed[t], infl[t]
        if a == 0.0 and b == 0.0:
            continue
        if person < 0 and cur < 0 and not trace:
            if b:
                net += st.I * b
            if a:
                net += a
            continue
        amt = st.I * b if b else np.zeros_like(L)
        if a:
            amt += a
        if cur >= 0:
            amt *= st.X[:, cur]
        if person >= 0:
            amt *= alive[person]
        if sign > 0:
            net += amt
            if trace:
                led["income"] += amt
        else:
            net -= amt
            if trace:
                led["spending"] += amt
    if trace:
        svc = inp.debt_service[t]
        if svc:
            net -= svc
            led["spending"] += inp.debt_interest[t]
    # -- markets
    if st.IL.shape[1]:
        if trace:
            before = _rowsum(st.IL)
        st.IL *= common["ill"]
        if trace:
            led["returns"] += _rowsum(st.IL) - before
    if st.pol.shape[1]:
        if trace:
            before = _rowsum(st.pol)
        st.pol *= common["pol"][:, None]
        if trace:
            led["returns"] += _rowsum(st.pol) - before
    if block is None:
        gp = var.weights @ g[:nc]
        if common["binv"] is not None:
            gp *= common["binv"]
        if var.overlay:
            for k, share in var.overlay:
                gp += share * (common["fx"][:, k] - 1.0)
        if trace:
            l0 = L.copy()
        if L.min() < 0.0:
            gp = np.where(L > 0.0, gp, inp.borrow_gross)
        L *= gp
        if trace:
            led["returns"] += L - l0
        L += net
    else:
        gpm = (var.weights @ block[:nc].reshape(nc, -1)).reshape(block.shape[1:])
        if inp.base_fx_col >= 0:
            gpm /= block[inp.base_fx_col]
        if var.overlay:
            for k, share in var.overlay:
                col = inp.cur_cols[k]
                move = block[col] if col >= 0 else np.ones(gpm.shape)
                if inp.base_fx_col >= 0:
                    move = move / block[inp.base_fx_col]
                gpm += share * (move - 1.0)
        step_net = net / spy
        bg = inp.borrow_gross ** (1.0 / spy)
        for m in range(spy):
            if trace:
                l0 = L.copy()
            gm = gpm[m]
            if L.min() < 0.0:
                gm = np.where(L > 0.0, gm, bg)
            L *= gm
            if trace:
                led["returns"] += L - l0
            L += step_net
    # -- goals, essential first; a shortfall of essentials is met by selling company stakes
    sold_checked = False
    for k, gl in enumerate(inp.goals):
        if gl.priority != "essential" and not sold_checked:
            _sell_business(st, out, lo, trace)
            sold_checked = True
        a = gl.det[t] * var.goal_scale
        if a == 0.0:
            continue
        amt = st.I * a if gl.infl else np.full_like(L, a)
        if gl.cur >= 0:
            amt *= st.X[:, gl.cur]
        live = alive[gl.beneficiary] if gl.beneficiary >= 0 else None
        if live is not None:
            amt *= live
        ok = amt <= L
        if live is not None:
            ok |= ~live
        if gl.priority != "essential":
            amt *= ok
        out.met[k, lo:lo + len(L)] &= ok
        L -= amt
        if trace:
            led["goals"] += amt
    if not sold_checked:
        _sell_business(st, out, lo, trace)
    # -- deaths at the end of the year
    dying = []
    for j, (order, bounds) in enumerate(deaths):
        a, b = bounds[t], bounds[t + 1]
        if a != b:
            dying.append((j, order[a:b]))
    if dying:
        _deaths(inp, t, dying, st, out, d, policy, lo, trace, common["infl"])


def _sell_business(st: _State, out: RawOutput, lo: int, trace: bool) -> None:
    L = st.L
    if L.min() >= 0.0 or not st.V.shape[1]:
        return
    idx = np.flatnonzero(L < 0.0)
    owned = _rowsum(st.H[idx] * st.V[idx])
    sold = np.minimum(-L[idx], owned)
    keep = 1.0 - np.divide(sold, owned, out=np.zeros_like(sold), where=owned > 0)
    st.H[idx] *= keep[:, None]
    st.E[idx] *= keep[:, None, None]
    L[idx] += sold
    out.sale[lo + idx[sold > 0]] = True


def _deaths(inp: Inputs, t: int, dying: list[tuple[int, np.ndarray]], st: _State,
            out: RawOutput, d: np.ndarray, policy: SuccessionPolicy, lo: int, trace: bool,
            infl: np.ndarray) -> None:
    """Insurance payouts, wealth at the principals' deaths, then succession of every estate of
    the year, batched: one policy call per deceased, one set of state updates for all."""
    L = st.L
    for j, idx in dying:
        for k, ins in enumerate(inp.pol_insured):
            if ins == j:
                lost = st.pol[idx, k]
                L[idx] += inp.pol_sum[k]
                st.pol[idx, k] = 0.0
                if trace:
                    st.ledger["income"][idx] += inp.pol_sum[k] - lost
        if j in inp.principals:
            p = inp.principals.index(j)
            tot = st.total_now(inp, t + 1, idx)
            out.at_death[p, lo + idx] = tot
            out.at_death_real[p, lo + idx] = tot / (st.I[idx] * infl[idx])
    dying = [(j, idx) for j, idx in dying if j in st.may_own]
    if not dying:
        return
    if len(dying) == 1:
        _succession(inp, t, dying[0][1], np.full(len(dying[0][1]), dying[0][0]), st, d,
                    policy, trace)
        return
    rows = np.concatenate([idx for _, idx in dying])
    who = np.concatenate([np.full(len(idx), j) for j, idx in dying])
    while rows.size:
        # a path with two deaths in the same year: the second is handled in a later round
        _, first = np.unique(rows, return_index=True)
        if first.size < rows.size:
            later = np.ones(rows.size, dtype=bool)
            later[first] = False
            first = np.sort(first)
            _succession(inp, t, rows[first], who[first], st, d, policy, trace)
            rows, who = rows[later], who[later]
        else:
            _succession(inp, t, rows, who, st, d, policy, trace)
            break


def _succession(inp: Inputs, t: int, rows: np.ndarray, who: np.ndarray, st: _State,
                d: np.ndarray, policy: SuccessionPolicy, trace: bool) -> None:
    has_biz = st.V.shape[1] > 0
    ar = np.arange(len(rows))
    Fr = st.F[rows]
    f = Fr[ar, who]
    if has_biz:
        Er = st.E[rows]
        Vr = st.V[rows]
        bz = Er[ar, who] * Vr
        owns = (f != 0.0) | bz.any(axis=1)
    else:
        bz = np.zeros((len(rows), 0))
        owns = f != 0.0
    if not owns.all():  # owned nothing in these paths: no estate to pass on
        rows, who, f, bz, Fr = rows[owns], who[owns], f[owns], bz[owns], Fr[owns]
        if has_biz:
            Er = Er[owns]
        if not rows.size:
            return
        ar = np.arange(len(rows))
    L = st.L
    Lr = L[rows]
    pool = Lr + _rowsum(st.IL[rows]) if st.IL.shape[1] else Lr.copy()
    biz_total = _rowsum(bz) if has_biz else np.zeros(len(rows))
    estate = f * pool + biz_total
    liquid = f * Lr
    alive = d[rows] > t
    tax = np.zeros(len(rows))
    shares = np.zeros((len(rows), len(inp.owners)))
    bounds = np.flatnonzero(who[1:] != who[:-1]) + 1
    starts, ends = [0, *bounds.tolist()], [*bounds.tolist(), len(rows)]
    for s0, s1 in zip(starts, ends, strict=True):
        j = int(who[s0])
        res = policy(DeathEvent(
            household=inp.hh, deceased=inp.people[j], year=inp.start_year + t, year_index=t,
            paths=rows[s0:s1], owners=inp.owners, companies=inp.comp_ids,
            estate=estate[s0:s1], liquid=liquid[s0:s1], business=bz[s0:s1],
            alive=alive[s0:s1]))
        tax[s0:s1] = res.tax
        shares[s0:s1] = res.shares
    st.may_own.update(np.flatnonzero(shares.any(axis=0)).tolist())
    leak = 1.0 - shares.sum(axis=1)
    net_part = f * pool - tax  # taxes and costs are paid out of the deceased's part of the pool
    leak_pool = leak * net_part
    L[rows] = Lr - tax - leak_pool
    Fr *= pool[:, None]
    Fr[ar, who] = 0.0
    Fr += shares * net_part[:, None]
    new_pool = pool - tax - leak_pool
    ok = np.abs(new_pool) > 1e-9
    if ok.all():
        Fr /= new_pool[:, None]
        st.F[rows] = Fr
    else:
        st.F[rows[ok]] = Fr[ok] / new_pool[ok, None]
    if has_biz:
        Er += shares[:, :, None] * Er[ar, who][:, None, :]
        Er[ar, who] = 0.0
        st.E[rows] = Er
        st.H[rows] = Er.sum(axis=1)
    if trace:
        np.add.at(st.ledger["taxes"], rows, tax)
        np.add.at(st.ledger["leakage"], rows, leak_pool + leak * biz_total)


def _record(inp: Inputs, t: int, st: _State, out: RawOutput, lo: int, hi: int) -> None:
    out.total[t + 1, lo:hi] = st.total_now(inp, t + 1)
    out.liquid[t + 1, lo:hi] = st.L
