"""Common random numbers kept between runs: a live what-if takes the markets and deaths of the
run before on the same seed and paths (planner.engine's draw cache) and gives byte for byte what
a fresh run gives; a different seed, horizon or factor model draws its own."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from assets import assumptions_for
from household import demo
from planner import PlanConfig
from planner.engine import clear_draw_cache, draw_cache_info, draws_key
from planner.inputs import compile_inputs
from planner.whatif import WhatIf, baseline, compare
from scenarios import household_policy


def _same(a, b) -> None:
    assert a.years == b.years
    assert (a.base_probability, a.probability, a.difference, a.difference_se) == \
        (b.base_probability, b.probability, b.difference, b.difference_se)
    for k in a.bands:
        assert np.asarray(a.bands[k]).tobytes() == np.asarray(b.bands[k]).tobytes()
        assert np.asarray(a.base_bands[k]).tobytes() == np.asarray(b.base_bands[k]).tobytes()
    for k in a.table:
        assert np.asarray(a.table[k]).tobytes() == np.asarray(b.table[k]).tobytes()


@pytest.mark.parametrize("cfg", [PlanConfig(paths=300, seed=11),
                                 PlanConfig(paths=300, seed=12, chunk=128),
                                 PlanConfig(paths=120, seed=13, monthly=True, student_t=True)])
@pytest.mark.parametrize("hid", ["demo-tw-lin", "demo-hksg-wong"])
def test_reused_draws_give_byte_identical_what_ifs(hid, cfg):
    hh = demo(hid)
    moves = [WhatIf(spending_change=250_000.0), WhatIf(gift_now=1_000_000.0),
             WhatIf(retirement_age=70)]
    clear_draw_cache()
    base = baseline(hh, None, cfg, household_policy)
    reused = [compare(hh, w, None, cfg, base, household_policy) for w in moves]
    info = draw_cache_info()
    assert info["hits"] >= len(moves)  # every slider move took the baseline's draws
    fresh = []
    for w in moves:  # each from an empty cache: drawn anew
        clear_draw_cache()
        fresh.append(compare(hh, w, None, cfg, baseline(hh, None, cfg, household_policy),
                             household_policy))
    clear_draw_cache()
    for r, f in zip(reused, fresh, strict=True):
        _same(r, f)


def test_the_key_is_what_the_draws_depend_on():
    hh = demo("demo-tw-lin")
    cfg = PlanConfig(paths=200, seed=5)
    a = assumptions_for(hh.base_currency)
    k = draws_key(compile_inputs(hh, a, cfg))
    assert draws_key(compile_inputs(hh, a, replace(cfg, seed=6))) != k
    assert draws_key(compile_inputs(hh, a, replace(cfg, paths=201))) != k
    assert draws_key(compile_inputs(hh, a, replace(cfg, chunk=64))) != k
    # other cash flows draw the same markets and deaths
    changed = hh.model_copy(update={"cash_flows": hh.cash_flows[:1]})
    assert draws_key(compile_inputs(changed, a, cfg)) == k
