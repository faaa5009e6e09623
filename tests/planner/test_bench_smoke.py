"""W1–W5 run at small sizes (a smoke test: no timing is asserted)."""

from __future__ import annotations

from benchmarks.core import measure
from benchmarks.workloads_planner import WORKLOADS


def test_planner_workloads_smoke():
    ids = [w.id for w in WORKLOADS]
    assert ids == ["W1", "W2", "W3", "W4", "W5"]
    for w in WORKLOADS:
        row = measure(w, quick=True, repeat=1)
        assert row["ratio"] is not None and row["target_ratio"] == 3.0
        assert row["floor_seconds"] > 0
        assert row["cpu_seconds"] > 0 and row["floor_cpu_seconds"] > 0
        if w.id == "W3":
            assert row["peak_mib"] > 0
        if w.id == "W5":
            assert row["floor_ten_independent_seconds"] > 0
