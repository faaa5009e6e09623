"""The few passes over the book's transactions that every statistical alert reads.

A 24-month book has seven times more history than a 90-day window, and scanning it is what costs:
so the book is read by a few passes, keyed by the account's row number (``ai``, an integer:
:func:`coded`) rather than its id, and everything per transaction reads a table of the window.

- ``w``: the window's transactions, from the earliest day a running sum needs (the balance
  drop's days before the window), with their account's client, currency, rate, kind and class;
  every per-transaction query (large value, single flows, cash bursts, balance drops, the
  dormant account's first weeks, the share of money leaving) reads it instead of the book;
- the history (the book before the window) is read from the book's frame (``th``) by two
  passes only: ``acct``, per account, its last activity before the window (dormant accounts),
  its own flows out and in, its largest amount (the isolation forest's usual) and its first own
  flow (:func:`build_accounts`); and ``mh`` below. A few accounts' history is picked out of
  the frame in numpy (:func:`history_of`);
- ``mh``: monthly aggregates per account, class and direction for the history months the robust
  baselines and the recurrence look at, only for the (account, class, direction) one window
  transaction could make a candidate of (``keys``); ``base``: their medians and MADs (the
  yardstick of an account's other classes, :func:`any_base`, only for the few candidates whose
  class has no history);
- ``pay`` (:func:`payroll_months`): payroll batches per account and month; ``lastbal``
  (:func:`last_balances`): each account's latest balance.

Classes: ``bank`` (bank-initiated: never activity, never an alarm), ``payroll`` (a company's
batch), ``salary``, ``cash``, ``other_out`` (money leaving for another bank), ``flow`` (the rest).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from book.frames import BookFrames
from book.watch_config import WatchSettings

# the classes as small integers (``c``: :func:`coded`, :func:`class_codes`)
CLASSES = ("bank", "payroll", "salary", "cash", "other_out", "flow")
# SQL: the label of the class code ``t.c``
CLS = "CASE t.c " + " ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(CLASSES)) + " END"
# money is summed as whole ten-thousandths (integers: exact in any order): float sums taken in
# parallel come out in the last bits differently from one run to the next
Q = 10_000


def q(x: str) -> str:
    """SQL: the amount ``x`` in whole ten-thousandths (to sum exactly; divide the sum by Q; the
    cast rounds to the nearest)."""
    return f"CAST(({x}) * {Q} AS BIGINT)"


@dataclass(frozen=True)
class Span:
    """The dates the tables were built for: ``w`` holds ``w_start`` .. ``as_of``, the window is
    ``ws`` .. ``as_of``; ``mh`` holds the months from ``month0`` to the window's start;
    ``hs``: the first day of the robust baselines' history."""

    as_of: dt.date
    ws: dt.date
    w_start: dt.date
    hs: dt.date
    month0: dt.date
    by_date: bool | None = None  # the book's transactions are sorted by date (None: look)


def span(as_of: dt.date, ws: dt.date, s: WatchSettings, frames: BookFrames | None = None
         ) -> Span:
    before = max(int(s["balance_drop"]["days"]), int(s["cash_burst"]["days"]) - 1)
    hs = ws - dt.timedelta(days=int(s["history_days"]))
    # the recurrence looks back `months` and a year (give or take one month) from the
    # candidate's month, which is at least the window's first month
    back = max(int(s["recurrence"]["months"]), 13)
    y, m = divmod(ws.year * 12 + ws.month - 1 - back, 12)
    month0 = min(hs.replace(day=1), dt.date(y, m + 1, 1))
    by_date = None if frames is None else \
        bool(frames.transactions["date"].is_monotonic_increasing)
    return Span(as_of, ws, ws - dt.timedelta(days=before), hs, month0, by_date)


