"""The household's plan under its real law (`scenarios.plan_household`, `recommend_household`,
`kinfolio plan`): the rules are applied and named, never the provisional equal split."""

from __future__ import annotations

import json

import numpy as np

from assets import assumptions_for
from cli import main
from household import demo, demo_path
from planner import (
    EqualSplit,
    PlanConfig,
    Variant,
    current_allocation,
    recommend,
    run_plan,
    run_variants,
)
from scenarios import household_policy, plan_household, recommend_household

CFG = PlanConfig(paths=200, seed=5, years=35)


def test_plan_household_applies_and_names_the_rules():
    hh = demo("demo-tw-lin")
    res = plan_household(hh, None, CFG)
    assert res.succession_provisional is False
    doc = res.to_json()
    assert doc["succession_provisional"] is False
    label = doc["succession"]
    assert "TW (Taiwan" in label and "Estate and Gift Tax Act" in label
    assert "US (United States" in label  # two children are domiciled in the US
    assert "provisional" not in label


def test_the_rules_take_estate_tax_the_equal_split_takes_none():
    hh = demo("demo-tw-lin")
    cfg = PlanConfig(paths=200, seed=5, years=35, trace=True)
    rules = plan_household(hh, None, cfg).ledger["taxes"]
    equal = run_plan(hh, None, cfg).ledger["taxes"]
    assert equal.sum() == 0.0
    assert rules.sum() > 0.0 and (rules >= 0).all()


class _Counting:
    label = "counting equal split"
    provisional = True
    value_free = True

    def __init__(self):
        self.calls = 0
        self._inner = EqualSplit()

    def __call__(self, event):
        self.calls += 1
        return self._inner(event)


def test_recommend_takes_a_succession_policy():
    hh = demo("demo-cn-chen")
    cfg = PlanConfig(paths=150, seed=3)
    pol = _Counting()
    with_policy = recommend(hh, None, cfg, 4, succession=pol)
    default = recommend(hh, None, cfg, 4)
    assert pol.calls > 0
    assert with_policy.recommended.weights == default.recommended.weights
    assert with_policy.current.success == default.current.success


def test_recommend_household_evaluates_candidates_under_the_rules():
    hh = demo("demo-tw-lin")
    cfg = PlanConfig(paths=150, seed=3)
    rec = recommend_household(hh, None, cfg, 4)
    a = assumptions_for(hh.base_currency)  # what recommend_household uses by default
    cur = run_variants(hh, a, cfg, [Variant("current", current_allocation(hh))],
                       succession=household_policy(hh))[0]
    assert rec.current.success == cur.success_all_essential
    assert rec.recommended.suitable


def test_cli_plan_is_plan_household(capsys):
    path = str(demo_path("demo-tw-lin"))
    assert main(["plan", path, "--paths", "200", "--seed", "5", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    ref = json.loads(plan_household(demo("demo-tw-lin"), None,
                                    PlanConfig(paths=200, seed=5)).json_text())
    assert doc["success"] == ref["success"] and doc["wealth"] == ref["wealth"]
    assert doc["succession_provisional"] is False and "TW (Taiwan" in doc["succession"]
    assert main(["plan", path, "--paths", "200", "--seed", "5"]) == 0
    text = capsys.readouterr().out
    assert "Succession at each simulated death: succession rules of" in text
    assert "not yet applied" not in text
    assert main(["plan", path, "--paths", "200", "--seed", "5", "--lang", "zh-Hant"]) == 0
    assert "各模擬身故時的傳承規則" in capsys.readouterr().out


def test_same_seed_same_plan():
    hh = demo("demo-hksg-wong")
    a, b = plan_household(hh, None, CFG), plan_household(hh, None, CFG)
    assert a.to_json() == b.to_json()
    assert np.isfinite(a.success_all_essential)
