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
    """account_id, client_id, account kind, currency, rate (base per unit), client kind, and
    ``ai``, the account's row number."""
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
    # the account's position: the transactions' integer key for it (book.alerts_tables.coded)
    acc["ai"] = np.arange(len(acc), dtype=np.int32)
    return acc


def connect(frames: BookFrames, accounts: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection with the transactions (``t``) and, with ``accounts``, the table ``acc``
    (else :func:`add_accounts` later)."""
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    con.register("t", frames.transactions)
    if accounts:
        add_accounts(con, frames)
    return con


def add_accounts(con: duckdb.DuckDBPyConnection, frames: BookFrames) -> None:
    """Create table ``acc`` (:func:`account_info`) on ``con``."""
    # a table, not a view of the frame: cursors of the connection (the alerts' threads) see it
    con.register("_acc", account_info(frames))
    con.execute("CREATE TABLE acc AS SELECT * FROM _acc")
    con.unregister("_acc")