def rows(t: pd.DataFrame, lo: dt.date | None, hi: dt.date, *, hi_inclusive: bool,
         by_date: bool | None = None) -> pd.DataFrame:
    """The transactions dated from ``lo`` (None: the first) to ``hi``: a slice of the frame when
    it is sorted by date (as books are written; no copy), else the rows a mask selects.
    ``by_date``: whether it is sorted, when the caller knows."""
    d = t["date"]
    lo_ts, hi_ts = (None if lo is None else pd.Timestamp(lo)), pd.Timestamp(hi)
    if d.is_monotonic_increasing if by_date is None else by_date:
        i = 0 if lo_ts is None else int(d.searchsorted(lo_ts, side="left"))
        j = int(d.searchsorted(hi_ts, side="right" if hi_inclusive else "left"))
        return t.iloc[i:j]
    v = d.to_numpy()
    keep = v <= hi_ts.to_datetime64() if hi_inclusive else v < hi_ts.to_datetime64()
    if lo_ts is not None:
        keep &= v >= lo_ts.to_datetime64()
    return t[keep]


def coded(frames: BookFrames) -> pd.DataFrame:
    """The book's transactions with ``ai``, their account's row number in ``frames.accounts``
    (-1 for none), ``c``, their class code (:func:`class_codes`), and ``k``, both with the
    direction as one integer (:func:`key`; -1 without an amount): the
    passes over the book group and join on integers rather than on the account's id and
    labels (hashing millions of strings was most of their cost). No copy of the other
    columns."""
    t = frames.transactions
    ids = pa.array(frames.accounts["account_id"].astype(str).to_numpy(dtype=object))
    found = pc.index_in(pa.array(t["account_id"]), value_set=ids)
    ai = pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    c = class_codes(t)
    amount = t["amount"].to_numpy(dtype=float, na_value=np.nan)
    k = np.where(np.isnan(amount), -1, key(ai, c, amount > 0)).astype(np.int32, copy=False)
    return t.assign(ai=ai, c=c, k=k)


def key(ai, c, inflow):
    """The integer of an account number ``ai``, class code ``c`` and direction ``inflow`` (one
    join key instead of three: joining the history to the baselines' keys on it costs half).
    Works on numpy arrays and, given column names, writes the SQL."""
    if isinstance(ai, str):
        return f"({ai} * 16 + {c} * 2 + ({inflow})::INTEGER)"
    return ai.astype(np.int32) * 16 + c.astype(np.int32) * 2 + inflow.astype(np.int32)


def class_codes(t: pd.DataFrame) -> np.ndarray:
    """Each transaction's class code (:data:`CLASSES`), the first rule that applies: initiated
    by the bank; a payroll batch; a salary; cash; money leaving for another bank; else a flow.
    Written from the last rule so that an earlier one overwrites (comparisons of the columns'
    category codes: 0.02 s for three million; a CASE over their labels in SQL cost 0.08)."""
    c = np.full(len(t), CLASSES.index("flow"), dtype=np.uint8)
    amount = t["amount"].to_numpy(dtype=float, na_value=np.nan)
    c[(amount < 0) & _is(t["counterparty_bank"], "other")] = CLASSES.index("other_out")
    for kind, cls in (("cash", "cash"), ("salary", "salary"), ("payroll_batch", "payroll")):
        c[_is(t["kind"], kind)] = CLASSES.index(cls)
    c[_is(t["initiated_by"], "bank")] = CLASSES.index("bank")
    return c


def _is(col: pd.Series, value: str) -> np.ndarray:
    """``col == value`` as a plain boolean array, missing values False."""
    return (col == value).to_numpy(dtype=bool, na_value=False)


def views(con: duckdb.DuckDBPyConnection, tx: pd.DataFrame, sp: Span,
          names: tuple[str, ...] = ("tw", "th")) -> None:
    """Register on ``con`` (a connection or one of its cursors: registrations are each its own)
    the transactions ``tx`` (:func:`coded`) of the window and its lead-in (``tw``), of the
    history (``th``), or all of them (``t``)."""
    by_date = bool(tx["date"].is_monotonic_increasing) if sp.by_date is None else sp.by_date
    spans = {"tw": (sp.w_start, sp.as_of, True), "th": (None, sp.ws, False)}
    for name in names:
        if name == "t":
            con.register("t", tx)
            continue
        lo, hi, inclusive = spans[name]
        con.register(name, rows(tx, lo, hi, hi_inclusive=inclusive, by_date=by_date))


