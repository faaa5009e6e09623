"""The launcher and its warm-up: options from the command line, the app's code imported before
the server starts and anything left once it listens, and the app's run waiting for them."""

from __future__ import annotations

import socket
import sys
import threading
import time

from ui import launch, warmup


def test_options_from_the_command_line_then_the_environment_then_the_default(monkeypatch):
    monkeypatch.setenv("STREAMLIT_SERVER_PORT", "9100")
    assert launch.option([], "server.port", "8501") == "9100"
    assert launch.option(["--server.port", "9001"], "server.port", "8501") == "9001"


def test_options_from_the_command_line_or_the_default(monkeypatch):
    for var in ("STREAMLIT_SERVER_PORT", "STREAMLIT_SERVER_ADDRESS"):
        monkeypatch.delenv(var, raising=False)
    argv = ["--server.port", "9001", "--server.address=127.0.0.2", "--server.headless", "true"]
    assert launch.option(argv, "server.port", "8501") == "9001"
    assert launch.option(argv, "server.address", "127.0.0.1") == "127.0.0.2"
    assert launch.option([], "server.port", "8501") == "8501"
    assert launch.option(["--server.port"], "server.port", "8501") == "8501"  # no value given


def test_the_launcher_imports_the_first_page_s_and_the_planner_s_code_before_the_server(
        monkeypatch):
    from ui import warm_plan

    asked: list[tuple[str, ...]] = []
    monkeypatch.setattr(warmup, "warm", lambda modules=warmup.WARM_MODULES: asked.append(modules)
                        or [])
    monkeypatch.delenv("KINFOLIO_WARM_PLAN", raising=False)
    monkeypatch.delenv("KINFOLIO_BOOK", raising=False)
    warmup.preload_code()
    monkeypatch.setenv("KINFOLIO_WARM_PLAN", "0")
    warmup.preload_code()
    monkeypatch.setenv("KINFOLIO_BOOK", "/srv/book")
    warmup.preload_code()
    assert asked == [warmup.WARM_MODULES + warm_plan.LATER_MODULES, warmup.WARM_MODULES,
                     warmup.WARM_MODULES + warmup.BOOK_MODULES]


def test_warm_imports_the_first_pages_modules_and_names_failures():
    assert warmup.warm(("json", "ui.views.household")) == []
    assert "ui.views.household" in sys.modules
    assert warmup.warm(("json", "kinfolio_no_such_module")) == ["kinfolio_no_such_module"]


def test_warm_waits_for_the_server_to_listen(db):  # db: the warm-up opens the store
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        port = srv.getsockname()[1]
        assert not warmup.server_up("127.0.0.1", port)  # bound, not listening yet
        srv.listen()
        assert warmup.server_up("127.0.0.1", port)
        t0 = time.monotonic()
        assert warmup.warm_after_start("127.0.0.1", port, limit_s=5) == []
        assert time.monotonic() - t0 < 5


def test_warm_gives_up_waiting_after_its_limit(db, monkeypatch):
    monkeypatch.setattr(warmup, "_asked", threading.Event())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t0 = time.monotonic()
    assert warmup.warm_after_start("127.0.0.1", port, limit_s=0.3) == []
    assert time.monotonic() - t0 >= 0.3


def test_a_waiting_session_starts_the_warm_up_without_the_port(db, monkeypatch):
    """The server is up once a session runs app.py, whatever port the launcher polled."""
    asked = threading.Event()
    monkeypatch.setattr(warmup, "_asked", asked)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing will ever listen here
    threading.Timer(0.1, asked.set).start()
    t0 = time.monotonic()
    assert warmup.warm_after_start("127.0.0.1", port, limit_s=10) == []
    assert time.monotonic() - t0 < 5


def test_the_app_waits_for_a_started_warm_up_and_not_otherwise(monkeypatch):
    done, started = threading.Event(), threading.Event()
    monkeypatch.setattr(warmup, "_done", done)
    monkeypatch.setattr(warmup, "_started", started)
    monkeypatch.setattr(warmup, "_asked", threading.Event())
    assert warmup.wait(limit_s=0.01)  # nothing started (AppTest, plain streamlit run)
    started.set()
    assert not warmup.wait(limit_s=0.05)  # started, still importing
    threading.Timer(0.05, done.set).start()
    assert warmup.wait(limit_s=5)


def test_streamlit_s_first_element_check_is_made_by_the_warm_up_once_the_server_runs(
        monkeypatch):
    from streamlit import delta_generator, runtime

    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    monkeypatch.setattr(runtime, "exists", lambda: False)
    warmup.streamlit_first_element()  # no server: nothing done (it would print a warning)
    assert delta_generator._use_warning_has_been_displayed is False
    monkeypatch.setattr(runtime, "exists", lambda: True)
    warmup.streamlit_first_element()
    assert delta_generator._use_warning_has_been_displayed is True


def test_the_server_reads_a_new_nightly_run_or_export_as_soon_as_it_appears(monkeypatch):
    """watch_book: the caches are filled again when the book's version (its files, its nightly
    manifest) changes, and only then; a failing read is logged and the watch goes on."""
    from ui import book_data

    versions = iter([("a", "run1"), ("a", "run1"), ("a", "run2"), ("b", "run2"), ("b", "run3"),
                     ("b", "run3")])
    current = {"v": next(versions)}
    reads: list[tuple[str, str]] = []
    stop = threading.Event()

    def version_key():
        return current["v"]

    def preload():
        reads.append(current["v"])
        if current["v"] == ("b", "run2"):
            raise OSError("half-written")
        return True

    monkeypatch.setattr(book_data, "version_key", version_key)
    monkeypatch.setattr(book_data, "preload", preload)
    thread = threading.Thread(target=warmup.watch_book, args=(0.01, stop), daemon=True)
    thread.start()
    for v in versions:
        time.sleep(0.05)
        current["v"] = v
    time.sleep(0.05)
    stop.set()
    thread.join(timeout=2)
    assert not thread.is_alive()
    # run1 was read at start (not again); run2, the new export and run3 once each; the failed
    # read of ("b", "run2") is tried again until it succeeds or the version moves on
    assert reads[0] == ("a", "run2")
    assert [r for r in dict.fromkeys(reads)] == [("a", "run2"), ("b", "run2"), ("b", "run3")]
    assert reads.count(("a", "run2")) == 1 and reads.count(("b", "run3")) == 1


def test_the_warm_up_opens_the_store_the_first_page_reads(db, monkeypatch):
    """The store (migrations, demo households) is opened by the warm-up, not by the first run."""
    from ui import state

    state._store.clear()
    opened: list[str] = []
    real = state.Store

    def spy(url):
        opened.append(url)
        return real(url)

    monkeypatch.setattr(state, "Store", spy)
    warmup._open_store()
    assert opened == [state.db_url()] and str(db) in opened[0]
    state.store()  # the page's call finds it open
    assert len(opened) == 1
