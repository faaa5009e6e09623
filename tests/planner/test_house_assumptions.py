"""Each household is planned with its own currency's house set and offered its own market's
products: the CLI, ``run_plan`` and ``recommend``."""

from __future__ import annotations

import pytest

from assets import assumptions_for, load_assumptions, product_shelf
from cli import main
from household import DEMO_IDS, demo, demo_path
from planner import PlanConfig, recommend, run_plan

OWN = {"demo-cn-chen": "house-cny-2026", "demo-tw-lin": "house-twd-2026",
       "demo-hksg-wong": "house-hkd-2026"}


@pytest.mark.parametrize("hid", ["demo-tw-lin", "demo-hksg-wong"])
def test_cli_plan_names_the_households_set(capsys, hid):
    assert main(["plan", str(demo_path(hid)), "--paths", "100", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert OWN[hid] in out and "house-cny-2026" not in out


def test_cli_plan_cma_overrides(capsys):
    assert main(["plan", str(demo_path("demo-tw-lin")), "--paths", "100", "--seed", "2",
                 "--cma", "house-usd-2026"]) == 0
    assert "house-usd-2026" in capsys.readouterr().out


@pytest.mark.parametrize("hid", DEMO_IDS)
def test_run_plan_defaults_to_the_households_set(hid):
    hh = demo(hid)
    res = run_plan(hh, None, PlanConfig(paths=100, seed=3))
    assert res.assumptions == OWN[hid] == assumptions_for(hh.base_currency).id
    same = run_plan(hh, load_assumptions(OWN[hid]), PlanConfig(paths=100, seed=3))
    assert same.success_all_essential == res.success_all_essential


@pytest.mark.parametrize("hid", DEMO_IDS)
def test_recommended_products_are_on_the_households_shelf(hid):
    hh = demo(hid)
    rec = recommend(hh, None, PlanConfig(paths=150, seed=4, risk_level="C5"), n_points=4)
    own = {p.id: p for p in product_shelf(hh.base_currency)}
    named = [pid for ids in rec.products.values() for pid in ids]
    assert named, "a recommendation names products"
    for cls, ids in rec.products.items():
        for pid in ids:
            assert pid in own and own[pid].asset_class == cls
            assert hh.base_currency in own[pid].markets
    if hh.base_currency != "CNY":
        assert not any(own[pid].currency == "CNY" and own[pid].asset_class != "cn_equity"
                       for pid in named)



def test_a_currency_without_a_house_set_is_planned_with_a_noted_fallback():
    from cli.plan import report
    from household import from_dict, to_dict

    d = to_dict(demo("demo-hksg-wong"))
    hkd_per_sgd = d["fx"]["SGD"]
    d["base_currency"] = "SGD"
    d["fx"] = {"HKD": 1 / hkd_per_sgd, "USD": d["fx"]["USD"] / hkd_per_sgd}
    hh = from_dict(d)
    res = run_plan(hh, None, PlanConfig(paths=100, seed=5))
    assert res.assumptions == "house-usd-2026"
    assert "No house assumption set in SGD" in res.assumptions_note
    assert res.to_json()["assumptions_note"] == res.assumptions_note
    assert res.assumptions_note in report(res, hh)
    own = run_plan(demo("demo-hksg-wong"), None, PlanConfig(paths=100, seed=5))
    assert own.assumptions_note == "" and "assumptions_note" not in own.to_json()
