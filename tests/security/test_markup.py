"""Issue 18.2 without a browser: every chart the app draws, built from the hostile household,
carries client text only escaped for plotly (no ``<`` reaches a text, hover, label, legend or
category), and the Markdown helper leaves no link or image syntax."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from household import balance_sheet, look_through
from household.safe_text import markdown_text, plotly_text
from ui import charts
from ui.escape import inert_figure

from .hostile import PAYLOADS, hostile_household

TEXT_KEYS = ("text", "hovertext", "labels", "name", "x", "y")


def _texts(fig: go.Figure) -> list[str]:
    doc = json.loads(fig.to_json())
    out = []
    for tr in doc["data"]:
        for k in TEXT_KEYS:
            v = tr.get(k)
            out += [x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str)]
        for parent in ("node", "link"):
            labels = (tr.get(parent) or {}).get("label") or []
            out += [x for x in labels if isinstance(x, str)]
    title = (doc["layout"].get("title") or {}).get("text")
    return out + ([title] if title else [])


def _figures(lang: str):
    hh, _ = hostile_household()
    bs = balance_sheet(hh)
    lt = look_through(hh)
    names = [p.name for p in hh.people]
    yield "network", charts.network_figure(hh, lang)
    yield "ownership", charts.ownership_figure(hh, lt, lang)
    yield "balance", charts.balance_figure(bs, lang)
    yield "currency", charts.currency_figure(bs.by_currency(), hh.base_currency, lang)
    yield "goals", charts.goals_figure([g.name for g in hh.goals], [0.5] * len(hh.goals),
                                       [0.4] * len(hh.goals), [0.6] * len(hh.goals), lang)
    yield "sankey", charts.sankey_figure(names[:3], [(0, 1, 10.0), (0, 2, 5.0)], "CNY", lang)
    yield "allocation", charts.allocation_figure(names[:2], [0.5, 0.5], [0.4, 0.6], lang)


def test_every_chart_escapes_client_text_for_plotly():
    checked = 0
    for lang in ("en", "zh-Hant"):
        for name, fig in _figures(lang):
            texts = _texts(fig)
            if name != "currency":  # the only chart without client text
                assert any("tracker.invalid" in t or "kf-evil" in t for t in texts), name
            bad = [t for t in texts if "<" in t]
            assert not bad, (name, bad[:3])
            checked += 1
    assert checked == 14


def test_inert_figure_keeps_selection_ids_and_numbers():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], text=["<a href='x'>a</a>", "b & c"],
                               customdata=["<id>", "p1"]))
    inert_figure(fig)
    assert list(fig.data[0].text) == ["&lt;a href='x'&gt;a&lt;/a&gt;", "b &amp; c"]
    assert list(fig.data[0].customdata) == ["<id>", "p1"] and list(fig.data[0].x) == [1, 2]
    inert_figure(fig)  # once only: no double escaping
    assert fig.data[0].text[1] == "b &amp; c"


def test_helpers_neutralise_every_payload():
    for n, p in enumerate(PAYLOADS):
        text = p.format(n=n)
        md = markdown_text(text)
        assert "](" not in md.replace("\\]\\(", "") and "<" not in md
        assert "<" not in plotly_text(text)
