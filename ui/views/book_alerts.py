"""Alerts inbox: today's alerts of the banker's clients by urgency, each with its sentence and
figures, the account's history with the episode marked, and acknowledge / assign / close with a
comment (``book.watch_store``: append-only and audited; an acknowledged or closed episode does not
come back)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from household.locale import date_text, money
from household.safe_text import markdown_text as md
from proposal.book_text import alert_sentence

from .. import book_data, state
from ..charts import money_axis
from ..state import t
from .book import no_book

SHOWN = 200


def history_figure(tx: pd.DataFrame, bal: pd.DataFrame, start: dt.date, end: dt.date,
                   lang: str):
    """Daily flows and month-end balances of an account (its ``tx`` and ``bal`` rows) over the
    year before the episode, the episode shaded."""
    since = pd.Timestamp(start) - pd.DateOffset(months=12)
    tx = tx[tx["date"] >= since]
    daily = tx.groupby("date")["amount"].sum()
    bal = bal[bal["date"] >= since]
    fig = go.Figure()
    fig.add_bar(x=daily.index, y=daily.values, name=t("al.flows"), marker_color=[
        "#2e7d32" if v >= 0 else "#c62828" for v in daily.values])
    if not bal.empty:
        fig.add_scatter(x=bal["date"], y=bal["balance"], name=t("al.balance"),
                        mode="lines+markers", line={"color": "#1f4e79"})
    fig.add_vrect(x0=pd.Timestamp(start) - pd.Timedelta(hours=12),
                  x1=pd.Timestamp(end) + pd.Timedelta(hours=12), fillcolor="#f9a825",
                  opacity=0.3, line_width=0, annotation_text=t("al.episode"),
                  annotation_position="top left")
    money_axis(fig, [*daily.tolist(), *bal["balance"].tolist()], None, lang)
    fig.update_layout(height=280, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "y": 1.15}, bargap=0.1)
    return fig


def _record(action: str, alert, comment: str, assign_to: str | None = None) -> None:
    from book.watch_store import record_ack, record_followup

    b = book_data.book()
    book_data.require_client(b, alert.client_id)
    who = book_data.user().name
    if action == "assign":
        record_followup(state.store(), who, alert.client_id,
                        t("al.assigned_what", who=assign_to, episode=alert.episode)
                        + (f" — {comment}" if comment else ""),
                        next_action=t("al.assigned_next", kind=t(f"al.kind.{alert.kind}")),
                        status="in_progress")
        st.session_state["al_done"] = t("al.done_assign", who=assign_to)
        return
    record_ack(state.store(), who, alert, action, note=comment or None)
    st.session_state["al_done"] = t(f"al.done_{action}")
    for lang in ("en", "zh-Hant", "zh-Hans"):
        st.session_state.pop(f"al_pick_{lang}", None)


def render() -> None:
    if no_book():
        return
    b = book_data.book()
    lang = state.lang()
    st.title(t("al.title"))
    asked = st.session_state.pop("bk_alert_client", None)
    if asked:  # a link to one client's alerts: only the banker's own
        book_data.require_client(b, asked)
    vis = book_data.visible(b)
    aset = book_data.alert_set(b)
    mine = [a for a in aset.alerts if a.client_id in vis and (not asked or a.client_id == asked)]
    done = st.session_state.pop("al_done", None)
    if done:
        st.success(done)
    st.caption(t("al.count", n=len(mine), date=date_text(aset.as_of, state.lang())))
    if not mine:
        st.info(t("al.none"))
        return
    kinds = sorted({a.kind for a in mine})
    pick_kinds = st.multiselect(t("al.kinds"), kinds, key=f"al_kinds_{lang}",
                                format_func=lambda k: t(f"al.kind.{k}"),
                                placeholder=t("bk.choose"))
    mine = [a for a in mine if not pick_kinds or a.kind in pick_kinds][:SHOWN]
    said = {a.episode: alert_sentence(a.as_json(), b.names.get(a.client_id, a.client_id), lang)
            for a in mine}
    table = pd.DataFrame({
        t("al.c.urgency"): [round(a.score, 1) for a in mine],
        t("al.c.kind"): [t(f"al.kind.{a.kind}") for a in mine],
        t("al.c.client"): [b.names.get(a.client_id, a.client_id) for a in mine],
        t("al.c.date"): [a.date.isoformat() for a in mine],
        t("al.c.amount"): [money(a.amount, a.currency, lang) if a.amount is not None else "—"
                           for a in mine],
        t("al.c.reason"): [said[a.episode] for a in mine],
    })
    event = st.dataframe(table, hide_index=True, width="stretch", height=300,
                         on_select="rerun", selection_mode="single-row", key="al_table")
    by_ep = {a.episode: a for a in mine}
    picked = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if picked and picked[0] < len(mine):  # a click on a row opens that alert below
        st.session_state[f"al_pick_{lang}"] = mine[picked[0]].episode
    ep = st.selectbox(t("al.pick"), list(by_ep), key=f"al_pick_{lang}",
                      format_func=lambda e: f"{b.names.get(by_ep[e].client_id, '')} · "
                      f"{t('al.kind.' + by_ep[e].kind)} · {by_ep[e].date.isoformat()}")
    a = by_ep[ep]
    with st.container(border=True):
        st.markdown(f"**{md(said[ep])}**")
        f1, f2, f3, f4 = st.columns(4)
        f1.metric(t("al.c.amount"), money(a.amount, a.currency, lang)
                  if a.amount is not None else "—")
        f2.metric(t("al.c.date"), a.date.isoformat())
        f3.metric(t("al.c.last"), a.last_date.isoformat())
        f4.metric(t("al.c.urgency"), f"{a.score:.1f}")
        if a.account_id:
            tx, bal = book_data.account_history(b, a.account_id)
            st.plotly_chart(history_figure(tx, bal, a.date, a.last_date, lang),
                            key=f"al_chart_{ep}", config={"displayModeBar": False})
            st.caption(t("al.account", account=md(a.account_id)))
        comment = st.text_input(t("al.comment"), key="al_comment", max_chars=1000)
        c1, c2, c3, c4 = st.columns([1, 1, 2, 1])
        if c1.button(t("al.ack"), key="al_ack", type="primary"):
            _record("ack", a, comment)
            st.rerun()
        if c2.button(t("al.close"), key="al_close"):
            _record("close", a, comment)
            st.rerun()
        bankers = sorted(set(b.frames.clients["banker"].astype(str)))
        to = c3.selectbox(t("al.assign_to"), bankers, key="al_assign_to")
        if c4.button(t("al.assign"), key="al_assign"):
            _record("assign", a, comment, to)
            st.rerun()
