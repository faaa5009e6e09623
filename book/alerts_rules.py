"""Rule alerts: large-value reporting thresholds, maturities and KYC reviews due.

These state facts (a rule in force, a date), not anomalies: whether a flow is unusual for the
client is the statistical kinds' job (:mod:`book.alerts_flow`).
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import duckdb
import numpy as np
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
    # the smallest threshold of any rule, in the base currency: client-days below it cannot hit
    floor = min(min(r.amount * mkt_rate, r.usd * usd_rate if (r.usd and usd_rate) else np.inf)
                for r in th.rules)
    # the window's transactions (table ``w`` of :mod:`book.alerts_tables`)
    day = con.execute(f"""
        SELECT client_id, date, CASE WHEN kind = 'cash' THEN 'cash' ELSE 'transfer' END AS cls,
               any_value(client_kind) AS client_kind,
               sum(CASE WHEN currency = ? THEN abs(amount) * rate ELSE 0 END) AS dom,
               sum(CASE WHEN currency <> ? THEN abs(amount) * rate ELSE 0 END) AS fx,
               max(CASE WHEN currency = ? THEN abs(amount) * rate ELSE 0 END) AS dom_max,
               max(CASE WHEN currency <> ? THEN abs(amount) * rate ELSE 0 END) AS fx_max,
               arg_max(txn_id, abs(amount) * rate) AS txn_id,
               arg_max(account_id, abs(amount) * rate) AS account_id,
               count(*) AS n
        FROM w
        WHERE date >= ? AND date <= ? AND rate IS NOT NULL
          AND (kind = 'cash' OR kind IN ({kinds}))
        GROUP BY ALL HAVING sum(abs(amount) * rate) >= ?""",
                      [th.currency] * 4 + [ws, as_of, floor]).df()
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
        for_limit = rule.usd * usd_rate if (rule.usd is not None and usd_rate) else None
        if for_limit is None:  # one threshold for all currencies
            dom_total, fx_total = sel["dom"] + sel["fx"], sel["fx"] * 0.0
            single = np.maximum(sel["dom_max"], sel["fx_max"]) >= dom_limit
            hit = dom_total >= dom_limit
        else:
            dom_total, fx_total = sel["dom"], sel["fx"]
            single = (sel["dom_max"] >= dom_limit) | (sel["fx_max"] >= for_limit)
            hit = (dom_total >= dom_limit) | (fx_total >= for_limit)
        h = sel[hit]
        fx_only = ((dom_total < dom_limit)[hit] & (for_limit is not None)).tolist()
        total = (h["dom"] + h["fx"]).tolist()
        largest = (np.maximum(h["dom_max"], h["fx_max"]) / mkt_rate).tolist()
        dates = pd.to_datetime(h["date"]).dt.date.tolist()
        fixed = {"rule": rule.id, "threshold": rule.amount, "threshold_usd": rule.usd,
                 "threshold_currency": th.currency}
        for client, acc, d, n, txn, tot, big, sgl, fxo in zip(
                h["client_id"].astype(str).tolist(), h["account_id"].astype(str).tolist(),
                dates, h["n"].tolist(), h["txn_id"].astype(str).tolist(), total, largest,
                single[hit].tolist(), fx_only, strict=True):
            events.append(Event(
                "large_value", "large_value.single" if sgl else "large_value.day", client, acc,
                d, tot / mkt_rate, th.currency, tot,
                MappingProxyType({**fixed, "transactions": int(n), "txn_id": txn,
                                  "largest": big, "reference": th.reference,
                                  "verified": th.verified, "foreign_currency": bool(fxo)}),
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
    bal = _latest_balances(frames, as_of, due["account_id"])
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


def _latest_balances(frames: BookFrames, as_of: dt.date,
                     accounts: pd.Series) -> dict[str, float]:
    """account_id -> the latest balance on or before ``as_of``, for ``accounts`` only (the due
    ones: sorting every balance of the book for a few maturities was most of the cost)."""
    b = frames.balances
    b = b[(b["date"] <= pd.Timestamp(as_of)) & b["account_id"].isin(accounts)]
    if b.empty:
        return {}
    last = b.sort_values("date", kind="stable").groupby("account_id", sort=False).tail(1)
    return dict(zip(last["account_id"].astype(str), last["balance"].astype(float), strict=True))
