"""My book: the banker's families and clients, filtered, sorted, searched; a click opens the
household. Internal: never shown in meeting mode (:mod:`ui.audience`)."""

from __future__ import annotations

import hashlib
from collections import Counter

import pandas as pd
import streamlit as st

from household.locale import date_text, money, pct
from household.safe_text import markdown_text as md

from .. import audience, book_data, state
from ..book_model import filter_rows, rows_for
from ..state import t

SORTS = ("assets_with_us", "known_wealth", "wallet_share", "last_contact", "alerts", "name")
SUCCESS_BELOW = 0.8
PAGE = 50  # rows drawn at a time (the table pages through the rest)


def tier_label(code) -> str:
    """A tier's name in the reader's language (the code for a tier without a label)."""
    from ..i18n import has

    if not isinstance(code, str) or code == "—":
        return "—"
    return t(f"bk.tier.{code}") if has(f"bk.tier.{code}") else code


def no_book() -> bool:
    """Say so and return True when there is no book or the audience may not see it."""
    if not audience.internal():
        st.info(t("err.internal_only"))
        return True
    if book_data.book() is None:
        st.info(t("bk.none", env=book_data.ENV_BOOK))
        return True
    return False


@st.cache_resource(show_spinner=False, max_entries=32)
def _rows(path: str, digest: str, db: str, who: str, n_acks: int, n_followups: int,
          _b, _vis: frozenset[str], _followups) -> pd.DataFrame:
    aset = book_data.alert_set(_b)
    open_alerts = Counter(a.client_id for a in aset.alerts if a.client_id in _vis)
    return rows_for(book_data.index_of(_b), _vis, open_alerts,
                    book_data.last_contacts(_followups))


def rows_for_user(b) -> pd.DataFrame:
    """The user's rows, built once per (book version, user, what they may see, acknowledgements,
    follow-ups): a rerun for a filter or a sort only filters and sorts."""
    vis = book_data.visible(b)
    fus = book_data.followups()
    return _rows(b.path, b.digest, state.db_url(), book_data.viewer_key(vis),
                 len(book_data.acks()), book_data.followups_version(fus), b, vis, fus)


def open_household(hid: str) -> None:
    book_data.ensure_household(book_data.book(), hid)  # refused and audited if not the banker's
    state.require(hid)
    st.session_state["hid"] = hid
    st.switch_page("ui/pages/household.py")


def brief_pdf(b, hid: str) -> bytes:
    """The family's meeting brief, after the access check; the export is audited."""
    import datetime as dt

    from book.calendar import contact_calendar
    from proposal.meeting_brief import build_brief

    from .. import auth
    from ..book_brief import AHEAD_DAYS, brief_for
    from .book_calls import activation_of, linkage_of

    u = book_data.user()
    book_data.ensure_household(b, hid)
    auth.note_export(state.store(), u, hid, None, "meeting brief pdf")
    today = dt.date.today()
    cal = contact_calendar(b.frames, today, today + dt.timedelta(days=AHEAD_DAYS),
                           followups=book_data.followups())
    return build_brief(brief_for(b, hid, book_data.alert_set(b).alerts, activation_of(b).clients,
                                 linkage_of(b).companies, cal.entries, state.lang(), u.label))


