"""The warm-up after the first page: the Plan page's answers for the household on screen are
computed into the caches the page reads, so the page then computes nothing and shows the very
objects and numbers the warm-up made (ui.warm_plan)."""

from __future__ import annotations

import threading

from household.locale import chance, pct
from planner import DEFAULT_SEED
from tests.ui.conftest import goto
from ui import compute, state, warm_plan, warmup
from ui.views import whatif


def _steps(monkeypatch) -> list[int]:
    """Count the simulated years of every Monte Carlo run from here on."""
    import planner.engine as engine

    calls: list[int] = []
    real = engine._step

    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(engine, "_step", counted)
    return calls


def test_the_plan_page_uses_what_the_warm_up_computed(app, monkeypatch):
    hid = app.session_state["hid"]
    url = state.db_url()
    version = state._store(url).latest_version(hid)
    got = warm_plan.warm(url, hid, version, {}, 200, DEFAULT_SEED)  # KINFOLIO_UI_PATHS=200
    assert got["plan"] is not None and got["whatif"] is not None
    calls = _steps(monkeypatch)
    goto(app, "plan")
    assert not calls  # nothing simulated: every answer came from the warm-up
    assert compute._plan(*got["key"]) is got["plan"]
    assert compute._recommend(*got["key"]) is got["recommendation"]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["All essential goals met"] == chance(got["plan"].success_all_essential, "en")
    assert metrics["With the change"] == pct(got["whatif"].probability, 0)
    hh = state._load(url, hid, version)
    _, _, _, _, _, _, seed = got["key"]
    assert whatif.answer(url, hid, version, got["key"][3], seed, whatif.initial(hh)) is \
        got["whatif"]


def test_settings_kept_in_the_session_are_the_ones_warmed(app, monkeypatch):
    hid = app.session_state["hid"]
    url = state.db_url()
    version = state._store(url).latest_version(hid)
    app.session_state[f"pl_risk_{hid}_v"] = "C2"
    got = warm_plan.warm(url, hid, version, {f"pl_risk_{hid}_v": "C2"}, 200, DEFAULT_SEED)
    assert got["key"][4] == "C2"
    calls = _steps(monkeypatch)
    goto(app, "plan")
    assert not calls


def test_the_background_warm_up_starts_once_per_household_version(app, monkeypatch):
    monkeypatch.setenv("KINFOLIO_WARM_PLAN", "1")
    monkeypatch.setattr(warm_plan, "_started", {})
    monkeypatch.setattr(warm_plan, "_worker", None)
    monkeypatch.setattr(warm_plan, "_pending", None)
    ran, go = [], threading.Event()

    def run(*job):
        go.wait(10)
        ran.append(job[2])

    monkeypatch.setattr(warm_plan, "_run", run)
    hid = app.session_state["hid"]
    first = warm_plan.after_page(hid, 1, {}, 200, 1)
    assert isinstance(first, threading.Thread)
    assert warm_plan.after_page(hid, 1, {}, 200, 1) is None  # already being warmed
    # asked while one runs: only the latest waits (no pile-up in the server)
    assert warm_plan.after_page(hid, 2, {}, 200, 1) is None
    assert warm_plan.after_page(hid, 3, {}, 200, 1) is None
    go.set()
    first.join(10)
    assert ran == [1, 3]
    assert warm_plan.after_page(hid, 2, {}, 200, 1) is not None  # dropped before: asked again
    monkeypatch.delenv("KINFOLIO_WARM_PLAN")
    assert warm_plan.after_page(hid, 4, {}, 200, 1) is None  # not a served app
    monkeypatch.setattr(warmup, "started", lambda: True)
    monkeypatch.setenv("KINFOLIO_WARM_PLAN", "0")
    assert not warm_plan.enabled()  # turned off in a served app
