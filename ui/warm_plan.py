"""After the first page is drawn: the Plan page's answers for the household on screen, computed
in the background while the banker talks.

The first page (the household) needs neither the planner nor the succession rules. Once it has
been drawn, :func:`after_page` starts one thread per (database, household, version, settings)
that imports the later pages' code and computes, into the same caches the pages read (keyed as
:func:`ui.views.plan.chosen_settings` keys them), the plan, the recommendation, the stress tests,
the what-if baseline and its answer at the sliders' starting positions. A click on "Plan" then
finds them computed (or waits for the computation under way: Streamlit computes a cached value
once, the second caller waits for the first). It runs when the app was started by the launcher
(:mod:`ui.launch`; ``KINFOLIO_WARM_PLAN=0`` turns it off) or with ``KINFOLIO_WARM_PLAN=1``;
AppTest runs call :func:`warm` themselves.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

log = logging.getLogger(__name__)

# the later pages' code, imported first (a click on them then pays no import)
LATER_MODULES = ("pandas", "scenarios", "planner.allocation", "ui.compute", "ui.views.plan",
                 "ui.views.whatif", "ui.views.succession")

_lock = threading.Lock()
_started: dict[tuple, bool] = {}  # warmed or being warmed
_worker: threading.Thread | None = None
_pending: tuple | None = None  # (key, job) waiting for the worker: the latest asked wins


def enabled() -> bool:
    """In a served app, unless ``KINFOLIO_WARM_PLAN=0``; elsewhere with ``KINFOLIO_WARM_PLAN=1``."""
    from . import warmup

    flag = os.environ.get("KINFOLIO_WARM_PLAN", "")
    return flag != "0" and (warmup.started() or flag == "1")


def warm(url: str, hid: str, version: int, session: dict[str, Any], paths: int,
         seed: int) -> dict[str, Any]:
    """Compute the Plan page's results for ``hid`` at ``version`` with the settings kept in
    ``session`` (or the page's defaults); returns them by name (what the page then reads)."""
    from . import compute, state
    from .views import plan, whatif

    hh = state._load(url, hid, version)
    cma, risk, paths, seed = plan.chosen_settings(hh, hid, session, paths, seed)
    key = (url, hid, version, cma, risk, paths, seed)
    out: dict[str, Any] = {"key": key}
    out["plan"] = compute._plan(*key)
    for name, fn in (("recommendation", lambda: compute._recommend(*key)),
                     ("stress", lambda: compute._stress(url, hid, version))):
        try:
            out[name] = fn()
        except compute.Unavailable:
            out[name] = None
    out["whatif"] = whatif.answer(url, hid, version, cma, seed, whatif.initial(hh))
    return out


# the browser draws the first page's charts after its run (with a cold cache it fetches and
# compiles 4.7 MB of plotly's JavaScript then, on the same two cores in the browser test): the
# warm-up leaves it that long. The planner's code is imported before the server starts
# (ui.warmup.preload_code), so what is left is computing: 0.5 s. Measured at 1280x800: 0.6 s ->
# first figures 2.23-2.33 s, first Plan click 0.58 s; 1.0 s -> 2.17-2.22 s and 0.80 s; 2.0 s
# -> 2.16-2.22 s and 1.15-1.19 s.
START_DELAY_S = 0.8


def _run(url: str, hid: str, version: int, session: dict[str, Any], paths: int,
         seed: int) -> None:
    from . import warmup

    time.sleep(START_DELAY_S)
    warmup.warm(LATER_MODULES)
    try:
        warm(url, hid, version, session, paths, seed)
    except Exception:  # the page computes it again and reports any problem calmly
        log.exception("warm-up of the plan of %s v%s failed", hid, version)


def after_page(hid: str | None, version: int | None, session: Any, paths: int,
               seed: int) -> threading.Thread | None:
    """Warm this household version and settings up in the background (once). One warm-up runs
    at a time: asked while one runs, the latest household asked for is warmed next (the one on
    screen), so switching households never piles up computations in the server. Returns the
    thread started, if one was."""
    global _worker, _pending
    if hid is None or version is None or not enabled():
        return None
    from . import state

    kept = {k: session[k] for k in (f"pl_cma_{hid}_v", f"pl_risk_{hid}_v", "pl_paths_v",
                                    "pl_seed_v") if k in session}
    key = (state.db_url(), hid, version, tuple(sorted(kept.items())), paths, seed)
    job = (key[0], hid, version, kept, paths, seed)
    with _lock:
        if key in _started:
            return None
        _started[key] = True
        if _worker is not None and _worker.is_alive():
            if _pending is not None:  # never started: may be asked for again later
                _started.pop(_pending[0], None)
            _pending = (key, job)
            return None
        thread = threading.Thread(target=_loop, args=(job,), name="kinfolio-warm-plan",
                                  daemon=True)
        _worker = thread
    thread.start()
    return thread


def _loop(job: tuple | None) -> None:
    global _pending
    while job is not None:
        _run(*job)
        with _lock:
            job = _pending[1] if _pending is not None else None
            _pending = None
