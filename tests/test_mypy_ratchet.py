"""The ratchet's bookkeeping (the mypy run itself is part of ``dev.py test``)."""

from collections import Counter

from tests.mypy_ratchet import compare, read_baseline, write_baseline


def test_a_file_over_its_allowance_fails_and_one_under_is_reported(tmp_path):
    base = tmp_path / "baseline.txt"
    write_baseline(Counter({"a.py": 3, "b.py": 1}), base)
    allowed = read_baseline(base)
    assert allowed == Counter({"a.py": 3, "b.py": 1})
    over, under = compare(Counter({"a.py": 4, "c.py": 1}), allowed)
    assert over == ["a.py: 4 mypy errors, 3 allowed", "c.py: 1 mypy errors, 0 allowed"]
    assert under == ["b.py: 0 mypy errors, 1 allowed"]
    assert compare(Counter({"a.py": 3, "b.py": 1}), allowed) == ([], [])


def test_the_shipped_baseline_reads_and_is_not_empty():
    allowed = read_baseline()
    assert allowed and all(n > 0 for n in allowed.values())
