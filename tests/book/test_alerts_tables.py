"""The alerts' passes over the book (book.alerts_tables) and the pieces that make them fast: the
window's slice of a date-sorted book, sums that never mix two clients' figures, ruptures' l2
cost from running sums, detectors on threads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from book import alerts as alerts_mod
from book.alerts import alerts
from book.alerts_flow import _segment_sums
from book.alerts_stats import _l2_running_sums
from book.alerts_tables import rows
from tests.book.watch_helpers import day, expected, watch_small
from tests.book.watch_helpers import rows as alert_rows


def _book_frame(n: int = 200, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dates = pd.Timestamp("2025-01-01") + pd.to_timedelta(np.sort(rng.integers(0, 700, n)),
                                                         unit="D")
    return pd.DataFrame({"txn_id": [f"T{i:04d}" for i in range(n)], "date": dates,
                         "amount": rng.normal(0, 1000, n)})


@settings(max_examples=60, deadline=None)
@given(lo=st.integers(-10, 720), span=st.integers(0, 400), inclusive=st.booleans(),
       open_start=st.booleans())
def test_rows_slice_of_a_sorted_book_is_the_mask_selection(lo, span, inclusive, open_start):
    t = _book_frame()
    lo_d = None if open_start else dt.date(2025, 1, 1) + dt.timedelta(days=lo)
    hi_d = dt.date(2025, 1, 1) + dt.timedelta(days=lo + span)
    shuffled = t.sample(frac=1.0, random_state=1)
    sliced = rows(t, lo_d, hi_d, hi_inclusive=inclusive)
    masked = rows(shuffled, lo_d, hi_d, hi_inclusive=inclusive)
    assert sliced["date"].is_monotonic_increasing  # the sorted path took a slice
    assert sorted(sliced["txn_id"]) == sorted(masked["txn_id"])
    hi_ts = pd.Timestamp(hi_d)
    assert (sliced["date"] <= hi_ts).all() if inclusive else (sliced["date"] < hi_ts).all()


@pytest.mark.parametrize("seed", [7, 8])
def test_alerts_do_not_depend_on_the_order_of_the_transactions(seed):
    """A book whose transactions are not sorted by date (the slice falls back to a mask) gives
    the same alerts to the last bit of every figure: money is summed as integers, in any order
    (float sums in another order differ in the last bits; so would two runs of one book, with
    DuckDB adding in parallel)."""
    small = watch_small()
    # amounts with long binary fractions: their float sums depend on the order of adding
    frames = dataclasses.replace(small, transactions=small.transactions.assign(
        amount=small.transactions["amount"] * 1.0000003))
    shuffled = frames.transactions.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    other = dataclasses.replace(frames, transactions=shuffled)
    when = day(expected()["as_of"])
    mine, theirs = alerts(other, when), alerts(frames, when)
    assert sorted(alert_rows(mine)) == sorted(alert_rows(theirs))
    assert mine.as_json() == theirs.as_json()


@settings(max_examples=80, deadline=None)
@given(x=st.lists(st.integers(-10**13, 10**13), min_size=1, max_size=60),
       cuts=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), min_size=1,
                     max_size=8),
       noise=st.integers(-10**15, 10**15), shift=st.integers(0, 17))
def test_segment_sums_use_only_their_own_elements(x, cuts, noise, shift):
    """Each segment's sum (money in whole ten-thousandths) is its exact sum, whatever lies
    outside it and wherever it sits (a client's balance drop never depends on the other clients
    of a worker's part of the book)."""
    a = np.asarray(x, dtype=np.int64)
    starts = np.array([min(s, e, len(a)) for s, e in cuts])
    ends = np.array([min(max(s, e), len(a)) for s, e in cuts])
    got = _segment_sums(a, starts, ends)
    for (s0, e0), g in zip(zip(starts, ends, strict=True), got, strict=True):
        seg = x[s0:e0]
        assert g == sum(seg)
        other = np.concatenate([np.full(shift, noise), seg, np.full(3, noise)]).astype(np.int64)
        assert _segment_sums(other, np.array([shift]), np.array([shift + len(seg)]))[0] == g


@pytest.mark.parametrize("seed", range(12))
def test_l2_running_sums_find_the_breakpoints_of_ruptures_l2(seed):
    import ruptures as rpt

    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, 30))
    levels = np.repeat(rng.normal(12, 1, 3), [n // 3, n // 3, n - 2 * (n // 3)])
    y = (levels + rng.normal(0, 0.2, n)).reshape(-1, 1)
    pen = 3.0 * float(np.var(y))
    ours = rpt.Pelt(custom_cost=_l2_running_sums()(), min_size=1, jump=1).fit(y).predict(pen)
    theirs = rpt.Pelt(model="l2", min_size=1, jump=1).fit(y).predict(pen)
    assert ours == theirs


def test_detectors_on_threads_give_what_one_thread_gives(monkeypatch):
    when = day(expected()["as_of"])
    threaded = alerts(watch_small(), when).as_json()
    monkeypatch.setattr(alerts_mod, "THREADS", 1)
    assert alerts(watch_small(), when).as_json() == threaded
    assert alerts(watch_small(), when).as_json() == threaded  # and again: the same numbers


def test_alerts_restore_the_garbage_collector():
    when = day(expected()["as_of"])
    assert gc.isenabled()
    alerts(watch_small(), when)
    assert gc.isenabled()
    gc.disable()
    try:
        alerts(watch_small(), when)
        assert not gc.isenabled()  # a caller's choice is left as it was
    finally:
        gc.enable()


def test_the_accounts_table_is_account_info():
    """``watch_db.connect`` builds table ``acc`` in SQL: the same rows and values as the pandas
    ``account_info`` the ledger and activation use."""
    from book import watch_db

    frames = watch_small()
    con = watch_db.connect(frames)
    try:
        got = con.sql("SELECT * FROM acc ORDER BY account_id").df()
    finally:
        con.close()
    want = watch_db.account_info(frames).sort_values("account_id").reset_index(drop=True)
    assert list(got.columns) == list(want.columns)
    for col in want.columns:
        a, b = got[col], want[col]
        if col in ("opened", "closed", "maturity"):
            assert (pd.to_datetime(a).fillna(pd.Timestamp(0)) ==
                    pd.to_datetime(b).fillna(pd.Timestamp(0))).all(), col
        elif col == "rate":
            assert np.allclose(a.astype(float), b.astype(float), equal_nan=True, rtol=0), col
        else:
            assert a.astype(object).where(a.notna(), None).tolist() == \
                b.astype(object).where(b.notna(), None).tolist(), col


def test_coded_numbers_each_transaction_with_its_accounts_row():
    """``alerts_tables.coded``: ``ai`` is the row of the transaction's account in the accounts
    (the ``ai`` of ``account_info``), -1 for an account the book does not list; the other
    columns are the book's."""
    from book import watch_db
    from book.alerts_tables import coded

    frames = watch_small()
    tx = coded(frames)
    info = watch_db.account_info(frames)
    want = tx["account_id"].astype(str).map(dict(zip(info["account_id"], info["ai"],
                                                     strict=True)))
    assert (tx["ai"].to_numpy() == want.to_numpy()).all()
    pd.testing.assert_frame_equal(tx.drop(columns=["ai", "c", "k"]), frames.transactions)
    stray = frames.transactions.head(3).assign(account_id="NOT-AN-ACCOUNT")
    odd = dataclasses.replace(frames, transactions=pd.concat(
        [frames.transactions, stray], ignore_index=True))
    assert (coded(odd)["ai"].to_numpy()[-3:] == -1).all()


def test_the_join_key_is_one_integer_per_account_class_and_direction():
    """``k`` (``alerts_tables.key``) tells apart every (account, class, direction): numpy and
    the SQL it writes agree; a transaction without an amount has none (-1)."""
    import duckdb

    from book.alerts_tables import CLASSES, coded, key

    tx = coded(watch_small())
    triples = set(zip(tx["ai"], tx["c"], tx["amount"] > 0, strict=True))
    keys = {int(key(np.array([a]), np.array([c]), np.array([i]))[0]) for a, c, i in triples}
    assert len(keys) == len(triples)
    assert (tx["k"].to_numpy() == key(tx["ai"].to_numpy(), tx["c"].to_numpy(),
                                      (tx["amount"] > 0).to_numpy())).all()
    ai, c = 30_000, len(CLASSES) - 1
    sql = duckdb.sql(f"SELECT {key(str(ai), str(c), 'true')}").fetchall()[0][0]
    assert sql == int(key(np.array([ai]), np.array([c]), np.array([True]))[0]) > 0
    frames = watch_small()
    blank = frames.transactions.head(2).assign(amount=np.nan)
    odd = dataclasses.replace(frames, transactions=pd.concat(
        [frames.transactions, blank], ignore_index=True))
    assert (coded(odd)["k"].to_numpy()[-2:] == -1).all()


def _class_of(row) -> str:
    """The class rules one row at a time, as the module states them."""
    if row.initiated_by == "bank":
        return "bank"
    if row.kind in ("payroll_batch", "salary", "cash"):
        return {"payroll_batch": "payroll", "salary": "salary", "cash": "cash"}[row.kind]
    if row.amount < 0 and row.counterparty_bank == "other":
        return "other_out"
    return "flow"


def test_class_codes_follow_the_rules_in_order():
    """``alerts_tables.class_codes``: the first rule that applies (bank-initiated before a
    payroll batch, cash before money leaving for another bank), missing labels as no match;
    the same for plain object columns as for the book's categories."""
    from book.alerts_tables import CLASSES, class_codes

    t = watch_small().transactions
    extra = pd.DataFrame({
        "amount": [-5.0, -5.0, 5.0, -5.0, -5.0, 7.0],
        "kind": ["payroll_batch", "cash", "transfer", "transfer", None, "salary"],
        "initiated_by": ["bank", None, None, "client", None, "bank"],
        "counterparty_bank": ["other", "other", "other", "other", "other", None]})
    for frame in (t, extra, extra.astype("category")):
        want = [_class_of(r) for r in frame.itertuples(index=False)]
        assert [CLASSES[c] for c in class_codes(frame)] == want
    assert [CLASSES[c] for c in class_codes(extra)] == [
        "bank", "cash", "flow", "other_out", "other_out", "bank"]


def test_a_failing_step_does_not_leave_the_run_waiting(monkeypatch):
    """A step that fails before the baselines are built raises its error (the detectors
    waiting for the baselines are released, nothing hangs)."""
    from book import alerts_tables

    def broken(*args, **kwargs):
        raise RuntimeError("the window could not be built")

    monkeypatch.setattr(alerts_tables, "build_window", broken)
    with pytest.raises(RuntimeError, match="window"):
        alerts(watch_small(), day(expected()["as_of"]))


def test_runs_at_the_same_time_keep_to_their_own_tables():
    """Runs share the process's database (``watch_db.engine``), each in a schema of its own:
    two at once give what one alone gives, and leave no table behind."""
    from concurrent.futures import ThreadPoolExecutor

    from book import watch_db

    frames = watch_small()
    alone = alerts(frames).as_json()
    later = dataclasses.replace(frames, meta=dataclasses.replace(
        frames.meta, as_of=frames.meta.as_of - dt.timedelta(days=40)))
    alone_later = alerts(later).as_json()
    with ThreadPoolExecutor(2) as pool:
        a, b = pool.map(lambda f: alerts(f).as_json(), [frames, later])
    assert a == alone and b == alone_later and a != b
    left = watch_db.engine().execute(
        "SELECT count(*) FROM duckdb_schemas() WHERE schema_name LIKE 'run%'").fetchall()
    assert left == [(0,)]


def test_a_cursor_of_a_run_sees_its_tables():
    """``watch_db.cursor``: another thread's cursor of a run reads the run's tables; a table of
    one run is not visible from another."""
    from book import watch_db

    frames = watch_small()
    with watch_db.run_connection(frames) as one, watch_db.run_connection(frames) as two:
        one.execute("CREATE TABLE only_here AS SELECT 1 AS x")
        assert watch_db.cursor(one).execute("SELECT x FROM only_here").fetchall() == [(1,)]
        with pytest.raises(Exception, match="only_here"):
            watch_db.cursor(two).execute("SELECT x FROM only_here").fetchall()


@pytest.mark.parametrize("reverse", [False, True])
def test_large_value_names_the_first_of_equal_largest_transactions(reverse):
    """Two equal largest transactions of one client and day: the event names the first by id
    and its account, whatever the order of the book (aggregated in parallel, equal values
    meet in any order)."""
    frames = watch_small()
    t = frames.transactions
    src = t[t["txn_id"] == "T00497"]
    twins = pd.concat([src.assign(txn_id="T90002", account_id="A01"),
                       src.assign(txn_id="T90001", account_id="A02")])
    twins = twins.assign(date=pd.Timestamp("2026-11-24"))
    if reverse:
        twins = twins.iloc[::-1]
    book = dataclasses.replace(frames, transactions=pd.concat([t, twins], ignore_index=True))
    found = [a for a in alerts(book).alerts
             if a.kind == "large_value" and a.date == day("2026-11-24")]
    assert [(a.client_id, a.account_id, a.params["txn_id"]) for a in found] == \
        [("P01", "A02", "T90001")]


def _balances(seed: int) -> pd.DataFrame:
    """Month-end balances of a few accounts, sorted by account and date as books are written,
    some missing."""
    rng = np.random.default_rng(seed)
    parts = []
    for i in range(int(rng.integers(1, 8))):
        months = int(rng.integers(1, 15))
        start = pd.Timestamp("2025-06-30") + pd.offsets.MonthEnd(int(rng.integers(0, 12)))
        bal = rng.normal(1e5, 5e4, months).round(2)
        bal[rng.random(months) < 0.2] = np.nan
        parts.append(pd.DataFrame({
            "account_id": f"A{i:02d}",
            "date": pd.date_range(start, periods=months, freq="ME"), "balance": bal}))
    return pd.concat(parts, ignore_index=True).astype({"account_id": "string"})


def _latest_by_sql(b: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect()
    con.register("bal", b)
    return con.execute("""
        SELECT account_id, max(date) AS date, arg_max(balance, date) AS balance
        FROM bal WHERE date <= ?::DATE AND balance IS NOT NULL
        GROUP BY account_id ORDER BY account_id""", [as_of]).df()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), days=st.integers(0, 700))
def test_latest_balances_of_a_sorted_book_are_what_sql_finds(seed, days):
    """Each account's latest balance on or before the date, read from the rows' order, is
    what grouping by account finds (accounts whose balances all come later are absent)."""
    from book.alerts_tables import latest_rows

    b = _balances(seed)
    as_of = dt.date(2025, 6, 1) + dt.timedelta(days=days)
    got = latest_rows(b, as_of)
    want = _latest_by_sql(b, as_of)
    assert got is not None
    got = got.astype({"account_id": str}).reset_index(drop=True)
    assert got["account_id"].tolist() == want["account_id"].astype(str).tolist()
    assert (pd.to_datetime(got["date"]) == pd.to_datetime(want["date"])).all()
    assert np.array_equal(got["balance"].to_numpy(), want["balance"].to_numpy())


def test_latest_balances_of_an_unsorted_book_are_left_to_sql():
    """Rows out of order (an account in two runs, or its dates going back) are not read by
    their order: ``latest_rows`` declines and ``last_balances`` groups them in DuckDB, with the
    same table."""
    from book import alerts_tables, watch_db

    b = _balances(11)
    assert alerts_tables.latest_rows(b.iloc[::-1], dt.date(2026, 6, 30)) is None
    two_runs = pd.DataFrame({"account_id": pd.array(["A", "B", "A"], dtype="string"),
                             "date": pd.to_datetime(["2026-01-31", "2026-01-31", "2026-02-28"]),
                             "balance": [1.0, 2.0, 3.0]})
    assert alerts_tables.latest_rows(two_runs, dt.date(2026, 6, 30)) is None
    frames = watch_small()
    as_of = day(expected()["as_of"])
    sp = alerts_tables.Span(as_of, as_of, as_of, as_of, as_of)
    in_order = frames.balances.sort_values(["account_id", "date"], kind="stable")
    assert alerts_tables.latest_rows(in_order, as_of) is not None
    tables = []
    for bal in (in_order, in_order.iloc[::-1]):
        con = watch_db.connect(dataclasses.replace(frames, balances=bal), accounts=False)
        alerts_tables.last_balances(dataclasses.replace(frames, balances=bal), con, sp)
        tables.append(con.execute("SELECT * FROM lastbal ORDER BY account_id").df())
    assert len(tables[0]) > 0
    pd.testing.assert_frame_equal(tables[0], tables[1])


def test_a_step_runs_once_whoever_takes_it():
    """``alerts._Step``: a worker and the calling thread may both try a step; it runs once, and
    its error reaches whoever reads its result."""
    from concurrent.futures import ThreadPoolExecutor

    calls = []
    step = alerts_mod._Step(lambda: calls.append(1) or len(calls))
    with ThreadPoolExecutor(4) as pool:
        for _ in range(8):
            pool.submit(step.run)
        step.run()
    assert calls == [1] and step.future.result() == 1

    def fails():
        raise ValueError("no table")

    broken = alerts_mod._Step(fails)
    broken.run()
    broken.run()
    with pytest.raises(ValueError, match="no table"):
        broken.future.result()


def _lv_inputs():
    from book import watch_db
    from book.alerts_tables import Span
    from book.watch_config import watch_settings

    frames = watch_small()
    as_of = day(expected()["as_of"])
    s = watch_settings(frames.meta, as_of)
    ws = as_of - dt.timedelta(days=int(s["window_days"]) - 1)
    con = watch_db.connect(frames)
    from book import alerts_tables

    tx = alerts_tables.coded(frames)
    alerts_tables.build_window(tx, con, Span(as_of, ws, ws - dt.timedelta(days=40), ws, ws))
    return frames, con, as_of, ws, s


def test_large_value_episodes_built_directly_are_what_merging_gives():
    """``large_value_alerts`` builds each client's day as its own episode without events and
    merging: the same alerts, fields and order as ``merge_episodes(large_value(...))``."""
    from book import alerts_rules

    frames, con, as_of, ws, s = _lv_inputs()
    households = frames.client_households()
    direct, _ = alerts_rules.large_value_alerts(frames, con, as_of, ws, households, s)
    events, _ = alerts_rules.large_value(frames, con, as_of, ws)
    assert direct and direct == alerts_mod.merge_episodes(events, households, s)


def test_large_value_days_of_several_events_are_merged(monkeypatch):
    """When one client's account has two events of one code on one day (two rules), they are one
    episode, as merge_episodes makes it (amounts added, the events counted)."""
    from book import alerts_rules

    frames, con, as_of, ws, s = _lv_inputs()
    hits, th = alerts_rules._large_value_hits(frames, con, as_of, ws)
    events, _ = alerts_rules.large_value(frames, con, as_of, ws)
    twice = [*hits, (*hits[0][:6], MappingProxyType({**hits[0][6], "rule": "another"}))]
    monkeypatch.setattr(alerts_rules, "_large_value_hits", lambda *a: (list(twice), th))
    households = frames.client_households()
    got, _ = alerts_rules.large_value_alerts(frames, con, as_of, ws, households, s)
    assert len(got) == len(hits)
    merged = [a for a in got if a.params.get("events") == 2]
    assert len(merged) == 1 and merged[0].amount == pytest.approx(2 * hits[0][4])
    assert got == alerts_mod.merge_episodes(
        [*events, dataclasses.replace(events[0], params=twice[-1][6])], households, s)
