"""Rule alerts: large-value reporting thresholds, maturities and KYC reviews due.

These state facts (a rule in force, a date), not anomalies: whether a flow is unusual for the
client is the statistical kinds' job (:mod:`book.alerts_flow`).
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import duckdb
import pandas as pd

from book.alerts import Event
from book.frames import BookFrames
from book.watch_config import Thresholds, WatchSettings, market_of, thresholds


def large_value(frames: BookFrames, con: duckdb.DuckDBPyConnection, as_of: dt.date,
                ws: dt.date) -> tuple[list[Event], Thresholds]:
    """One event per client, day and rule where a single transaction or the day's total reaches
    the threshold in force (per market; foreign-currency accounts against the USD equivalent)."""
    th = thresholds(market_of(frames.meta), as_of)
    meta = frames.meta
    mkt_rate = meta.rate(th.currency) if (th.currency == meta.base_currency
                                          or th.currency in meta.fx) else 1.0
    usd_rate = meta.rate("USD") if ("USD" in meta.fx or meta.base_currency == "USD") else None
    kinds = ", ".join(f"'{k}'" for k in th.transfer_kinds)
    day = con.execute(f"""
        SELECT a.client_id, t.date::DATE AS date,
               CASE WHEN t.kind = 'cash' THEN 'cash' ELSE 'transfer' END AS cls,
               a.currency = ? AS domestic,
               sum(abs(t.amount) * a.rate) AS total_base,
               max(abs(t.amount) * a.rate) AS biggest_base,
               arg_max(t.txn_id, abs(t.amount) * a.rate) AS txn_id,
               arg_max(t.account_id, abs(t.amount) * a.rate) AS account_id,
               count(*) AS n, any_value(a.client_kind) AS client_kind
        FROM t JOIN acc a USING (account_id)
        WHERE t.date >= ? AND t.date <= ? AND a.rate IS NOT NULL
          AND (t.kind = 'cash' OR t.kind IN ({kinds}))
        GROUP BY ALL""", [th.currency, ws, as_of]).df()
    events: list[Event] = []
    if day.empty:
        return events, th
    for rule in th.rules:
        sel = day[day["cls"] == rule.cls]
        if rule.client_kind != "any":
            sel = sel[sel["client_kind"] == rule.client_kind]
        if sel.empty:
            continue
        # the rule's threshold in the base currency, per domestic / foreign-currency account
        dom_limit = rule.amount * mkt_rate
        for_limit = rule.usd * usd_rate if (rule.usd is not None and usd_rate) else dom_limit
        g = sel.groupby(["client_id", "date"], sort=True)
        for (cid, d), rows in g:
            dom = rows[rows["domestic"]]
            fx = rows[~rows["domestic"]]
            dom_total = float(dom["total_base"].sum())
            fx_total = float(fx["total_base"].sum())
            if rule.usd is None:
                dom_total, fx_total = dom_total + fx_total, 0.0
            hit_dom, hit_fx = dom_total >= dom_limit, fx_total >= for_limit
            if not (hit_dom or hit_fx):
                continue
            top = rows.loc[rows["biggest_base"].idxmax()]
            single = float(top["biggest_base"]) >= (dom_limit if bool(top["domestic"]) or
                                                    rule.usd is None else for_limit)
            total_base = dom_total + fx_total
            events.append(Event(
                "large_value", "large_value.single" if single else "large_value.day",
                str(cid), str(top["account_id"]), pd.Timestamp(d).date(),
                total_base / mkt_rate, th.currency, total_base,
                MappingProxyType({
                    "rule": rule.id, "threshold": rule.amount, "threshold_usd": rule.usd,
                    "threshold_currency": th.currency, "transactions": int(rows["n"].sum()),
                    "txn_id": str(top["txn_id"]), "largest": float(top["biggest_base"]) /
                    mkt_rate, "reference": th.reference, "verified": th.verified,
                    "foreign_currency": bool(hit_fx and not hit_dom)}),
                gap_days=0))
    return events, th


def maturities(frames: BookFrames, as_of: dt.date, s: WatchSettings) -> list[Event]:
    """Deposits, products, loans and policies maturing within their kind's notice window."""
    acc = frames.accounts
    notice = s["notice_days"]
    days = acc["kind"].astype("string").map(dict(notice)).astype("float64")
    mat = acc["maturity"]
    left = (mat - pd.Timestamp(as_of)).dt.days
    due = acc[days.notna() & mat.notna() & (left >= 0) & (left <= days)
              & acc["closed"].isna()]
    if due.empty:
        return []
    bal = _latest_balances(frames, as_of)
    out = []
    for r in due.itertuples(index=False):
        amount = bal.get(r.account_id)
        rate = frames.meta.rate(r.currency) if (r.currency == frames.meta.base_currency or
                                                r.currency in frames.meta.fx) else 1.0
        out.append(Event(
            "maturity", f"maturity.{r.kind}", str(r.client_id), str(r.account_id),
            r.maturity.date(), None if amount is None else abs(amount), str(r.currency),
            abs(amount or 0.0) * rate,
            MappingProxyType({"account_kind": str(r.kind), "maturity": r.maturity.date()
                              .isoformat(), "days_left": int((r.maturity.date() - as_of).days),
                              "product_id": None if pd.isna(r.product_id) else
                              str(r.product_id)}), gap_days=0))
    return out


def kyc_due(frames: BookFrames, as_of: dt.date, s: WatchSettings) -> list[Event]:
    """KYC / suitability reviews overdue or due within the notice window; overdue ones score
    higher the longer they wait."""
    c = frames.clients
    due = c["kyc_review_due"]
    days = (due - pd.Timestamp(as_of)).dt.days
    sel = c[due.notna() & (days <= int(s["kyc_notice_days"]))]
    out = []
    for r, left in zip(sel.itertuples(index=False), days[sel.index], strict=True):
        out.append(Event(
            "kyc_due", "kyc_due.overdue" if left < 0 else "kyc_due.soon", str(r.client_id),
            None, r.kyc_review_due.date(), None, None, 0.0,
            MappingProxyType({"due": r.kyc_review_due.date().isoformat(),
                              "days": int(abs(left))}),
            bonus=min(30.0, max(0.0, -float(left)) / 3.0), gap_days=0))
    return out


def _latest_balances(frames: BookFrames, as_of: dt.date) -> dict[str, float]:
    b = frames.balances
    b = b[b["date"] <= pd.Timestamp(as_of)]
    if b.empty:
        return {}
    last = b.sort_values("date").groupby("account_id", sort=False).tail(1)
    return dict(zip(last["account_id"].astype(str), last["balance"].astype(float), strict=True))
