"""Chart builders: pure functions from results to plotly figures (no streamlit here).

Every title and axis label comes from :mod:`ui.i18n` in the language asked for; amounts are
formatted with :func:`household.locale.money` (萬/億 in Chinese). ``calm=True`` selects the muted
palette used in meeting mode.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from household import BalanceSheet, Household, LookThrough, Parent, Referral, Role, Spouse
from household.locale import chance, money, pct

from . import tree_layout
from .escape import inert_figure, plot
from .i18n import role_name, tr

PALETTE = {"person": "#1f4e79", "company": "#b5651d", "trust": "#4f7942", "policy": "#7b4f9d",
           "staff": "#6c8ebf"}
CALM = {"person": "#52707f", "company": "#a68a64", "trust": "#7d9a78", "policy": "#94879f",
        "staff": "#8fa6b2"}
EDGE = {"spouse": "#c0392b", "parent": "#7f8c8d", "owns": "#b5651d", "role": "#95a5a6",
        "guarantees": "#e67e22", "insures": "#7b4f9d", "pays": "#9b59b6", "benefits": "#4f7942",
        "settled": "#4f7942", "referred": "#bdc3c7"}
SERIES = ["#1f4e79", "#b5651d", "#4f7942", "#7b4f9d", "#8c2d19", "#2e86ab", "#a3a847", "#6c757d",
          "#d4a373", "#588157", "#bc6c25"]
SERIES_CALM = ["#52707f", "#a68a64", "#7d9a78", "#94879f", "#a1665e", "#6f9fb3", "#b3b38a",
               "#8d959c", "#cdb091", "#8aa38b", "#b08968"]


def _layout(fig: go.Figure, title: str, height: int = 420, calm: bool = False) -> go.Figure:
    fig.update_layout(
        title={"text": plot(title), "x": 0.0, "y": 1.0, "yanchor": "top", "yref": "container",
               "pad": {"t": 8}, "font": {"size": 18 if calm else 16}},
        height=height, margin={"l": 10, "r": 10, "t": 80, "b": 10},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        font={"family": "Noto Sans CJK SC, Noto Sans, sans-serif", "size": 15 if calm else 13},
        # the legend sits between the title and the plot: below it, it met rotated axis labels
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
    )
    return inert_figure(fig)  # client names never render as plotly HTML (ui.escape)


short_name = tree_layout.short_name


def money_axis(fig: go.Figure, values: Sequence[float], currency: str, lang: str,
               axis: str = "y", n: int = 6) -> go.Figure:
    """Tick labels written as people write amounts (萬/億 in Chinese, M/bn in English)."""
    finite = [float(v) for v in values if v == v]
    if not finite:
        return fig
    lo, hi = min(min(finite), 0.0), max(max(finite), 0.0)
    span = hi - lo or 1.0
    raw = span / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    ticks = [first + k * step for k in range(int((hi - first) / step) + 2)]
    text = [money(v, None, lang, digits=1) for v in ticks]
    upd = {"tickvals": ticks, "ticktext": text}
    (fig.update_yaxes if axis == "y" else fig.update_xaxes)(**upd)
    return fig


# ----------------------------------------------------------------------------- network


def policy_label(hh: Household, pol, lang: str = "en") -> str:
    """A policy as people name it: its product, else "Policy · <insured>" (never its id)."""
    if pol.product:
        return pol.product
    who = next((p.name for p in hh.people if p.id == pol.insured), "")
    return f"{tr('kind.policy', lang)} · {short_name(who)}" if who else tr("kind.policy", lang)



def liability_label(hh: Household, li, lang: str = "en") -> str:
    """A debt as people name it: kind, borrower, lender, amount (never its id)."""
    from .i18n import choice_label

    who = next((x.name for x in (*hh.people, *hh.companies) if x.id == li.borrower), "")
    lender = tr("svc.us" if li.lender == "us" else "svc.other", lang)
    parts = [choice_label("kind", li.kind, lang), short_name(who) if who else "", lender,
             money(li.amount, li.currency, lang)]
    return " · ".join(p for p in parts if p)


def _node_names(hh: Household, lang: str = "en") -> dict[str, str]:
    names = {p.id: p.name for p in hh.people} | {c.id: c.name for c in hh.companies}
    names |= {t.id: t.name for t in hh.trusts}
    names |= {p.id: policy_label(hh, p, lang) for p in hh.policies}
    return names


def network_layout(hh: Household, lang: str = "en") -> tree_layout.TreeLayout:
    """The layered layout of the network with its edges and their labels placed."""
    lay = tree_layout.layout(hh, _node_names(hh, lang))
    return tree_layout.with_edges(lay, network_edges(hh, lang))


def network_positions(hh: Household) -> dict[str, tuple[float, float, str]]:
    """x, y (px, y downwards) and drawing kind of every person, company, trust and policy."""
    lay = tree_layout.layout(hh, _node_names(hh))
    return {n.id: (n.x, n.y, n.kind) for n in lay.nodes.values()}


def network_edges(hh: Household, lang: str = "en") -> list[tuple[str, str, str, str]]:
    """(from, to, kind, label) of the edges drawn in the network."""
    out: list[tuple[str, str, str, str]] = []
    for r in hh.relations:
        if isinstance(r, Spouse):
            out.append((r.a, r.b, "spouse", ""))  # the legend names the line
        elif isinstance(r, Parent):
            out.append((r.parent, r.child, "parent", ""))
        elif isinstance(r, Role):
            out.append((r.person, r.company, "role", role_name(r.role, lang)))
        elif isinstance(r, Referral):
            out.append((r.from_, r.to, "referred", ""))
    for o in hh.ownership:
        out.append((o.owner, o.company, "owns", pct(o.share, 0)))
    for li in hh.liabilities:
        for gid in li.guarantors:
            if gid != li.borrower:
                out.append((gid, li.borrower, "guarantees",
                            tr("edge.guarantees", lang) + " " + money(li.amount, li.currency,
                                                                      lang)))
    for t in hh.trusts:  # the legend names the settlor line: no label on it
        out.append((t.settlor, t.id, "settled", ""))
        for b in t.beneficiaries:
            out.append((t.id, b.person, "benefits", pct(b.share, 0)))
    for pol in hh.policies:
        out.append((pol.insured, pol.id, "insures", ""))
        for b in pol.beneficiaries:
            out.append((pol.id, b.target, "pays", pct(b.share, 0)))
    return out


_LINE_STYLE = {  # kind: (dash, width); every style drawn has its legend entry
    "spouse": ("solid", 2.4), "parent": ("solid", 1.4), "owns": ("solid", 2.4),
    "role": ("dot", 1.3), "guarantees": ("dash", 1.6), "insures": ("dashdot", 1.4),
    "pays": ("dot", 1.6), "benefits": ("longdash", 1.4), "settled": ("solid", 1.4),
    "referred": ("dot", 1.0)}
_SYMBOLS = {"person": "circle", "staff": "circle-open", "company": "square", "trust": "diamond",
            "policy": "triangle-up"}


def network_figure(hh: Household, lang: str = "en", calm: bool = False,
                   selected: str | None = None) -> go.Figure:
    """The family tree and company network: generations top to bottom, spouses side by side,
    companies, trusts and policies in their own bands (see :mod:`ui.tree_layout`). Drawn at its
    own size in pixels (1 data unit = 1 px), so the layout's no-overlap guarantee holds on
    screen."""
    lay = network_layout(hh, lang)
    colors = CALM if calm else PALETTE
    names = _node_names(hh, lang)
    fig = go.Figure()
    by_kind: dict[str, list[tree_layout.Edge]] = defaultdict(list)
    for e in lay.edges:
        by_kind[e.kind].append(e)
    left = {(e.a, e.b, e.kind) for e in lay.left_out}
    for kind in _LINE_STYLE:
        items = by_kind.get(kind)
        if not items:
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for e in items:
            (x0, y0), (x1, y1) = e.points
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        dash, width = _LINE_STYLE[kind]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", hoverinfo="skip", name=tr(f"edge.{kind}", lang),
            line={"color": EDGE.get(kind, "#999"), "width": width, "dash": dash},
            legendgroup=kind, showlegend=True))
        hidden = [e for e in items if (e.a, e.b, e.kind) in left]
        if hidden:  # a label with no free spot: on hover at the edge's middle instead
            fig.add_trace(go.Scatter(
                x=[(e.points[0][0] + e.points[1][0]) / 2 for e in hidden],
                y=[(e.points[0][1] + e.points[1][1]) / 2 for e in hidden], mode="markers",
                marker={"size": 8, "color": EDGE.get(kind, "#999"), "opacity": 0.35},
                hovertext=[f"{short_name(names.get(e.a, ''))} → "
                           f"{short_name(names.get(e.b, ''))}: {e.label}" for e in hidden],
                hoverinfo="text", legendgroup=kind, showlegend=False))
    kind_names = {"person": "kind.person", "staff": "kind.staff", "company": "kind.company",
                  "trust": "kind.trust", "policy": "kind.policy"}
    for kind in ("person", "staff", "company", "trust", "policy"):
        ns = [n for n in lay.nodes.values() if n.kind == kind]
        if not ns:
            continue
        fig.add_trace(go.Scatter(
            x=[n.x for n in ns], y=[n.y for n in ns], mode="markers",
            customdata=[n.id for n in ns], hovertext=[names[n.id] for n in ns], hoverinfo="text",
            marker={"size": [tree_layout.MARK if n.id == selected else 22 for n in ns],
                    "color": colors[kind], "symbol": _SYMBOLS[kind],
                    "line": {"width": 2, "color": colors[kind] if kind == "staff" else "white"}},
            name=tr(kind_names[kind], lang)))
    notes = []
    for n in lay.nodes.values():
        notes.append({"x": n.x, "y": n.label_top, "text": "<br>".join(_esc(s) for s in n.lines),
                      "xanchor": "center", "yanchor": "top", "showarrow": False,
                      "font": {"size": tree_layout.FONT + (1 if calm else 0), "color": "#333"},
                      "bgcolor": "rgba(255,255,255,0.85)", "borderpad": 1})
    for lab in lay.labels:
        notes.append({"x": lab.x, "y": lab.y, "text": _esc(lab.text), "xanchor": "center",
                      "yanchor": "middle", "showarrow": False,
                      "font": {"size": tree_layout.FONT - 1, "color": EDGE.get(lab.kind, "#555")},
                      "bgcolor": "rgba(255,255,255,0.9)", "borderpad": 1})
    fig.update_layout(annotations=notes)
    fig.update_xaxes(visible=False, range=[0, lay.width], fixedrange=False)
    fig.update_yaxes(visible=False, range=[lay.height, 0])
    _layout(fig, tr("hh.network", lang), height=int(lay.height) + NET_MARGIN["t"]
            + NET_MARGIN["b"], calm=calm)
    fig.update_layout(dragmode="pan", clickmode="event+select",
                      width=int(lay.width) + NET_MARGIN["l"] + NET_MARGIN["r"],
                      margin=NET_MARGIN,
                      legend={"orientation": "h", "y": 0, "yanchor": "top", "x": 0,
                              "font": {"size": 11}})
    return fig


NET_MARGIN = {"l": 10, "r": 10, "t": 44, "b": 96}  # the legend sits in the bottom margin


def _esc(text: str) -> str:
    """Literal text inside a plotly annotation (which reads a few HTML tags)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ----------------------------------------------------------------------------- ownership
