"""One ledger from engine to page (issue 10 item 9): the spouse's figure is the same in the app's
table, its flow chart and the PDF; the option the PDF's summary says leaves the most is the one
with the largest 'received by the family' in its table, and says that table's figure."""

from __future__ import annotations

import pytest

from household import DEMO_IDS, balance_sheet, demo
from proposal.adapters import succession_view
from scenarios import compare, principal, suggest_scenarios
from ui.views.succession import _names, sankey_parts


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_spouse_figure_and_best_option_are_the_ledgers(demo_id):
    hh = demo(demo_id)
    pid = principal(hh)
    comp = compare(hh, suggest_scenarios(hh, pid)[:4], pid)
    view = succession_view(hh, comp, lang="en")
    names = _names(hh)
    for o, pdf in zip(comp.outcomes, view.outcomes, strict=True):
        led = o.result.ledger()
        want = max(0.0, led.marital_share)
        labels, links = sankey_parts(o.result, names, "en")
        drawn = sum(v for a, b, v in links if a == 0 and "·" in labels[b])
        assert drawn == pytest.approx(want)
        assert pdf.spouse_share == pytest.approx(want)
        assert pdf.to_family == pytest.approx(sum(o.net_to.values()))
        # a trust is counted once: held in trust, never also as a lifetime gift to it
        trusts = {t.id for t in hh.trusts} | {x.item for x in o.result.outside
                                              if x.kind == "trust"}
        assert not set(pdf.gifts) & trusts
        # the flow chart's 'wealth of' never exceeds the family's whole wealth plus payouts
        family = sum(e.net_worth for e in balance_sheet(hh).entities.values())
        payouts = sum(x.value for x in o.result.outside if x.kind == "insurance")
        drawn_total = pdf.spouse_share + pdf.estate + sum(pdf.insurance.values()) + \
            sum(pdf.trust.values()) + sum(pdf.gifts.values())
        assert drawn_total <= family + payouts + 1.0
    best = view.best()
    assert best.to_family == max(x.to_family for x in view.outcomes)