def build_window(tx: pd.DataFrame, con: duckdb.DuckDBPyConnection, sp: Span) -> None:
    """Create ``w`` on ``con`` (which has ``acc``) from ``tx`` (:func:`coded`). The class's
    label comes as a category of the class codes (a DuckDB ENUM: the table built 0.19 -> 0.165
    s on one thread rather than writing a label per row, and joins on it cheaper)."""
    tw = rows(tx, sp.w_start, sp.as_of, hi_inclusive=True, by_date=sp.by_date)
    con.register("tw", tw.assign(cls=pd.Categorical.from_codes(tw["c"].to_numpy(), CLASSES)))
    con.execute(f"""
        CREATE OR REPLACE TABLE w AS
        SELECT t.txn_id, t.account_id, t.ai, t.date::DATE AS date, t.amount, t.kind,
               t.counterparty_bank AS cbank, t.cls, t.c > 0 AS nb,
               a.client_id, a.ci, a.currency, a.rate, a.acc_kind, a.client_kind, a.deposit,
               a.liquid,
               {q("t.amount")} AS mq,  -- the amount and its base-currency value, to sum
               {q("t.amount * a.rate")} AS bq
        FROM tw t JOIN acc a USING (ai)""")


def build_accounts(tx: pd.DataFrame, con: duckdb.DuckDBPyConnection, sp: Span) -> None:
    """Create ``acct`` on ``con`` from the book before the window (``tx``, :func:`coded`): per
    account number ``ai``, its last activity before the window, its first own flow (class code
    2 and up: neither bank-initiated nor a payroll batch), its own flows out and in, and its
    largest. Read from the book's frame: the history is read twice (here and for the monthly
    baselines), and copying it into a table of its own first cost more than both readings
    (0.078 s of 0.23 s)."""
    views(con, tx, sp, ("th",))
    con.execute("""
        CREATE OR REPLACE TABLE acct AS
        SELECT ai, (max(date) FILTER (WHERE c > 0))::DATE AS pre_last,
               (min(date) FILTER (WHERE c > 1))::DATE AS first_hist,
               -- float sums: they only feed the isolation forest's features, whose scores
               -- change only if a last bit crosses one of its split points
               -sum(amount) FILTER (WHERE c > 1 AND amount <= 0) AS h_out,
               sum(amount) FILTER (WHERE c > 1 AND amount > 0) AS h_in,
               max(abs(amount)) FILTER (WHERE c > 1) AS h_max
        FROM th GROUP BY ai""")
    con.unregister("th")


