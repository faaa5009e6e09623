"""AppTest: the book pages read the nightly run's results when they are current for the loaded
book (My book's plan figures and segments, the alerts inbox, calls worth making), and do not use
results of another version of the book (they compute from the book instead and say so).

The results are marked after the run with figures the book itself cannot give (one alert, one
activation candidate, a renamed company, a success of 12.3% and assets of 987,654,321), so what a
page shows tells where it read it."""

from __future__ import annotations

import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from household.locale import date_text
from tests.ui.conftest import APP, calm_errors, texts

MARK_COMPANY = "Nightly Mark Trading Co"
MARK_SUCCESS = 0.123
MARK_ASSETS = 987_654_321.0


@pytest.fixture(scope="module")
def nightly(tmp_path_factory):
    """A generated book folder and its nightly run (an in-process one-worker cluster)."""
    import logging

    from distributed import Client, LocalCluster

    import book
    from book.nightly import RunOptions, run_book

    root = tmp_path_factory.mktemp("book-nightly")
    folder = root / "book"
    book.generate_book(folder, 12, months=14)
    frames = book.read_book(folder)
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                           dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        res = run_book(frames, RunOptions(root / "book.results", 64, 5, book_path=str(folder)),
                       client=client)
    finally:
        client.close()
        cluster.close()
    assert res.manifest["status"] == "complete"
    return folder, res.out, frames


