"""Live what-if on common random numbers: no change gives exactly no difference; each lever moves
the answer the way it should, with a paired standard error far below two independent runs'."""

from __future__ import annotations

import numpy as np
import pytest

from household import demo
from planner.config import PlanConfig
from planner.whatif import WhatIf, apply, baseline, compare

CFG = PlanConfig(paths=1000, seed=7)


@pytest.fixture(scope="module")
def lin():
    hh = demo("demo-tw-lin")
    return hh, baseline(hh, config=CFG)


def test_no_change_means_exactly_no_difference(lin):
    hh, base = lin
    r = compare(hh, WhatIf(), config=CFG, base=base)
    assert r.difference == 0.0 and r.difference_se == 0.0
    assert r.bands == r.base_bands


def test_spending_more_never_helps_and_the_paired_se_is_small(lin):
    hh, base = lin
    r = compare(hh, WhatIf(spending_change=3_000_000), config=CFG, base=base)
    assert r.difference <= 0
    assert r.probability < r.base_probability
    p = r.base_probability
    independent = np.sqrt(2 * p * (1 - p) / CFG.paths)
    assert r.difference_se < independent
    assert r.bands["p50"][-1] < r.base_bands["p50"][-1]


def test_gift_now_and_sale_of_part_of_the_business_change_the_flows(lin):
    hh, _ = lin
    w = WhatIf(gift_now=5e6, sale_fraction=0.25, sale_company="zhiming_electronics",
               retirement_age=70)
    changed = apply(hh, w)
    before = {o.owner: o.share for o in hh.ownership if o.company == "zhiming_electronics"}
    after = {o.owner: o.share for o in changed.ownership if o.company == "zhiming_electronics"}
    family = {p.id for p in hh.people}
    for k, v in before.items():
        assert after[k] == pytest.approx(v * 0.75 if k in family else v)
    flows = {f.id: f for f in changed.cash_flows}
    assert flows["whatif_gift"].amount == 5e6 and flows["whatif_gift"].direction == "expense"
    sold = sum(v for k, v in before.items() if k in family) * 0.25
    c = hh.company("zhiming_electronics")
    assert flows["whatif_sale"].amount == pytest.approx(sold * c.equity_value)
    main = "lin_zhiming"
    stop = hh.person(main).birth_date.year + 70
    for f in changed.cash_flows:
        if f.person == main and f.direction == "income" and not f.id.startswith("whatif"):
            assert f.end_year is not None and f.end_year <= max(f.start_year, stop - 1)
    r = compare(hh, w, config=CFG)
    table = r.table
    plain = compare(hh, WhatIf(), config=CFG).table
    # the gift is spent in the first year: the simulated spending shows it (today's money)
    assert table["spending"][0] - plain["spending"][0] == pytest.approx(5e6, rel=0.02)
    assert table["income"][0] > plain["income"][0]  # the sale proceeds
    assert all(x >= 0 for x in table["taxes"])
    assert len(table["wealth_p50"]) == len(r.years)
    assert all(lo <= mid <= hi for lo, mid, hi in zip(table["wealth_p5"], table["wealth_p50"],
                                                      table["wealth_p95"], strict=True))


def test_same_seed_same_numbers(lin):
    hh, base = lin
    w = WhatIf(spending_change=-1e6, allocation=(("cash", 0.5), ("gov_bond", 0.5)))
    a = compare(hh, w, config=CFG, base=base)
    b = compare(hh, w, config=CFG)
    assert a.probability == b.probability and a.difference_se == b.difference_se