def build_baselines(tx: pd.DataFrame, con: duckdb.DuckDBPyConnection, sp: Span,
                    s: WatchSettings, floors: tuple[float, float, float]) -> None:
    """Create ``keys``, ``mh`` and ``base`` on ``con`` (after ``acc``) from ``tx``
    (:func:`coded`). ``floors``: the base-currency amounts from which a window
    transaction of class other_out, flow or cash (out) needs its baseline. It reads the book's
    window, not ``w``: it is built while the window is."""
    share_floor, flow_floor, cash_floor = floors
    cb = s["cash_burst"]
    # the (account, class, direction) a window transaction could make a candidate of: a single
    # flow beyond the floors (its own baseline), an account with enough cash withdrawals for a
    # burst (its usual number of them)
    flow, other_out, cash = (CLASSES.index(c) for c in ("flow", "other_out", "cash"))
    views(con, tx, sp, ("tw", "th"))
    con.execute(f"""
        CREATE OR REPLACE TABLE keys AS
        SELECT x.*, {key("x.ai", "x.c", "x.inflow")} AS k, a.account_id,
               list_extract([{", ".join(f"'{c}'" for c in CLASSES)}], x.c + 1) AS cls
        FROM (
            SELECT DISTINCT t.ai, t.c, t.amount > 0 AS inflow
            FROM tw t JOIN acc a USING (ai)
            WHERE t.date >= $ws AND a.rate IS NOT NULL AND t.c IN ({flow}, {other_out})
              AND abs(t.amount) * a.rate >= CASE WHEN t.c = {other_out} THEN $share_floor
                                                 ELSE $flow_floor END
              AND t.kind <> 'card' AND a.acc_kind NOT IN ('credit_card', 'loan', 'mortgage')
            UNION
            SELECT t.ai, {cash}::UTINYINT, false
            FROM tw t JOIN acc a USING (ai)
            WHERE t.date >= $cash_start AND t.kind = 'cash' AND t.amount < 0
              AND a.rate IS NOT NULL AND abs(t.amount) * a.rate >= $cash_floor
            GROUP BY t.ai HAVING count(*) >= $min_count) x
        JOIN acc a USING (ai)""",
                {"ws": pd.Timestamp(sp.ws), "share_floor": share_floor, "flow_floor": flow_floor,
                 "cash_start": pd.Timestamp(sp.ws - dt.timedelta(days=int(cb["days"]) - 1)),
                 "cash_floor": cash_floor, "min_count": int(cb["min_count"])})
    con.unregister("tw")
    con.execute("""
        CREATE OR REPLACE TABLE mh AS
        SELECT k.account_id, x.month, k.cls, k.inflow, x.n, x.mx
        FROM (SELECT h.k, date_trunc('month', h.date)::DATE AS month, count(*) AS n,
                     max(abs(h.amount)) AS mx
              FROM th h JOIN keys USING (k)
              WHERE h.date >= $month0
              GROUP BY ALL) x
        JOIN keys k USING (k)""", {"month0": pd.Timestamp(sp.month0)})
    con.unregister("th")
    con.execute("""
        CREATE OR REPLACE TABLE base AS
        SELECT account_id, cls, inflow, count(*) AS months,  -- one row per month in mh
               median(mx) AS med, mad(mx) AS mad, median(n) AS med_n
        FROM mh WHERE month >= ?::DATE GROUP BY ALL""", [sp.hs.replace(day=1)])


def any_base(con: duckdb.DuckDBPyConnection, tx: pd.DataFrame, sp: Span, accounts
             ) -> pd.DataFrame:
    """Per account and direction, the largest usual transaction of any class (the largest
    monthly median over the baseline months) and the most months of one class: the yardstick
    for a class the account never used (a first large transfer into a salary account).
    ``accounts``: their numbers (``ai``); their history from :func:`history_of`."""
    if not len(accounts):
        return pd.DataFrame({"account_id": pd.Series(dtype=str), "inflow": pd.Series(dtype=bool),
                             "any_med": pd.Series(dtype=float),
                             "any_months": pd.Series(dtype=float)})
    con.register("hsub", history_of(tx, sp, accounts, sp.hs.replace(day=1)))
    try:
        return con.execute("""
            SELECT a.account_id, x.inflow, max(x.med) AS any_med, max(x.months) AS any_months
            FROM (
                SELECT ai, c, inflow, count(*) AS months, median(mx) AS med FROM (
                    SELECT h.ai, date_trunc('month', h.date) AS month, h.c,
                           h.amount > 0 AS inflow, max(abs(h.amount)) AS mx
                    FROM hsub h GROUP BY ALL)
                GROUP BY ALL) x
            JOIN acc a USING (ai)
            GROUP BY ALL""").df()
    finally:
        con.unregister("hsub")


def history_of(tx: pd.DataFrame, sp: Span, accounts, since: dt.date | None = None
               ) -> pd.DataFrame:
    """The transactions before the window (from ``since``) of the accounts numbered
    ``accounts`` (``ai``), bank-initiated ones left out, as ``ai``, ``date``, ``amount`` and
    ``c``: picked out of ``tx`` (:func:`coded`) in numpy, for a few accounts' history in DuckDB
    (a pass over the history for them cost 0.025 s, the pick 0.005 s)."""
    ais = np.unique(np.asarray(accounts, dtype=np.int64))
    th = rows(tx, since, sp.ws, hi_inclusive=False, by_date=sp.by_date)
    ai = th["ai"].to_numpy()
    wanted = np.zeros(int(max(ai.max(initial=-1), ais.max(initial=-1))) + 2, dtype=bool)
    wanted[ais + 1] = True  # shifted by one: -1 (no account) is never wanted
    c = th["c"].to_numpy()
    pick = wanted[ai + 1] & (c > 0)
    return pd.DataFrame({"ai": ai[pick], "date": th["date"].to_numpy()[pick],
                         "amount": th["amount"].to_numpy()[pick], "c": c[pick]})


