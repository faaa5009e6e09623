"""The Monte Carlo loop: paths in chunks, vectorised over paths and variants, looping over years.

Per chunk the market (asset classes, inflation, FX, companies: one correlated factor draw) and
the death years are drawn once. Variants (allocations or what-ifs) are a batch axis: every
variant state array has shape ``(n_variants, n_paths, ...)`` and sees the same random numbers
(common random numbers); what does not depend on the variant (company values, illiquid holdings,
policy cash values, inflation, FX, incomes and expenses) is computed once.

Each year, per path: returns on the liquid pool (rebalanced to the target weights every step),
illiquid holdings, policy cash values and company values; at year end incomes, expenses,
dividends (profit x payout x look-through share), loan service and premiums; goals by priority
(essential first) from liquid wealth; when liquid wealth is negative after the essential goals,
part of the family's company stakes is sold; deaths stop incomes, pay insurance and hand the
deceased's wealth to heirs through the succession policy. A negative liquid balance (borrowing)
grows at the cash rate plus a spread.

Family wealth is pooled: each owner holds a fraction ``F`` of the pooled liquid and illiquid
holdings (today's shares, changed only by successions) and look-through stakes ``E`` in the
companies.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from .arrays import _cols, _rowsum
from .cancel import checkpoint
from .estates import _deaths
from .inputs import Inputs
from .mortality import death_years
from .succession import EqualSplit, SuccessionPolicy


@dataclass(frozen=True)
class VariantIn:
    label: str
    weights: np.ndarray
    extra_spending: float = 0.0  # per year, today's money, base currency (inflation-linked)
    goal_scale: float = 1.0
    overlay: tuple[tuple[int, float], ...] = ()  # FX exposure of foreign deposits and bonds


@dataclass
class RawOutput:
    """Arrays over all paths of one variant (views into the batch while it is filled)."""

    met: np.ndarray                  # (n_goals, P) bool
    sale: np.ndarray                 # (P,) bool
    at_death: np.ndarray             # (n_principals, P) nominal, nan if alive at the end
    at_death_real: np.ndarray
    total: np.ndarray | None = None  # (T+1, P) nominal, start of year 0 then each year end
    liquid: np.ndarray | None = None
    ledger: dict[str, np.ndarray] = field(default_factory=dict)
    final_real: np.ndarray | None = None  # (P,) household total at the horizon, today's money
    # with ``trace``: per year, the mean over paths of each flow in today's money, (T,) each
    yearly_real: dict[str, np.ndarray] = field(default_factory=dict)


_BLOCK_VALUES = 2_000_000  # factor draws held at once per chunk (16 MB of float64)
_LEDGER = ("start", "returns", "income", "spending", "goals", "taxes", "leakage", "end")
_FLOWS = ("returns", "income", "spending", "goals", "taxes", "leakage")


# -- the random draws of a run, kept for the next run on the same draws (common random numbers)
# A live what-if reruns the household on the same seed and paths with other cash flows, goals or
# shares: the markets and deaths it would draw are those of the run before, so they are kept and
# reused (a slider move recomputes only the household's ledger). The key is what the draws
# depend on -- the factor model's parameters, the life table and the people's sexes and ages,
# seed, stream, paths, chunk, horizon, steps -- so a reuse gives byte for byte the numbers a
# fresh run draws. Only runs of at most ``DRAW_CACHE_VALUES`` numbers are kept (the live
# what-if's, not a large plan's), the most recent first.
DRAW_CACHE_VALUES = 12_000_000  # float64 numbers kept at most over all entries (96 MB)
DRAW_CACHE_ENTRIES = 4
_draw_cache: OrderedDict[tuple, list[_ChunkDraws]] = OrderedDict()
_draw_lock = threading.Lock()
_draw_stats = {"hits": 0, "misses": 0}


@dataclass
class _ChunkDraws:
    """One chunk's draws: death years (before today's deaths are applied) and the market blocks
    in the order they were drawn. Arrays are read-only: a reuse cannot see a change."""

    deaths: np.ndarray
    blocks: list[np.ndarray] = field(default_factory=list)

    def values(self) -> int:
        return self.deaths.size + sum(b.size for b in self.blocks)


def _digest(*arrays: np.ndarray) -> str:
    h = hashlib.sha256()
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(str((a.dtype.str, a.shape)).encode())
        h.update(a.tobytes())
    return h.hexdigest()


def draws_key(inp: Inputs) -> tuple:
    """What the random draws of a run depend on (nothing of the household's amounts)."""
    cfg, fm, tb = inp.config, inp.fm, inp.table
    return (cfg.seed, tuple(cfg.spawn_key), cfg.paths, cfg.chunk, inp.years, cfg.monthly,
            cfg.nu if cfg.student_t else None, fm.names, _digest(fm.mean, fm.vol, fm.chol),
            tb.name, _digest(tb.qx_male, tb.qx_female), tuple(inp.sexes), tuple(inp.ages))


def draw_cache_info() -> dict[str, int]:
    """Hits and misses of the draw cache since the start (or :func:`clear_draw_cache`)."""
    with _draw_lock:
        return dict(_draw_stats, entries=len(_draw_cache))


def clear_draw_cache() -> None:
    with _draw_lock:
        _draw_cache.clear()
        _draw_stats.update(hits=0, misses=0)


def _cached_draws(key: tuple) -> list[_ChunkDraws] | None:
    with _draw_lock:
        got = _draw_cache.get(key)
        if got is None:
            _draw_stats["misses"] += 1
            return None
        _draw_cache.move_to_end(key)
        _draw_stats["hits"] += 1
        return got


def _keep_draws(key: tuple, chunks: list[_ChunkDraws]) -> None:
    size = sum(c.values() for c in chunks)
    if size > DRAW_CACHE_VALUES:
        return
    with _draw_lock:
        _draw_cache[key] = chunks
        _draw_cache.move_to_end(key)
        total = sum(c.values() for v in _draw_cache.values() for c in v)
        while len(_draw_cache) > DRAW_CACHE_ENTRIES or total > DRAW_CACHE_VALUES:
            _, old = _draw_cache.popitem(last=False)
            total -= sum(c.values() for c in old)


def _frozen(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


def _groups(inp: Inputs, signed: bool):
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
    if signed and inp.debt_service.any():
        # person -2: paid whoever is alive (a debt outlives the debtor)
        fixed, _ = g.setdefault((1.0, -2, -1), [np.zeros(T), np.zeros(T)])
        fixed -= inp.debt_service
    return [(k[0], k[1], k[2], v[0], v[1]) for k, v in g.items()]


class _Batch:
    """Parameters of the variants as arrays over the variant axis."""

    def __init__(self, inp: Inputs, variants: list[VariantIn]):
        nv = len(variants)
        self.n = nv
        self.W = np.stack([v.weights for v in variants])             # (nv, n_classes)
        self.extra = np.array([v.extra_spending for v in variants])  # (nv,)
        self.has_extra = bool(self.extra.any())
        self.scale = np.array([v.goal_scale for v in variants])[:, None]
        self.scaled = bool((self.scale != 1.0).any())
        ov = np.zeros((nv, len(inp.currencies)))
        for i, v in enumerate(variants):
            for k, share in v.overlay:
                ov[i, k] += share
        self.overlay = ov if ov.any() else None


def simulate(inp: Inputs, variants: list[VariantIn], policy: SuccessionPolicy | None = None,
             keep_wealth: bool = True, reuse_draws: bool = False
             ) -> tuple[list[RawOutput], np.ndarray | None]:
    """Run every variant on the same random numbers. Returns one output per variant and the
    inflation index ``(T+1, P)`` (None when ``keep_wealth`` is False). ``reuse_draws``: take the
    markets and deaths from the draw cache when a run with the same :func:`draws_key` kept them,
    else draw and keep them (byte for byte the same numbers either way)."""
    cfg = inp.config
    policy = policy or EqualSplit()
    P, T = cfg.paths, inp.years
    nv = len(variants)
    batch = _Batch(inp, variants)
    n_chunks = -(-P // cfg.chunk)
    root = np.random.SeedSequence(cfg.seed, spawn_key=cfg.spawn_key)
    market_ss, mort_ss = root.spawn(2)
    market_seeds = market_ss.spawn(n_chunks)
    mort_seeds = mort_ss.spawn(n_chunks)
    ng, npr = len(inp.goals), len(inp.principals)
    met = np.ones((nv, ng, P), dtype=bool)
    sale = np.zeros((nv, P), dtype=bool)
    at_death = np.full((nv, npr, P), np.nan)
    at_death_real = np.full((nv, npr, P), np.nan)
    total = np.empty((nv, T + 1, P)) if keep_wealth else None
    liquid = np.empty((nv, T + 1, P)) if keep_wealth else None
    ledger = {k: np.zeros((nv, P)) for k in _LEDGER} if cfg.trace else {}
    yearly = {k: np.zeros((nv, T)) for k in _FLOWS} if cfg.trace else {}
    index = np.empty((T + 1, P)) if keep_wealth else None
    final_real = np.empty((nv, P))
    groups = _groups(inp, not cfg.trace)
    nu = cfg.nu if cfg.student_t else None
    acc = _Out(met, sale, at_death, at_death_real, total, liquid, ledger)
    key = draws_key(inp) if reuse_draws else None
    kept = _cached_draws(key) if key is not None else None
    drawn: list[_ChunkDraws] = []
    for c in range(n_chunks):
        lo, hi = c * cfg.chunk, min(P, (c + 1) * cfg.chunk)
        n = hi - lo
        if kept is not None:  # the same draws as the run that kept them (common random numbers)
            cd = kept[c]
            blocks = iter(cd.blocks)
            mrng = None
        else:
            blocks = None
            mrng = np.random.Generator(np.random.PCG64(market_seeds[c]))
            drng = np.random.Generator(np.random.PCG64(mort_seeds[c]))
            cd = _ChunkDraws(_frozen(death_years(drng, inp.table, list(inp.sexes),
                                                 list(inp.ages), n, T)))
            drawn.append(cd)

        def draw(steps: int, per_year: int, cd=cd, blocks=blocks, mrng=mrng, n=n
                 ) -> np.ndarray:
            if blocks is not None:
                return next(blocks)
            b = _frozen(inp.fm.draw(mrng, n, steps, per_year, nu))
            cd.blocks.append(b)
            return b

        d = cd.deaths.copy()
        for j, dead in enumerate(inp.dead_now):
            if dead:
                d[:, j] = -1
        deaths = _death_index(d, T)
        d_t = np.ascontiguousarray(d.T)
        st = _State(inp, nv, n)
        ch = _Chunk(inp, batch, st, acc, groups, deaths, d, policy, lo)
        if keep_wealth:
            total[:, 0, lo:hi] = st.total_now(inp, 0)
            liquid[:, 0, lo:hi] = inp.liquid0
            index[0, lo:hi] = 1.0
        if cfg.trace:
            ledger["start"][:, lo:hi] = st.total_now(inp, 0)
        blk = 0 if cfg.monthly else max(1, min(T, _BLOCK_VALUES // (n * len(inp.fm.names))))
        market = None
        seen = {k: np.zeros((nv, n)) for k in yearly}  # each flow's running total so far
        for t in range(T):
            checkpoint()  # stop when whoever asked has gone (planner.cancel)
            if cfg.monthly:
                block = draw(12, 12)
                g_year = block.prod(axis=1)
            else:
                block = None
                if t % blk == 0:
                    market = draw(min(blk, T - t), 1)
                g_year = market[:, t % blk]
            alive = d_t > t  # (people, paths): rows contiguous
            _step(ch, t, g_year, block, alive)
            for k in yearly:  # this year's part, deflated by the path's own price index
                now = st.ledger[k]
                yearly[k][:, t] += ((now - seen[k]) / st.I).sum(axis=1)
                seen[k] = now.copy()
            if keep_wealth:
                total[:, t + 1, lo:hi] = st.total_now(inp, t + 1)
                liquid[:, t + 1, lo:hi] = st.L
                index[t + 1, lo:hi] = st.I
        final_real[:, lo:hi] = st.total_now(inp, T) / st.I
        if cfg.trace:
            ledger["end"][:, lo:hi] = st.total_now(inp, T)
            for k in ("returns", "income", "spending", "goals", "taxes", "leakage"):
                ledger[k][:, lo:hi] = st.ledger[k]
    if key is not None and kept is None:
        _keep_draws(key, drawn)
    outs = [RawOutput(met[v], sale[v], at_death[v], at_death_real[v],
                      total[v] if keep_wealth else None, liquid[v] if keep_wealth else None,
                      {k: a[v] for k, a in ledger.items()}, final_real[v],
                      {k: a[v] / P for k, a in yearly.items()}) for v in range(nv)]
    return outs, index


@dataclass
class _Out:
    met: np.ndarray
    sale: np.ndarray
    at_death: np.ndarray
    at_death_real: np.ndarray
    total: np.ndarray | None
    liquid: np.ndarray | None
    ledger: dict


def _death_index(d: np.ndarray, T: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per person: paths sorted by death year and the slice bounds of each year."""
    out = []
    for j in range(d.shape[1]):
        order = np.argsort(d[:, j], kind="stable")
        bounds = np.searchsorted(d[order, j], np.arange(T + 1))
        out.append((order, bounds))
    return out


class _State:
    """One chunk: variant arrays ``(nv, n, ...)`` and shared market arrays ``(n, ...)``."""

    def __init__(self, inp: Inputs, nv: int, n: int):
        self.L = np.full((nv, n), inp.liquid0)
        self.IL = np.tile(inp.ill0, (n, 1))
        self.pol = np.tile(inp.pol_cash0, (n, 1))
        self.V = np.tile(inp.comp0, (n, 1))
        # Company growth index (value today = 1, in the base currency): dividends are profit x
        # payout scaled by it. Not V / comp0: a company's value may be 0 or denormal while its
        # profit is not, and a yield profit / value then overflows to inf (inf x 0 = NaN).
        self.G = np.ones((n, len(inp.comp0)))
        # Company stakes: H = the family's look-through stake per company (per variant: sales
        # and estates leaving differ); S = how that stake is split among the owners. S and the
        # pool fractions F have a leading axis of 1 while every variant shares them (the
        # succession outcomes so far did not depend on amounts) and of nv once they differ.
        h0 = inp.lt0.sum(axis=0)
        s0 = np.divide(inp.lt0, h0, out=np.zeros_like(inp.lt0), where=h0 > 0)
        self.nv = nv
        self.H = np.tile(h0, (nv, n, 1))
        self.S = np.tile(s0, (1, n, 1, 1))
        self.F = np.tile(inp.pool0, (1, n, 1))
        # owners who hold or ever inherited a company stake in some path (sorted): S is zero
        # for everyone else, so a rescale of the split touches only these
        self.stakers = np.flatnonzero(inp.lt0.any(axis=1)) if inp.lt0.shape[1] else \
            np.zeros(0, dtype=np.intp)
        self._staker: np.ndarray | None = None  # the same as a mask, made on first use
        # (nv, n): the family's whole company stake has been sold (or it never had one)
        self.sold_out = np.broadcast_to(~self.H.any(axis=2), (nv, n)).copy()
        self.I = np.ones(n)
        self.X = np.ones((n, len(inp.currencies)))
        # owners who may hold something in some path: the others' deaths pass on nothing
        self.may_own = {j for j in range(len(inp.owners))
                        if inp.pool0[j] > 0 or (inp.lt0.shape[1] and inp.lt0[j].any())}
        self.ledger = {k: np.zeros((nv, n)) for k in ("returns", "income", "spending", "goals",
                                                      "taxes", "leakage")}

    def add_stakers(self, owners: np.ndarray) -> None:
        if self._staker is None:
            self._staker = np.zeros(self.S.shape[2], dtype=bool)
            self._staker[self.stakers] = True
        if not self._staker[owners].all():  # a boolean mask: setdiff1d/union1d sorted each time
            self._staker[owners] = True
            self.stakers = np.flatnonzero(self._staker)

    def split(self, name: str) -> None:
        """Give every variant its own copy of ``S`` or ``F`` (from now on they differ)."""
        a = getattr(self, name)
        if a.shape[0] == 1 and self.nv > 1:
            setattr(self, name, np.repeat(a, self.nv, axis=0))

    def shared(self, inp: Inputs, t: int, idx=slice(None)) -> np.ndarray:
        """Illiquid holdings + policy cash values - personal debt (the same in every variant)."""
        s = np.full(self.IL[idx].shape[0], -inp.debt_balance[t])
        if self.IL.shape[1]:
            s += _rowsum(self.IL[idx])
        if self.pol.shape[1]:
            s += _rowsum(self.pol[idx])
        return s

    def total_now(self, inp: Inputs, t: int, idx=slice(None)) -> np.ndarray:
        """Household total per variant and path: liquid + shared + company stakes."""
        tot = _cols(self.L, idx) + self.shared(inp, t, idx)
        if self.V.shape[1]:
            tot += _rowsum(_cols(self.H, idx) * self.V[idx])
        return tot


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
            elif binv is not None:
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


def _flows(inp: Inputs, t: int, groups, st: _State, alive: np.ndarray, anyone: np.ndarray,
           trace: bool):
    """Net flows of the year (n,), and when tracing income and spending apart. Flows of no
    particular person (shared spending) run while any member of the family is alive."""
    net = np.zeros(st.I.shape[0])
    inc = spend = None
    if trace:
        inc, spend = np.zeros_like(net), np.zeros_like(net)
    for sign, person, cur, fixed, infl in groups:
        a, b = fixed[t], infl[t]
        if a == 0.0 and b == 0.0:
            continue
        if person == -2 and cur < 0 and not trace:
            net += a + st.I * b if b else a
            continue
        amt = st.I * b if b else np.zeros_like(net)
        if a:
            amt += a
        if cur >= 0:
            amt *= st.X[:, cur]
        if person >= 0:
            amt *= alive[person]
        elif person == -1:
            amt *= anyone
        if sign > 0:
            net += amt
            if trace:
                inc += amt
        else:
            net -= amt
            if trace:
                spend += amt
    if trace:
        svc = inp.debt_service[t]
        if svc:
            net -= svc
            spend += inp.debt_interest[t]
    return net, inc, spend


@dataclass(frozen=True)
class _Chunk:
    """What every year of one chunk of paths shares: the inputs, the variants, the state, where
    results go, the flow groups, the drawn deaths and the succession policy."""

    inp: Inputs
    batch: _Batch
    st: _State
    out: _Out
    groups: list
    deaths: list
    d: np.ndarray
    policy: SuccessionPolicy
    lo: int


def _step(ch: _Chunk, t: int, g: np.ndarray, block: np.ndarray | None, alive: np.ndarray
          ) -> None:
    """One year of every path of the chunk: flows, growth, goals, deaths."""
    inp, st = ch.inp, ch.st
    trace = inp.config.trace
    common = _year_common(inp, g)
    n = st.L.shape[1]
    anyone = alive[list(inp.family)].any(axis=0) if inp.family else np.zeros(n, dtype=bool)
    net = _year_net(ch, t, alive, anyone, trace)
    net = _grow_holdings(inp, st, common, net, trace)
    if block is None:
        _grow_liquid_yearly(inp, ch.batch, st, common, g, net, trace)
    else:
        _grow_liquid_monthly(inp, ch.batch, st, block, net, trace)
    _pay_goals(ch, t, alive, anyone, trace)
    # -- deaths at the end of the year
    dying = []
    for j, (order, bounds) in enumerate(ch.deaths):
        a, b = bounds[t], bounds[t + 1]
        if a != b:
            dying.append((j, order[a:b]))
    if dying:
        _deaths(inp, t, dying, st, ch.out, ch.d, ch.policy, ch.lo, trace, common["infl"])
    st.I = st.I * common["infl"]
    if common["fx"] is not None:
        st.X = st.X * common["fx"]


def _year_net(ch: _Chunk, t: int, alive: np.ndarray, anyone: np.ndarray, trace: bool
              ) -> np.ndarray:
    """The flows of the year (paid at its end; monthly: spread evenly), on start-of-year
    values, with each variant's extra spending."""
    inp, batch, st = ch.inp, ch.batch, ch.st
    led = st.ledger
    base, inc, spend = _flows(inp, t, ch.groups, st, alive, anyone, trace)
    if batch.has_extra:
        xi = st.I * anyone
        net = base - batch.extra[:, None] * xi  # extra spending in today's money
        if trace:
            led["spending"] += np.maximum(batch.extra, 0)[:, None] * xi
            led["income"] += np.maximum(-batch.extra, 0)[:, None] * xi
    else:
        net = np.broadcast_to(base, st.L.shape)
    if trace:
        led["income"] += inc
        led["spending"] += spend
    return net


def _grow_holdings(inp: Inputs, st: _State, common: dict, net: np.ndarray, trace: bool
                   ) -> np.ndarray:
    """Company stakes (their dividends join ``net``, returned), illiquid holdings and policy
    values grow by the year's moves."""
    led = st.ledger
    if st.V.shape[1]:
        div = (st.H * st.G) @ inp.comp_div0  # dividends by look-through share, (nv, n)
        net = net + div
        if trace:
            led["income"] += div
            before = _rowsum(st.H * st.V)
        st.V *= common["comp"]
        st.G *= common["comp"]
        if trace:
            led["returns"] += _rowsum(st.H * st.V) - before
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
    return net


def _grow_liquid_yearly(inp: Inputs, batch: _Batch, st: _State, common: dict, g: np.ndarray,
                        net: np.ndarray, trace: bool) -> None:
    """The liquid portfolio grows by the year's return (debt at the borrowing rate), then takes
    the year's net flow."""
    L = st.L
    gp = batch.W @ g[:inp.n_classes]  # (nv, n)
    if common["binv"] is not None:
        gp *= common["binv"]
    if batch.overlay is not None:
        gp += batch.overlay @ (common["fx"].T - 1.0)
    if trace:
        l0 = L.copy()
    if L.min() < 0.0:
        gp = np.where(L > 0.0, gp, inp.borrow_gross)
    L *= gp
    if trace:
        st.ledger["returns"] += L - l0
    L += net


def _grow_liquid_monthly(inp: Inputs, batch: _Batch, st: _State, block: np.ndarray,
                         net: np.ndarray, trace: bool) -> None:
    """As :func:`_grow_liquid_yearly`, month by month with a twelfth of the flow each month."""
    L = st.L
    nc = inp.n_classes
    n = L.shape[1]
    gpm = (batch.W @ block[:nc].reshape(nc, -1)).reshape(batch.n, 12, n)
    if inp.base_fx_col >= 0:
        gpm /= block[inp.base_fx_col]
    if batch.overlay is not None:
        for k, col in enumerate(inp.cur_cols):
            move = block[col] if col >= 0 else np.ones(block.shape[1:])
            if inp.base_fx_col >= 0:
                move = move / block[inp.base_fx_col]
            gpm += batch.overlay[:, k, None, None] * (move - 1.0)
    step_net = net / 12.0
    bg = inp.borrow_gross ** (1.0 / 12.0)
    for m in range(12):
        if trace:
            l0 = L.copy()
        gm = gpm[:, m]
        if L.min() < 0.0:
            gm = np.where(L > 0.0, gm, bg)
        L *= gm
        if trace:
            st.ledger["returns"] += L - l0
        L += step_net


def _pay_goals(ch: _Chunk, t: int, alive: np.ndarray, anyone: np.ndarray, trace: bool) -> None:
    """Goals, essential first; a shortfall of essentials is met by selling company stakes."""
    inp, batch, st, out, lo = ch.inp, ch.batch, ch.st, ch.out, ch.lo
    L = st.L
    n = L.shape[1]
    sold_checked = False
    for k, gl in enumerate(inp.goals):
        if gl.priority != "essential" and not sold_checked:
            _sell_business(st, out, lo, trace)
            sold_checked = True
        a = gl.det[t]
        if a == 0.0:
            continue
        amt = st.I * a if gl.infl else np.full(n, a)
        if gl.cur >= 0:
            amt *= st.X[:, gl.cur]
        live = alive[gl.beneficiary] if gl.beneficiary >= 0 else anyone
        amt *= live
        if batch.scaled:
            amt = amt * batch.scale
        ok = amt <= L
        if live is not None:
            ok |= ~live
        if gl.priority != "essential":
            amt = amt * ok
        out.met[:, k, lo:lo + n] &= ok
        L -= amt
        if trace:
            st.ledger["goals"] += amt
    if not sold_checked:
        _sell_business(st, out, lo, trace)


def _sell_business(st: _State, out: _Out, lo: int, trace: bool) -> None:
    L = st.L
    if L.min() >= 0.0 or not st.V.shape[1]:
        return
    need = L < 0.0
    need &= ~st.sold_out  # paths with no stake left have nothing to sell
    if not need.any():
        return
    vi, pi = np.nonzero(need)
    owned = _rowsum(st.H[vi, pi] * st.V[pi])
    sold = np.minimum(-L[vi, pi], owned)
    keep = 1.0 - np.divide(sold, owned, out=np.zeros_like(sold), where=owned > 0)
    st.H[vi, pi] *= keep[:, None]  # the owners' split S of what is left is unchanged
    L[vi, pi] += sold
    hit = sold > 0.005  # more than rounding: a real sale
    out.sale[vi[hit], lo + pi[hit]] = True
    gone = (keep <= 1e-12) | (owned <= 0.0)
    st.sold_out[vi[gone], pi[gone]] = True