def ownership_figure(hh: Household, lt: LookThrough, lang: str = "en",
                     calm: bool = False) -> go.Figure:
    """Look-through economic interest of each person and trust in each company (heatmap)."""
    names = {p.id: short_name(p.name) for p in hh.people} | {
        t.id: short_name(t.name) for t in hh.trusts}
    cnames = {c.id: short_name(c.name) for c in hh.companies}
    rows = [i for i, o in enumerate(lt.owners) if lt.matrix[i].sum() > 0]
    z = [[float(lt.matrix[i, j]) for j in range(len(lt.companies))] for i in rows]
    text = [[pct(v, 1) if v > 0 else "" for v in row] for row in z]
    fig = go.Figure(go.Heatmap(
        z=z, x=[cnames[c] for c in lt.companies], y=[names[lt.owners[i]] for i in rows],
        text=text, texttemplate="%{text}", colorscale="Greys" if calm else "Oranges",
        zmin=0, zmax=1, showscale=False, hoverinfo="skip"))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, tr("hh.ownership", lang), height=120 + 40 * max(len(rows), 2), calm=calm)


# ----------------------------------------------------------------------------- balance sheet
def balance_figure(bs: BalanceSheet, lang: str = "en", calm: bool = False) -> go.Figure:
    """Stacked bars per person and trust: assets by kind, liabilities below zero."""
    series = SERIES_CALM if calm else SERIES
    ents = [e for e in bs.entities.values() if e.assets > 0 or e.liabilities > 0]
    y = [short_name(e.name) for e in ents]
    fig = go.Figure()
    parts = [("liquid", "col.liquid"), ("property", "col.property"),
             ("other_illiquid", "col.other_illiquid"), ("business", "col.business"),
             ("policies", "col.policies")]
    for k, (attr, key) in enumerate(parts):
        vals = [getattr(e, attr) for e in ents]
        if any(vals):
            fig.add_trace(go.Bar(
                y=y, x=vals, orientation="h", name=tr(key, lang), marker_color=series[k],
                hovertext=[money(v, bs.base_currency, lang) for v in vals], hoverinfo="text"))
    liab = [-e.liabilities for e in ents]
    if any(liab):
        fig.add_trace(go.Bar(y=y, x=liab, orientation="h", name=tr("col.liabilities", lang),
                             marker_color="#8c2d19" if not calm else "#a1665e",
                             hovertext=[money(v, bs.base_currency, lang) for v in liab],
                             hoverinfo="text"))
    fig.update_layout(barmode="relative")
    fig.update_yaxes(autorange="reversed")
    money_axis(fig, [e.assets for e in ents] + liab, bs.base_currency, lang, axis="x")
    return _layout(fig, tr("hh.balance", lang), height=140 + 45 * max(len(ents), 2), calm=calm)


