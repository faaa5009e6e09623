"""The book's frames as DuckDB relations for the watch engines (one connection per run).

Transactions are scanned in place (DuckDB reads the pandas columns without copying them into
Python objects); accounts (table ``acc``) get their client, the client's kind and the rate to the
base currency.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from book.frames import BookFrames

DEPOSIT_KINDS = ("current", "savings", "time_deposit", "certificate_of_deposit")


def account_info(frames: BookFrames) -> pd.DataFrame:
    """account_id, client_id, account kind, currency, rate (base per unit), client kind."""
    acc = frames.accounts[["account_id", "client_id", "kind", "currency", "opened", "closed",
                           "maturity"]].copy()
    acc["acc_kind"] = acc.pop("kind").astype("string")
    rates = {c: frames.meta.rate(c) for c in acc["currency"].dropna().unique()
             if c == frames.meta.base_currency or c in frames.meta.fx}
    acc["rate"] = acc["currency"].map(rates).astype("float64")
    kinds = frames.clients.set_index("client_id")["kind"].astype("string")
    acc["client_kind"] = acc["client_id"].map(kinds).astype("string")
    acc["deposit"] = acc["acc_kind"].isin(DEPOSIT_KINDS)
    acc["liquid"] = acc["acc_kind"].isin(("current", "savings"))
    acc["rate"] = acc["rate"].fillna(np.nan)
    return acc


def connect(frames: BookFrames) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    con.register("t", frames.transactions)
    # ``account_info`` in SQL (half the time), into a table, not a view of a frame: cursors of
    # the connection (the alerts' threads) see it
    meta = frames.meta
    rates = {c: meta.rate(c) for c in {meta.base_currency, *meta.fx}}
    con.register("_accounts", frames.accounts[["account_id", "client_id", "kind", "currency",
                                               "opened", "closed", "maturity"]])
    con.register("_kinds", frames.clients[["client_id", "kind"]])
    con.register("_rates", pd.DataFrame({"currency": list(rates),
                                         "rate": np.array(list(rates.values()), dtype=float)}))
    con.execute(f"""
        CREATE TABLE acc AS
        SELECT a.account_id, a.client_id, a.currency, a.opened, a.closed, a.maturity,
               a.kind::VARCHAR AS acc_kind, r.rate, c.kind::VARCHAR AS client_kind,
               coalesce(a.kind::VARCHAR IN {DEPOSIT_KINDS}, false) AS deposit,
               coalesce(a.kind::VARCHAR IN ('current', 'savings'), false) AS liquid
        FROM _accounts a LEFT JOIN _rates r USING (currency) LEFT JOIN _kinds c USING (client_id)
        ORDER BY a.account_id""")
    for name in ("_accounts", "_kinds", "_rates"):
        con.unregister(name)
    return con