def payroll_months(con: duckdb.DuckDBPyConnection, tx: pd.DataFrame, sp: Span) -> None:
    """Create ``pay`` on ``con`` (a cursor: a table of its own): the payroll batches per account
    and month, from ``tx`` (:func:`coded`). The batches are picked out in numpy (a few in a
    hundred transactions) and only they are handed to DuckDB: scanning the whole book's frame
    for them cost 0.027 s, the numpy pick 0.005 s."""
    c = tx["c"].to_numpy()
    amount = tx["amount"].to_numpy(dtype=float, na_value=np.nan)
    date = tx["date"].to_numpy()
    pick = (c == CLASSES.index("payroll")) & (amount <= 0) & \
        (date <= pd.Timestamp(sp.as_of).to_datetime64())
    con.register("batches", pd.DataFrame({"ai": tx["ai"].to_numpy()[pick], "date": date[pick],
                                          "amount": amount[pick]}))
    try:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE pay AS
            SELECT a.account_id, p.month, p.total, p.first_date, p.last_date
            FROM (SELECT t.ai, date_trunc('month', t.date)::DATE AS month,
                         -sum({q("t.amount")}) / {Q}.0 AS total,
                         min(t.date)::DATE AS first_date, max(t.date)::DATE AS last_date
                  FROM batches t GROUP BY ALL) p
            JOIN acc a USING (ai)""")
    finally:
        con.unregister("batches")


def last_balances(frames: BookFrames, con: duckdb.DuckDBPyConnection, sp: Span) -> None:
    """Create ``lastbal`` on ``con``: each account's latest balance on or before the as-of date
    (``account_id``, ``date``, ``balance``)."""
    latest = latest_rows(frames.balances, sp.as_of)
    if latest is None:  # not sorted by account and date: DuckDB finds them
        con.register("bal", frames.balances)
        con.execute("""
            CREATE OR REPLACE TABLE lastbal AS
            SELECT account_id, max(date)::DATE AS date, arg_max(balance, date) AS balance
            FROM bal WHERE date <= ?::DATE GROUP BY account_id""", [sp.as_of])
        con.unregister("bal")
        return
    con.register("_lb", latest)
    con.execute("CREATE OR REPLACE TABLE lastbal AS "
                "SELECT account_id, date::DATE AS date, balance FROM _lb")
    con.unregister("_lb")


def latest_rows(b: pd.DataFrame, as_of: dt.date) -> pd.DataFrame | None:
    """Each account's balance of the latest date on or before ``as_of`` (rows without an
    account, a date or a balance do not count), when ``b`` is sorted by account and then date
    as books are written (else None): the last such row of each account's run, found with
    numpy (0.01 s for 1.3 million rows; grouping them by the account's id cost 0.09)."""
    n = len(b)
    if n == 0:
        return None
    ids = pa.array(b["account_id"])
    if ids.null_count:
        return None
    d = b["date"].to_numpy(dtype="datetime64[ns]")
    new = np.ones(n, dtype=bool)
    new[1:] = pc.not_equal(ids[1:], ids[:-1]).to_numpy(zero_copy_only=False)
    starts = np.flatnonzero(new)
    # sorted: each account in one run, its dates never going back
    if pc.count_distinct(ids.take(pa.array(starts))).as_py() != len(starts) or \
            not (new[1:] | (d[1:] >= d[:-1])).all():
        return None
    bal = b["balance"].to_numpy(dtype=float, na_value=np.nan)
    kept = np.flatnonzero((d <= np.datetime64(pd.Timestamp(as_of))) & ~np.isnat(d)
                          & ~np.isnan(bal))
    run = np.cumsum(new)[kept]
    last = kept[np.r_[run[1:] != run[:-1], True]] if len(kept) else kept
    return pd.DataFrame({"account_id": ids.take(pa.array(last)).to_pandas(),
                         "date": d[last], "balance": bal[last]})