def currency_figure(by_currency: Mapping[str, float], base: str, lang: str = "en",
                    calm: bool = False) -> go.Figure:
    items = [(c, v) for c, v in by_currency.items() if v > 0]
    fig = go.Figure(go.Pie(
        labels=[c for c, _ in items], values=[v for _, v in items], hole=0.5, sort=False,
        marker={"colors": SERIES_CALM if calm else SERIES},
        hovertext=[money(v, base, lang) for _, v in items], hoverinfo="label+percent+text"))
    return _layout(fig, tr("hh.currencies", lang), height=320, calm=calm)


# ----------------------------------------------------------------------------- plan
def fan_figure(years: Sequence[int], bands: Mapping[str, Sequence[float]], currency: str,
               lang: str = "en", calm: bool = False, title: str | None = None) -> go.Figure:
    """Fan chart: p5–p95 and p25–p75 bands with the median line."""
    c = "82,112,127" if calm else "31,78,121"
    yrs = list(years)
    fig = go.Figure()
    for lo, hi, alpha, key in (("p5", "p95", 0.15, "pl.band90"), ("p25", "p75", 0.35,
                                                                     "pl.band50")):
        fig.add_trace(go.Scatter(x=yrs + yrs[::-1], y=list(bands[hi]) + list(bands[lo])[::-1],
                                 fill="toself", fillcolor=f"rgba({c},{alpha})", line={"width": 0},
                                 name=tr(key, lang), hoverinfo="skip"))
    med = list(bands["p50"])
    fig.add_trace(go.Scatter(x=yrs, y=med, mode="lines", line={"color": f"rgb({c})", "width": 3},
                             name=tr("pl.median", lang),
                             hovertext=[money(v, currency, lang) for v in med], hoverinfo="x+text"))
    fig.update_yaxes(title=tr("pl.wealth", lang) + f" ({currency})", rangemode="tozero")
    money_axis(fig, list(bands["p95"]) + list(bands["p5"]), currency, lang)
    return _layout(fig, title or tr("pl.fan", lang), height=420, calm=calm)


