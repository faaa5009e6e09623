"""Wealth percentiles are ordered p5 <= p25 <= p50 <= p75 <= p95 every year."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from planner import PlanConfig, run_plan
from planner.result import PCT_KEYS, percentiles


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 40)),
              elements=st.floats(-1e12, 1e12, allow_nan=False)))
def test_percentiles_ordered(a):
    q = percentiles(a)
    for lo, hi in itertools.pairwise(PCT_KEYS):
        assert all(x <= y for x, y in zip(q[lo], q[hi], strict=True))


@settings(max_examples=5, deadline=None)
@given(st.integers(0, 2**31))
def test_plan_percentiles_ordered(seed):
    from household import demo

    res = run_plan(demo("demo-cn-chen"), None, PlanConfig(paths=64, seed=seed, years=12))
    for kind in ("total", "liquid"):
        for basis in ("real", "nominal"):
            w = res.wealth[kind][basis]
            for lo, hi in itertools.pairwise(PCT_KEYS):
                assert all(x <= y for x, y in zip(w[lo], w[hi], strict=True))
            assert all(len(v) == len(res.years) for v in w.values())