def render() -> None:
    if no_book():
        return
    b = book_data.book()
    lang, cur = state.lang(), b.currency
    st.title(t("bk.title"))
    st.caption(t("bk.as_of", date=date_text(b.as_of, lang), bank=md(b.frames.meta.bank or "")))
    source_note(b)
    rows = rows_for_user(b)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("bk.m.families"), int((rows["kind"] == "family").sum()))
    c2.metric(t("bk.m.clients"), int(rows["client_ids"].map(len).sum()))
    c3.metric(t("bk.m.assets"), money(float(rows["assets_with_us"].sum()), cur, lang))
    c4.metric(t("bk.m.alerts"), int(rows["alerts"].sum()))

    query = st.text_input(t("bk.search"), key="bk_search", placeholder=t("bk.search_hint"))
    f1, f2, f3, f4 = st.columns(4)
    # the filters' choices from each column's distinct values (a Python pass over every row per
    # tier cost 0.2 s of every rerun on a book of 2,000 families)
    present = set(rows["tier"].unique())
    tiers = [x for x in (tr.code for tr in b.segments.tiers) if x in present]
    # widgets whose labels come from format_func carry the language in their key: Streamlit
    # would otherwise keep showing the previous language's label
    pick_tiers = f1.multiselect(t("bk.f.tier"), tiers, key=f"bk_tier_{lang}",
                                format_func=tier_label, placeholder=t("bk.choose"))
    bankers = sorted({x for v in rows["banker"].unique() for x in v.split(", ") if x})
    pick_bankers = f2.multiselect(t("bk.f.banker"), bankers, key="bk_banker",
                                  placeholder=t("bk.choose"))
    branches = sorted({x for v in rows["branch"].unique() for x in v.split(", ") if x})
    pick_branches = f3.multiselect(t("bk.f.branch"), branches, key="bk_branch",
                                   placeholder=t("bk.choose"))
    markets = sorted({x for x in rows["market"].unique() if isinstance(x, str)})
    pick_markets = f4.multiselect(t("bk.f.market"), markets, key="bk_market",
                                  placeholder=t("bk.choose"))
    g1, g2, g3, g4 = st.columns(4)
    alerts_open = g1.checkbox(t("bk.f.alerts"), key="bk_alerts")
    not_planned = g2.checkbox(t("bk.f.succession"), key="bk_succ")
    has_results = b.results is not None
    low_success = g3.checkbox(t("bk.f.success", pct=pct(SUCCESS_BELOW, 0)), key="bk_success",
                              disabled=not has_results,
                              help=None if has_results else t("bk.no_results"))
    labels = {s: t(f"bk.sort.{s}") for s in SORTS}
    sort = g4.selectbox(t("bk.sort"), SORTS, key=f"bk_sort_{lang}", format_func=labels.get)
    shown = filter_rows(rows, tiers=pick_tiers, bankers=pick_bankers, branches=pick_branches,
                        markets=pick_markets, alerts_open=alerts_open,
                        succession_not_planned=not_planned,
                        success_below=SUCCESS_BELOW if low_success and has_results else None,
                        query=query or "")
    asc = sort in ("wallet_share", "last_contact", "name")
    shown = shown.sort_values(sort, ascending=asc, na_position="first" if sort == "last_contact"
                              else "last", kind="stable")
    st.caption(t("bk.count", n=len(shown), total=len(rows)))
    if shown.empty:
        st.info(t("bk.empty"))
        return
    top = page_of(shown, (tuple(pick_tiers), tuple(pick_bankers), tuple(pick_branches),
                          tuple(pick_markets), alerts_open, not_planned, low_success, sort,
                          query or ""))
    table = pd.DataFrame({
        t("bk.c.name"): top["name"],
        t("bk.c.kind"): top["kind"].map(lambda k: t(f"bk.kind.{k}")),
        t("bk.c.tier"): top["tier"].map(tier_label),
        t("bk.c.assets"): top["assets_with_us"].map(lambda v: money(float(v), cur, lang)),
        t("bk.c.known"): top["known_wealth"].map(
            lambda v: money(float(v), cur, lang) if pd.notna(v) else "—"),
        t("bk.c.share"): top["wallet_share"].map(lambda v: pct(v) if pd.notna(v) else "—"),
        t("bk.c.contact"): top["last_contact"].map(
            lambda d: "—" if d is None or pd.isna(d) else d.isoformat()),
        t("bk.c.alerts"): top["alerts"],
        t("bk.c.succession"): top["succession"].map(
            lambda s: t(f"bk.succ.{s}") if isinstance(s, str) else "—"),
        t("bk.c.success"): top["success"].map(lambda v: pct(v) if pd.notna(v) else "—"),
        t("bk.c.banker"): top["banker"],
    })
    event = st.dataframe(table, hide_index=True, width="stretch", height=420,
                         on_select="rerun", selection_mode="single-row", key="bk_table")
    picked = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    families = top[top["household_id"].notna()]
    if picked:
        hid = top.iloc[picked[0]]["household_id"]
        if isinstance(hid, str):
            open_household(hid)
        else:
            st.info(t("bk.no_household"))
    if not families.empty:
        names = dict(zip(families["household_id"], families["name"], strict=True))
        o1, o2 = st.columns([3, 1])
        hid = o1.selectbox(t("bk.open_pick"), list(names), key="bk_open_pick",
                           format_func=lambda h: names.get(h, h))
        if o2.button(t("bk.open"), key="bk_open", width="stretch"):
            open_household(hid)
        o2.download_button(t("br.button"), data=lambda: brief_pdf(b, hid), key="bk_brief",
                           file_name=f"brief-{hid}-{b.as_of.isoformat()}.pdf",
                           mime="application/pdf", width="stretch")
    charts(b, rows)


