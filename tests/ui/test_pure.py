"""The pure parts of the UI: chart builders, insight rules, table round trips."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from household import DEMO_IDS, balance_sheet, demo, from_dict, look_through, to_dict
from ui import charts, forms, insight_rules
from ui.i18n import LANGS, tr


@pytest.mark.parametrize("hid", DEMO_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_chart_builders_are_pure_and_translated(hid, lang):
    hh = demo(hid)
    bs = balance_sheet(hh)
    net = charts.network_figure(hh, lang)
    assert isinstance(net, go.Figure)
    assert net.layout.title.text == tr("hh.network", lang)
    drawn = {i for tr_ in net.data if tr_.customdata is not None for i in tr_.customdata}
    expected = {p.id for p in hh.people} | {c.id for c in hh.companies}
    expected |= {t.id for t in hh.trusts} | {p.id for p in hh.policies}
    assert drawn == expected  # every person, company, trust and policy is a node
    # labels never overlap nodes or each other: tests/ui/test_tree_layout.py (geometry)
    assert net.layout.annotations and all(a.text for a in net.layout.annotations)
    assert charts.ownership_figure(hh, look_through(hh), lang).layout.title.text == tr(
        "hh.ownership", lang)
    bal = charts.balance_figure(bs, lang, calm=True)
    assert bal.layout.title.text == tr("hh.balance", lang)
    years = [2026, 2027, 2028]
    bands = {k: [1.0 + i, 2.0 + i, 3.0 + i] for i, k in enumerate(("p5", "p25", "p50", "p75",
                                                                      "p95"))}
    fan = charts.fan_figure(years, bands, hh.base_currency, lang)
    assert len(fan.data) == 3
    sk = charts.sankey_figure(["a", "b", "c"], [(0, 1, 5.0), (0, 2, 3.0)], "CNY", lang)
    assert list(sk.data[0].link.value) == [5.0, 3.0]


def test_network_edges_show_ownership_percentages_and_guarantees():
    hh = demo("demo-cn-chen")
    edges = charts.network_edges(hh, "en")
    owns = [e for e in edges if e[2] == "owns"]
    assert len(owns) == len(hh.ownership)
    assert ("chen_jianguo", "huaxin_precision", "owns", "15%") in owns
    assert any(e[2] == "guarantees" and e[1] == "huaxin_precision" for e in edges)


def test_insights_carry_the_figures_behind_them():
    hh = demo("demo-cn-chen")
    items = insight_rules.insights(hh, "en")
    cats = {i.category for i in items}
    assert {"corporate", "people", "guarantee", "fx", "concentration", "wallet"} <= cats
    payroll = next(i for i in items if i.category == "corporate" and "Huaxin" in i.title)
    assert ("Employees", "850") in payroll.figures
    assert "payroll" in payroll.action.lower()
    execs = next(i for i in items if i.category == "people")
    assert any("Zhang Hua" in label for label, _ in execs.figures)
    g = next(i for i in items if i.category == "guarantee" and "Chen Jianguo" in i.title)
    assert dict(g.figures)["Guarantees"] == "¥100M"
    zh = insight_rules.insights(hh, "zh-Hans")
    assert any("代发工资" in i.action for i in zh)


def test_insights_use_the_estate_liquidity_gap_when_given():
    hh = demo("demo-cn-chen")
    est = {"chen_jianguo": insight_rules.EstateFigures("chen_jianguo", tax=5e6, liquid=1e6)}
    items = insight_rules.insights(hh, "en", estates=est)
    s = next(i for i in items if i.category == "succession" and "Chen Jianguo" in i.title)
    assert dict(s.figures)["Liquidity gap"] == "¥4M"
    # costs, debts and claims payable in cash count too, as on the succession page
    est = {"chen_jianguo": insight_rules.EstateFigures("chen_jianguo", tax=5e6, liquid=1e6,
                                                       needed=7e6)}
    s = next(i for i in insight_rules.insights(hh, "en", estates=est)
             if i.category == "succession" and "Chen Jianguo" in i.title)
    assert dict(s.figures)["Liquidity gap"] == "¥6M"
    assert dict(s.figures)["Cash needed (tax, costs, debts, claims)"] == "¥7M"


def test_internal_notes_are_listed():
    notes = insight_rules.internal_notes(demo("demo-cn-chen"))
    assert any("payroll" in n for _, n in notes)


@pytest.mark.parametrize("hid", DEMO_IDS)
def test_tables_round_trip_to_the_same_household(hid):
    hh = demo(hid)
    doc = to_dict(hh)
    for section in forms.SECTIONS:
        df = forms.to_frame(section, doc.get(section, []))
        items, errors = forms.from_frame(section, pd.DataFrame(df))
        assert not errors
        doc[section] = items
    assert to_dict(from_dict(doc)) == to_dict(hh)


def test_bad_json_cell_names_its_path():
    df = pd.DataFrame([{"id": "p1", "insured": "a", "policyholder": "a", "beneficiaries": "[{",
                        "sum_assured": 1.0, "currency": "CNY"}])
    _, errors = forms.from_frame("policies", df)
    assert errors == [("policies[0].beneficiaries", "is not valid JSON")]


def test_problem_paths_are_located():
    loc = forms.locate("ownership[3].share", "too big")
    assert (loc.section, loc.row, loc.field) == ("ownership", 3, "share")
    assert forms.locate("fx.USD", "missing").section == "household"


def test_the_assumption_sets_tooltip_is_in_the_readers_language():
    from assets import load_assumptions
    from ui.views.plan import _assumption_help

    a = load_assumptions("house-twd-2026")
    assert "行內觀點" in _assumption_help(a, "zh-Hant")
    assert "house view" in _assumption_help(a, "en") and a.vintage in _assumption_help(a, "en")
    assert _assumption_help(None, "en") == ""
