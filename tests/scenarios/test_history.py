"""Past gifts, prior deaths and the settlement-costs rate come from the household file and are used
at every death: death today, the scenarios and the Monte Carlo succession (issue 10 items 7-8)."""

from __future__ import annotations

import numpy as np
import pytest

from household import from_dict
from planner import PlanConfig
from scenarios import death_today, monte_carlo_succession, second_death


def _uk(**extra) -> dict:
    return {"format": "kinfolio.household/1", "id": "uk", "name": "UK widow",
            "as_of": "2026-06-30", "base_currency": "GBP", "jurisdiction": "UK",
            "people": [{"id": "w", "name": "w", "sex": "F", "birth_date": "1936-01-01"},
                       {"id": "h", "name": "h", "sex": "M", "birth_date": "1934-01-01",
                        "alive": False},
                       {"id": "c", "name": "c", "sex": "M", "birth_date": "1966-01-01"}],
            "relations": [{"kind": "spouse", "a": "h", "b": "w"},
                          {"kind": "parent", "parent": "w", "child": "c"},
                          {"kind": "parent", "parent": "h", "child": "c"}],
            "holdings": [{"id": "x", "owner": "w", "asset_class": "cash", "value": 2_000_000,
                          "currency": "GBP", "kind": "deposit"}], **extra}


PRIOR = [{"person": "h", "date": "2019-01-01", "jurisdiction": "UK",
          "unused_nil_rate_band_fraction": 1.0}]
GIFT = [{"donor": "w", "to": "c", "date": "2024-01-10", "amount": 303_000, "currency": "GBP"}]


def test_settlement_costs_rate_of_the_household_replaces_the_rule_sets():
    base = death_today(from_dict(_uk()), "w")
    assert base.costs == pytest.approx(0.02 * 2_000_000)  # the UK rule set's modelled 2%
    none = death_today(from_dict(_uk(settlement_costs_rate=0)), "w")
    assert none.costs == 0
    one = death_today(from_dict(_uk(settlement_costs_rate=0.01)), "w")
    assert one.costs == pytest.approx(20_000)
    # not deductible in the UK: the tax does not move with the costs
    assert none.tax == pytest.approx(base.tax) == pytest.approx(one.tax)
    for r in (base, none, one):
        assert r.estate == pytest.approx(sum(r.heirs.values()) + r.tax + r.costs, abs=0.01)


def test_prior_death_and_past_gifts_change_death_today():
    plain = death_today(from_dict(_uk(settlement_costs_rate=0)), "w")
    assert plain.tax == pytest.approx(0.4 * (2_000_000 - 325_000))
    widow = death_today(from_dict(_uk(settlement_costs_rate=0, prior_deaths=PRIOR)), "w")
    assert widow.tax == pytest.approx(0.4 * (2_000_000 - 650_000))
    # a gift of 303,000 in 2023/24 (3,000 exempt, 3,000 carried from 2022/23) uses 297,000 of
    # the bands before the estate does
    gift = death_today(from_dict(_uk(settlement_costs_rate=0, prior_deaths=PRIOR, gifts=GIFT)),
                       "w")
    assert gift.tax == pytest.approx(0.4 * (2_000_000 - 650_000 + 297_000))


def test_the_second_death_keeps_the_first_deaths_carry_not_the_files():
    doc = _uk(settlement_costs_rate=0)
    doc["people"][1]["alive"] = True
    first, second = second_death(from_dict(doc), "h", "w")
    assert first.carry.nrb_fraction == 1.0  # h owned nothing: his whole band passes
    assert second.tax == pytest.approx(0.4 * (2_000_000 - 650_000))


def test_monte_carlo_succession_uses_the_prior_death():
    cfg = PlanConfig(paths=200, seed=3, years=5)
    plain = monte_carlo_succession(from_dict(_uk(settlement_costs_rate=0)), None, cfg)
    widow = monte_carlo_succession(from_dict(_uk(settlement_costs_rate=0,
                                                 prior_deaths=PRIOR)), None, cfg)
    assert plain.expected_tax > 0
    # the same paths: whoever dies pays 40% of 325,000 less (nominal, before growth)
    assert widow.expected_tax < plain.expected_tax


def test_monte_carlo_tables_see_past_gifts_from_the_year_of_death():
    """A 2024 gift uses the nil-rate band at a death in 2026 (inside seven years), not at a
    death in 2033 (outside): the tables are those of death today on the same date with the
    gift dated that many years earlier."""
    import datetime as dt

    from scenarios.montecarlo import RulesPolicy, _interp

    hh = from_dict(_uk(settlement_costs_rate=0, gifts=GIFT))
    owners = [p.id for p in hh.people]
    policy = RulesPolicy()
    early = policy._table(hh, "w", frozenset(), owners, 2026)
    late = policy._table(hh, "w", frozenset(), owners, 2033)
    assert early is not late
    c_early = float(_interp(early, np.array([2_000_000.0]))[0][0])
    c_late = float(_interp(late, np.array([2_000_000.0]))[0][0])
    # 2026: the gift uses 297,000 of the band; 2033: it has dropped out
    assert c_early == pytest.approx(0.4 * (2_000_000 - 325_000 + 297_000))
    assert c_late == pytest.approx(0.4 * (2_000_000 - 325_000))
    # past every window, one table serves every later year
    assert policy._table(hh, "w", frozenset(), owners, 2040) is late
    later = death_today(hh, "w", on=dt.date(2033, 6, 30))
    assert later.tax == pytest.approx(c_late)
