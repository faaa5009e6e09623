"""The app's editors under hostile input: empty, blank, huge, negative, infinite, NaN,
non-numeric, full-width digits, Unicode, markup, formula starts and broken or deeply nested JSON.

Counts: 330 edited tables (every section of the three demos, 30 each across 11 sections, 1–4
hostile cells per table) go through the editor's own ``ui.forms.from_frame`` and then whole-file
validation; 39 hostile values through ``ui.forms.coerce`` in every field of every form (120 fields,
4,680 values when written). Each edit ends as
a valid household or as problems that name a section, row and field — never an exception.
"""

from __future__ import annotations

import math

import numpy as np

from household import DEMO_IDS, HouseholdError, demo, from_dict, to_dict
from ui import forms

HOSTILE = ["", " ", "\t", None, float("nan"), float("inf"), float("-inf"), -1, -1e-9, 0, 1e308,
           1e19, 10**30, "1e400", "abc", "１２３", "NaN", "-0", "2030.5", 2030.5, "名字" * 400,
           "\u202e", "\x00", "<script>x</script>", "=1+1", "@SUM(A1)", "[1,", "{", "null",
           "[" * 5000 + "]" * 5000, '{"a": ' * 3000 + "1" + "}" * 3000, "[]", "{}", True,
           "2026-02-30", "p0", "us", "C9", 3.5]


def _pick(rng: np.random.Generator):
    return HOSTILE[int(rng.integers(0, len(HOSTILE)))]


def _edit_outcome(doc: dict) -> str:
    try:
        from_dict(doc)
    except HouseholdError as e:
        assert e.problems
        for p in e.problems:
            loc = forms.locate(p.path, p.message)
            assert loc.section and loc.message
        return "problems"
    return "valid"


def test_330_hostile_table_edits_end_valid_or_with_located_problems():
    rng = np.random.default_rng(np.random.SeedSequence(7100))
    outcome = {"valid": 0, "problems": 0, "cells": 0}
    docs = [to_dict(demo(d)) for d in DEMO_IDS]
    sections = list(forms.SECTIONS)
    for k in range(330):
        doc = {key: (list(v) if isinstance(v, list) else v) for key, v in docs[k % 3].items()}
        section = sections[k % len(sections)]
        df = forms.to_frame(section, doc.get(section, []))
        if df.empty:
            df.loc[0] = [None] * len(df.columns)
        df = df.astype(object)
        for _ in range(int(rng.integers(1, 5))):
            r = int(rng.integers(0, len(df)))
            c = int(rng.integers(0, len(df.columns)))
            df.iat[r, c] = _pick(rng)
        items, cells = forms.from_frame(section, df, "is not valid JSON")
        for path, message in cells:
            assert path.startswith(f"{section}[") and message
        outcome["cells"] += len(cells)
        doc[section] = items
        outcome[_edit_outcome(doc)] += 1
    assert outcome["valid"] + outcome["problems"] == 330
    assert outcome["problems"] > 0
    assert outcome["cells"] > 0  # unreadable JSON cells were reported, not raised


def test_39_hostile_values_in_every_field_of_every_form():
    specs = [s for section in forms.SECTIONS for s in forms.specs_for(section)]
    specs += forms.household_specs()
    kinds = {s.kind: s for s in specs}
    assert set(kinds) >= {"text", "number", "integer", "bool", "choice", "date", "json"}
    n = 0
    for _round in range(4):
        for spec in specs:
            for v in HOSTILE[_round::4]:
                n += 1
                try:
                    out = forms.coerce(spec, v, "is not valid JSON")
                except forms.CellError as e:
                    assert e.path == spec.name and e.message
                    continue
                if spec.kind != "json":  # a NaN cell means blank (JSON text "NaN" is refused later)
                    assert not (isinstance(out, float) and math.isnan(out))
    assert n == len(HOSTILE) * len(specs)  # 39 x 120 fields = 4,680 when written
