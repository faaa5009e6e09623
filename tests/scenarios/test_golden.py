"""Golden results: the demos' plan, death-today and comparison outputs, number for number.

A failure here means a figure moved. If it moved on purpose (a law fix, a new default), rewrite the
files with ``python -m tests.scenarios.golden_results`` and commit them together with the change,
saying in the commit message why the numbers changed."""

from __future__ import annotations

import json

import pytest

from household import DEMO_IDS

from .golden_results import GOLDEN_DIR, documents, dumps, path


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_demo_outputs_match_the_golden_files(demo_id):
    docs = documents(demo_id)
    stored = sorted(p.name for p in GOLDEN_DIR.glob(f"{demo_id}.*.json"))
    assert stored == sorted(path(demo_id, s).name for s in docs), "golden files added or missing"
    for stem, doc in docs.items():
        want = json.loads(path(demo_id, stem).read_text(encoding="utf-8"))
        got = json.loads(dumps(doc))
        assert got == want, (f"{demo_id} {stem}: numbers differ from the golden file; if on "
                             "purpose, run `python -m tests.scenarios.golden_results` and say "
                             "why in the commit")
