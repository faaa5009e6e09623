"""The book's frames as DuckDB relations for the watch engines.

Transactions are scanned in place (DuckDB reads the pandas columns without copying them into
Python objects); accounts (table ``acc``) get their client, the client's kind and the rate to the
base currency. :func:`connect` opens a database of its own; :func:`run_connection` a run's own
schema in the process's database (:func:`engine`), which stays open between runs: a nightly run
or an app serving several bankers reuses the memory the previous run released (a new database
per run took ~75,000 fresh pages from the system, 0.15-0.25 s of the alerts' 1.2 s).
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import numpy as np
import pandas as pd

from book.frames import BookFrames

DEPOSIT_KINDS = ("current", "savings", "time_deposit", "certificate_of_deposit")


def account_info(frames: BookFrames) -> pd.DataFrame:
    """account_id, client_id, account kind, currency, rate (base per unit), client kind,
    ``ai``, the account's row number, and ``ci``, its client's number (in the order the clients
    first appear): queries group and join on it rather than on the client's id."""
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
    acc["ci"] = pd.factorize(acc["client_id"])[0].astype(np.int32)
    return acc


def connect(frames: BookFrames, accounts: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection with the transactions (``t``) and, with ``accounts``, the table ``acc``
    (else :func:`add_accounts` later)."""
    con = duckdb.connect()
    con.execute(f"SET threads TO {THREADS}")
    con.register("t", frames.transactions)
    if accounts:
        add_accounts(con, frames)
    return con


# DuckDB's threads per query: the alerts already run three steps at once (this thread and two
# workers, :data:`book.alerts.THREADS`), each of whose queries then runs on its own thread; with
# two per query as well, five threads shared two cores (measured on two cores, paired runs:
# one per query and two workers 0.87 of the time of two per query and three workers, 13% less
# CPU). Half the cores, at least one
THREADS = max(1, len(os.sched_getaffinity(0)) // 2) if hasattr(os, "sched_getaffinity") \
    else max(1, (os.cpu_count() or 2) // 2)
PERFECT_HT_BITS = 17
_engine: tuple[int, duckdb.DuckDBPyConnection] | None = None
_engine_lock = threading.Lock()
_runs = itertools.count()


def engine() -> duckdb.DuckDBPyConnection:
    """The process's in-memory database for the watch runs (opened on first use; a process
    forked from one that had it opens its own)."""
    global _engine
    with _engine_lock:
        if _engine is None or _engine[0] != os.getpid():
            con = duckdb.connect()
            con.execute(f"SET threads TO {THREADS}")
            # group by the account's number (``ai``) into a table indexed by it rather than by
            # hashes, up to 2**17 accounts (DuckDB's default stops at 2**12 groups); its
            # per-account figures of the history 0.075 -> 0.057 s of aggregation, paired runs of
            # the alerts 0.954 of the time
            con.execute(f"SET GLOBAL perfect_ht_threshold = {PERFECT_HT_BITS}")
            _engine = (os.getpid(), con)
        return _engine[1]


@contextmanager
def run_connection(frames: BookFrames) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection of :func:`engine` whose tables live in a schema of this run's own (runs at
    the same time never see each other's), with the transactions (``t``); the schema and its
    tables are dropped at the end. Its cursors: :func:`cursor`."""
    schema = f"run{next(_runs)}"
    con = engine().cursor()
    _schemas[id(con)] = schema
    try:
        con.execute(f"CREATE SCHEMA {schema}").fetchall()
        con.execute(f"SET schema = '{schema}'").fetchall()
        con.register("t", frames.transactions)
        yield con
    finally:
        _schemas.pop(id(con), None)
        try:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE").fetchall()
        finally:
            con.close()


_schemas: dict[int, str] = {}  # id of a run's connection -> its schema


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of ``con`` (for another thread) on the same schema when ``con`` is a run's
    (:func:`run_connection`): it sees the tables ``con`` created; views it registers are its
    own."""
    cur = con.cursor()
    schema = _schemas.get(id(con))
    if schema is not None:
        cur.execute(f"SET schema = '{schema}'").fetchall()
    return cur


def add_accounts(con: duckdb.DuckDBPyConnection, frames: BookFrames) -> None:
    """Create tables ``acc`` (:func:`account_info`) and ``client`` (``ci``, ``client_id``) on
    ``con``."""
    # a table, not a view of the frame: cursors of the connection (the alerts' threads) see it.
    # Its few labels as categories (DuckDB ENUMs): the window's table carries them as small
    # codes (0.03 s less to build on one thread); they compare as text. Not the client's id:
    # each result holding it would come back with every client as a category (more Python
    # time than the codes save)
    info = account_info(frames)
    for col in ("currency", "acc_kind", "client_kind"):
        info[col] = info[col].astype("category")
    con.register("_acc", info)
    con.execute("CREATE TABLE acc AS SELECT * FROM _acc")
    con.unregister("_acc")
    # the client's id of each client number (``ci``): queries group by the number and look
    # the id up at the end
    con.execute("CREATE TABLE client AS SELECT DISTINCT ci, client_id FROM acc")
