"""Per path: start + returns + income - spending - goals - taxes (- estates leaving) = end."""

from __future__ import annotations

import numpy as np
import pytest

from household import summary
from planner import DeathEvent, PlanConfig, SuccessionOutcome, run_plan


def _check(ledger):
    lhs = (ledger["start"] + ledger["returns"] + ledger["income"] - ledger["spending"]
           - ledger["goals"] - ledger["taxes"] - ledger["leakage"])
    scale = np.maximum(np.abs(ledger["end"]), 1.0)
    assert np.all(np.abs(lhs - ledger["end"]) <= 1e-9 * scale + 1e-3)


@pytest.mark.parametrize("monthly", [False, True])
def test_identity_on_every_path(demo_household, monthly):
    res = run_plan(demo_household, None, PlanConfig(paths=150, seed=5, years=40, trace=True,
                                                    monthly=monthly, chunk=64))
    _check(res.ledger)
    assert np.any(res.ledger["income"] > 0) and np.any(res.ledger["spending"] > 0)


class TaxHalfToSpouse:
    """A policy with a 10% estate tax that sends 30% of the rest outside the family."""

    label = "test policy"
    provisional = False

    def __init__(self):
        self.calls = 0

    def __call__(self, event: DeathEvent) -> SuccessionOutcome:
        self.calls += 1
        m = len(event.paths)
        assert event.estate.shape == (m,) and event.alive.shape[0] == m
        assert event.business.shape == (m, len(event.companies))
        assert not event.alive[:, event.household.people.index(
            event.household.person(event.deceased))].any()
        shares = np.zeros((m, len(event.owners)))
        heirs = [i for i, p in enumerate(event.household.people) if p.id != event.deceased]
        shares[:, heirs] = 0.7 / len(heirs)
        return SuccessionOutcome(0.1 * np.maximum(event.estate, 0.0), shares)


def test_identity_with_taxes_and_estates_leaving(cn_demo):
    policy = TaxHalfToSpouse()
    res = run_plan(cn_demo, None, PlanConfig(paths=200, seed=9, years=40, trace=True), policy)
    assert policy.calls > 0
    assert res.ledger["taxes"].sum() > 0 and res.ledger["leakage"].sum() > 0
    assert res.succession == "test policy" and not res.succession_provisional
    _check(res.ledger)


def test_start_wealth_is_the_balance_sheet_net_worth(demo_household):
    res = run_plan(demo_household, None, PlanConfig(paths=10, years=2))
    assert res.start_wealth == pytest.approx(summary(demo_household)["net_worth"], abs=0.01)


def test_yearly_flows_are_the_traced_ledger_deflated_path_by_path():
    """Over one year the per-year mean in today's money is exactly the traced ledger's per-path
    total divided by that path's price index; over ten years every year has its part."""
    from assets import assumptions_for
    from household import demo
    from planner.engine import VariantIn, simulate
    from planner.inputs import compile_inputs

    hh = demo("demo-tw-lin")
    for years in (1, 10):
        inp = compile_inputs(hh, assumptions_for(hh.base_currency),
                             PlanConfig(paths=300, seed=3, trace=True, years=years))
        outs, index = simulate(inp, [VariantIn("x", inp.weights, overlay=inp.fx_overlay)],
                               keep_wealth=True)
        out = outs[0]
        for k in ("returns", "income", "spending", "goals", "taxes", "leakage"):
            assert out.yearly_real[k].shape == (years,)
            if years == 1:
                assert out.yearly_real[k][0] == pytest.approx(
                    float(np.mean(out.ledger[k] / index[1])), rel=1e-12, abs=1e-6)
        if years == 10:
            assert np.all(out.yearly_real["income"] > 0)
            assert np.all(out.yearly_real["spending"] > 0)