def _marked(src, dest, frames) -> dict:
    """A copy of the results under ``dest`` with the marks; what was marked."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from book.nightly import HOUSEHOLD_SCHEMA

    shutil.copytree(src, dest)
    hh = pq.read_table(dest / "households.parquet").to_pandas()
    hid = str(hh["household_id"].iloc[0])
    hh.loc[0, "success_all_essential"] = MARK_SUCCESS
    hh.loc[0, "assets_with_us"] = MARK_ASSETS
    pq.write_table(pa.Table.from_pandas(hh, schema=HOUSEHOLD_SCHEMA, preserve_index=False),
                   dest / "households.parquet")
    for name in ("alerts", "activation"):
        t = pq.read_table(dest / f"{name}.parquet")
        assert t.num_rows >= 2, name
        pq.write_table(t.slice(0, 1), dest / f"{name}.parquet")
    link = pq.read_table(dest / "linkage.parquet").to_pandas()
    has = link["opportunities"].map(lambda v: bool(json.loads(v)))
    assert has.any()
    link = link[has].head(1).assign(name=MARK_COMPANY)
    pq.write_table(pa.Table.from_pandas(link, preserve_index=False), dest / "linkage.parquet")
    return {"household": hid, "name": frames.households[hid].name}


@pytest.fixture
def env(db, nightly, monkeypatch):
    folder, _, _ = nightly
    monkeypatch.setenv("KINFOLIO_BOOK", str(folder))
    return nightly


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def _goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"ui/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not calm_errors(at)
    return at


def test_the_pages_read_the_current_nightly_results(env, tmp_path, monkeypatch):
    from household.locale import money, pct
    from ui.i18n import tr

    _folder, out, frames = env
    mark = _marked(out, tmp_path / "marked", frames)
    monkeypatch.setenv("KINFOLIO_BOOK_RESULTS", str(tmp_path / "marked"))
    at = _app()
    assert at.title[0].value == "My book"
    shown = texts(at)
    assert "Figures from the nightly run finished" in shown
    assert pct(MARK_SUCCESS) in shown  # the plan figure of the run
    # its segment (the table's cells are UTF-8 in the proto text: the ASCII part of the figure)
    assert money(MARK_ASSETS, frames.meta.base_currency, "en").lstrip("¥$") in shown
    at.checkbox(key="bk_success").check().run()
    assert mark["name"] in texts(at)
    # the alerts inbox: the run's one alert
    _goto(at, "book_alerts")
    assert len(at.selectbox(key="al_pick_en").options) == 1
    assert tr("al.count", "en", n=1, date=date_text(frames.meta.as_of, "en")) in texts(at)
    # acknowledged: dropped from the run's alerts as they are read, in this and a new session
    at.button(key="al_ack").click().run()
    assert not at.exception, at.exception
    assert tr("al.none", "en") in texts(at)
    fresh = _goto(_app(), "book_alerts")
    assert tr("al.none", "en") in texts(fresh)
    # calls worth making: the run's activation list and 公私聯動 opportunities
    _goto(at, "book_calls")
    calls = texts(at)
    assert tr("cl.activation", "en", n=1) in calls
    assert MARK_COMPANY in calls and tr("cl.linkage", "en", n=1) in calls


def test_results_of_another_version_of_the_book_are_not_used(env, tmp_path, monkeypatch):
    from book.alerts import alerts
    from household.locale import pct
    from ui.i18n import tr

    _folder, out, frames = env
    _marked(out, tmp_path / "marked", frames)
    m = json.loads((tmp_path / "marked" / "manifest.json").read_text(encoding="utf-8"))
    m["book_files"] = {"files": 1, "digest": "0" * 16, "content": "0" * 64}  # another export
    (tmp_path / "marked" / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    monkeypatch.setenv("KINFOLIO_BOOK_RESULTS", str(tmp_path / "marked"))
    at = _app()
    shown = texts(at)
    assert tr("bk.stale", "en") in shown
    assert pct(MARK_SUCCESS) not in shown
    assert at.checkbox(key="bk_success").disabled
    _goto(at, "book_alerts")
    n = len(alerts(frames).alerts)
    assert n > 1 and len(at.selectbox(key="al_pick_en").options) == n
    _goto(at, "book_calls")
    assert MARK_COMPANY not in texts(at)


def test_my_book_pages_fifty_rows_at_a_time(env, monkeypatch, tmp_path):
    monkeypatch.setenv("KINFOLIO_BOOK_RESULTS", str(tmp_path / "none"))
    at = _app()
    assert at.session_state["bk_page"] == 1
    captions = [c.value for c in at.caption]
    total = next(c for c in captions if c.startswith("Page 1 of "))
    pages = int(total.split(" of ")[1].split(" ")[0])
    assert pages >= 2 and at.button(key="bk_prev").disabled
    at.button(key="bk_next").click().run()
    assert not at.exception, at.exception
    assert at.session_state["bk_page"] == 2
    assert any(c.value.startswith("Page 2 of ") and "rows 51–" in c.value for c in at.caption)
    # a new filter starts again on the first page
    at.selectbox(key="bk_sort_en").set_value("name").run()
    assert at.session_state["bk_page"] == 1


def test_with_current_results_the_book_is_read_from_the_run_not_checked_again(
        env, tmp_path, monkeypatch):
    """The first paint after a server start reads the validated book the run kept
    (book.nightly_snapshot), not the folder's CSVs: read_book is never called."""
    import book
    from household.locale import pct

    _folder, out, frames = env
    _marked(out, tmp_path / "kept", frames)
    monkeypatch.setenv("KINFOLIO_BOOK_RESULTS", str(tmp_path / "kept"))

    def refuse(path):
        raise AssertionError(f"the book folder {path} was read again")

    monkeypatch.setattr(book, "read_book", refuse)
    at = _app()
    assert at.title[0].value == "My book"
    assert pct(MARK_SUCCESS) in texts(at)


def test_the_server_warm_up_reads_the_book_before_the_first_page_asks(env, tmp_path, monkeypatch):
    """ui.warmup at a server start with a book configured: the book, its nightly results and My
    book's table of every family are in the pages' caches before the first session, whose first
    run then reads and builds nothing."""
    import book
    import book.nightly_results as results
    import book.nightly_snapshot as snapshot
    import ui.book_model as model
    from household.locale import pct
    from ui import warmup

    _folder, out, frames = env
    _marked(out, tmp_path / "early", frames)
    monkeypatch.setenv("KINFOLIO_BOOK_RESULTS", str(tmp_path / "early"))
    assert warmup.book_configured()
    warmup._preload_book()

    def refuse(*a, **k):
        raise AssertionError("read again after the warm-up")

    monkeypatch.setattr(book, "read_book", refuse)
    monkeypatch.setattr(snapshot, "read_snapshot", refuse)
    monkeypatch.setattr(results, "load", refuse)
    monkeypatch.setattr(model, "book_index", refuse)
    at = _app()
    assert pct(MARK_SUCCESS) in texts(at)


def test_no_book_no_preload(monkeypatch):
    from ui import book_data, warmup

    monkeypatch.delenv("KINFOLIO_BOOK", raising=False)
    assert not warmup.book_configured() and book_data.preload() is False
