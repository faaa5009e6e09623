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
from household.graph import generations
from household.locale import money, pct

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
        title={"text": plot(title), "x": 0.0, "font": {"size": 18 if calm else 16}},
        height=height, margin={"l": 10, "r": 10, "t": 50, "b": 10},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        font={"family": "Noto Sans CJK SC, Noto Sans, sans-serif", "size": 15 if calm else 13},
        legend={"orientation": "h", "y": -0.08},
    )
    return inert_figure(fig)  # client names never render as plotly HTML (ui.escape)


def short_name(name: str) -> str:
    """The first word of a bilingual name ("陈建国 Chen Jianguo" → "陈建国")."""
    head = name.split(" ")[0]
    return head if any(ord(ch) > 0x2E80 for ch in head) else name


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


def network_positions(hh: Household) -> dict[str, tuple[float, float, str]]:
    """x, y and drawing kind of every person, company, trust and policy: family by generation at
    the top, companies and trusts in the middle, staff and policies below."""
    family = {x for r in hh.relations if isinstance(r, Parent) for x in (r.parent, r.child)}
    family |= {x for r in hh.relations if isinstance(r, Spouse) for x in (r.a, r.b)}
    gen = generations(hh)
    rows: dict[float, list[tuple[str, str]]] = defaultdict(list)
    for p in hh.people:
        if p.id in family or not any(isinstance(r, Role) and r.person == p.id
                                     for r in hh.relations):
            rows[12 - 3.0 * gen[p.id]].append((p.id, "person"))
        else:
            rows[-1.0].append((p.id, "staff"))
    for c in hh.companies:
        rows[2.5].append((c.id, "company"))
    for tr_ in hh.trusts:
        rows[4.2].append((tr_.id, "trust"))
    for pol in hh.policies:
        rows[-3.0].append((pol.id, "policy"))
    pos: dict[str, tuple[float, float, str]] = {}
    for y, items in rows.items():
        n = len(items)
        for i, (nid, kind) in enumerate(items):
            x = -6 + 12 * (i + 0.5) / n
            pos[nid] = (x, y, kind)
    return pos


def network_edges(hh: Household, lang: str = "en") -> list[tuple[str, str, str, str]]:
    """(from, to, kind, label) of the edges drawn in the network."""
    out: list[tuple[str, str, str, str]] = []
    for r in hh.relations:
        if isinstance(r, Spouse):
            out.append((r.a, r.b, "spouse", tr("edge.spouse", lang)))
        elif isinstance(r, Parent):
            out.append((r.parent, r.child, "parent", ""))
        elif isinstance(r, Role):
            out.append((r.person, r.company, "role", role_name(r.role, lang)))
        elif isinstance(r, Referral):
            out.append((r.from_, r.to, "referred", tr("edge.referred", lang)))
    for o in hh.ownership:
        out.append((o.owner, o.company, "owns", pct(o.share, 0)))
    for li in hh.liabilities:
        for gid in li.guarantors:
            if gid != li.borrower:
                out.append((gid, li.borrower, "guarantees",
                            tr("edge.guarantees", lang) + " " + money(li.amount, li.currency,
                                                                      lang)))
    for t in hh.trusts:
        out.append((t.settlor, t.id, "settled", tr("edge.settled", lang)))
        for b in t.beneficiaries:
            out.append((t.id, b.person, "benefits", pct(b.share, 0)))
    for pol in hh.policies:
        out.append((pol.insured, pol.id, "insures", ""))
        for b in pol.beneficiaries:
            out.append((pol.id, b.target, "pays", pct(b.share, 0)))
    return out


def network_figure(hh: Household, lang: str = "en", calm: bool = False,
                   selected: str | None = None) -> go.Figure:
    """Interactive network of people, companies, trusts and policies, coloured by kind."""
    pos = network_positions(hh)
    colors = CALM if calm else PALETTE
    names = {p.id: p.name for p in hh.people} | {c.id: c.name for c in hh.companies}
    names |= {t.id: t.name for t in hh.trusts}
    names |= {p.id: (p.product or p.id) for p in hh.policies}
    fig = go.Figure()
    edges = [e for e in network_edges(hh, lang) if e[0] in pos and e[1] in pos]
    by_kind: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for e in edges:
        by_kind[e[2]].append(e)
    for kind, items in by_kind.items():
        xs: list[float | None] = []
        ys: list[float | None] = []
        for a, b, _, _ in items:
            xs += [pos[a][0], pos[b][0], None]
            ys += [pos[a][1], pos[b][1], None]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", hoverinfo="skip", name=tr(f"edge.{kind}", lang),
            line={"color": EDGE.get(kind, "#999"), "width": 2.5 if kind == "owns" else 1.4,
                  "dash": "dot" if kind in ("guarantees", "referred", "role") else "solid"},
            legendgroup="edges", showlegend=kind in ("owns", "spouse", "guarantees"),
        ))
    # an edge's label sits at the first point along its line that no other label is near:
    # edges joining the same two nodes (owns, guarantees, a role) or crossing at their middles
    # would otherwise print one label over another
    along = (0.5, 0.33, 0.67, 0.22, 0.78, 0.42, 0.58)
    lx: list[float] = []
    ly: list[float] = []
    lt: list[str] = []

    def free(x: float, y: float) -> bool:
        return all(abs(x - u) > 0.8 or abs(y - v) > 0.3 for u, v in zip(lx, ly, strict=True))

    for a, b, _, lab in edges:
        if not lab:
            continue
        spots = [(pos[a][0] + f * (pos[b][0] - pos[a][0]), pos[a][1] + f * (pos[b][1] - pos[a][1]))
                 for f in along]
        x, y = next((p for p in spots if free(*p)), spots[0])
        lx.append(x)
        ly.append(y)
        lt.append(lab)
    if lt:
        fig.add_trace(go.Scatter(x=lx, y=ly, mode="text", text=lt, hoverinfo="skip",
                                 textfont={"size": 10, "color": "#555"}, showlegend=False))
    kind_names = {"person": "kind.person", "staff": "kind.person", "company": "kind.company",
                  "trust": "kind.trust", "policy": "kind.policy"}
    symbols = {"person": "circle", "staff": "circle-open", "company": "square",
               "trust": "diamond", "policy": "triangle-up"}
    for kind in ("person", "staff", "company", "trust", "policy"):
        ids = [n for n, (_, _, k) in pos.items() if k == kind]
        if not ids:
            continue
        fig.add_trace(go.Scatter(
            x=[pos[n][0] for n in ids], y=[pos[n][1] for n in ids], mode="markers+text",
            text=[short_name(names[n]) for n in ids], textposition="bottom center",
            customdata=ids, hovertext=[names[n] for n in ids], hoverinfo="text",
            marker={"size": [30 if n == selected else 22 for n in ids], "color": colors[kind],
                    "symbol": symbols[kind], "line": {"width": 2, "color": "white"}},
            name=tr(kind_names[kind], lang), showlegend=kind != "staff",
        ))
    fig.update_xaxes(visible=False, range=[-6.6, 6.6])
    fig.update_yaxes(visible=False)
    fig.update_layout(dragmode="pan", clickmode="event+select")
    return _layout(fig, tr("hh.network", lang), height=560, calm=calm)


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
        text=[pct(p, 0) for p in probs], textposition="auto",
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
