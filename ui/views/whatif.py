"""Live what-if on the plan page (also in meeting mode): sliders for retirement age, yearly
spending, a gift now or the sale of part of the business, and the risk level. Each move reruns only
this fragment: one simulation of the changed household on the same random numbers as the cached
plan as it stands (:mod:`planner.whatif`), the difference and its standard error, the fan chart
with the plan's median for comparison, and a year-by-year table to download."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from household import Household
from household.locale import money, pct
from household.safe_text import markdown_text as md

from .. import audience, auth, charts, compute, state, widgets
from ..state import t

WHATIF_PATHS = 2000  # a slider answer within half a second on a laptop
RISK_LEVELS = ("C1", "C2", "C3", "C4", "C5")


@st.cache_resource(show_spinner=False, max_entries=16)
def _baseline(url: str, hid: str, version: int, cma: str | None, paths: int, seed: int) -> Any:
    from planner import PlanConfig
    from planner.whatif import baseline
    from scenarios import household_policy

    hh = state._load(url, hid, version)
    return baseline(hh, compute.assumptions(cma), PlanConfig(paths=paths, seed=seed),
                    household_policy)


@st.cache_resource(show_spinner=False, max_entries=64)
def _allocation(url: str, hid: str, version: int, cma: str | None, level: str
                ) -> tuple[tuple[str, float], ...] | None:
    """The middle of the efficient frontier the risk level allows (its classes only)."""
    from assets import assumptions_for
    from planner import PlanConfig, efficient_frontier

    hh = state._load(url, hid, version)
    a = compute.assumptions(cma) or assumptions_for(hh.base_currency)
    points = efficient_frontier(hh, a, level, PlanConfig(paths=1, risk_level=level)).points
    if not points:
        return None
    return tuple(sorted(points[len(points) // 2].weights.items()))


@st.cache_resource(show_spinner=False, max_entries=128)
def _compare(url: str, hid: str, version: int, cma: str | None, seed: int, w: Any) -> Any:
    """One what-if against the cached plan as it stands (a page switch back costs nothing)."""
    from planner import PlanConfig
    from planner.whatif import compare
    from scenarios import household_policy

    base = _baseline(url, hid, version, cma, WHATIF_PATHS, seed)
    return compare(state._load(url, hid, version), w, compute.assumptions(cma),
                   PlanConfig(paths=WHATIF_PATHS, seed=seed), base, household_policy)


def _main(hh: Household) -> tuple[str | None, int, int]:
    """(main client, age now, retirement age the plan assumes)."""
    from planner.inputs import principals

    ids = principals(hh)
    if not ids:
        return None, 0, 65
    p = hh.person(ids[0])
    age = hh.age(p.id)
    retire = [g.start_year - p.birth_date.year for g in hh.goals
              if g.kind == "retirement" and g.beneficiary in (None, p.id)]
    return p.id, age, max(retire[0] if retire else 65, age)


def _spending(hh: Household) -> float:
    year = hh.as_of.year
    return sum(hh.to_base(f.amount, f.currency) for f in hh.cash_flows
               if f.direction == "expense" and f.start_year <= year
               and (f.end_year is None or year <= f.end_year))


def _round_step(x: float) -> float:
    import math

    if x <= 0:
        return 10_000.0
    mag = 10 ** math.floor(math.log10(x))
    return float(mag)


def _stakes(hh: Household) -> dict[str, float]:
    """The family's stake in each company it owns, in the base currency."""
    stakes: dict[str, float] = {}
    family = {p.id for p in hh.people} | {tr_.id for tr_ in hh.trusts}
    for o in hh.ownership:
        if o.owner in family:
            c = hh.company(o.company)
            stakes[c.id] = stakes.get(c.id, 0.0) + o.share * hh.to_base(c.equity_value,
                                                                         c.currency)
    return stakes


def _start_age(age: int, retire: int) -> int:
    """Where the retirement slider starts."""
    return min(max(retire, age), max(age + 1, 80))


def _whatif(main: str | None, retire: int, age_pick: int, change: float, gift: float,
            sale: float, company: str | None, alloc: Any):
    from planner.whatif import WhatIf

    return WhatIf(retirement_age=age_pick if main and age_pick != retire else None,
                  spending_change=float(change), gift_now=float(gift), sale_fraction=float(sale),
                  sale_company=company, allocation=alloc)


def initial(hh: Household):
    """The what-if at the sliders' starting positions (the answer the page first shows)."""
    main, age, retire = _main(hh)
    stakes = _stakes(hh)
    company = max(stakes, key=stakes.get) if stakes else None
    return _whatif(main, retire, _start_age(age, retire), 0.0, 0.0, 0.0, company, None)


def answer(url: str, hid: str, version: int, cma: str | None, seed: int, w: Any) -> Any:
    """The cached what-if answer (the page's and the warm-up's one entry)."""
    return _compare(url, hid, version, cma, seed, w)


