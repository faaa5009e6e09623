"""Same inputs and seed: identical output, byte for byte; another seed: different numbers."""

from __future__ import annotations

from planner import PlanConfig, run_plan


def test_same_seed_same_bytes(demo_household):
    cfg = PlanConfig(paths=300, seed=11, years=15)
    a = run_plan(demo_household, None, cfg).json_text()
    b = run_plan(demo_household, None, cfg).json_text()
    assert a == b


def test_different_seed_differs(cn_demo):
    a = run_plan(cn_demo, None, PlanConfig(paths=300, seed=1, years=15)).to_json()
    b = run_plan(cn_demo, None, PlanConfig(paths=300, seed=2, years=15)).to_json()
    assert a["seed"] == 1 and b["seed"] == 2
    assert a["wealth"]["p50"] != b["wealth"]["p50"]


def test_seed_is_recorded(cn_demo):
    res = run_plan(cn_demo, None, PlanConfig(paths=50, seed=424242, years=3))
    assert res.seed == 424242
    assert res.to_json()["seed"] == 424242
    assert res.config["seed"] == 424242
