"""The nightly run on a local Dask cluster: determinism across workers and order, incremental
runs, failure isolation, restart after an interruption, DuckDB reading the results."""

from __future__ import annotations

import json
import logging
from types import MappingProxyType

import pandas as pd
import pytest

from book.nightly import (
    HOUSEHOLDS,
    MANIFEST,
    RunOptions,
    local_cluster,
    read_results,
    run_book,
)
from book.nightly_sample import make_book

PATHS = 128
N = 6


@pytest.fixture(scope="module")
def clients():
    """A one-worker and a two-worker LocalCluster (processes on 127.0.0.1), shared by the
    module's tests."""
    from distributed import Client

    made = {n: Client(local_cluster(n)) for n in (1, 2)}
    yield made
    for c in made.values():
        cluster = c.cluster
        c.close()
        cluster.close()


def _worker_settings() -> tuple[str | None, bool, str | None]:
    import os

    import dask

    return (os.environ.get("MALLOC_TRIM_THRESHOLD_"),
            dask.config.get("distributed.worker.profile.enabled"),
            os.environ.get("OPENBLAS_NUM_THREADS"))


def test_the_run_s_own_workers_have_no_profiler_no_malloc_trim_and_one_blas_thread(clients):
    for client in clients.values():
        got = set(client.run(_worker_settings).values())
        assert got == {(None, False, "1")}


def _table(out) -> pd.DataFrame:
    return pd.read_parquet(out / HOUSEHOLDS, dtype_backend="numpy_nullable")


def _core(counts: dict) -> dict:
    return {k: counts[k] for k in ("households", "computed", "reused", "failed")}


def _manifest(out) -> dict:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))


def test_same_results_on_one_or_two_workers_and_in_any_order(tmp_path, clients):
    book = make_book(N)
    one = run_book(book, RunOptions(tmp_path / "one", PATHS, 5), client=clients[1])
    two = run_book(book, RunOptions(tmp_path / "two", PATHS, 5, chunk=1), client=clients[2])
    ids = list(book.households)[::-1]
    shuffled = type(book)(book.meta, book.clients, book.relationships, book.accounts,
                          book.balances, book.transactions,
                          MappingProxyType({h: book.households[h] for h in (ids[3:] + ids[:3])}))
    three = run_book(shuffled, RunOptions(tmp_path / "three", PATHS, 5, chunk=4),
                     client=clients[2])
    a, b, c = (_table(r.out) for r in (one, two, three))
    assert len(a) == N and (a["status"] == "ok").all()
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    pd.testing.assert_frame_equal(a, c, check_exact=True)
    assert one.manifest["book_digest"] == three.manifest["book_digest"]
    # the seed matters; households differ from one another (their own streams)
    other = run_book(book, RunOptions(tmp_path / "other", PATHS, 6), client=clients[2])
    assert not _table(other.out)["wealth_p50_end"].equals(a["wealth_p50_end"])
    assert a["spawn_key"].nunique() == N


