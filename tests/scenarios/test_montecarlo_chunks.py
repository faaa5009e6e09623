"""Monte Carlo succession in several chunks: the policy's per-path records land on the global
paths (``DeathEvent.path_offset``), so chunked and single-chunk runs are equally exact.

The chunk size is an input of the plan (each chunk draws from its own spawned stream), so a run
in three chunks is not the same sample as a run in one; what must hold for both is that each
path's recorded estate taxes are exactly the taxes the planner took from that path, and that a
chunk's records do not depend on how many chunks follow it."""

from __future__ import annotations

import numpy as np
import pytest

from household import demo
from planner import PlanConfig, run_plan
from scenarios.montecarlo import RulesPolicy, monte_carlo_succession


def _run(demo_id: str, paths: int, chunk: int, seed: int = 5):
    # nominal: compared with the planner's per-path ledger, which is nominal
    cfg = PlanConfig(paths=paths, years=35, seed=seed, chunk=chunk, trace=True, real=False)
    return monte_carlo_succession(demo(demo_id), None, cfg)


@pytest.mark.parametrize("demo_id", ["demo-tw-lin", "demo-cn-chen"])
@pytest.mark.parametrize("chunk", [240, 80, 70])
def test_recorded_taxes_are_the_planners_taxes_path_by_path(demo_id, chunk):
    hh = demo(demo_id)
    policy = RulesPolicy()
    plan = run_plan(hh, None, PlanConfig(paths=240, years=35, seed=5, chunk=chunk, trace=True),
                    succession=policy)
    ledger = plan.ledger["taxes"]
    assert ledger.shape == (240,)
    assert ledger.sum() > 0  # someone died with something to tax or cost in these paths
    assert policy.tax_all is not None and len(policy.tax_all) <= 240
    recorded = np.zeros(240)
    recorded[:len(policy.tax_all)] = policy.tax_all
    np.testing.assert_allclose(recorded, ledger, rtol=1e-9, atol=1e-6)
    mc = monte_carlo_succession(hh, None, PlanConfig(paths=240, years=35, seed=5, chunk=chunk,
                                                     trace=True, real=False))
    assert mc.expected_tax_all == pytest.approx(ledger.mean(), rel=1e-9)


def test_a_chunks_records_do_not_depend_on_the_chunks_after_it():
    one = _run("demo-tw-lin", 80, 80)
    three = _run("demo-tw-lin", 240, 80)
    a, b = one.plan.ledger["taxes"], three.plan.ledger["taxes"][:80]
    np.testing.assert_array_equal(a, b)
    assert three.paths == 240 and three.plan.paths == 240
    # the summary of the 3-chunk run covers all 240 paths, not only the last chunk's
    assert three.expected_tax_all == pytest.approx(three.plan.ledger["taxes"].mean(), rel=1e-9)
