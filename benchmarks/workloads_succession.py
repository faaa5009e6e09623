"""S1: death today on each demo household (target under 20 ms); W1S: W1 with the real succession
rules at every simulated death.

W1S's limit is W1 itself plus one random-number floor, both measured in the same run: the issue
asks the Monte Carlo succession to add at most one floor to W1 (ratio <= 1 meets it). The rule
tables are shared by runs on the same household version, so the timed (warm) runs reuse them; the
first (cold) run is reported beside.
"""

from __future__ import annotations

import time

from household import demo
from scenarios import death_today
from scenarios.compare import principal

from .core import Workload, median_time
from .workloads_planner import _floor_of, _plan_state, _run_plan


def _death_state(demo_id: str):
    def setup(quick: bool):
        hh = demo(demo_id)
        return hh, principal(hh)

    return setup


def _death_run(state):
    hh, who = state
    return death_today(hh, who)


def _w1s_setup(quick: bool) -> dict:
    return _plan_state(quick, 10_000, 50)


def _w1s_run(st: dict):
    from scenarios.montecarlo import monte_carlo_succession

    return monte_carlo_succession(st["hh"], st["a"], st["cfg"])


def _w1s_limit(st: dict):
    _run_plan(st)
    _floor_of(st)


def _w1s_extra(st: dict) -> dict:
    from scenarios import montecarlo

    montecarlo._TABLES.clear()
    t0 = time.perf_counter()
    _w1s_run(st)
    cold = time.perf_counter() - t0
    w1 = median_time(lambda: _run_plan(st), 3)
    fl = median_time(lambda: _floor_of(st), 3)
    warm = median_time(lambda: _w1s_run(st), 3)
    return {"cold_seconds": cold, "w1_seconds": w1, "floor_seconds_w1": fl,
            "added_seconds": warm - w1, "added_in_floors": (warm - w1) / fl if fl else None}


WORKLOADS = [
    *[Workload(f"S1-{d.split('-', 1)[1]}", f"death today on {d} (target < 20 ms)",
               _death_state(d), _death_run, limit_seconds=0.020, target_ratio=1.0)
      for d in ("demo-cn-chen", "demo-tw-lin", "demo-hksg-wong")],
    Workload("W1S", "W1 with Monte Carlo succession under the real rules; limit = W1 + one floor",
             _w1s_setup, _w1s_run, floor=_w1s_limit, target_ratio=1.0, extra=_w1s_extra),
]
