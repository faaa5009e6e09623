"""Structures: gifts with clawback (TW 2 years, UK 7-year taper), trusts, policies, business
handover with equalisation."""

from __future__ import annotations

import datetime as dt

import pytest

from household import from_dict
from household.model import (
    BeneficiaryShare,
    BusinessTransfer,
    BuyPolicy,
    GiftPlan,
    PersonShare,
    Policy,
    Scenario,
    SettleTrust,
    StakeTransfer,
    Trust,
)
from scenarios import StructureError, applied, apply_scenario, death_today


def _family(jur: str, cur: str, deposit: float, stake: float = 0.0, home: float = 0.0):
    doc = {"format": "kinfolio.household/1", "id": "s", "name": "S", "as_of": "2026-06-30",
           "base_currency": cur, "jurisdiction": jur,
           "people": [{"id": "d", "name": "D", "sex": "M", "birth_date": "1950-01-01"},
                      {"id": "c1", "name": "C1", "sex": "F", "birth_date": "1980-01-01"},
                      {"id": "c2", "name": "C2", "sex": "M", "birth_date": "1982-01-01"}],
           "relations": [{"kind": "parent", "parent": "d", "child": "c1"},
                         {"kind": "parent", "parent": "d", "child": "c2"}],
           "holdings": [{"id": "dep", "owner": "d", "asset_class": "cash", "value": deposit,
                         "currency": cur, "kind": "deposit"}]}
    if home:
        doc["holdings"].append({"id": "home", "owner": "d", "asset_class": "real_estate",
                                "value": home, "currency": cur, "kind": "residence"})
    if stake:
        doc["companies"] = [{"id": "co", "name": "Co", "jurisdiction": jur, "currency": cur,
                             "equity_value": stake / 0.6}]
        doc["ownership"] = [{"owner": "d", "company": "co", "share": 0.6}]
    return from_dict(doc)


def test_tw_gifts_within_two_years_are_added_back_with_gift_tax_credited():
    hh = _family("TW", "TWD", 100_000_000)
    hh = hh.model_copy(update={"people": [p for p in hh.people if p.id != "c2"],
                               "relations": hh.relations[:1]})
    sc = Scenario(id="g", name="gifts", changes=[GiftPlan(
        kind="gift_plan", donor="d", recipients=[PersonShare(person="c1", share=1.0)],
        annual_amount=10_000_000, currency="TWD", start_year=2026, years=3)])
    ap = applied(hh, sc)
    assert ap.on == dt.date(2028, 1, 1)
    # gift tax each year: (10,000,000 - 2,440,000) x 10% = 756,000
    assert ap.gift_tax == pytest.approx(3 * 756_000)
    res = death_today(ap.household, "d", on=ap.on, gifts=ap.gifts)
    # estate 100M - 30M gifts - 2.268M gift tax = 67.732M; all three gifts within 2 years:
    # base 67.732M + 30M - 0.56M - 1.38M - 13.33M = 82.462M
    # tax 5.621M + 15% x (82.462M - 56.21M) = 9.5588M, less 2.268M gift tax paid = 7.2908M;
    # the costs of administering the estate (0.2% x 67.732M = 135,464) are deducted too
    # (EGTA Art. 17(1)(11)): 7.2908M - 15% x 135,464 = 7,270,480.40
    assert res.estate == pytest.approx(67_732_000)
    assert res.tax == pytest.approx(7_270_480.40)


def test_uk_gifts_within_seven_years_use_the_nil_rate_band_and_taper():
    hh = _family("UK", "GBP", 2_000_000)
    sc = Scenario(id="g", name="gifts", changes=[GiftPlan(
        kind="gift_plan", donor="d", recipients=[PersonShare(person="c1", share=1.0)],
        annual_amount=400_000, currency="GBP", start_year=2026, years=3)])
    ap = applied(hh, sc)
    res = death_today(ap.household, "d", on=ap.on, gifts=ap.gifts,
                      rules=__import__("scenarios").load_rules("UK").with_values(
                          costs__administration_rate=0))
    # gifts of 397,000 (after the 3,000 annual exemption) x 3 use up the 325,000 band
    # estate 800,000 all chargeable: 320,000; gift tax on failed gifts (donee): 72,000 x 40% +
    # 397,000 x 40% x 2 (all within 3 years: no taper) = 346,400
    assert res.estate == pytest.approx(800_000)
    assert res.tax == pytest.approx(320_000)
    assert res.gift_tax_on_death == pytest.approx(346_400)


