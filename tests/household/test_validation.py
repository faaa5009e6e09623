"""The invalid-file corpus: every case is rejected with each expected problem, path and message."""

from __future__ import annotations

import pytest

from household import HouseholdError, loads, problems

from .corpus import BASE_TEXT, CASES, case_bytes


def test_base_file_is_valid():
    hh = loads(BASE_TEXT)
    assert hh.id == "base"


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_invalid_case_reports_expected_problems(case):
    data = case_bytes(case)
    found = problems(data)
    assert found, f"{case['case']}: accepted an invalid file"
    for path, fragment in case["expect"]:
        matching = [p for p in found if p.path == path and fragment in p.message]
        assert matching, f"{case['case']}: expected {path!r} ~ {fragment!r}, got " + "; ".join(
            map(str, found))
    with pytest.raises(HouseholdError):
        loads(data)


def test_corpus_covers_every_rule_of_the_issue():
    names = " ".join(c["case"] for c in CASES)
    for rule in ("malformed", "empty", "non-UTF-8", "wrong format", "unknown top-level key",
                 "duplicate IDs", "unknown reference", "unknown asset class", "invalid date",
                 "negative money", "NaN", "Infinity", "share zero", "share above one",
                 "shares sum above one", "votes sum above one", "owning itself",
                 "loop of companies", "own ancestor", "spouse relation to oneself",
                 "beneficiary shares not summing", "missing fx"):
        assert rule in names, rule
