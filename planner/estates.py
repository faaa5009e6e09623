"""What happens at the simulated deaths of a year: insurance payouts, the household's wealth at
each principal's death, and succession of every estate through the succession policy.

Deaths of one year are handled together: one policy call per deceased (once for all variants when
the policy is ``value_free``), one set of array updates for all paths and variants.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .arrays import _rowsum
from .inputs import Inputs
from .succession import DeathEvent, SuccessionPolicy

if TYPE_CHECKING:
    from .engine import _Out, _State


def _deaths(inp: Inputs, t: int, dying: list[tuple[int, np.ndarray]], st: _State,
            out: _Out, d: np.ndarray, policy: SuccessionPolicy, lo: int, trace: bool,
            infl: np.ndarray) -> None:
    """Insurance payouts, wealth at the principals' deaths, then succession of every estate of
    the year, batched: one policy call per deceased, one set of state updates for all."""
    L = st.L
    for j, idx in dying:
        for k, ins in enumerate(inp.pol_insured):
            if ins == j:
                lost = st.pol[idx, k]
                L[:, idx] += inp.pol_sum[k]
                st.pol[idx, k] = 0.0
                if trace:
                    st.ledger["income"][:, idx] += inp.pol_sum[k] - lost
        if j in inp.principals:
            p = inp.principals.index(j)
            tot = st.total_now(inp, t + 1, idx)
            out.at_death[:, p, lo + idx] = tot
            out.at_death_real[:, p, lo + idx] = tot / (st.I[idx] * infl[idx])
    dying = [(j, idx) for j, idx in dying if j in st.may_own]
    if not dying:
        return
    index = st.I * infl  # price index at the end of the year: today's money = nominal / index
    if len(dying) == 1:
        _succession(inp, t, dying[0][1], np.full(len(dying[0][1]), dying[0][0]), st, d,
                    policy, trace, lo, index)
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
            _succession(inp, t, rows[first], who[first], st, d, policy, trace, lo, index)
            rows, who = rows[later], who[later]
        else:
            _succession(inp, t, rows, who, st, d, policy, trace, lo, index)
            break


def _succession(inp: Inputs, t: int, rows: np.ndarray, who: np.ndarray, st: _State,
                d: np.ndarray, policy: SuccessionPolicy, trace: bool, lo: int = 0,
                index: np.ndarray | None = None) -> None:
    """Estates of the people ``who`` dying in paths ``rows`` (distinct, chunk-local; the chunk
    starts at global path ``lo``), in every variant.

    A policy that declares ``value_free`` (its outcome depends on who is alive, not on amounts)
    is called once for all variants; otherwise once per variant's rows (flattened,
    variant-major)."""
    nv = st.nv
    has_biz = st.V.shape[1] > 0
    ar = np.arange(len(rows))
    f = st.F[:, rows, who]                      # (nF, m)
    if has_biz:
        Sj = st.S[:, rows, who]                 # (nS, m, c): the deceased's part of each stake
        bz = np.take(st.H, rows, axis=1) * Sj * st.V[rows]    # (nv, m, c)
        holds = Sj.any(axis=(0, 2))
        owns = (f != 0.0).any(axis=0) | holds
    else:
        bz = np.zeros((nv, len(rows), 0))
        owns = (f != 0.0).any(axis=0)
    if not owns.all():  # owned nothing in these paths: nothing to pass on
        rows, who, f, bz = rows[owns], who[owns], f[:, owns], bz[:, owns]
        if has_biz:
            Sj, holds = Sj[:, owns], holds[owns]
        if not rows.size:
            return
        ar = np.arange(len(rows))
    m = len(rows)
    Lr = np.take(st.L, rows, axis=1)
    pool = Lr + _rowsum(st.IL[rows]) if st.IL.shape[1] else Lr.copy()   # (nv, m)
    biz_total = _rowsum(bz)
    estate = f * pool + biz_total
    liquid = f * Lr
    alive = d[rows] > t
    value_free = bool(getattr(policy, "value_free", False))
    k = 1 if value_free else nv
    tax = np.zeros((k, m))
    shares = np.zeros((k, m, len(inp.owners)))
    ef, lf = np.broadcast_to(estate, (nv, m))[:k], np.broadcast_to(liquid, (nv, m))[:k]
    cuts = np.flatnonzero(who[1:] != who[:-1]) + 1  # rows come grouped by person
    for s0, s1 in zip([0, *cuts.tolist()], [*cuts.tolist(), m], strict=True):
        j, sel = int(who[s0]), slice(s0, s1)
        n_sel = s1 - s0
        res = policy(DeathEvent(
            household=inp.hh, deceased=inp.people[j], year=inp.start_year + t, year_index=t,
            paths=rows[sel] if k == 1 else np.tile(rows[sel], k), owners=inp.owners,
            companies=inp.comp_ids, estate=ef[:, sel].reshape(-1),
            liquid=lf[:, sel].reshape(-1), business=bz[:k, sel].reshape(k * n_sel, -1),
            alive=alive[sel] if k == 1 else np.tile(alive[sel], (k, 1)), path_offset=lo,
            index=None if index is None else np.tile(index[rows[sel]], k)))
        tax[:, sel] = np.asarray(res.tax, dtype=np.float64).reshape(k, n_sel)
        shares[:, sel] = np.asarray(res.shares, dtype=np.float64).reshape(k, n_sel, -1)
    st.may_own.update(np.flatnonzero(shares.any(axis=(0, 1))).tolist())
    if k > 1 and not (shares == shares[:1]).all():
        st.split("S")  # heirs differ between variants from now on
    if tax.any() or (k > 1 and not (shares == shares[:1]).all()):
        st.split("F")  # pool fractions now depend on each variant's amounts
    leak = 1.0 - shares @ np.ones(shares.shape[2])                      # (k, m)
    net_part = f * pool - tax  # taxes and costs are paid out of the deceased's part of the pool
    leak_pool = leak * net_part                                          # (nv, m)
    st.L[:, rows] = Lr - tax - leak_pool
    if st.F.shape[0] == 1 and st.nv > 1:
        # tax is zero and outcomes are shared: F' = (F + shares f - f e_j) / (1 - leak f)
        Fr = np.take(st.F, rows, axis=1)
        fj = f[:1]
        Fr += shares[:1] * fj[:, :, None]
        Fr[:, ar, who] = 0.0
        den = 1.0 - leak[:1] * fj
        ok = den > 1e-12
        Fr[ok] /= den[ok][:, None]
        st.F[:, rows] = Fr
    else:
        Fr = np.take(st.F, rows, axis=1) * pool[:, :, None]
        Fr[:, ar, who] = 0.0
        Fr += shares * net_part[:, :, None]
        new_pool = pool - tax - leak_pool
        ok = np.abs(new_pool) > 1e-9
        if ok.all():
            Fr /= new_pool[:, :, None]
            st.F[:, rows] = Fr
        else:  # nothing left in the pool: keep the old fractions there
            Fr[ok] /= new_pool[ok][:, None]
            keep = np.take(st.F, rows, axis=1)
            keep[ok] = Fr[ok]
            st.F[:, rows] = keep
    if has_biz and holds.any():
        # only rows where the deceased held company stakes change them
        hi = np.flatnonzero(holds)
        sub, w = rows[hi], who[hi]
        Sjh = np.take(Sj, hi, axis=1)                      # (nS, h, c)
        lk = np.take(leak, hi, axis=1)                     # (k, h)
        if st.S.shape[0] == 1:
            lk = lk[:1]
        # Only the heirs' entries and the deceased's change (a few owners per row): updating
        # them in place keeps a death O(heirs x companies), not O(owners x companies), which
        # made households of hundreds of people quadratic. Same arithmetic per entry.
        sh = shares[:st.S.shape[0], hi]                    # (nS or 1, h, o)
        ii, qq = np.nonzero(sh.any(axis=0))                # (row, heir) pairs, distinct
        if ii.size:
            st.add_stakers(qq)
            pr = sub[ii]
            cur = st.S[:, pr, qq]                          # (nS, pairs, c)
            cur += sh[:, ii, qq, None] * Sjh[:, ii, :]
            st.S[:, pr, qq] = cur
        st.S[:, sub, w] = 0.0
        if lk.any():  # part of the stake leaves the family: rescale the split, cut H
            lr = np.flatnonzero(lk.any(axis=0))            # rows where something leaves
            den = 1.0 - lk[:, lr, None] * Sjh[:, lr]       # what stays in the family
            # owners who never held a stake have zeros there: only the others are rescaled
            sel = (sub[lr][:, None], st.stakers[None, :])
            Sr = st.S[:, sel[0], sel[1]]                   # (nS, l, stakers, c)
            if (den > 1e-12).all():
                Sr /= den[:, :, None, :]
            else:
                np.divide(Sr, den[:, :, None, :], out=Sr, where=den[:, :, None, :] > 1e-12)
            st.S[:, sel[0], sel[1]] = Sr
            st.H[:, sub] *= 1.0 - leak[:, hi, None] * Sjh
    if trace:
        st.ledger["taxes"][:, rows] += tax
        st.ledger["leakage"][:, rows] += leak_pool + leak * biz_total
