"""Consolidated balance sheet: nothing counted twice, people plus trusts add up, guarantees."""

from __future__ import annotations

import math

import pytest

from household import balance_sheet, demo, loads, summary

from .corpus import BASE_TEXT


def test_company_accounts_are_not_household_wealth():
    hh = loads(BASE_TEXT)
    bs = balance_sheet(hh)
    # op_acct (8M, owned by opco) is inside opco's equity value: not in anyone's liquid wealth.
    assert bs.total("liquid") == pytest.approx(5_000_000 + 100_000 * 7.0)
    rel = bs.companies["opco"]
    assert rel.deposits_other == pytest.approx(8_000_000)
    assert rel.loans_other == pytest.approx(20_000_000)
    assert rel.guaranteed_by == {"dad": pytest.approx(20_000_000)}


def test_person_net_worth_follows_the_spec_formula():
    hh = loads(BASE_TEXT)
    doc = summary(hh)
    lt = doc["look_through"]
    value = {c.id: c.equity_value for c in hh.companies}
    dad = 5_000_000 + sum(f * value[c] for c, f in lt["dad"].items())
    mum = 500_000 + sum(f * value[c] for c, f in lt["mum"].items())  # policy cash value she holds
    kid = 700_000
    assert doc["people"]["dad"]["net_worth"] == pytest.approx(dad, abs=0.01)
    assert doc["people"]["mum"]["net_worth"] == pytest.approx(mum, abs=0.01)
    assert doc["people"]["kid"]["net_worth"] == pytest.approx(kid, abs=0.01)
    assert doc["contingent_liabilities"]["dad"] == pytest.approx(20_000_000)


def test_household_net_worth_is_people_plus_trusts(demo_household):
    doc = summary(demo_household)
    parts = sum(p["net_worth"] for p in doc["people"].values()) + sum(
        t["assets"] for t in doc["trusts"].values())
    assert doc["net_worth"] == pytest.approx(parts, abs=0.05)


def test_summary_has_the_spec_keys(demo_household):
    doc = summary(demo_household)
    for key in ("base_currency", "net_worth", "people", "trusts", "look_through", "controller",
                "contingent_liabilities"):
        assert key in doc
    assert set(doc["look_through"]) == {p.id for p in demo_household.people} | {
        t.id for t in demo_household.trusts}


def test_currency_split_sums_to_net_worth(demo_household):
    bs = balance_sheet(demo_household)
    assert math.fsum(bs.by_currency().values()) == pytest.approx(bs.net_worth, rel=1e-12)


def test_demo_facts():
    cn = summary(demo("demo-cn-chen"))
    assert cn["controller"] == {"jianguo_holdings": "chen_jianguo",
                                "huaxin_precision": "chen_jianguo"}
    assert cn["contingent_liabilities"]["chen_jianguo"] == pytest.approx(100_000_000)
    hk = balance_sheet(demo("demo-hksg-wong"))
    assert hk.companies["wong_asia"].controller == "wong_family_trust"
    trust = hk.entities["wong_family_trust"]
    # the trust holds Wong Asia 100%, which holds 40% of Wong Trading
    assert trust.business_by_company["wong_trading"] == pytest.approx(0.4 * 600_000_000)
