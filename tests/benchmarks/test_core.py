"""How workloads are timed (benchmarks.core): the workload and its floor in turns, the ratio as
the median of the turns' ratios. No timed assertion: the calls are counted and ordered, and the
ratios computed from given times."""

from __future__ import annotations

import pytest

from benchmarks.core import Workload, measure, paired_ratio, paired_times


def test_paired_times_alternate_which_goes_first():
    calls: list[str] = []
    runs, floors = paired_times(lambda: calls.append("run"), lambda: calls.append("floor"), 3)
    assert len(runs) == len(floors) == 3
    # one warm-up of each, then turns: run first, floor first, run first
    assert calls == ["run", "floor", "run", "floor", "floor", "run", "run", "floor"]


def test_paired_ratio_is_the_median_of_each_turns_ratio():
    # the machine slows down three times in the third turn: both slow alike, the ratio holds
    runs, floors = [3.0, 3.0, 9.0, 3.0, 3.3], [1.0, 1.0, 3.0, 1.0, 1.0]
    ratio, q1, q3 = paired_ratio(runs, floors)
    assert ratio == pytest.approx(3.0)
    assert q1 == pytest.approx(3.0) and q3 == pytest.approx(3.0)
    assert paired_ratio([2.0], [1.0]) == (2.0, 2.0, 2.0)


def test_measure_reports_the_paired_ratio_and_its_quartiles():
    w = Workload("T1", "test", setup=lambda quick: None, run=lambda s: sum(range(2000)),
                 floor=lambda s: sum(range(1000)), target_ratio=1000.0)
    row = measure(w, quick=True, repeat=4)
    q1, q3 = row["ratio_quartiles"]
    assert 0 < q1 <= row["ratio"] <= q3
    assert row["floor_seconds"] == row["limit_seconds"] > 0
    assert row["meets_target"] is (row["ratio"] <= 1000.0)


def test_a_workload_without_a_floor_is_measured_against_its_limit():
    w = Workload("T2", "test", setup=lambda quick: None, run=lambda s: None, limit_seconds=5.0,
                 target_ratio=1.0)
    row = measure(w, quick=True, repeat=2)
    assert row["ratio"] == pytest.approx(row["seconds"] / 5.0)
    assert "ratio_quartiles" not in row and row["meets_target"] is True