@st.fragment
def render(hid: str, version: int, hh: Household, cma: str | None, seed: int) -> None:
    lang = state.lang()
    base_ccy = hh.base_currency
    st.subheader(t("wi.title"))
    st.caption(t("wi.help", paths=f"{WHATIF_PATHS:,}"))
    main, age, retire = _main(hh)
    spend = _spending(hh)
    net = max(sum(hh.to_base(h.value, h.currency) for h in hh.holdings), 1.0)
    stakes = _stakes(hh)
    c = st.columns(3)
    with c[0]:
        age_pick = st.slider(t("wi.retire"), min_value=max(age, 40), max_value=max(age + 1, 80),
                             value=_start_age(age, retire), key=f"wi_age_{hid}",
                             disabled=main is None)
        levels = {"now": t("wi.risk_now")} | {x: x for x in RISK_LEVELS}
        level = st.select_slider(t("wi.risk"), options=list(levels), value="now",
                                 key=f"wi_risk_{hid}_{lang}", format_func=levels.get)
    step = _round_step(max(spend, 100_000.0) / 20)
    with c[1]:
        change = st.slider(t("wi.spending", ccy=base_ccy), min_value=-round(spend / step) * step
                           if spend else -10 * step, max_value=round(max(spend, 10 * step) / step)
                           * step, value=0.0, step=step, key=f"wi_spend_{hid}", format="%+,.0f")
        st.caption(t("wi.spending_now", amount=money(spend, base_ccy, lang)))
    gstep = _round_step(net / 50)
    with c[2]:
        gift = st.slider(t("wi.gift", ccy=base_ccy), min_value=0.0,
                         max_value=round(net * 0.3 / gstep) * gstep or gstep * 10, value=0.0,
                         step=gstep, key=f"wi_gift_{hid}", format="%,.0f")
        sale = 0.0
        company = None
        if stakes:
            company = max(stakes, key=stakes.get)
            who = md(charts.short_name(hh.company(company).name))  # labels read Markdown
            sale = st.slider(t("wi.sale", company=who),
                             min_value=0, max_value=50, value=0, step=5, key=f"wi_sale_{hid}",
                             format="%d%%") / 100
    url = state.db_url()
    state.require(hid)
    alloc = _allocation(url, hid, version, cma, level) if level != "now" else None
    w = _whatif(main, retire, age_pick, change, gift, sale, company, alloc)
    r = answer(url, hid, version, cma, seed, w)
    m = st.columns(3)
    m[0].metric(t("wi.now"), pct(r.base_probability, 0))
    m[1].metric(t("wi.with"), pct(r.probability, 0),
                delta=t("wi.points", d=f"{100 * r.difference:+.1f}") if r.difference else None,
                delta_color="normal" if abs(r.difference) > 2 * r.difference_se else "off")
    m[2].metric(t("wi.se"), t("wi.points_se", se=f"{100 * r.difference_se:.1f}"))
    st.caption(t("wi.se_help"))
    st.plotly_chart(_fan(r, lang, audience.meeting_mode()), width="stretch",
                    key=f"wi_fan_{hid}")
    _table(r, hh, lang)


def _fan(r: Any, lang: str, calm: bool) -> go.Figure:
    fig = charts.fan_figure(r.years, r.bands, r.currency, lang, calm, title=t("wi.fan"))
    fig.add_trace(go.Scatter(x=list(r.years), y=list(r.base_bands["p50"]), mode="lines",
                             line={"color": "#8c2d19", "width": 2, "dash": "dash"},
                             name=t("wi.median_now"), hoverinfo="skip"))
    charts.money_axis(fig, list(r.bands["p95"]) + list(r.base_bands["p95"]) +
                      list(r.bands["p5"]), r.currency, lang)
    return fig


def _table(r: Any, hh: Household, lang: str) -> None:
    cols = {"year": "wi.col_year", "income": "wi.col_income", "spending": "wi.col_spending",
            "goals": "wi.col_goals", "taxes": "wi.col_taxes", "wealth_p5": "wi.col_p5",
            "wealth_p25": "wi.col_p25", "wealth_p50": "wi.col_p50", "wealth_p75": "wi.col_p75",
            "wealth_p95": "wi.col_p95"}
    raw = pd.DataFrame({t(v): r.table[k] for k, v in cols.items()})
    shown = raw.copy()
    for k, v in cols.items():
        if k != "year":
            shown[t(v)] = [money(x, r.currency, lang) if x else "—" for x in r.table[k]]
    with st.expander(t("wi.table")):
        st.dataframe(shown, hide_index=True, width="stretch")
        st.caption(t("wi.table_help"))
        if audience.meeting_mode():  # downloads are the banker's, audited, never in the meeting
            return
        # numbers (not formatted text) for a spreadsheet; the same neutralised CSV as every table,
        # made and audited only on the click (ui.auth.audited_download)
        gs = state.guarded()
        numbers = raw.round(0)
        st.download_button(t("wi.download"), file_name=f"what-if-{hh.as_of.year}.csv",
                           mime="text/csv", key=f"wi_csv_{hh.id}", icon=":material/download:",
                           on_click="ignore",
                           data=auth.audited_download(gs.store, gs.user, hh.id,
                                                      gs.latest_version(hh.id),
                                                      "csv what-if year by year",
                                                      lambda: widgets.csv_bytes(numbers)))
