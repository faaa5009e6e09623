"""Calls worth making (dormant and low-activity clients, 公私聯動 opportunities) with reasons and a
suggested action; "log a call" records a follow-up; the key-client ledger (重點客戶台賬) with its
Excel download; the contact calendar of this week or month with its .ics download."""

from __future__ import annotations

import calendar as _cal
import datetime as dt

import pandas as pd
import streamlit as st

from household.locale import date_text, money
from proposal.book_text import sentence, tr

from .. import book_data, state
from ..book_exports import calendar_ics, entry_text, ledger_xlsx
from ..state import t
from .book import no_book

SHOWN = 100


activation_of = book_data.activation_of
linkage_of = book_data.linkage_of


def _join(codes, lang: str, cur: str) -> str:
    return " ".join(sentence(c, p, lang, cur) for c, p in codes)


def calls(b, vis: frozenset[str], lang: str) -> None:
    cur = b.currency
    act = activation_of(b)
    mine = [c for c in act.clients if c.client_id in vis][:SHOWN]
    st.subheader(t("cl.activation", n=len(mine)))
    if mine:
        st.dataframe(pd.DataFrame({
            t("al.c.client"): [b.names.get(c.client_id, c.client_id) for c in mine],
            t("cl.status"): [t(f"cl.status.{c.status}") for c in mine],
            t("cl.score"): [round(c.score, 1) for c in mine],
            t("cl.reasons"): [_join(c.reasons, lang, cur) for c in mine],
            t("cl.action"): [_join(c.suggested_actions, lang, cur) for c in mine],
        }), hide_index=True, width="stretch", height=300)
    link = linkage_of(b)
    comps = [c for c in link.companies if c.company_id in vis and c.opportunities][:SHOWN]
    st.subheader(t("cl.linkage", n=len(comps)))
    if comps:
        st.dataframe(pd.DataFrame({
            t("cl.company"): [c.name for c in comps],
            t("cl.score"): [round(c.score, 1) for c in comps],
            t("cl.opportunities"): [_join(c.opportunities, lang, cur) for c in comps],
            t("cl.action"): [t("cl.shelf") for _ in comps],
        }), hide_index=True, width="stretch", height=260)
    log_call(b, vis, [c.client_id for c in mine] + [c.company_id for c in comps])


def log_call(b, vis: frozenset[str], first: list[str]) -> None:
    """The form that records a call (or any contact) as a follow-up on the ledger."""
    from book.watch_store import CHANNELS, STATUSES, WatchInputError, record_followup

    st.subheader(t("cl.log"))
    seen = set(first)
    options = first + sorted((c for c in vis if c not in seen), key=lambda c: b.names.get(c, c))
    with st.form("cl_log_form", clear_on_submit=True):
        cid = st.selectbox(t("al.c.client"), options, key="cl_client",
                           format_func=lambda c: f"{b.names.get(c, c)} ({c})")
        a, c2 = st.columns(2)
        lang = state.lang()
        channel = a.selectbox(t("cl.channel"), CHANNELS, key=f"cl_channel_{lang}",
                              format_func=lambda x: t(f"cl.channel.{x}"), index=1)
        status = c2.selectbox(tr("ledger.col.status", lang), STATUSES,
                              key=f"cl_status_{lang}",
                              format_func=lambda x: tr(f"status.{x}", lang))
        what = st.text_area(t("cl.what"), key="cl_what", max_chars=2000)
        n1, n2 = st.columns(2)
        nxt = n1.text_input(tr("ledger.col.next_action", lang), key="cl_next", max_chars=500)
        nxt_date = n2.date_input(tr("ledger.col.next_date", lang), value=None,
                                 key="cl_next_date")
        if st.form_submit_button(t("cl.record"), type="primary"):
            try:
                book_data.require_client(b, cid)
                record_followup(state.store(), book_data.user().name, cid, what,
                                contact_date=dt.date.today(), channel=channel,
                                next_action=nxt or None, next_date=nxt_date, status=status)
            except WatchInputError as e:
                st.warning(t("cl.bad", problem=str(e)))
            else:
                st.success(t("cl.recorded", client=b.names.get(cid, cid)))


@st.cache_resource(show_spinner=False, max_entries=4)
def _ledger(path: str, digest: str, last_followup: int, _frames, _fus):
    """The ledger of the whole book, once per (book version, follow-ups): 0.6 s on 2,000
    families, recomputed on every rerun of the page before."""
    from book.ledger import ledger

    return ledger(_frames, _fus)


@st.cache_resource(show_spinner=False, max_entries=8)
def _calendar(path: str, digest: str, last_followup: int, start: dt.date, end: dt.date,
              _frames, _fus):
    from book.calendar import contact_calendar

    return contact_calendar(_frames, start, end, followups=_fus)