def allocation_figure(classes: Sequence[str], current: Sequence[float],
                      recommended: Sequence[float], lang: str = "en",
                      calm: bool = False) -> go.Figure:
    series = SERIES_CALM if calm else SERIES
    fig = go.Figure()
    fig.add_trace(go.Bar(x=list(classes), y=list(current), name=tr("col.current", lang),
                         marker_color=series[7], text=[pct(v, 0) for v in current]))
    fig.add_trace(go.Bar(x=list(classes), y=list(recommended), name=tr("col.recommended", lang),
                         marker_color=series[0], text=[pct(v, 0) for v in recommended]))
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=".0%")
    return _layout(fig, tr("pl.allocation", lang), height=380, calm=calm)


def frontier_figure(vols: Sequence[float], rets: Sequence[float],
                    current: tuple[float, float] | None, recommended: tuple[float, float] | None,
                    lang: str = "en", calm: bool = False) -> go.Figure:
    series = SERIES_CALM if calm else SERIES
    fig = go.Figure(go.Scatter(x=list(vols), y=list(rets), mode="lines+markers",
                               name=tr("pl.frontier", lang), line={"color": series[0]}))
    for pt, key, col, sym in ((current, "col.current", series[7], "x"),
                              (recommended, "col.recommended", series[1], "star")):
        if pt is not None:
            fig.add_trace(go.Scatter(x=[pt[0]], y=[pt[1]], mode="markers+text",
                                     text=[tr(key, lang)], textposition="top center",
                                     marker={"size": 16, "color": col, "symbol": sym},
                                     name=tr(key, lang)))
    fig.update_xaxes(title=tr("pl.vol", lang), tickformat=".0%")
    fig.update_yaxes(title=tr("pl.ret", lang), tickformat=".1%")
    return _layout(fig, tr("pl.frontier", lang), height=400, calm=calm)


