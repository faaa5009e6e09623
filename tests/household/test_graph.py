"""The household network and its family queries."""

from __future__ import annotations

from household import (
    build_graph,
    children,
    demo,
    descendants,
    owners,
    owns,
    parents,
    siblings,
    spouse,
)
from household.io import from_dict

from .corpus import BASE


def test_network_has_every_entity_and_edge_kind():
    hh = demo("demo-hksg-wong")
    g = build_graph(hh)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert kinds == {"person", "company", "trust", "holding", "liability", "policy"}
    keys = {k for _, _, k in g.edges(keys=True)}
    for k in ("parent", "spouse", "owns", "holds", "owes", "guarantees", "insures",
              "policyholder", "pays", "settled", "benefits", "role:chair"):
        assert k in keys, k
    assert g.number_of_nodes() == (len(hh.people) + len(hh.companies) + len(hh.trusts)
                                   + len(hh.holdings) + len(hh.liabilities) + len(hh.policies))


def test_family_queries():
    g = build_graph(demo("demo-cn-chen"))
    assert spouse(g, "chen_jianguo") == "wang_meiling"
    assert sorted(children(g, "chen_jianguo")) == ["chen_wei", "chen_xin"]
    assert parents(g, "chen_jianguo") == ["li_shufen"]
    assert siblings(g, "chen_wei") == ["chen_xin"]
    assert owns(g, "jianguo_holdings") == {"huaxin_precision": 0.6, "holdings_account": 4e6}
    assert owners(g, "huaxin_precision") == {"jianguo_holdings": 0.6, "chen_jianguo": 0.15,
                                             "chen_wei": 0.05}


def test_descendants_tell_living_from_predeceased():
    doc = dict(BASE)
    doc["people"] = [*BASE["people"], {"id": "grandkid", "name": "孙", "sex": "F",
                                       "birth_date": "2015-01-01"}]
    doc["people"][2] = {**BASE["people"][2], "alive": False}
    doc["relations"] = [*BASE["relations"], {"kind": "parent", "parent": "kid",
                                             "child": "grandkid"}]
    g = build_graph(from_dict(doc))
    d = {r.id: r for r in descendants(g, "dad")}
    assert d["kid"].alive is False and d["kid"].generation == 1
    assert d["grandkid"].alive is True and d["grandkid"].generation == 2
    assert d["grandkid"].via == "kid"


def test_generations_put_spouses_level_and_children_below():
    from household.graph import generations

    gen = generations(demo("demo-cn-chen"))
    assert gen["li_shufen"] == 0
    assert gen["chen_jianguo"] == gen["wang_meiling"] == 1  # the spouse is lifted to her husband's
    assert gen["chen_wei"] == gen["chen_xin"] == 2
    assert gen["zhang_hua"] == 0  # staff without kin stay on the top line
    assert generations(demo("demo-cn-chen"), ["chen_wei", "chen_xin"]) == {"chen_wei": 0,
                                                                           "chen_xin": 0}
