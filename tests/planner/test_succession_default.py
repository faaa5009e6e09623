"""The provisional default succession policy and the protocol."""

from __future__ import annotations

import numpy as np

from household import demo
from planner import DeathEvent, EqualSplit, PlanConfig, SuccessionPolicy, run_plan


def _event(hh, deceased, alive_ids):
    owners = tuple(p.id for p in hh.people) + tuple(t.id for t in hh.trusts)
    alive = np.array([[p.id in alive_ids for p in hh.people]])
    return DeathEvent(hh, deceased, 2030, 4, np.array([0]), owners,
                      tuple(c.id for c in hh.companies), np.array([100.0]), np.array([50.0]),
                      np.zeros((1, len(hh.companies))), alive)


def test_equal_split_among_surviving_spouse_and_children():
    hh = demo("demo-cn-chen")
    pol = EqualSplit()
    assert isinstance(pol, SuccessionPolicy) and pol.provisional
    ids = [p.id for p in hh.people]
    out = pol(_event(hh, "chen_jianguo", {"wang_meiling", "chen_wei", "chen_xin", "li_shufen"}))
    share = dict(zip(ids, out.shares[0][: len(ids)], strict=True))
    assert share["wang_meiling"] == share["chen_wei"] == share["chen_xin"] == 1 / 3
    assert share["li_shufen"] == 0 and out.tax[0] == 0
    # no spouse or children alive: the parents; nobody: it leaves the household
    out = pol(_event(hh, "chen_jianguo", {"li_shufen"}))
    assert out.shares[0][ids.index("li_shufen")] == 1.0
    out = pol(_event(hh, "chen_jianguo", set()))
    assert out.shares.sum() == 0


def test_plan_labels_the_default_as_provisional():
    res = run_plan(demo("demo-cn-chen"), None, PlanConfig(paths=20, years=3))
    assert res.succession_provisional
    assert res.to_json()["succession_provisional"] is True
    assert set(res.wealth_at_death) == {"chen_jianguo", "wang_meiling"}