def goals_figure(names: Sequence[str], probs: Sequence[float], lows: Sequence[float],
                 highs: Sequence[float], lang: str = "en", calm: bool = False) -> go.Figure:
    series = SERIES_CALM if calm else SERIES
    fig = go.Figure(go.Bar(
        y=list(names), x=list(probs), orientation="h", marker_color=series[2],
        text=[chance(p, lang) for p in probs], textposition="auto",
        error_x={"type": "data", "symmetric": False,
                 "array": [max(h - p, 0) for h, p in zip(highs, probs, strict=True)],
                 "arrayminus": [max(p - lo, 0) for lo, p in zip(lows, probs, strict=True)]}))
    fig.update_xaxes(range=[0, 1], tickformat=".0%")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, tr("pl.goals", lang), height=120 + 45 * max(len(names), 2), calm=calm)


# ----------------------------------------------------------------------------- succession
def sankey_figure(labels: Sequence[str], links: Sequence[tuple[int, int, float]], currency: str,
                  lang: str = "en", calm: bool = False, title: str | None = None) -> go.Figure:
    """Estate flows: ``links`` are (source index, target index, amount)."""
    series = SERIES_CALM if calm else SERIES
    fig = go.Figure(go.Sankey(
        node={"label": list(labels), "pad": 18, "thickness": 16,
              "color": [series[i % len(series)] for i in range(len(labels))]},
        link={"source": [s for s, _, _ in links], "target": [t for _, t, _ in links],
              "value": [v for _, _, v in links],
              "customdata": [money(v, currency, lang) for _, _, v in links],
              "hovertemplate": "%{customdata}<extra></extra>"}))
    return _layout(fig, title or tr("su.sankey", lang), height=440, calm=calm)
