"""The insight rules as data (``scenarios.insights``): the app's text and the nightly run's
ranking read the same findings."""

from __future__ import annotations

import pytest

from household import DEMO_IDS, demo
from scenarios import death_today
from scenarios.insights import CATEGORIES, estate_figures, find_insights


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_findings_are_ordered_and_the_app_writes_each_of_them(demo_id):
    from ui.insight_rules import insights

    hh = demo(demo_id)
    est = estate_figures(hh)
    found = find_insights(hh, estates=est)
    assert found and all(f.category in CATEGORIES for f in found)
    weights = [f.weight for f in found]
    assert weights == sorted(weights, reverse=True)
    texts = insights(hh, "zh-Hant", estates=est)
    assert [(i.category, i.weight) for i in texts] == [(f.category, f.weight) for f in found]


def test_estate_figures_are_the_death_today_ledger():
    hh = demo("demo-tw-lin")
    est = estate_figures(hh)
    assert est
    for pid, e in est.items():
        r = death_today(hh, pid)
        assert e.tax == r.tax and e.liquid == r.liquid_assets
        assert e.cash_needed == r.cash_needed
        assert e.gap == pytest.approx(r.liquidity_gap)
    # the succession finding of a person with a gap carries it, and its weight counts it
    gap_people = [pid for pid, e in est.items() if e.gap > 0]
    assert gap_people
    succ = {f.subject: f for f in find_insights(hh, estates=est) if f.category == "succession"}
    for pid in gap_people:
        assert succ[pid].values["estate"].gap == est[pid].gap
        assert succ[pid].weight >= est[pid].gap
