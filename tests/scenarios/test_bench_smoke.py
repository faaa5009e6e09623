"""The succession workloads run in quick mode and report a ratio (no timed assertion)."""

from __future__ import annotations

from benchmarks.core import measure
from benchmarks.workloads_succession import WORKLOADS


def test_succession_workloads_report_ratios():
    ids = []
    for w in WORKLOADS:
        row = measure(w, quick=True, repeat=1)
        assert row["limit_seconds"] > 0 and row["ratio"] is not None
        ids.append(row["id"])
    assert ids == ["S1-cn-chen", "S1-tw-lin", "S1-hksg-wong", "W1S"]
