"""The household's facts: equal to the direct computations, computed once per household
version (the same content gives the same facts), a new version gives new facts."""

from __future__ import annotations

import numpy as np
import pytest

import household.balance as balance_mod
import household.lookthrough as lookthrough_mod
from household import DEMO_IDS, Kinship, Parent, demo, facts_of
from household.balance import balance_sheet
from household.facts import CACHE_SIZE, clear_facts, principals_from
from household.graph import build_graph, generations_of
from household.io import from_dict, to_dict
from household.lookthrough import controllers, look_through
from household.script import display_name
from scenarios import death_today
from scenarios.family import Kin


@pytest.fixture(autouse=True)
def _fresh():
    clear_facts()
    yield
    clear_facts()


@pytest.mark.parametrize("hid", DEMO_IDS)
def test_facts_equal_the_direct_computations(hid: str) -> None:
    hh = demo(hid)
    f = facts_of(hh)
    lt = look_through(hh)
    assert f.look_through.owners == lt.owners and f.look_through.companies == lt.companies
    assert np.array_equal(f.look_through.matrix, lt.matrix)
    assert dict(f.controllers) == dict(controllers(hh))
    bs = balance_sheet(hh)
    assert f.balance.entities == bs.entities and f.balance.companies == bs.companies
    assert f.balance.net_worth == bs.net_worth
    g = build_graph(hh)
    assert set(f.graph.edges(keys=True)) == set(g.edges(keys=True))
    assert dict(f.graph.nodes(data="kind")) == dict(g.nodes(data="kind"))
    assert dict(f.generations) == generations_of(hh, [p.id for p in hh.people])
    assert list(f.principals) == principals_from(hh, bs)
    assert f.head == (f.principals[0] if f.principals else None)
    for lang in ("en", "zh-Hant", "zh-Hans"):
        for e in [*hh.people, *hh.companies, *hh.trusts]:
            assert f.names(lang)[e.id] == display_name(e, lang, hh.jurisdiction)


@pytest.mark.parametrize("hid", DEMO_IDS)
def test_kinship_reads_the_relations_in_file_order(hid: str) -> None:
    hh = demo(hid)
    kin = facts_of(hh).kinship
    children: dict[str, list[str]] = {}
    parents: dict[str, list[str]] = {}
    for r in hh.relations:
        if isinstance(r, Parent):
            children.setdefault(r.parent, []).append(r.child)
            parents.setdefault(r.child, []).append(r.parent)
    assert {k: list(v) for k, v in kin.children.items()} == children
    assert {k: list(v) for k, v in kin.parents.items()} == parents
    for p in hh.people:
        assert kin.spouse_of(p.id) == hh.spouse_of(p.id)
    assert kin.alive == {p.id for p in hh.people if p.alive}
    assert Kin is Kinship


def test_kinship_without_the_dead_and_heirs() -> None:
    hh = demo("demo-cn-chen")
    kin = Kinship.of(hh)
    assert Kinship.of(hh, {"chen_jianguo"}).alive == kin.alive - {"chen_jianguo"}
    assert kin.without(()) is kin
    assert kin.living_spouse("chen_jianguo") == "wang_meiling"
    assert sorted(kin.living_children("chen_jianguo")) == ["chen_wei", "chen_xin"]
    assert kin.is_descendant("chen_wei", "li_shufen")
    assert "chen_jianguo" in kin.descendants("li_shufen")
    units = kin.heirs_by_class("chen_jianguo", "descendants", ["descendants"])
    assert sorted(k for u in units for k in u) == ["chen_wei", "chen_xin"]
    assert "wang_meiling" in kin.addback_circle("chen_jianguo")
    assert "chen_jianguo" not in kin.addback_circle("chen_jianguo")


def test_the_same_content_gives_the_same_facts() -> None:
    hh = demo("demo-cn-chen")
    f = facts_of(hh)
    assert facts_of(hh) is f
    assert facts_of(from_dict(to_dict(hh))) is f  # another object, the same content


def test_each_fact_is_computed_once(monkeypatch) -> None:
    calls = {"look_through": 0, "controllers": 0, "balance_sheet": 0}

    def counted(name, fn):
        def wrapper(*a, **k):
            calls[name] += 1
            return fn(*a, **k)
        return wrapper

    monkeypatch.setattr(lookthrough_mod, "look_through",
                        counted("look_through", lookthrough_mod.look_through))
    monkeypatch.setattr(lookthrough_mod, "controllers",
                        counted("controllers", lookthrough_mod.controllers))
    monkeypatch.setattr(balance_mod, "balance_sheet",
                        counted("balance_sheet", balance_mod.balance_sheet))
    hh = demo("demo-tw-lin")
    for _ in range(3):
        f = facts_of(from_dict(to_dict(hh)))
        f.balance, f.look_through, f.controllers, f.principals, f.kinship  # noqa: B018
    assert calls == {"look_through": 1, "controllers": 1, "balance_sheet": 1}


def test_a_new_version_gives_new_facts() -> None:
    hh = demo("demo-cn-chen")
    f = facts_of(hh)
    renamed = hh.model_copy(update={"name": hh.name + " (2)"})
    assert facts_of(renamed) is not f
    assert facts_of(renamed).digest != f.digest
    # the household a death leaves behind is a version of its own, with its own controllers
    res = death_today(hh, "chen_jianguo")
    after = res.household_after
    assert after is not None
    fa = facts_of(after)
    assert fa is not f and dict(fa.controllers) == res.control_after
    assert "chen_jianguo" not in fa.kinship.alive


def test_the_cache_keeps_the_most_recent_versions() -> None:
    hh = demo("demo-cn-chen")
    first = facts_of(hh)
    for i in range(CACHE_SIZE):
        facts_of(hh.model_copy(update={"name": f"v{i}"}))
    assert facts_of(from_dict(to_dict(hh))) is not first  # evicted: built again
