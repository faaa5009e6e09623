"""Plan page: assumption set, client risk level, current and recommended allocation, fan chart of
wealth, goals with their chances and ranges, the efficient frontier and stress tests. Results are
cached per household version and settings (see :mod:`ui.compute`)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from household import Household
from household.locale import chance, money, pct

from .. import audience, charts, compute, state, widgets
from ..state import t
from ..widgets import sticky, sticky_choice

RISK_LEVELS = ("C1", "C2", "C3", "C4", "C5")


def default_risk(hh: Household) -> str:
    levels = [p.risk_level for p in hh.people if p.client and p.risk_level]
    return levels[0] if levels else "C3"


def class_name(cid: str, lang: str) -> str:
    try:
        from assets import ASSET_CLASS_INFO

        info = ASSET_CLASS_INFO[cid]
        return {"en": info.en, "zh-Hant": info.zh_hant, "zh-Hans": info.zh_hans}[lang]
    except (ImportError, KeyError):
        return cid


def prob_words(p: float) -> str:
    """A probability with plain words next to it: "92.1% — about 9 in 10 futures" (written as
    the PDF writes it: household.locale.chance)."""
    shown = chance(p, state.lang())
    if p >= 0.95:
        return t("pl.prob_almost", p=shown)
    if p < 0.05:
        return t("pl.prob_rare", p=shown)
    return t("pl.prob_words", p=shown, n=round(10 * p))


def bad_year_loss(a: Any, weights: dict[str, float]) -> float | None:
    """Loss of the liquid portfolio in a 1-in-20 bad year (normal approximation)."""
    try:
        idx = [a.classes.index(c) for c in weights]
    except (AttributeError, ValueError):
        return None
    w = np.array(list(weights.values()), dtype=np.float64)
    mu = float(w @ np.asarray(a.means)[idx])
    vols = np.asarray(a.vols)[idx]
    cov = np.asarray(a.correlation)[np.ix_(idx, idx)] * np.outer(vols, vols)
    sigma = math.sqrt(max(float(w @ cov @ w), 0.0))
    return mu - 1.645 * sigma


def _assumption_help(a: Any, lang: str) -> str:
    """The set's vintage, source and method in the reader's language (its tooltip)."""
    if a is None:
        return ""
    text = getattr(a, "text", None)
    source, method = (text("source", lang), text("method", lang)) if callable(text) else (
        getattr(a, "source", ""), getattr(a, "method", ""))
    return f"{getattr(a, 'vintage', '')} · {source}\n\n{method}".strip()


def house_set_id(hh: Household) -> str | None:
    """Id of the household's own house assumption set (its base currency's)."""
    try:
        from assets import assumptions_for
    except ImportError:
        return None
    return assumptions_for(hh.base_currency).id


def cma_label(cma_id: str) -> str:
    """An assumption set as people name it: "House view · TWD · 2026-01"."""
    try:
        a = compute.assumptions(cma_id)
        return t("pl.cma_name", ccy=a.currency, vintage=a.vintage)
    except Exception:  # a set that cannot be read is named by what the list says
        return t("pl.cma_name", ccy="", vintage="").rstrip(" ·")


def default_cma(hh: Household) -> str | None:
    """The assumption set the page starts on: the household's house set when offered."""
    ids = compute.assumption_ids()
    own = house_set_id(hh)
    return own if own in ids else (ids[0] if ids else None)


def chosen_settings(hh: Household, hid: str, session: Any, paths: int, seed: int
                    ) -> tuple[str | None, str, int, int]:
    """(assumption set, risk level, paths, seed) the page computes with, from the values kept
    in ``session`` (a session state or a plain mapping) or their defaults: the page and the
    warm-up after the first page (:mod:`ui.warm_plan`) ask the same cache keys."""
    ids = compute.assumption_ids()
    default = default_cma(hh)
    cma = session.get(f"pl_cma_{hid}_v", default)
    risk = session.get(f"pl_risk_{hid}_v", default_risk(hh))
    return (cma if cma in ids else default, risk if risk in RISK_LEVELS else default_risk(hh),
            int(session.get("pl_paths_v", paths)), int(session.get("pl_seed_v", seed)))


