"""Rule alerts: large-value reporting thresholds, maturities and KYC reviews due.

These state facts (a rule in force, a date), not anomalies: whether a flow is unusual for the
client is the statistical kinds' job (:mod:`book.alerts_flow`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from types import MappingProxyType

import duckdb
import numpy as np
import pandas as pd

from book.alerts import Alert, Event, episode, merge_episodes, score
from book.alerts_tables import Q
from book.frames import BookFrames
from book.watch_config import Thresholds, WatchSettings, market_of, thresholds


def large_value(frames: BookFrames, con: duckdb.DuckDBPyConnection, as_of: dt.date,
                ws: dt.date) -> tuple[list[Event], Thresholds]:
    """One event per client, day and rule where a single transaction or the day's total reaches
    the threshold in force (per market; foreign-currency accounts against the USD equivalent)."""
    hits, th = _large_value_hits(frames, con, as_of, ws)
    return _events(hits, th), th


def _events(hits: list[tuple], th: Thresholds) -> list[Event]:
    return [Event("large_value", code, client, acc, d, amount, th.currency, base, params,
                  gap_days=0)
            for client, acc, d, code, amount, base, params in hits]


def large_value_alerts(frames: BookFrames, con: duckdb.DuckDBPyConnection, as_of: dt.date,
                       ws: dt.date, households: Mapping[str, str],
                       s: WatchSettings) -> tuple[list[Alert], Thresholds]:
    """The large-value episodes, as ``merge_episodes(large_value(...))`` gives them: built
    directly when each event is an episode of its own (no two of one client, account, code and
    day: one rule per client's day, the usual case). Thirteen thousand of them on the bench
    book: their events and merge were Python time of the whole run (paired runs without them
    0.84 of the time)."""
    hits, th = _large_value_hits(frames, con, as_of, ws)
    # merge_episodes' order: by client, account and day, as found
    hits.sort(key=lambda h: (h[0], h[1] or "", h[2]))
    if any(a[:4] == b[:4] for a, b in itertools.pairwise(hits)):  # one of several events
        return merge_episodes(_events(hits, th), households, s), th
    weight = float(s["score_weights"]["large_value"])
    return [Alert("large_value", code, client, acc, households.get(client), d, d, amount,
                  th.currency, score(weight, base, 0.0), params,
                  episode("large_value", client, acc, d))
            for client, acc, d, code, amount, base, params in hits], th


def _large_value_hits(frames: BookFrames, con: duckdb.DuckDBPyConnection, as_of: dt.date,
                      ws: dt.date) -> tuple[list[tuple], Thresholds]:
    """(client, account, day, code, amount, base amount, params) of each client's day that
    reaches a rule, in the order found (by rule, client, day)."""
    th = thresholds(market_of(frames.meta), as_of)
    meta = frames.meta
    mkt_rate = meta.rate(th.currency) if (th.currency == meta.base_currency
                                          or th.currency in meta.fx) else 1.0
    usd_rate = meta.rate("USD") if ("USD" in meta.fx or meta.base_currency == "USD") else None
    kinds = ", ".join(f"'{k}'" for k in th.transfer_kinds)
    # each rule's thresholds in the base currency (per domestic / foreign-currency account;
    # without a foreign-currency threshold, one for all currencies)
    rules = pd.DataFrame({
        "i": range(len(th.rules)), "cash": [r.cls == "cash" for r in th.rules],
        "client_kind": [r.client_kind for r in th.rules],
        "dom_limit": [r.amount * mkt_rate for r in th.rules],
        "for_limit": [r.usd * usd_rate if (r.usd is not None and usd_rate) else None
                      for r in th.rules]}).astype({"for_limit": "float64"})
    # per class (cash, transfers) the smallest threshold of its rules: a client's day of the
    # class below it cannot hit (the transfers' is ten times the cash one: most days are out)
    lowest = rules.assign(low=rules[["dom_limit", "for_limit"]].min(axis=1)).groupby("cash")["low"]
    floor = lowest.min().reindex([True, False]).fillna(np.inf).tolist()
    con.register("lv_rules", rules)
    try:  # the window's transactions (table ``w`` of :mod:`book.alerts_tables`), by client number
        which = f"t.date >= $ws AND t.rate IS NOT NULL AND (t.kind = 'cash' OR t.kind IN ({kinds}))"
        hits = con.execute(f"""
            WITH x AS (
                SELECT ci, date, kind = 'cash' AS is_cash, currency = $ccy AS dom,
                       abs(amount) * rate AS b, abs(bq) AS bq, client_kind
                FROM w t WHERE {which}),
            day AS (
                SELECT ci, date, is_cash, any_value(client_kind) AS client_kind,
                       sum(CASE WHEN dom THEN bq ELSE 0 END) / {Q}.0 AS dom,
                       sum(CASE WHEN dom THEN 0 ELSE bq END) / {Q}.0 AS fx,
                       max(CASE WHEN dom THEN b ELSE 0 END) AS dom_max,
                       max(CASE WHEN dom THEN 0 ELSE b END) AS fx_max, max(b) AS top_b,
                       count(*) AS n
                FROM x GROUP BY ci, date, is_cash
                HAVING sum(bq) / {Q}.0 >= CASE WHEN is_cash THEN $cash_floor
                                               ELSE $transfer_floor END),
            hit AS (
                SELECT d.*, r.i AS rule,
                       CASE WHEN r.for_limit IS NULL THEN greatest(d.dom_max, d.fx_max)
                                                          >= r.dom_limit
                            ELSE d.dom_max >= r.dom_limit OR d.fx_max >= r.for_limit END AS single,
                       r.for_limit IS NOT NULL AND d.dom < r.dom_limit AS fx_only
                FROM day d JOIN lv_rules r ON r.cash = d.is_cash
                     AND (r.client_kind = 'any' OR r.client_kind = d.client_kind)
                WHERE CASE WHEN r.for_limit IS NULL THEN d.dom + d.fx >= r.dom_limit
                           ELSE d.dom >= r.dom_limit OR d.fx >= r.for_limit END),
            -- the day's largest transaction; of equal ones, the first by id (a fixed choice:
            -- parallel aggregation meets them in any order). Looked up in the window for the
            -- few days that hit a rule only (carried through the aggregation of every day it
            -- cost 0.14 s; through a second reading of ``x``, its strings copied, 0.03 s)
            top AS (
                SELECT t.ci, t.date, t.kind = 'cash' AS is_cash, min(t.txn_id) AS txn_id,
                       arg_min(t.account_id, t.txn_id) AS account_id
                FROM w t JOIN hit h ON h.ci = t.ci AND h.date = t.date
                     AND h.is_cash = (t.kind = 'cash') AND h.top_b = abs(t.amount) * t.rate
                WHERE {which}
                GROUP BY ALL)
            SELECT c.client_id, p.account_id, h.date, h.n, p.txn_id, h.dom + h.fx AS total,
                   greatest(h.dom_max, h.fx_max) AS largest, h.rule, h.single, h.fx_only
            FROM hit h JOIN top p USING (ci, date, is_cash) JOIN client c USING (ci)
            ORDER BY h.rule, c.client_id, h.date""",
                           {"ccy": th.currency, "ws": ws, "cash_floor": floor[0],
                            "transfer_floor": floor[1]}).df()
    finally:
        con.unregister("lv_rules")
    out: list[tuple] = []
    dates = pd.to_datetime(hits["date"]).dt.date.tolist()
    for client, acc, d, n, txn, tot, big, i, sgl, fxo in zip(
            hits["client_id"].astype(str).tolist(), hits["account_id"].astype(str).tolist(),
            dates, hits["n"].tolist(), hits["txn_id"].astype(str).tolist(),
            hits["total"].tolist(), hits["largest"].tolist(), hits["rule"].tolist(),
            hits["single"].tolist(), hits["fx_only"].tolist(), strict=True):
        rule = th.rules[i]
        out.append((
            client, acc, d, "large_value.single" if sgl else "large_value.day",
            tot / mkt_rate, tot,
            MappingProxyType({"rule": rule.id, "threshold": rule.amount,
                              "threshold_usd": rule.usd, "threshold_currency": th.currency,
                              "transactions": int(n), "txn_id": txn, "largest": big / mkt_rate,
                              "reference": th.reference, "verified": th.verified,
                              "foreign_currency": bool(fxo)})))
    return out, th


def maturities(frames: BookFrames, as_of: dt.date, s: WatchSettings,
               con: duckdb.DuckDBPyConnection) -> list[Event]:
    """Deposits, products, loans and policies maturing within their kind's notice window.
    ``con``: a connection holding the latest balances (table ``lastbal`` of
    :mod:`book.alerts_tables`)."""
    acc = frames.accounts
    notice = s["notice_days"]
    days = acc["kind"].astype("string").map(dict(notice)).astype("float64")
    mat = acc["maturity"]
    left = (mat - pd.Timestamp(as_of)).dt.days
    due = acc[days.notna() & mat.notna() & (left >= 0) & (left <= days)
              & acc["closed"].isna()]
    if due.empty:
        return []
    lb = con.execute("SELECT account_id, balance FROM lastbal WHERE account_id IN "
                     "(SELECT UNNEST(?::VARCHAR[]))", [due["account_id"].astype(str).tolist()]).df()
    bal = dict(zip(lb["account_id"].astype(str), lb["balance"].astype(float), strict=True))
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
