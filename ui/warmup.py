"""The app's code and data, ready in the server process before the banker's browser asks.

A fresh server otherwise spends about a second of the first page importing the household model,
storage, migrations, numpy, networkx and plotly after the browser has asked for it, and the first
click on Plan another half second importing the planner. The launcher (:mod:`ui.launch`) imports
them before the server starts (:func:`preload_code`), then starts :func:`start` once, whose
thread waits for the server to listen and imports anything left; ``app.py`` calls :func:`wait`
before its own imports, because two threads importing the same packages at once can see each
other's half-made modules (SQLAlchemy's circular imports fail that way).

With a book configured (``KINFOLIO_BOOK``) the first page is My book: the warm-up also imports
the book's code and reads the book and its nightly results into the pages' caches
(:func:`ui.book_data.preload`), so the first paint after a server start only draws, and then
looks every :data:`WATCH_S` seconds for a new nightly run or export to read the same way
(:func:`watch_book`), so the morning's first paint after a night's run only draws too.
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import threading
import time

# What the first page needs, heaviest first: imported here, the session's run finds them loaded.
WARM_MODULES = (
    "household",
    "store.migrate",
    "store.access",
    "plotly.graph_objects",
    "ui.shell",
    "ui.auth",
    "ui.charts",
    "ui.views.household",
    "streamlit.emojis",  # the page icon's check (st.set_page_config): 0.07 s of the first run
)  # the later pages' code is imported after the first page (ui.warm_plan)

# with a book configured the first page is My book: its code, and the book itself
BOOK_MODULES = ("duckdb", "pandas", "book", "book.nightly_results", "book.nightly_snapshot",
                "ui.book_data", "ui.book_model", "ui.views.book")
BOOK_ENV = "KINFOLIO_BOOK"  # ui.book_data.ENV_BOOK (not imported here: it imports streamlit)

log = logging.getLogger(__name__)


def book_configured() -> bool:
    return bool(os.environ.get(BOOK_ENV, "").strip())


def _open_store() -> None:
    """Open the store (its migrations and demo households: 0.37 s of the first page's run, by
    py-spy) while the browser is still loading the page; the first run finds it open."""
    try:
        from . import state

        state.open_store()
    except Exception:  # the page opens it again and reports the problem calmly
        log.exception("warm-up opening of the store failed")


def _preload_book() -> None:
    """Read the book and its nightly results into the pages' caches while the browser loads
    (a session's first run waits for this, as for the imports, and then finds them read)."""
    try:
        from . import book_data

        book_data.preload()
    except Exception:  # the page reads it again and reports any problem calmly
        log.exception("warm-up read of the book failed")
_done = threading.Event()
_started = threading.Event()
_asked = threading.Event()  # a session is waiting: the server is up, whatever the port check says


WATCH_S = 30.0  # how often a running server looks for a new nightly run or book export


def watch_book(interval_s: float = WATCH_S, stop: threading.Event | None = None) -> None:
    """Read a new nightly run's results (or a new export of the book) as soon as they appear,
    while no one waits: the server runs through the night, and the first banker of the morning
    would otherwise wait for the read (2 s on 2,000 families) in the first page. Runs until
    ``stop`` is set (a daemon thread of the server: for ever)."""
    from . import book_data

    stop = stop or threading.Event()
    try:
        seen = book_data.version_key()
    except Exception:
        seen = None
    while not stop.wait(interval_s):
        try:
            now = book_data.version_key()
            if now is not None and now != seen:
                book_data.preload()
                seen = now
        except Exception:  # the page reads it again and reports any problem calmly
            log.exception("reading the new book or nightly results failed")


def streamlit_first_element() -> None:
    """Streamlit's check, on the first element a process draws, that it is not in a REPL:
    ``inspect.stack()`` of the caller, which reads the source of every frame of a session's
    script thread (0.23 s of the first page, profiled with py-spy); from this thread's shallow
    stack it costs nothing and is not made again. Skipped if Streamlit changes its internals."""
    try:
        from streamlit import delta_generator, runtime

        if runtime.exists():  # else it would print "use streamlit run" once
            getattr(delta_generator, "_maybe_print_use_warning", lambda: None)()
    except Exception:  # an optimisation only
        log.debug("streamlit's first-element check not warmed", exc_info=True)


def warm(modules: tuple[str, ...] = WARM_MODULES) -> list[str]:
    """Import ``modules``; return the ones that failed (the session reports them itself)."""
    failed = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # the first page imports it again and shows the calm error there
            log.exception("warm-up import of %s failed", name)
            failed.append(name)
    return failed


def preload_code() -> list[str]:
    """Import the first page's code, the planner's (:data:`ui.warm_plan.LATER_MODULES`, unless
    ``KINFOLIO_WARM_PLAN=0``) and, with a book configured, the book's, before the server starts,
    in the launcher's main thread.

    Imported after the server listens, they competed with the first page for the interpreter
    (first figures 2.3 s, and 1.6-2.2 s for the first click on Plan, which paid the planner's
    imports); imported before, the server listens about 1.5 s later and then answers at once:
    first figures 2.2 s, first Plan click 0.6-0.8 s (browser test at 1280x800)."""
    from . import warm_plan

    later = () if os.environ.get("KINFOLIO_WARM_PLAN", "") == "0" else warm_plan.LATER_MODULES
    return warm(WARM_MODULES + later + (BOOK_MODULES if book_configured() else ()))


def server_up(host: str, port: int) -> bool:
    """True once the server accepts connections (touches no Streamlit module: the main thread
    may be half-way through importing them)."""
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


def warm_after_start(host: str, port: int, limit_s: float = 20.0) -> list[str]:
    """Wait for the server to answer on ``host:port`` (or for a session to ask, which proves it
    is up), then :func:`warm`.

    Importing competes with the server's own start-up for the interpreter lock; starting only
    once it listens lets the browser begin loading while the app's code is imported.
    """
    try:
        deadline = time.monotonic() + limit_s
        while not (_asked.is_set() or server_up(host, port)) and time.monotonic() < deadline:
            time.sleep(0.02)
        streamlit_first_element()
        failed = warm()
        _open_store()
        if book_configured():
            failed += warm(BOOK_MODULES)
            _preload_book()
            threading.Thread(target=watch_book, name="kinfolio-book-watch", daemon=True).start()
        return failed
    finally:
        _done.set()


def start(host: str, port: int) -> threading.Thread:
    """Start the warm-up thread (once per process)."""
    _started.set()
    thread = threading.Thread(target=warm_after_start, args=(host, port),
                              name="kinfolio-warm-up", daemon=True)
    thread.start()
    return thread


def started() -> bool:
    """True when the launcher started the warm-up (a served app, not AppTest)."""
    return _started.is_set()


def wait(limit_s: float = 60.0) -> bool:
    """Block until the warm-up has finished; at once when none was started (AppTest, a plain
    ``streamlit run``). False only if it is still running after ``limit_s``."""
    if not _started.is_set():
        return True
    _asked.set()
    return _done.wait(limit_s)
