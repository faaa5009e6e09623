"""Historical stress tests on the whole household, companies and guarantees included."""

from __future__ import annotations

import pytest

from household import from_dict, to_dict
from planner import SCENARIOS, stress_tests


def test_four_scenarios_with_three_languages(demo_household):
    res = stress_tests(demo_household)
    assert [r.id for r in res] == list(SCENARIOS)
    for r in res:
        for lang in ("en", "zh-Hant", "zh-Hans"):
            assert r.name[lang] and r.description[lang]
            assert r.text(lang).startswith(r.name[lang])
        assert r.loss == pytest.approx(r.before - r.after)
        assert -r.loss == pytest.approx(sum(r.by_component.values()))
        assert r.dividends_after <= r.dividends_before


def test_gfc_hits_the_business_hardest(cn_demo):
    gfc = {r.id: r for r in stress_tests(cn_demo)}["gfc-2008"]
    assert gfc.loss > 0
    assert gfc.by_component["business"] < gfc.by_component["liquid"] < 0
    assert gfc.dividends_after == 0.0  # dividends cut entirely
    before, after = gfc.company_values["huaxin_precision"]
    assert after < before


def test_guarantee_called_when_company_worth_less_than_its_debt(cn_demo):
    doc = to_dict(cn_demo)
    for c in doc["companies"]:
        if c["id"] == "huaxin_precision":
            c["equity_value"] = 90_000_000  # debt is 100M; a GFC markdown takes it below
    hh = from_dict(doc)
    gfc = {r.id: r for r in stress_tests(hh)}["gfc-2008"]
    assert set(gfc.guarantees_called) == {"huaxin_term_loan", "huaxin_wc_line"}
    value = gfc.company_values["huaxin_precision"][1]
    assert sum(gfc.guarantees_called.values()) == pytest.approx(100_000_000 - value)
    assert gfc.by_component["guarantees"] < 0
