"""The words of a family's meeting brief (:mod:`proposal.meeting_brief`) in the banker's language:
headline figures, recent flows, open alerts, opportunities, birthdays and dates of the next 30
days, the plan's headline (nightly run) and succession status. No streamlit here."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from household.locale import date_text, money, pct
from proposal.book_text import alert_sentence, sentence
from proposal.meeting_brief import Brief

from .book_model import succession_status
from .i18n import tr

FLOW_MONTHS = 3
AHEAD_DAYS = 30


def _flows(frames, members: set[str], as_of: dt.date, cur: str, lang: str) -> list[str]:
    acc = frames.accounts
    ids = set(acc.loc[acc["client_id"].astype(str).isin(members), "account_id"].astype(str))
    tx = frames.transactions
    since = pd.Timestamp(as_of) - pd.DateOffset(months=FLOW_MONTHS)
    tx = tx[tx["account_id"].astype(str).isin(ids) & (tx["date"] > since)]
    rate = {c: frames.meta.rate(c) for c in acc["currency"].astype(str).unique()
            if c == frames.meta.base_currency or c in frames.meta.fx}
    cur_of = dict(zip(acc["account_id"].astype(str), acc["currency"].astype(str), strict=True))
    v = tx["amount"].to_numpy() * tx["account_id"].astype(str).map(
        lambda a: rate.get(cur_of.get(a, ""), float("nan"))).to_numpy()
    other = (tx["counterparty_bank"].astype("string") == "other").fillna(False).to_numpy()
    inflow, outflow = float(v[v > 0].sum()), float(-v[v < 0].sum())
    out_other = float(-v[(v < 0) & other].sum())
    return [tr("br.flows", lang, months=FLOW_MONTHS, inflow=money(inflow, cur, lang),
               outflow=money(outflow, cur, lang), other=money(out_other, cur, lang),
               n=len(tx))]


def brief_for(b, hid: str, alerts, activation, linkage, calendar, lang: str,
              banker: str) -> Brief:
    """The brief of household ``hid`` of the loaded book ``b`` (``ui.book_data.LoadedBook``)."""
    frames, cur = b.frames, b.currency
    hh = frames.households[hid]
    members = {x.client_id for x in (*hh.people, *hh.companies) if x.client_id}
    seg = next((h for h in b.segments.households if h.household_id == hid), None)
    figures = [(tr("bk.c.assets", lang), money(seg.assets_with_us, cur, lang) if seg else "—"),
               (tr("bk.c.known", lang), money(seg.known_wealth, cur, lang)
                if seg and seg.known_wealth is not None else "—"),
               (tr("bk.c.share", lang), pct(seg.wallet_share)
                if seg and seg.wallet_share is not None else "—"),
               (tr("bk.c.succession", lang), tr(f"bk.succ.{succession_status(hh)}", lang))]
    plan: list[str] = []
    res = b.results
    if res is not None and not res.empty:
        row = res[res["household_id"].astype(str) == hid]
        if not row.empty and pd.notna(row["success_all_essential"].iloc[0]):
            plan.append(tr("br.plan", lang, p=pct(float(row["success_all_essential"].iloc[0]))))
            gap = row["liquidity_gap"].iloc[0] if "liquidity_gap" in row else None
            if gap is not None and pd.notna(gap) and gap > 0:
                plan.append(tr("br.gap", lang, amount=money(float(gap), hh.base_currency, lang)))
    if not plan:
        plan.append(tr("br.no_plan", lang))
    plan.append(tr(f"br.succ.{succession_status(hh)}", lang, wills=len(hh.wills),
                   trusts=len(hh.trusts)))
    open_alerts = [alert_sentence(a.as_json(), b.names.get(a.client_id, a.client_id), lang)
                   for a in alerts if a.client_id in members][:8]
    opps = []
    for c in activation:
        if c.client_id in members:
            opps += [sentence(code, p, lang, cur) for code, p in
                     (*c.reasons[:2], *c.suggested_actions[:2])]
    for c in linkage:
        if c.company_id in members:
            opps += [f"{c.name}: " + sentence(code, p, lang, cur) for code, p in c.opportunities]
    dates = []
    for e in calendar:
        if e.client_id in members:
            p = dict(e.params)
            p["client"] = b.names.get(e.client_id or "", "")
            dates.append(f"{date_text(e.date, lang)}  " + sentence(f"calendar.{e.kind}", p, lang))
    return Brief(
        lang=lang, jurisdiction=hh.jurisdiction, title=tr("br.title", lang), family=hh.name,
        subtitle=" · ".join(x for x in (frames.meta.bank or "", date_text(b.as_of, lang), banker)
                            if x),
        internal=tr("br.internal", lang), figures=tuple(figures),
        sections=((tr("br.s.flows", lang), tuple(_flows(frames, members, b.as_of, cur, lang))),
                  (tr("br.s.alerts", lang), tuple(open_alerts)),
                  (tr("br.s.opps", lang), tuple(opps[:8])),
                  (tr("br.s.dates", lang, days=AHEAD_DAYS), tuple(dates[:10])),
                  (tr("br.s.plan", lang), tuple(plan))),
        empty=tr("br.none", lang))