def settings(hh: Household, hid: str) -> tuple[str | None, str, int, int]:
    ids = compute.assumption_ids()
    default = default_cma(hh)
    chosen = st.session_state.get(f"pl_cma_{hid}_v", default)
    a = compute.assumptions(chosen if chosen in ids else default)
    c = st.columns(4)
    with c[0]:  # sets by their currency and vintage: their ids are internal
        # source notes carry UNVERIFIED labels: the bank's view only
        cma = sticky_choice(t("pl.assumptions"), f"pl_cma_{hid}", default,
                            {i: cma_label(i) for i in ids},
                            help=_assumption_help(a, state.lang()) if audience.internal()
                            else None)
    with c[1]:
        risk = sticky(st.selectbox, t("pl.risk"), f"pl_risk_{hid}", default_risk(hh),
                      options=RISK_LEVELS)
    if audience.internal():
        with c[2]:
            paths = sticky(st.number_input, t("pl.paths"), "pl_paths", state.paths(),
                           min_value=100, max_value=200_000, step=1000)
        with c[3]:
            seed = sticky(st.number_input, t("pl.seed"), "pl_seed", state.seed(), min_value=0,
                          step=1)
    else:
        paths = st.session_state.get("pl_paths_v", state.paths())
        seed = st.session_state.get("pl_seed_v", state.seed())
    return cma, risk, int(paths), int(seed)


def render() -> None:
    cur = state.current_in_script()
    if cur is None:
        st.info(t("side.no_households"))
        return
    hid, version, hh = cur
    lang = state.lang()
    calm = audience.meeting_mode()
    st.title(t("pl.title"))
    try:
        cma, risk, paths, seed = settings(hh, hid)
    except compute.Unavailable:
        st.info(t("err.unavailable"))
        return
    bar = st.progress(0.0, text=t("pl.computing", paths=paths))

    def progress(x: float, _stage: str) -> None:
        bar.progress(x, text=t("pl.computing", paths=paths))

    try:
        res = compute.plan_stages(hid, version, cma, risk, paths, seed, progress)
    except compute.Unavailable:
        bar.empty()
        st.info(t("err.unavailable"))
        return
    bar.empty()
    plan = res["plan"]
    rec = res.get("recommendation")
    stress = res.get("stress")
    base = plan.base_currency
    basis = "nominal" if state.nominal() else "real"

    c = st.columns(3)
    c[0].metric(t("pl.all_essential"), chance(plan.success_all_essential, lang))
    c[0].caption(prob_words(plan.success_all_essential))
    c[1].metric(t("hh.net_worth"), money(plan.start_wealth, base, lang))
    weights = dict(plan.current_allocation)
    loss = bad_year_loss(compute.assumptions(cma), weights)
    if loss is not None:
        c[2].metric(t("pl.bad_year"), pct(-loss if loss < 0 else 0.0, 0))
        c[2].caption(t("pl.risk_words", loss=pct(-loss if loss < 0 else 0.0, 0)))

    bands = plan.wealth["total"][basis]
    st.plotly_chart(charts.fan_figure(plan.years, bands, base, lang, calm), width="stretch")
    st.caption(t("pl.fan_help") + " " + (t("pl.nominal_note") if basis == "nominal"
                                          else t("pl.real_note")))

    _goals(plan, hh, lang, calm)
    from . import whatif

    whatif.render(hid, version, hh, cma, seed)
    _allocation(plan, rec, lang, calm, risk)
    if stress is not None:
        _stress(stress, base, lang)


def _range(low: float, high: float, lang: str) -> str:
    """The likely range of a goal's chance; one figure where both ends read the same."""
    lo, hi = chance(low, lang), chance(high, lang)
    return lo if lo == hi else t("pl.range_words", lo=lo, hi=hi)


def _goals(plan: Any, hh: Household, lang: str, calm: bool) -> None:
    rows, names, ps, lo, hi = [], [], [], [], []
    for g in plan.goals:
        name = state.name_in_script(g.name)  # results carry the name as typed
        low, high = max(g.success - 1.96 * g.se, 0.0), min(g.success + 1.96 * g.se, 1.0)
        rows.append({t("col.goal"): name, t("col.priority"): t(f"prio.{g.priority}"),
                     t("col.probability"): prob_words(g.success),
                     t("col.range"): _range(low, high, lang)})
        names.append(charts.short_name(name))
        ps.append(g.success)
        lo.append(low)
        hi.append(high)
    if rows:
        st.plotly_chart(charts.goals_figure(names, ps, lo, hi, lang, calm), width="stretch")
        widgets.table(pd.DataFrame(rows), "goals")


