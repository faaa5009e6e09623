"""One definition of deposits at a bank (issue 10 item 9): liquid holdings kept there; property is
not a deposit. The household page, the insights and the company relationships all use it."""

from __future__ import annotations

import pytest

from household import DEMO_IDS, balance_sheet, demo, deposits_at


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_deposits_elsewhere_are_the_liquid_holdings_at_another_bank(demo_id):
    hh = demo(demo_id)
    bs = balance_sheet(hh)
    owners = set(bs.entities)
    by_hand = sum(hh.to_base(h.value, h.currency) for h in hh.holdings
                  if h.owner in owners and h.at_bank == "other"
                  and h.kind not in ("property", "residence", "private_equity")
                  and h.liquid is not False)
    assert deposits_at(hh, owners, "other") == pytest.approx(by_hand)
    assert sum(deposits_at(hh, e, "other") for e in owners) == pytest.approx(by_hand)
    for c in bs.companies.values():
        assert c.deposits_other == pytest.approx(deposits_at(hh, c.id, "other"))
        assert c.deposits_us == pytest.approx(deposits_at(hh, c.id, "us"))


def test_a_home_is_not_a_deposit_elsewhere():
    hh = demo("demo-cn-chen")
    home = next(h for h in hh.holdings if h.id == "family_home")
    assert home.at_bank == "other" and not home.is_liquid
    liquid_other = sum(hh.to_base(h.value, h.currency) for h in hh.holdings
                       if h.owner == "chen_jianguo" and h.at_bank == "other" and h.is_liquid)
    assert deposits_at(hh, "chen_jianguo", "other") == pytest.approx(liquid_other)
    # the A-shares and the Hong Kong fund, not the 35M home
    assert liquid_other == pytest.approx(sum(hh.to_base(h.value, h.currency) for h in hh.holdings
                                             if h.id in ("jg_a_shares", "jg_hk_fund")))


def test_the_insight_and_the_household_page_agree():
    from scenarios.insights import _wallet

    for demo_id in DEMO_IDS:
        hh = demo(demo_id)
        bs = balance_sheet(hh)
        found = _wallet(hh, bs)
        total = sum(deposits_at(hh, e, "other") for e in bs.entities)
        assert (found[0].weight if found else 0.0) == pytest.approx(total)