def source_note(b) -> None:
    """Where the figures come from: the nightly run (when current) or the book itself."""
    from book.nightly_results import Freshness

    fresh = b.freshness
    if b.nightly is not None:
        finished = str(b.nightly.manifest.get("finished") or "")[:16].replace("T", " ")
        st.caption(t("bk.from_nightly", finished=finished))
    elif isinstance(fresh, Freshness) and fresh.status == "stale":
        st.caption(t("bk.stale"))


def page_of(shown: pd.DataFrame, choice: tuple) -> pd.DataFrame:
    """The rows of the page chosen (``PAGE`` at a time); back to the first page when a filter,
    the sort or the search changes (``choice``)."""
    pages = max(1, -(-len(shown) // PAGE))
    sig = hashlib.sha256(repr(choice).encode()).hexdigest()[:16]
    if st.session_state.get("bk_page_sig") != sig:
        st.session_state["bk_page_sig"] = sig
        st.session_state["bk_page"] = 1
    page = min(max(1, int(st.session_state.get("bk_page", 1))), pages)
    st.session_state["bk_page"] = page
    if pages > 1:
        p1, p2, p3, p4 = st.columns([1, 1, 1, 3], vertical_alignment="bottom")
        p1.button(t("bk.prev"), key="bk_prev", disabled=page <= 1, width="stretch",
                  on_click=_turn, args=(-1, pages))
        p2.number_input(t("bk.page"), min_value=1, max_value=pages, step=1, key="bk_page",
                        label_visibility="collapsed")
        p3.button(t("bk.next"), key="bk_next", disabled=page >= pages, width="stretch",
                  on_click=_turn, args=(1, pages))
        first = (page - 1) * PAGE
        p4.caption(t("bk.page_of", page=page, pages=pages, first=first + 1,
                     last=min(first + PAGE, len(shown)), n=len(shown)))
    return shown.iloc[(page - 1) * PAGE:page * PAGE]


def _turn(step: int, pages: int) -> None:
    st.session_state["bk_page"] = min(max(1, int(st.session_state.get("bk_page", 1)) + step),
                                      pages)


def charts(b, rows: pd.DataFrame) -> None:
    """The book's charts, drawn when asked for (they scan every balance and transaction)."""
    if not st.toggle(t("bk.charts"), key="bk_charts"):
        return
    from ..book_charts import (
        alerts_figure,
        assets_by_tier_month,
        flows_figure,
        other_bank_flows,
        tier_figure,
    )

    lang, cur = state.lang(), b.currency
    vis = book_data.visible(b)
    tier_of = {c.client_id: c.tier for c in b.segments.clients}
    left, right = st.columns(2)
    table = assets_by_tier_month(b.frames, tier_of, vis)
    if not table.empty:
        left.plotly_chart(tier_figure(table, cur, lang, t("bk.ch.tiers"),
                                      lambda x: tier_label(x) if x != "—" else
                                      t("bk.ch.no_tier")),
                          key="bk_ch_tiers", config={"displayModeBar": False})
    flows = other_bank_flows(b.frames, vis)
    if not flows.empty:
        right.plotly_chart(flows_figure(flows, cur, lang, t("bk.ch.flows"),
                                        (t("bk.ch.in"), t("bk.ch.out"))),
                           key="bk_ch_flows", config={"displayModeBar": False})
    kinds = [a.kind for a in book_data.alert_set(b).alerts if a.client_id in vis]
    if kinds:
        st.plotly_chart(alerts_figure(kinds, t("bk.ch.alerts"), lambda k: t(f"al.kind.{k}")),
                        key="bk_ch_alerts", config={"displayModeBar": False})
