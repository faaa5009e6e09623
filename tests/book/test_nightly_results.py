"""The nightly run's results read back for the app (book.nightly_results): current only for the
book folder the run read (cheap digest of names, sizes and times first, the content when those
differ); the same alerts, activation, segments, linkage and My book rows as computed directly;
acknowledged and closed episodes dropped as the alerts are read."""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import os
import shutil

import numpy as np
import pandas as pd
import pytest

from book.nightly import MANIFEST, RunOptions, run_book
from book.nightly_results import book_files, files_digest, freshness, load

PATHS = 64


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A generated book folder and one nightly run of it (one in-process worker)."""
    from distributed import Client, LocalCluster

    import book

    root = tmp_path_factory.mktemp("nightly-results")
    folder = root / "book"
    book.generate_book(folder, 8, months=14)
    frames = book.read_book(folder)
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                           dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        res = run_book(frames, RunOptions(root / "book.results", PATHS, 5,
                                          book_path=str(folder)), client=client)
    finally:
        client.close()
        cluster.close()
    return folder, res.out, frames


def _copy(src, dest):
    shutil.copytree(src, dest)
    return dest


def _json(x):
    return json.loads(json.dumps(x, default=str, sort_keys=True))


def _close(a, b) -> bool:
    """``a`` and ``b`` alike, numbers within a cent: DuckDB adds floats in whatever order its
    threads finish, so a worker's sum and the driver's can differ in the last bits (seen once in
    CI: the same alert, a parameter a hair apart); the pages show money to the cent."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, int | float) and isinstance(b, int | float) and abs(a - b) < 0.01
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_the_manifest_records_the_book_files_read(run):
    folder, out, _ = run
    m = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert m["status"] == "complete"
    assert m["book_files"] == book_files(folder)
    assert m["tables"]["linkage"] == "linkage.parquet" and m["scans"]["linkage"] == "ok"


def test_current_for_the_same_files_and_for_a_copy_with_the_same_content(run, tmp_path):
    folder, out, _ = run
    f = freshness(folder, out)
    assert f.current and f.reason == "same_files"
    # a copy (other modification times, same bytes): the cheap digest differs, the content not
    copy = _copy(folder, tmp_path / "copy")
    later = dt.datetime(2030, 1, 1).timestamp()
    for p in copy.rglob("*"):
        if p.is_file():
            os.utime(p, (later, later))
    assert files_digest(copy) != files_digest(folder)
    f = freshness(copy, out)
    assert f.current and f.reason == "same_content"


def test_stale_for_another_export_an_unfinished_run_or_an_older_manifest(run, tmp_path):
    folder, out, _ = run
    changed = _copy(folder, tmp_path / "changed")
    clients = changed / "clients.csv"
    with clients.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("name")] = "Renamed Client"  # a new export: one name changed
    with clients.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    f = freshness(changed, out)
    assert f.status == "stale" and f.reason == "other_book"
    assert load(changed, out)[0] is None

    assert freshness(folder, tmp_path / "nowhere").status == "missing"

    m = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    for change, reason in (({"status": "running"}, "incomplete"),
                           ({"book_files": None}, "no_book_files")):
        other = _copy(out, tmp_path / f"out-{reason}")
        (other / MANIFEST).write_text(json.dumps(m | change), encoding="utf-8")
        f = freshness(folder, other)
        assert f.status == "stale" and f.reason == reason
        assert load(folder, other)[0] is None
    broken = _copy(out, tmp_path / "out-broken")
    (broken / MANIFEST).write_text("{not json", encoding="utf-8")
    assert freshness(folder, broken).reason == "unreadable"


def test_the_same_rows_as_computed_directly(run):
    import duckdb

    from book.activation import activation
    from book.alerts import alerts
    from book.frames import TABLES
    from book.linkage import linkage
    from book.segments import segments
    from ui.book_model import book_rows

    folder, out, frames = run
    res, f = load(folder, out)
    assert res is not None and f.current
    direct = alerts(frames)
    got = res.alert_set(frames.meta)
    assert got.alerts, "the generated book has alerts"
    got_alerts = [_json(a.as_json()) for a in got.alerts]
    direct_alerts = [_json(a.as_json()) for a in direct.alerts]
    assert _close(got_alerts, direct_alerts), (got_alerts, direct_alerts)
    assert got.as_of == direct.as_of and got.window_start == direct.window_start
    assert _close(_json(res.activation().as_json()), _json(activation(frames).as_json()))
    assert _close(_json(res.linkage().as_json()), _json(linkage(frames).as_json()))
    with duckdb.connect() as con:
        for name in TABLES:
            con.register(name, getattr(frames, name))
        seg = segments(con, frames.meta, frames.households)
    assert _json(res.segments(frames.meta).as_json()) == _json(seg.as_json())
    # the My book table from either source: the same rows
    vis = frozenset(frames.clients["client_id"].astype(str))
    counts = {}
    for a in direct.alerts:
        counts[a.client_id] = counts.get(a.client_id, 0) + 1
    a = book_rows(frames, res.segments(frames.meta), vis, counts, {}, res.households)
    b = book_rows(frames, seg, vis, counts, {}, res.households)
    assert len(a) == len(b) > 0
    for col in a.columns:  # the run stores money rounded to the cent
        if col in ("assets_with_us", "known_wealth", "wallet_share"):
            assert np.allclose(a[col].astype(float), b[col].astype(float), rtol=0, atol=0.01,
                               equal_nan=True), col
        else:
            pd.testing.assert_series_equal(a[col], b[col], check_names=False)


def test_acknowledged_and_closed_episodes_are_dropped(run):
    from book.alerts import Ack, alerts

    folder, out, frames = run
    res, _ = load(folder, out)
    every = res.alert_set(frames.meta).alerts
    assert len(every) >= 2
    acks = [Ack.of(every[0], "ack"), Ack.of(every[1], "close")]
    got = res.alert_set(frames.meta, acks)
    assert {a.episode for a in got.alerts} == {a.episode for a in every[2:]}
    assert got.suppressed == 2
    assert [a.episode for a in got.alerts] == [a.episode for a in alerts(frames,
                                                                         acks=acks).alerts]


def test_the_run_keeps_the_validated_book_and_it_reads_back_the_same(run):
    """The app's first paint reads the book from the run's snapshot (book.nightly_snapshot):
    every table equal to the folder's, with the same dtypes, and the same households."""
    from book.frames import TABLES
    from book.nightly_snapshot import read_snapshot
    from household.io import dumps

    _folder, out, frames = run
    m = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert m["tables"]["book"] == "book/"
    kept = read_snapshot(out)
    assert kept is not None and kept.meta == frames.meta
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(kept, name), getattr(frames, name))
    assert list(kept.households) == sorted(frames.households)
    assert {h: dumps(x) for h, x in kept.households.items()} == \
        {h: dumps(x) for h, x in frames.households.items()}
    assert kept.client_households() == frames.client_households()


def test_a_damaged_or_incomplete_snapshot_is_not_read(run, tmp_path):
    from book.nightly_snapshot import META, SNAPSHOT, read_snapshot

    _, out, _ = run
    bad = _copy(out, tmp_path / "bad")
    (bad / SNAPSHOT / "transactions.parquet").write_bytes(b"not parquet")
    assert read_snapshot(bad) is None
    half = _copy(out, tmp_path / "half")
    (half / SNAPSHOT / META).unlink()
    assert read_snapshot(half) is None
    assert read_snapshot(tmp_path / "nothing") is None