def test_incremental_run_recomputes_only_the_changed_household(tmp_path, clients):
    out = tmp_path / "run"
    first = run_book(make_book(N), RunOptions(out, PATHS, 5), client=clients[2])
    assert _core(first.manifest["counts"]) == {"households": N, "computed": N, "reused": 0,
                                               "failed": 0}
    before = _table(out)
    again = run_book(make_book(N), RunOptions(out, PATHS, 5), client=clients[2])
    assert again.manifest["counts"]["computed"] == 0
    assert again.manifest["counts"]["reused"] == N
    pd.testing.assert_frame_equal(_table(out), before, check_exact=True)
    changed = run_book(make_book(N, scale={"hh-004": 1.3}), RunOptions(out, PATHS, 5),
                       client=clients[2])
    assert changed.manifest["counts"]["computed"] == 1
    assert changed.manifest["counts"]["reused"] == N - 1
    after = _table(out).set_index("household_id")
    prev = before.set_index("household_id")
    assert after.loc["hh-004", "assets_with_us"] > prev.loc["hh-004", "assets_with_us"]
    assert after.loc["hh-004", "digest"] != prev.loc["hh-004", "digest"]
    rest = [h for h in prev.index if h != "hh-004"]
    pd.testing.assert_frame_equal(after.loc[rest], prev.loc[rest], check_exact=True)
    full = run_book(make_book(N, scale={"hh-004": 1.3}), RunOptions(out, PATHS, 5, full=True),
                    client=clients[2])
    assert full.manifest["counts"]["computed"] == N
    pd.testing.assert_frame_equal(_table(out).set_index("household_id"), after,
                                  check_exact=True)
    # other settings are other results: nothing reused
    more = run_book(make_book(N, scale={"hh-004": 1.3}), RunOptions(out, PATHS * 2, 5),
                    client=clients[2])
    assert more.manifest["counts"]["computed"] == N


def test_a_poisoned_household_is_reported_and_the_rest_complete(tmp_path, clients):
    out = tmp_path / "run"
    res = run_book(make_book(N, poisoned=("hh-002",)), RunOptions(out, PATHS, 5, chunk=3),
                   client=clients[2])
    m = _manifest(out)
    assert m["status"] == "complete" and m["counts"]["failed"] == 1
    assert [f["household_id"] for f in m["failures"]] == ["hh-002"]
    assert "5e+18" in m["failures"][0]["error"]
    t = _table(out).set_index("household_id")
    assert t.loc["hh-002", "status"] == "failed" and pd.isna(t.loc["hh-002",
                                                               "success_all_essential"])
    assert (t.drop(index="hh-002")["status"] == "ok").all()
    assert t.drop(index="hh-002")["success_all_essential"].notna().all()
    # its chunk-mates were planned as if it were not there
    clean = run_book(make_book(N), RunOptions(tmp_path / "clean", PATHS, 5),
                     client=clients[1])
    c = _table(clean.out).set_index("household_id")
    pd.testing.assert_frame_equal(t.drop(index="hh-002"), c.drop(index="hh-002"),
                                  check_exact=True)
    # a failure is not remembered as done: the next run tries it again (and only it)
    again = run_book(make_book(N, poisoned=("hh-002",)), RunOptions(out, PATHS, 5),
                     client=clients[2])
    assert again.manifest["counts"]["computed"] == 1
    assert res.manifest["counts"]["households"] == N


def test_an_interrupted_run_restarted_computes_only_the_rest(tmp_path, clients):
    out = tmp_path / "run"
    book = make_book(N)
    seen = []

    def stop_after_first_chunk(p):
        seen.append(p.done)
        if p.computed >= 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_book(book, RunOptions(out, PATHS, 5, chunk=2), progress=stop_after_first_chunk,
                 client=clients[1])
    m = _manifest(out)
    assert m["status"] == "interrupted" and m["counts"]["computed"] == 2
    assert not (out / HOUSEHOLDS).exists()
    assert len(list((out / "parts").glob("*.parquet"))) == 1
    done = run_book(book, RunOptions(out, PATHS, 5, chunk=2), client=clients[1])
    assert _core(done.manifest["counts"]) == {"households": N, "computed": N - 2,
                                              "reused": 2, "failed": 0}
    assert done.manifest["status"] == "complete"
    assert not list((out / "parts").glob("*.parquet"))
    straight = run_book(book, RunOptions(tmp_path / "straight", PATHS, 5), client=clients[2])
    pd.testing.assert_frame_equal(_table(out), _table(straight.out), check_exact=True)


