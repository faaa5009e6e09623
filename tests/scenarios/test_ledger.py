"""One ledger per death (issue 10 item 9): the property in the deceased's name = the survivor's
marital share + debts + estate, the estate = heirs + tax + costs, what passes outside the estate
beside it and never counted twice, and the deceased's net worth as the household page shows it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from household import DEMO_IDS, demo
from household.balance import balance_sheet
from scenarios import compare, death_today, principal, suggest_scenarios
from scenarios.rules import JURISDICTION_CODES

from .strategies import families

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _check(hh, res) -> None:
    led = res.ledger()
    tol = dict(rel=1e-9, abs=0.01)
    assert led.property_in_name + led.debts_unpaid == pytest.approx(
        led.marital_share + led.debts + led.estate, **tol)
    assert led.estate == pytest.approx(led.heirs + led.tax + led.costs, **tol)
    assert led.debts_unpaid >= 0 and led.property_in_name >= 0 and led.debts >= 0
    bs = balance_sheet(hh)
    # the household page's net worth of the deceased is the ledger's
    assert led.net_worth == pytest.approx(bs.entities[res.deceased].net_worth, **tol)
    # trust assets are shown beside the estate once, at their balance-sheet value (less the cash
    # value of a trust's policy on the deceased's life, which pays out instead), never also in
    # the deceased's property
    trusts = sum(bs.entities[t.id].net_worth for t in hh.trusts) - sum(
        hh.to_base(pol.cash_value, pol.currency) for pol in hh.policies
        if pol.insured == res.deceased and pol.policyholder in {t.id for t in hh.trusts})
    assert led.outside_trusts == pytest.approx(trusts, **tol)
    assert not any(lot.owner in {t.id for t in hh.trusts} for lot in res.lots)
    doc = res.to_json()["ledger"]
    assert doc["estate"] == round(res.estate, 2) and doc["tax"] == round(res.tax, 2)


@pytest.mark.parametrize("code", JURISDICTION_CODES)
@SETTINGS
@given(data=st.data())
def test_ledger_identity_on_generated_households(code, data):
    hh = data.draw(families(jurisdictions=(code,)))
    who = data.draw(st.sampled_from([p.id for p in hh.people if p.alive]))
    _check(hh, death_today(hh, who))


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_ledger_identity_on_every_demo_death_and_scenario(demo_id):
    hh = demo(demo_id)
    for p in hh.people:
        if p.alive:
            _check(hh, death_today(hh, p.id))
    pid = principal(hh)
    comp = compare(hh, suggest_scenarios(hh, pid)[:4], pid)
    for o in comp.outcomes:
        led = o.result.ledger()
        assert led.estate == pytest.approx(led.heirs + led.tax + led.costs, abs=0.01)
        assert led.property_in_name + led.debts_unpaid == pytest.approx(
            led.marital_share + led.debts + led.estate, abs=0.01)
