"""What the bank's systems show of a household's members: their accounts with balances on the
date and their recent transactions (for the household view)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pandas as pd

from .frames import BookMeta
from .segments import account_balances


def member_accounts(con: duckdb.DuckDBPyConnection, meta: BookMeta, client_ids: Sequence[str],
                    on: dt.date | None = None) -> pd.DataFrame:
    """Open accounts of the clients: client_id, account_id, kind, currency, balance (account
    currency), base (in the book's base currency)."""
    ids = list(client_ids)
    if not ids:
        return pd.DataFrame(columns=["client_id", "account_id", "kind", "currency", "balance",
                                     "base"])
    account_balances(con, meta, on or meta.as_of).create_view("member_balances", replace=True)
    return con.execute(
        "SELECT client_id, account_id, kind, currency, balance, base FROM member_balances "
        "WHERE list_contains(?, client_id) ORDER BY client_id, account_id", [ids]).df()


def recent_activity(con: duckdb.DuckDBPyConnection, client_ids: Sequence[str],
                    on: dt.date, limit: int = 10) -> pd.DataFrame:
    """The latest client-initiated transactions of the clients on or before the date, newest
    first: client_id, account_id, currency, date, amount, kind, counterparty_bank."""
    return con.execute(
        "SELECT a.client_id, t.account_id, a.currency, t.date, t.amount, "
        "CAST(t.kind AS VARCHAR) AS kind, "
        "CAST(t.counterparty_bank AS VARCHAR) AS counterparty_bank FROM transactions t "
        "JOIN accounts a USING (account_id) WHERE list_contains(?, a.client_id) "
        "AND t.date <= ? AND (t.initiated_by IS NULL OR CAST(t.initiated_by AS VARCHAR) = "
        "'client') ORDER BY t.date DESC, t.txn_id LIMIT ?",
        [list(client_ids), on, limit]).df()
