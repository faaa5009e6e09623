"""What a workload is and how it is timed.

A workload measures its own median time and the median time of its floor (the cheapest computation
of the same shape, measured in the same run on the same machine); the ratio is the figure that
matters, never an absolute time in a test. The workload and its floor are timed in turns, and the
ratio is the median of each turn's ratio: a shared machine whose speed drifts by a quarter from
one minute to the next (as ours does) then slows both alike, where timing all of one and then all
of the other let the drift into the ratio (the same code measured 2.5 and 3.0 in two runs).
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Workload:
    """``setup(quick)`` builds the inputs once; ``run(state)`` is timed; ``floor(state)`` is the
    reference of the same shape. When there is no computable floor, ``limit_seconds`` is the
    target the issue sets. ``target_ratio`` is the ratio the issue asks for."""

    id: str
    description: str
    setup: Callable[[bool], Any]
    run: Callable[[Any], Any]
    floor: Callable[[Any], Any] | None = None
    limit_seconds: float | None = None
    target_ratio: float | None = None
    measure_memory: bool = False
    extra: Callable[[Any], dict] | None = field(default=None)


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm caches, imports and allocator
    times = []
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def paired_times(fn: Callable[[], Any], floor: Callable[[], Any], repeat: int
                 ) -> tuple[list[float], list[float]]:
    """The times of ``fn`` and of ``floor`` taken in turns after one warm-up of each, which of
    the two goes first alternating from one turn to the next."""
    fn()
    floor()
    runs: list[float] = []
    floors: list[float] = []
    for i in range(max(1, repeat)):
        turn = [(fn, runs), (floor, floors)]
        for f, out in turn if i % 2 == 0 else turn[::-1]:
            t0 = time.perf_counter()
            f()
            out.append(time.perf_counter() - t0)
    return runs, floors


def paired_ratio(runs: list[float], floors: list[float]) -> tuple[float, float, float]:
    """The median of the turns' ratios ``run / floor`` and their lower and upper quartiles."""
    r = sorted(a / b for a, b in zip(runs, floors, strict=True))
    if len(r) == 1:
        return r[0], r[0], r[0]
    q1, _, q3 = statistics.quantiles(r, n=4, method="inclusive")
    return statistics.median(r), q1, q3


def peak_mib(fn: Callable[[], Any]) -> float:
    """Peak memory numpy and Python allocate while ``fn`` runs (tracemalloc sees numpy buffers)."""
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def measure(w: Workload, quick: bool, repeat: int) -> dict:
    state = w.setup(quick)
    ratio: float | None = None
    if w.floor is not None:
        floor_fn = w.floor
        runs, floors = paired_times(lambda: w.run(state), lambda: floor_fn(state), repeat)
        seconds = statistics.median(runs)
        row: dict[str, Any] = {"id": w.id, "description": w.description, "seconds": seconds}
        row["floor_seconds"] = row["limit_seconds"] = statistics.median(floors)
        ratio, q1, q3 = paired_ratio(runs, floors)
        row["ratio_quartiles"] = [q1, q3]
    else:
        seconds = median_time(lambda: w.run(state), repeat)
        row = {"id": w.id, "description": w.description, "seconds": seconds}
    if w.limit_seconds is not None:
        row["limit_seconds"] = w.limit_seconds
        ratio = seconds / w.limit_seconds
    row["ratio"] = ratio
    if w.target_ratio is not None:
        row["target_ratio"] = w.target_ratio
        row["meets_target"] = row["ratio"] is not None and row["ratio"] <= w.target_ratio
    if w.measure_memory:
        row["peak_mib"] = peak_mib(lambda: w.run(state))
    if w.extra is not None:
        row.update(w.extra(state))
    row["quick"] = quick
    return row
