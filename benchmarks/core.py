"""What a workload is and how it is timed.

A workload measures its own median time and the median time of its floor (the cheapest computation
of the same shape, measured in the same run on the same machine); the ratio is the figure that
matters, never an absolute time in a test.
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
    seconds = median_time(lambda: w.run(state), repeat)
    row: dict[str, Any] = {"id": w.id, "description": w.description, "seconds": seconds}
    if w.floor is not None:
        floor = median_time(lambda: w.floor(state), repeat)
        row["floor_seconds"] = floor
        row["limit_seconds"] = floor
    if w.limit_seconds is not None:
        row["limit_seconds"] = w.limit_seconds
    row["ratio"] = seconds / row["limit_seconds"] if row.get("limit_seconds") else None
    if w.target_ratio is not None:
        row["target_ratio"] = w.target_ratio
        row["meets_target"] = row["ratio"] is not None and row["ratio"] <= w.target_ratio
    if w.measure_memory:
        row["peak_mib"] = peak_mib(lambda: w.run(state))
    if w.extra is not None:
        row.update(w.extra(state))
    row["quick"] = quick
    return row
