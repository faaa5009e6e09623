"""Death today for every person of the demo households, and the headline figures."""

from __future__ import annotations

import pytest

from household import DEMO_IDS, demo
from scenarios import death_today, second_death


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_everyone_can_die_today(demo_id):
    hh = demo(demo_id)
    for p in hh.people:
        r = death_today(hh, p.id)
        assert r.estate == pytest.approx(sum(r.heirs.values()) + r.tax + r.costs, abs=0.01)
        assert min(r.heirs.values(), default=0) >= 0


def test_cn_half_of_joint_marital_property_to_the_survivor():
    hh = demo("demo-cn-chen")
    r = death_today(hh, "chen_jianguo")
    assert r.marital_regime == "community"
    assert r.spouse_marital_share > 0
    assert r.tax == 0
    assert set(r.heirs) == {"wang_meiling", "chen_wei", "chen_xin", "li_shufen"}
    assert r.insurance == {"chen_wei": 5_000_000, "chen_xin": 5_000_000}


def test_tw_residual_claim_tax_gap_and_loss_of_control():
    hh = demo("demo-tw-lin")
    r = death_today(hh, "lin_zhiming")
    # marital: his 230M (deposit, stocks, home) vs her 155M (deposit, bonds, 10% stake)
    assert r.residual_claim == pytest.approx(37_500_000)
    # costs of administering the estate deducted (EGTA Art. 17(1)(11)): 0.2% x 860M x 20%
    assert r.tax == pytest.approx(151_452_500)
    assert r.liquidity_gap > 0
    assert r.control_after["zhiming_electronics"] is None
    assert any("substance-over-form" in w for w in r.warnings)


def test_either_spouse_first():
    hh = demo("demo-tw-lin")
    a1, b1 = second_death(hh, "lin_zhiming", "chen_yahui")
    a2, b2 = second_death(hh, "chen_yahui", "lin_zhiming")
    for r in (a1, b1, a2, b2):
        assert r.estate == pytest.approx(sum(r.heirs.values()) + r.tax + r.costs, abs=0.01)
    total1 = a1.tax + b1.tax
    total2 = a2.tax + b2.tax
    assert total1 > 0 and total2 > 0
    # after both deaths, only the children (and nobody else) hold the family's estate
    assert set(b1.heirs) <= {"lin_junhong", "lin_peiyu"}
    # the survivor's residual claim is paid to her and comes back in her estate
    assert b1.gross_estate > a1.residual_claim


def test_hk_will_and_trust_outside():
    hh = demo("demo-hksg-wong")
    r = death_today(hh, "wong_kaming")
    assert r.will_applied
    assert r.insurance["wong_family_trust"] == pytest.approx(78_000_000)
    assert "wong_family_trust" in r.trust_assets
    assert r.heirs["wong_chunho"] == pytest.approx(r.heirs["wong_kayan"])
