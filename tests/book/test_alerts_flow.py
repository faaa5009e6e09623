"""Pieces of the statistical detectors (book.alerts_flow) against plain loops."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from book.alerts_flow import burst_starts

_withdrawals = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 40),
                                  st.integers(1, 30_000)), min_size=1, max_size=60)


def _first_bursts_by_loop(rows, rate, need, days, need_total, first_day):
    """The first burst of each account, one withdrawal at a time (as the detector was first
    written: a window of ``days`` days from each withdrawal)."""
    out = []
    for acc in sorted({r[0] for r in rows}):
        mine = [(i, r) for i, r in enumerate(rows) if r[0] == acc]
        for k, (i, (_, d, _)) in enumerate(mine):
            inside = [r for _, r in mine[k:] if r[1] <= d + days - 1]
            n, tot = len(inside), sum(r[2] for r in inside) / 100
            if n >= need[i] and tot * rate[i] >= need_total and d >= first_day:
                out.append((i, i + n, n, tot))
                break
    return out


@settings(max_examples=150, deadline=None)
@given(rows=_withdrawals, days=st.integers(1, 10), need_n=st.integers(1, 5),
       need_total=st.sampled_from([0.0, 1.0, 5.0, 40.0]), first_day=st.integers(0, 20))
def test_burst_starts_are_each_accounts_first_burst(rows, days, need_n, need_total, first_day):
    rows = sorted(rows)
    acc = np.array([r[0] for r in rows])
    day = np.array([r[1] for r in rows], dtype=np.int64)
    # amounts in whole ten-thousandths: cents * 100
    amq = np.array([r[2] * 100 for r in rows], dtype=np.int64)
    rate = np.where(acc % 2 == 0, 1.0, 7.0)
    need = np.where(acc == 1, need_n + 1, need_n).astype(float)
    got = burst_starts(acc, day, amq, rate, need, days, need_total, first_day)
    want = _first_bursts_by_loop(rows, rate, need, days, need_total, first_day)
    assert [tuple(x) for x in zip(*(a.tolist() for a in got), strict=True)] == want


def test_no_burst_without_enough_withdrawals():
    acc = np.zeros(3, dtype=np.int64)
    day = np.array([0, 1, 9], dtype=np.int64)
    rows, ends, n, tot = burst_starts(acc, day, np.full(3, 10**8), np.ones(3), np.full(3, 3.0),
                                      5, 0.0, 0)
    assert rows.size == ends.size == n.size == tot.size == 0
    rows, ends, n, tot = burst_starts(acc, day, np.full(3, 10**8), np.ones(3), np.full(3, 3.0),
                                      10, 0.0, 0)
    assert rows.tolist() == [0] and ends.tolist() == [3] and n.tolist() == [3]
    assert tot.tolist() == [30_000.0]