def test_duckdb_reads_the_results(tmp_path, clients):
    res = run_book(make_book(3), RunOptions(tmp_path / "r", PATHS, 5), client=clients[1])
    df = read_results(res.out)
    assert list(df["household_id"]) == ["hh-000", "hh-001", "hh-002"]
    import duckdb

    worst = duckdb.sql(f"SELECT household_id, liquidity_gap FROM "
                       f"read_parquet('{res.out / HOUSEHOLDS}') ORDER BY liquidity_gap DESC "
                       f"LIMIT 1").fetchall()
    assert worst[0][1] == df["liquidity_gap"].max()
    m = res.manifest
    assert m["seed"] == 5 and m["paths"] == PATHS and m["code_version"]["source_digest"]
    assert m["started"] <= m["finished"]
    assert m["scans"] == {"alerts": "ok", "activation": "ok", "segments": "ok",
                          "linkage": "ok"}
    book = make_book(3)
    seg = duckdb.sql(f"SELECT * FROM read_parquet('{res.out / 'segments.parquet'}')").df()
    assert len(seg) == m["counts"]["segments"] == len(book.clients)
    # the household's segment is the segments scan's (book currency, people's assets with us)
    for hid, g in seg.groupby("household_id"):
        people = g.loc[g["kind"] == "person", "assets_with_us"].sum()
        assert df.set_index("household_id").loc[hid, "assets_with_us"] == pytest.approx(people)
    assert df["tier"].notna().all()
    act = duckdb.sql(f"SELECT * FROM read_parquet('{res.out / 'activation.parquet'}')").df()
    assert len(act) == m["counts"]["activation"]
    alerts = duckdb.sql(f"SELECT * FROM read_parquet('{res.out / 'alerts.parquet'}')").df()
    assert "kind" in alerts.columns and len(alerts) == m["counts"]["alerts"]


def _exit_in_a_worker() -> None:
    import multiprocessing
    import os

    if multiprocessing.parent_process() is not None:  # a worker process, not the test's own
        os._exit(13)


class _KillsItsWorker:
    """A household that ends the worker process reading it (a crash, not an exception)."""

    def __getattr__(self, name: str):
        if not name.startswith("__"):
            _exit_in_a_worker()
        raise AttributeError(name)


def test_a_household_that_kills_its_worker_is_isolated_and_the_rest_complete(tmp_path,
                                                                            monkeypatch):
    import dataclasses

    import dask
    from distributed import Client, LocalCluster

    import book.nightly as nightly

    real = nightly.prepare_jobs

    def poisoned(*args, **kwargs):
        jobs = real(*args, **kwargs)
        jobs[2] = dataclasses.replace(jobs[2], household=_KillsItsWorker())
        return jobs

    monkeypatch.setattr(nightly, "prepare_jobs", poisoned)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as lc, \
            Client(lc) as c:
        res = run_book(make_book(N), RunOptions(tmp_path / "r", PATHS, 5, chunk=3), client=c)
    m = res.manifest
    assert m["status"] == "complete" and m["counts"]["failed"] == 1
    assert m["failures"][0]["household_id"] == "hh-002"
    assert "KilledWorker" in m["failures"][0]["error"]
    t = _table(res.out).set_index("household_id")
    assert t.loc["hh-002", "status"] == "failed"
    assert (t.drop(index="hh-002")["status"] == "ok").all()


def test_runs_started_the_same_second_on_one_scheduler_do_not_share_results(tmp_path, clients,
                                                                            monkeypatch):
    import book.nightly as nightly

    monkeypatch.setattr(nightly, "_now", lambda: "2026-12-04T02:30:00+00:00")
    a = run_book(make_book(2), RunOptions(tmp_path / "a", PATHS, 5), client=clients[2])
    b = run_book(make_book(4), RunOptions(tmp_path / "b", PATHS, 5), client=clients[2])
    assert a.manifest["run_id"] != b.manifest["run_id"]
    t = _table(b.out)
    assert len(t) == 4 and t["tier"].notna().all() and t["assets_with_us"].notna().all()
    assert b.manifest["counts"]["segments"] == len(make_book(4).clients)
