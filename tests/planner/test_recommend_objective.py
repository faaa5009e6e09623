"""The recommendation's objective: within the client's band, essential goals secured, then the
other goals, then the legacy; higher levels never get less expected return; the chart's frontier
lies on or above the current portfolio."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assets import ASSET_CLASS_INFO, risk_rank
from household import DEMO_IDS, demo, from_dict
from planner import PlanConfig, class_max, recommend, risk_band
from scenarios import recommend_household

LEVELS = ("C1", "C2", "C3", "C4", "C5")


@pytest.fixture(scope="module", params=DEMO_IDS)
def by_level(request):
    hh = demo(request.param)
    return hh, {lv: recommend_household(hh, None, PlanConfig(paths=400, seed=11, risk_level=lv))
                for lv in LEVELS}


def test_each_level_recommends_within_its_band(by_level):
    hh, recs = by_level
    for lv, rec in recs.items():
        band = risk_band(lv, hh.base_currency, hh.as_of)
        assert rec.band == band
        r = rec.recommended
        assert band.volatility_min - 1e-4 <= r.volatility <= band.volatility_max + 1e-4, lv
        assert sum(r.weights.values()) == pytest.approx(1.0)
        caps = class_max(hh.as_of)
        for c, w in r.weights.items():
            assert risk_rank(ASSET_CLASS_INFO[c].risk) <= band.max_rank
            assert w <= caps.get(c, 1.0) + 1e-6


def test_essential_goals_kept_or_the_gap_is_said(by_level):
    """At least the current success minus its SE; where no allocation in the band reaches it the
    result says so, is marked worse than the current portfolio and lists what would reach it."""
    _hh, recs = by_level
    for lv, rec in recs.items():
        cur = rec.current
        floor = cur.success - cur.success_se
        assert rec.essential_required == pytest.approx(floor)
        if rec.secured:
            assert rec.recommended.success >= floor - 1e-12, lv
        else:
            assert rec.reason == "essential_out_of_reach"
            assert rec.worse_than_current
            assert max(p.success for p in rec.candidates) == rec.recommended.success
            assert rec.remedies, lv
            for m in rec.remedies:
                assert m.success >= floor
                if m.kind == "higher_band":
                    assert risk_rank(m.level) > risk_rank(lv)


def test_higher_level_never_lower_expected_return(by_level):
    _, recs = by_level
    rets = [recs[lv].recommended.expected_return for lv in LEVELS]
    assert all(b >= a - 1e-6 for a, b in itertools.pairwise(rets)), rets


def test_current_never_above_the_frontier(by_level):
    _, recs = by_level
    rec = recs["C3"]
    vols = np.array([p.volatility for p in rec.frontier])
    rets = np.array([p.expected_return for p in rec.frontier])
    assert np.all(np.diff(vols) >= -1e-9) and np.all(np.diff(rets) >= -1e-9)
    c = rec.current
    assert c.volatility >= vols[0] - 1e-6
    best = np.interp(min(c.volatility, vols[-1]), vols, rets)
    assert c.expected_return <= best + 1e-6


def test_reason_is_one_sentence_in_each_language(by_level):
    from proposal.advice_text import reason_sentence

    hh, recs = by_level
    for rec in recs.values():
        for lang in ("en", "zh-Hant", "zh-Hans"):
            s = reason_sentence(rec, lang, hh.base_currency)
            assert s and s.count(". ") == 0 and s[-1] in ".。"
            assert "{" not in s


def _easy_household():
    """Every goal is met whatever the allocation: a small goal against a large fortune."""
    return from_dict({
        "format": "kinfolio.household/1", "id": "easy", "name": "Easy", "as_of": "2026-01-01",
        "base_currency": "CNY", "jurisdiction": "CN",
        "people": [{"id": "p", "name": "P", "sex": "F", "birth_date": "1970-01-01",
                    "risk_level": "C4"}],
        "holdings": [{"id": "h", "owner": "p", "asset_class": "cash", "value": 50_000_000.0,
                      "currency": "CNY", "kind": "deposit"}],
        "goals": [{"id": "g", "name": "Trip", "amount": 100_000.0, "currency": "CNY",
                   "start_year": 2028, "priority": "essential", "growth": 0.0}],
    })


def test_all_goals_met_recommends_more_than_deposits_for_c4():
    hh = _easy_household()
    rec = recommend(hh, None, PlanConfig(paths=300, seed=2))
    assert rec.risk_level == "C4"
    assert rec.current.success == 1.0 and rec.recommended.success == 1.0
    r = rec.recommended
    assert r.weights.get("cash", 0.0) < 0.5
    assert sum(w for c, w in r.weights.items() if c.endswith("equity")) > 0.2
    assert r.expected_return > rec.current.expected_return + 0.01
    assert rec.reason == "larger_legacy"
    assert r.expected_legacy_real > rec.current.expected_legacy_real


def test_guarantees_are_kept_in_daily_liquid_classes(cn_demo):
    rec = recommend(cn_demo, None, PlanConfig(paths=200, seed=1, risk_level="C5"))
    assert rec.liquidity_need >= 100_000_000.0  # the two guaranteed company loans
    assert rec.reserve_min == 1.0  # they exceed the liquid wealth: nothing in monthly classes
    assert "hedge_funds" not in rec.recommended.weights


def test_the_reason_never_claims_a_gain_that_is_not_there(by_level):
    _, recs = by_level
    for lv, rec in recs.items():
        r, c = rec.recommended, rec.current
        if rec.reason == "larger_legacy":
            assert r.expected_legacy_real > c.expected_legacy_real, lv
            assert not rec.worse_than_current
        if rec.reason == "more_goals_met":
            assert not rec.worse_than_current
        if rec.worse_than_current:
            assert rec.reason not in ("larger_legacy", "more_goals_met"), lv


def test_banker_override_is_marked_and_evaluated_on_the_same_numbers(cn_demo):
    from planner import OverrideError, override

    cfg = PlanConfig(paths=300, seed=5, risk_level="C4")
    rec = recommend(cn_demo, None, cfg)
    mine = override(cn_demo, rec, {"cash": 2, "dm_equity": 2}, None, None, cfg)
    assert mine.override and mine.reason == "banker_override"
    assert mine.model == rec.recommended
    assert mine.recommended.weights == {"cash": 0.5, "dm_equity": 0.5}
    assert mine.current == rec.current  # the same random numbers: the current point is unchanged
    again = override(cn_demo, rec, dict(rec.recommended.weights), None, None, cfg)
    assert again.recommended.success == rec.recommended.success
    assert again.recommended.expected_legacy_real == pytest.approx(
        rec.recommended.expected_legacy_real)
    with pytest.raises(OverrideError, match="unknown asset class"):
        override(cn_demo, rec, {"crypto": 1.0})
    with pytest.raises(OverrideError, match="not on the shelf"):
        override(cn_demo, rec, None, {"gov_bond": ("ust-fund",)})  # not offered in CNY


def _chart_problem(hh):
    from assets import assumptions_for
    from planner.frontier import _Problem, exposure

    a = assumptions_for(hh.base_currency)
    ex = exposure(hh, a, PlanConfig())
    classes = tuple(c for c in a.classes if ASSET_CLASS_INFO[c].liquid)
    return ex, classes, _Problem(ex, classes, {})  # the chart's constraints: long-only, no caps


_TW_CHART = _chart_problem(demo("demo-tw-lin"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=9, max_size=9).filter(lambda w: sum(w) > 0.01))
def test_no_long_only_portfolio_lies_above_the_chart_frontier(raw):
    """The invariant behind 'the current point is never above the frontier', for any mix of
    the liquid classes: the frontier's point at that volatility returns at least as much."""
    ex, classes, pr = _TW_CHART
    w = {c: x / sum(raw) for c, x in zip(classes, raw, strict=True) if x > 0}
    p = ex.point(w)
    best = pr.max_return(p.volatility)
    assert pr.vol(best) <= p.volatility + 1e-6
    assert p.expected_return <= float(best @ pr.mu) + 1e-7


def test_a_target_out_of_reach_is_said_with_what_would_reach_it():
    """Current: deposits that cannot grow to the goal; within C3 the goal becomes likelier but
    stays under 90%: the result says so and finds the saving that would reach 90%."""
    from tests.planner.helpers import lump_sum_household

    hh = lump_sum_household(1_000_000.0, 1_150_000.0, 2032)
    hh = hh.model_copy(update={
        "people": [hh.people[0].model_copy(update={"risk_level": "C3"})],
        "holdings": [hh.holdings[0].model_copy(update={"asset_class": "cash",
                                                       "kind": "deposit"})]})
    rec = recommend(hh, None, PlanConfig(paths=1000, seed=1, mortality="none"))
    assert rec.secured and rec.recommended.success > rec.current.success + 0.3
    assert not rec.target_reached and rec.recommended.success < 0.9
    assert rec.reason == "target_out_of_reach"
    assert rec.remedies and all(m.success >= 0.9 for m in rec.remedies)