@st.cache_resource(show_spinner=False, max_entries=8)
def _ledger_table(path: str, digest: str, last_followup: int, lang: str, who: str, _rows
                  ) -> pd.DataFrame:
    """The ledger as shown (amounts written out in ``lang``): 22,000 rows on 2,000 families
    were built again on every rerun of the page before."""
    rows = _rows
    return pd.DataFrame({
        tr("ledger.col.list", lang): [tr(f"ledger.list.{r.list}", lang) for r in rows],
        tr("ledger.col.name", lang): [r.name for r in rows],
        tr("ledger.col.banker", lang): [r.banker for r in rows],
        tr("ledger.col.assets_with_us", lang): [money(r.assets_with_us, r.currency, lang)
                                                for r in rows],
        tr("ledger.col.last_contact", lang): [r.last_contact.isoformat() if r.last_contact
                                              else "—" for r in rows],
        tr("ledger.col.last_action", lang): [r.last_action or "—" for r in rows],
        tr("ledger.col.next_action", lang): [r.next_action or "—" for r in rows],
        tr("ledger.col.next_date", lang): [r.next_date.isoformat() if r.next_date else "—"
                                           for r in rows],
        tr("ledger.col.status", lang): [tr(f"status.{r.status}", lang) for r in rows],
    })


def ledger_tab(b, vis: frozenset[str], lang: str) -> None:
    fus = book_data.followups()
    version = book_data.followups_version(fus)
    led = _ledger(b.path, b.digest, version, b.frames, fus)
    rows = [r for r in led.rows if r.client_id in vis]
    st.subheader(t("cl.ledger", n=len(rows)))
    if not rows:
        st.info(t("cl.ledger_none"))
        return
    st.dataframe(_ledger_table(b.path, b.digest, version, lang, book_data.viewer_key(vis), rows),
                 hide_index=True, width="stretch", height=360)
    mine = [f for f in fus if f.client_id in vis]
    st.download_button(t("cl.xlsx"), data=lambda: _xlsx(rows, mine, lang),
                       file_name=f"ledger-{b.as_of.isoformat()}.xlsx", key="cl_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _xlsx(rows, fus, lang: str) -> bytes:
    from store import audit

    audit.record(state.store(), book_data.user().name, "export", None, detail="book ledger xlsx")
    return ledger_xlsx(rows, fus, lang)


def _ics(entries, names, lang: str) -> bytes:
    from store import audit

    audit.record(state.store(), book_data.user().name, "export", None, detail="book calendar ics")
    return calendar_ics(entries, names, lang)


def calendar_tab(b, vis: frozenset[str], lang: str) -> None:
    span = st.radio(t("cl.span"), ("week", "month"), key=f"cl_span_{lang}", horizontal=True,
                    format_func=lambda x: t(f"cl.span.{x}"))
    today = dt.date.today()
    if span == "week":
        start = today - dt.timedelta(days=today.weekday())
        end = start + dt.timedelta(days=6)
    else:
        start = today.replace(day=1)
        end = today.replace(day=_cal.monthrange(today.year, today.month)[1])
    u = book_data.user()
    everyone = u.is_admin or u.local
    fus = book_data.followups()
    cal = _calendar(b.path, b.digest, book_data.followups_version(fus), start, end, b.frames,
                    fus)
    entries = [e for e in cal.entries if (e.client_id in vis) if e.client_id] + \
        [e for e in cal.entries if not e.client_id and (everyone or e.banker == u.name)]
    if everyone:  # an administrator looks at one banker's (or a team's) calendar
        who = st.multiselect(t("cl.f.banker"), sorted({e.banker for e in entries}),
                             key="cl_bankers", placeholder=t("bk.choose"))
        if who:
            entries = [e for e in entries if e.banker in set(who)]
    entries.sort(key=lambda e: (e.date, e.banker))
    st.subheader(t("cl.calendar", start=date_text(start, state.lang()),
                   end=date_text(end, state.lang()), n=len(entries)))
    if not entries:
        st.info(t("cl.calendar_none"))
        return
    st.dataframe(pd.DataFrame({
        t("cl.date"): [e.date.isoformat() for e in entries],
        t("cl.what_kind"): [t(f"cl.cal.{e.kind}") for e in entries],
        t("cl.entry"): [entry_text(e, b.names, lang) for e in entries],
        tr("ledger.col.banker", lang): [e.banker for e in entries],
    }), hide_index=True, width="stretch", height=360)
    st.download_button(t("cl.ics"), data=lambda: _ics(entries, b.names, lang),
                       file_name=f"kinfolio-{start.isoformat()}.ics", mime="text/calendar",
                       key="cl_ics")


def render() -> None:
    if no_book():
        return
    b = book_data.book()
    lang = state.lang()
    st.title(t("cl.title"))
    vis = book_data.visible(b)
    tab_calls, tab_ledger, tab_cal = st.tabs([t("cl.tab.calls"), t("cl.tab.ledger"),
                                              t("cl.tab.calendar")])
    with tab_calls:
        calls(b, vis, lang)
    with tab_ledger:
        ledger_tab(b, vis, lang)
    with tab_cal:
        calendar_tab(b, vis, lang)