def test_uk_taper_by_years_survived():
    hh = _family("UK", "GBP", 2_000_000)
    sc = Scenario(id="g", name="gift", changes=[GiftPlan(
        kind="gift_plan", donor="d", recipients=[PersonShare(person="c1", share=1.0)],
        annual_amount=1_003_000, currency="GBP", start_year=2026, years=1)])
    ap = applied(hh, sc)
    on = dt.date(2031, 1, 1)  # 4.5 years after the gift: 24% instead of 40%
    res = death_today(ap.household, "d", on=on, gifts=ap.gifts)
    # the donor's 3,000 for the year and the 3,000 carried from the year before (no gift then,
    # IHTA s.19) leave 997,000 chargeable
    assert res.gift_tax_on_death == pytest.approx((997_000 - 325_000) * 0.40 * 0.6)


def test_trust_settlement_moves_assets_out_of_the_estate_and_takes_control():
    hh = _family("HK", "HKD", 10_000_000, stake=6_000_000)
    sc = Scenario(id="t", name="trust", changes=[SettleTrust(
        kind="settle_trust",
        trust=Trust(id="ft", name="FT", settlor="d", trustee="T", jurisdiction="HK",
                    beneficiaries=[PersonShare(person="c1", share=0.5),
                                   PersonShare(person="c2", share=0.5)]),
        holdings=[], stakes=[StakeTransfer(owner="d", company="co")], setup_cost=100_000)])
    ap = applied(hh, sc)
    res = death_today(ap.household, "d")
    assert res.control_before == {"co": "ft"}
    assert res.control_after == {"co": "ft"}
    assert all(lot.kind != "stake" for lot in res.lots)
    assert res.gross_estate == pytest.approx(9_900_000)  # deposit less the setup cost
    assert res.trust_assets["ft"] == pytest.approx(6_000_000)


def test_new_policy_pays_outside_the_estate_and_premiums_reduce_it():
    hh = _family("CN", "CNY", 10_000_000)
    pol = Policy(id="np", insured="d", policyholder="d", sum_assured=5_000_000, currency="CNY",
                 annual_premium=300_000, beneficiaries=[BeneficiaryShare(person="c2", share=1)])
    hh2 = apply_scenario(hh, Scenario(id="p", name="p",
                                      changes=[BuyPolicy(kind="buy_policy", policy=pol)]))
    res = death_today(hh2, "d")
    assert res.insurance == {"c2": 5_000_000}
    assert res.gross_estate == pytest.approx(9_700_000)


def test_business_handover_at_death_gives_control_and_equalises():
    hh = _family("HK", "HKD", 10_000_000, stake=6_000_000)
    hh = hh.model_copy(update={"scenarios": [Scenario(
        id="bt", name="handover", changes=[BusinessTransfer(
            kind="business_transfer", company="co", owner="d", successor="c1")])]})
    res = death_today(apply_scenario(hh, "bt"), "d")
    assert res.control_after == {"co": "c1"}
    # estate 16M less 0.5% costs: each child 7.96M (c1: the 6M stake and 1.96M of the residue)
    assert res.heirs["c1"] == pytest.approx(7_960_000)
    assert res.heirs["c2"] == pytest.approx(7_960_000)


def test_business_handover_now_moves_the_stake_and_equalises_in_cash():
    hh = _family("SG", "SGD", 10_000_000, stake=3_000_000)
    sc = Scenario(id="bt", name="now", changes=[BusinessTransfer(
        kind="business_transfer", company="co", owner="d", successor="c2", when="now")])
    ap = applied(hh, sc)
    gifts = {g.to: g.amount for g in ap.gifts}
    assert gifts == pytest.approx({"c2": 3_000_000, "c1": 3_000_000})
    res = death_today(ap.household, "d")
    assert res.control_before == {"co": "c2"}


def test_unknown_scenario_is_a_clear_error():
    hh = _family("CN", "CNY", 1_000_000)
    with pytest.raises(StructureError, match="no scenario 'nope'"):
        apply_scenario(hh, "nope")
