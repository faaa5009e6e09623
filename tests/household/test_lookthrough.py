"""Look-through interest E = D (I - M)^-1 and control, on hand-computed webs."""

from __future__ import annotations

import numpy as np
import pytest

from household import controllers, from_dict, look_through, person_controllers


def _hh(ownership, people=("a", "b"), companies=("x", "y", "z"), trusts=()):
    return from_dict({
        "format": "kinfolio.household/1", "id": "t", "name": "t", "as_of": "2026-01-01",
        "base_currency": "CNY", "jurisdiction": "CN",
        "people": [{"id": p, "name": p, "sex": "M", "birth_date": "1970-01-01"} for p in people],
        "trusts": [{"id": t, "name": t, "settlor": people[0], "trustee": "T",
                    "jurisdiction": "HK", "beneficiaries": [{"person": people[0], "share": 1}]}
                   for t in trusts],
        "companies": [{"id": c, "name": c, "jurisdiction": "CN", "currency": "CNY",
                       "equity_value": 100.0} for c in companies],
        "ownership": [dict(zip(("owner", "company", "share", "voting"), o, strict=False))
                      for o in ownership],
    })


def test_chain_multiplies():
    hh = _hh([("a", "x", 0.8), ("x", "y", 0.5), ("y", "z", 0.5)])
    lt = look_through(hh)
    assert lt.share("a", "x") == pytest.approx(0.8)
    assert lt.share("a", "y") == pytest.approx(0.4)
    assert lt.share("a", "z") == pytest.approx(0.2)
    assert lt.of("b") == {}


def test_cross_holding_resolves_exactly():
    # a owns 60% of x; x owns 40% of y; y owns 20% of x; b owns 60% of y.
    # E_a = [0.6, 0] (I - M)^-1 with M = [[0, .4], [.2, 0]]: det = 1 - .08 = .92
    hh = _hh([("a", "x", 0.6), ("x", "y", 0.4), ("y", "x", 0.2), ("b", "y", 0.6)],
             companies=("x", "y"))
    lt = look_through(hh)
    assert lt.share("a", "x") == pytest.approx(0.6 / 0.92)
    assert lt.share("a", "y") == pytest.approx(0.24 / 0.92)
    assert lt.share("b", "x") == pytest.approx(0.12 / 0.92)
    assert lt.share("b", "y") == pytest.approx(0.6 / 0.92)
    # every company's value is fully claimed by the people (no outside holders here)
    assert lt.matrix.sum(axis=0) == pytest.approx([0.72 / 0.92, 0.84 / 0.92])


def test_trust_is_an_owner():
    hh = _hh([("t1", "x", 1.0), ("x", "y", 0.3)], trusts=("t1",))
    lt = look_through(hh)
    assert lt.share("t1", "y") == pytest.approx(0.3)
    assert controllers(hh)["x"] == "t1"
    assert person_controllers(hh)["x"] is None


def test_control_through_a_controlled_company():
    # a: 30% of y directly, controls x (51%) which has 25% of y -> 55% of the votes of y.
    hh = _hh([("a", "x", 0.51), ("a", "y", 0.30), ("x", "y", 0.25), ("b", "y", 0.45)])
    c = controllers(hh)
    assert c["x"] == "a" and c["y"] == "a" and c["z"] is None


def test_control_needs_more_than_half():
    hh = _hh([("a", "x", 0.5), ("b", "x", 0.5)])
    assert controllers(hh)["x"] is None


def test_voting_differs_from_economics():
    hh = _hh([("a", "x", 0.2, 0.6), ("b", "x", 0.8, 0.4)])
    assert controllers(hh)["x"] == "a"
    assert look_through(hh).share("b", "x") == pytest.approx(0.8)


def test_large_web_uses_the_sparse_path_and_matches_dense():
    from household.synthetic import company_web

    hh = company_web(np.random.default_rng(np.random.SeedSequence(3)), 60, 200, 10)
    lt = look_through(hh)
    comps = {c: j for j, c in enumerate(lt.companies)}
    owners = {o: i for i, o in enumerate(lt.owners)}
    D = np.zeros((len(owners), len(comps)))
    M = np.zeros((len(comps), len(comps)))
    for o in hh.ownership:
        if o.owner in comps:
            M[comps[o.owner], comps[o.company]] = o.share
        else:
            D[owners[o.owner], comps[o.company]] = o.share
    dense = D @ np.linalg.inv(np.eye(len(comps)) - M)
    np.testing.assert_allclose(lt.matrix, dense, atol=1e-12)
