"""The proposal computes with the household's own house set and market shelf."""

from __future__ import annotations

from assets import product_shelf
from household import demo
from proposal.compute import results


def test_proposal_results_use_the_households_set_and_shelf():
    hh = demo("demo-hksg-wong")
    r = results(hh, paths=100, seed=7)
    assert r.assumptions.id == "house-hkd-2026" and r.plan.assumptions == "house-hkd-2026"
    own = {p.id for p in product_shelf("HKD")}
    ids = [pid for v in r.recommendation.products.values() for pid in v]
    assert ids and set(ids) <= own
    assert "cny-money-market" not in ids and "cgb-fund" not in ids
