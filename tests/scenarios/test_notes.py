"""Succession warnings carry a code and parameters (for translation) and stay their English text
(for the CLI and the JSON)."""

from __future__ import annotations

import json
import pickle

import pytest

from household import DEMO_IDS, demo
from scenarios import NOTE_CODES, Note, death_today


def _warnings():
    for d in DEMO_IDS:
        hh = demo(d)
        for p in hh.people:
            yield d, p.id, death_today(hh, p.id)


def test_every_warning_of_the_demos_is_a_coded_note():
    seen = set()
    for d, pid, res in _warnings():
        for w in res.warnings:
            assert isinstance(w, Note), (d, pid, w)
            assert w.code in NOTE_CODES and set(w.params) <= set(NOTE_CODES[w.code])
            seen.add(w.code)
    assert {"guarantee", "substance_over_form"} <= seen


def test_notes_keep_the_english_text_in_json_and_pickle():
    res = death_today(demo("demo-tw-lin"), "lin_zhiming")
    sof = next(w for w in res.warnings if w.code == "substance_over_form")
    assert sof.params["policy"] == "zm_life"
    assert ("holder_not_insured", None) in sof.params["reasons"]
    assert str(sof).startswith("policy zm_life: the tax office may pull the payout back")
    doc = json.loads(json.dumps(res.to_json()))
    assert doc["warnings"] == [str(w) for w in res.warnings]
    back = pickle.loads(pickle.dumps(res.warnings))
    assert back == res.warnings and [w.code for w in back] == [w.code for w in res.warnings]
    assert all(dict(a.params) == dict(b.params) for a, b in zip(back, res.warnings,
                                                                   strict=True))


def test_guarantee_note_names_the_loan_and_borrower():
    res = death_today(demo("demo-cn-chen"), "chen_jianguo")
    g = [w for w in res.warnings if w.code == "guarantee"]
    assert {w.params["liability"] for w in g} == {"huaxin_term_loan", "huaxin_wc_line"}
    assert all(w.params["borrower"] == "huaxin_precision" for w in g)
    assert all("a contingent liability of the estate, not deducted" in w for w in g)


def test_unknown_code_is_refused():
    with pytest.raises(ValueError):
        Note("text", "no-such-code")
