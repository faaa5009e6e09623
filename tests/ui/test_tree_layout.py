"""The family tree's geometry: generations top to bottom, spouses side by side, companies in their
own band; no node box over another, no label box over a node or another label; a legend entry for
every line and marker style drawn. On every demo and on generated households of 5-40 entities."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from household import DEMO_IDS, Parent, Spouse, demo, from_dict, to_dict
from household.synthetic import company_web
from ui import charts, tree_layout
from ui.i18n import LANGS


def _check(hh, lang: str = "en") -> tree_layout.TreeLayout:
    lay = charts.network_layout(hh, lang)
    nodes = list(lay.nodes.values())
    expected = {p.id for p in hh.people} | {c.id for c in hh.companies}
    expected |= {t.id for t in hh.trusts} | {p.id for p in hh.policies}
    assert set(lay.nodes) == expected
    for i, a in enumerate(nodes):
        assert a.box.x0 >= 0 and a.box.x1 <= lay.width, a
        assert a.box.y0 >= 0 and a.box.y1 <= lay.height, a
        for b in nodes[:i]:
            assert not a.box.overlaps(b.box), (a, b)
    for i, lab in enumerate(lay.labels):
        for n in nodes:
            assert not lab.box.overlaps(n.box), (lab, n)
        for other in lay.labels[:i]:
            assert not lab.box.overlaps(other.box), (lab, other)
    gen_y = {}
    for r in hh.relations:
        if isinstance(r, Parent) and lay.nodes[r.parent].kind == lay.nodes[r.child].kind == \
                "person":
            assert lay.nodes[r.child].y > lay.nodes[r.parent].y  # children below parents
        if isinstance(r, Spouse):
            a, b = lay.nodes[r.a], lay.nodes[r.b]
            gen_y[r.a] = a.y
            assert a.y == b.y  # spouses side by side
    people_y = [n.y for n in nodes if n.kind == "person"]
    for n in nodes:
        if n.kind == "company":
            assert n.y > max(people_y)  # companies in their own band below the family
    # every line and marker style drawn has a legend entry
    fig = charts.network_figure(hh, lang)
    drawn = [t for t in fig.data if t.mode in ("lines", "markers") and t.showlegend is not False]
    kinds = {e.kind for e in lay.edges}
    assert len([t for t in drawn if t.mode == "lines"]) == len(kinds)
    assert all(t.name for t in drawn)
    assert fig.layout.width == lay.width + charts.NET_MARGIN["l"] + charts.NET_MARGIN["r"]
    return lay


@pytest.mark.parametrize("hid", DEMO_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_demo_trees_have_no_overlap_and_every_label_drawn(hid, lang):
    lay = _check(demo(hid), lang)
    assert not lay.left_out  # the demos are small: every percentage and role is on the drawing
    hh = demo(hid)
    shown = {lab.text for lab in lay.labels}
    assert {charts.pct(o.share, 0) for o in hh.ownership} <= shown


def _household(seed: int, people: int, companies: int, trusts: int, policies: int,
               staff: int):
    rng = np.random.default_rng(seed)
    doc = to_dict(company_web(rng, n_people=people, n_companies=companies, n_holdings=1,
                              n_trusts=trusts))
    for k in range(staff):
        doc["people"].append({"id": f"s{k}", "name": f"Manager Number {k}",
                              "birth_date": "1980-01-01", "sex": "F"})
        doc["relations"].append({"kind": "role", "person": f"s{k}", "company": "c0",
                                 "role": "CFO"})
    for k in range(policies):
        doc.setdefault("policies", []).append({
            "id": f"pol{k}", "insured": f"p{k % people}", "policyholder": f"p{k % people}",
            "sum_assured": 1e6, "currency": "CNY", "product": f"終身壽險 Life plan {k}",
            "beneficiaries": [{"person": f"p{(k + 1) % people}", "share": 1.0}]})
    return from_dict(doc)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), people=st.integers(2, 16), companies=st.integers(1, 12),
       trusts=st.integers(0, 3), policies=st.integers(0, 4), staff=st.integers(0, 3))
def test_generated_trees_of_5_to_40_entities_have_no_overlap(seed, people, companies, trusts,
                                                             policies, staff):
    n = people + companies + trusts + policies + staff
    if not 5 <= n <= 40:
        return
    _check(_household(seed, people, companies, trusts, policies, staff))


def test_a_wide_generation_wraps_instead_of_overlapping():
    lay = _check(_household(7, 16, 12, 3, 4, 3))
    assert len(lay.nodes) == 38
    assert lay.width == tree_layout.WIDTH


def test_long_names_wrap_to_two_lines_within_the_limit():
    lines = tree_layout.wrap("Wong Family Holdings International Limited Partnership")
    assert 1 < len(lines) <= 2
    assert all(tree_layout.text_width(s) <= tree_layout.LABEL_MAX for s in lines)
    assert tree_layout.wrap("陈建国 Chen Jianguo") == ("陈建国",)