def _allocation(plan: Any, rec: Any, lang: str, calm: bool, risk: str) -> None:
    current = dict(plan.current_allocation)
    recommended = dict(rec.recommended.weights) if rec is not None else {}
    classes = [c for c in {**current, **recommended}
               if current.get(c, 0) > 1e-4 or recommended.get(c, 0) > 1e-4]
    cur_w = [current.get(c, 0.0) for c in classes]
    rec_w = [recommended.get(c, 0.0) for c in classes] if recommended else cur_w
    st.plotly_chart(charts.allocation_figure([class_name(c, lang) for c in classes], cur_w,
                                             rec_w, lang, calm), width="stretch")
    if rec is not None:
        c = st.columns(2)
        c[0].metric(t("pl.p_essential") + " · " + t("col.current"),
                    pct(rec.current.success or 0.0, 1))
        c[1].metric(t("pl.p_essential") + " · " + t("col.recommended"),
                    pct(rec.recommended.success or 0.0, 1),
                    delta=pct(rec.difference, 1))
        st.caption(t("pl.difference", d=pct(rec.difference, 1), se=pct(rec.difference_se, 1)))
        if getattr(rec, "reason", ""):  # why this allocation, and what would secure the goals
            from proposal.advice_text import reason_sentence, remedy_lines

            st.info(" ".join([reason_sentence(rec, lang, plan.base_currency),
                              *remedy_lines(rec, lang, plan.base_currency)]))
        points = list(rec.frontier)
        st.plotly_chart(charts.frontier_figure(
            [p.volatility for p in points], [p.expected_return for p in points],
            (rec.current.volatility, rec.current.expected_return),
            (rec.recommended.volatility, rec.recommended.expected_return), lang, calm),
            width="stretch")
        if not calm:
            _banker_override(rec)
    _products(classes, rec_w, lang, risk, plan.base_currency)


def _banker_override(rec: Any) -> None:
    """A small control: the banker's own class weights for the proposal (planner.override)."""
    cur = state.current()
    if cur is None:
        return
    key = f"pl_banker_{cur[0]}"
    with st.expander(t("pl.banker")):
        default = ", ".join(f"{c}={w:.2f}" for c, w in rec.recommended.weights.items())
        text = st.text_input(t("pl.banker"), value=default, help=t("pl.banker_help"),
                             key=f"{key}_text", label_visibility="collapsed")
        c = st.columns(2)
        if c[0].button(t("pl.banker_apply"), key=f"{key}_apply"):
            pairs = []
            for part in text.split(","):
                name, _, value = part.partition("=")
                try:
                    pairs.append((name.strip(), float(value)))
                except ValueError:
                    st.error(f"{part.strip()}: class=weight")
                    return
            st.session_state[key] = tuple(pairs)
        if c[1].button(t("pl.banker_clear"), key=f"{key}_clear"):
            st.session_state.pop(key, None)
        if st.session_state.get(key):
            st.caption(t("pl.banker_on", w=", ".join(f"{n} {w:g}"
                                                     for n, w in st.session_state[key])))


def _products(classes: list[str], weights: list[float], lang: str, risk: str,
              currency: str | None = None) -> None:
    try:
        from assets import suitable_products
    except ImportError:
        return
    wanted = {c for c, w in zip(classes, weights, strict=True) if w > 0}
    rows = []
    for p in suitable_products(risk, currency=currency):  # the household's market
        if p.asset_class not in wanted:
            continue
        name = {"en": p.name_en, "zh-Hant": p.name_zh_hant, "zh-Hans": p.name_zh_hans}[lang]
        desc = {"en": p.description_en, "zh-Hant": p.description_zh_hant,
                "zh-Hans": p.description_zh_hans}[lang]
        row = {t("col.item"): name, t("col.class"): class_name(p.asset_class, lang),
               t("pl.risk"): p.risk, t("col.explanation"): desc}
        if audience.internal():  # product margins are for the bank only
            row[t("col.margin")] = pct(getattr(p, "margin", 0.0), 2)
        rows.append(row)
    if rows:
        st.markdown(f"**{t('pl.products')}**")
        widgets.table(pd.DataFrame(rows), "products")


def _stress(stress: Any, base: str, lang: str) -> None:
    st.subheader(t("pl.stress"))
    rows = []
    for s in stress:
        called = sum(s.guarantees_called.values()) if s.guarantees_called else 0.0
        rows.append({t("pl.shock"): s.name.get(lang, s.name.get("en", s.id)),
                     t("pl.loss"): f"{money(-s.loss, base, lang)} ({pct(-s.loss_pct, 0)})",
                     t("pl.called"): money(called, base, lang) if called else "—",
                     t("pl.dividends"): f"{money(s.dividends_before, base, lang)} → "
                                        f"{money(s.dividends_after, base, lang)}",
                     t("col.explanation"): s.description.get(lang, "")})
    if rows:
        widgets.table(pd.DataFrame(rows), "stress_tests")
