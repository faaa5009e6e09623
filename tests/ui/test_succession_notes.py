"""Succession page: the marital-share flow shows what moves out of the deceased's name, with a
note when the survivor's name already holds more than half; the engine's warnings in three
languages."""

from __future__ import annotations

import pytest

from household import demo
from household.locale import money
from scenarios import NOTE_CODES, Note, death_today
from ui.charts import short_name
from ui.i18n import LANGS, has, tr
from ui.views.succession import _names, marital_note, sankey_parts, warning_text

SAMPLE = {"policy": "zm_life", "trust": "t1", "liability": "loan", "borrower": "co",
          "amount": 1234567.0, "person": "p1", "item": "h1", "share": 0.25, "jurisdiction": "US",
          "tax": 2e6, "available": 1e6, "heir": "p2", "reference": "Civil Code Art. 1223",
          "reasons": (("holder_not_insured", None), ("age_at_issue", 71),
                      ("shortly_before_death", None)), "error": "no rule set",
          "people": ("p1", "p2"), "case": "deceased_has_other"}


def test_every_note_code_has_a_translation():
    for code in NOTE_CODES:
        assert has(f"sw.{code}"), code
    for r in ("holder_not_insured", "age_at_issue", "shortly_before_death"):
        assert has(f"sw.r.{r}")


@pytest.mark.parametrize("lang", LANGS)
def test_every_code_formats_in_every_language(lang):
    hh = demo("demo-tw-lin")
    for code, params in NOTE_CODES.items():
        w = Note("english", code, **{k: SAMPLE[k] for k in params})
        text = warning_text(w, hh, {}, "TWD", lang)
        assert "{" not in text and text != "english", (code, text)
        if "amount" in params:
            assert money(SAMPLE["amount"], "TWD", lang) in text


def test_tw_warnings_are_translated():
    hh = demo("demo-tw-lin")
    res = death_today(hh, "lin_zhiming")
    names = _names(hh)
    zh = [warning_text(w, hh, names, res.currency, "zh-Hant") for w in res.warnings]
    en = [warning_text(w, hh, names, res.currency, "en") for w in res.warnings]
    assert any("保證" in x and "或有負債" in x for x in zh)
    assert any("實質課稅" in x and tr("sw.r.holder_not_insured", "zh-Hant") in x for x in zh)
    assert not any("contingent liability" in x for x in zh)
    assert any("contingent liability" in x for x in en)
    company = next(c.name for c in hh.companies if c.id == "zhiming_electronics")
    assert any(short_name(company) in x for x in zh)  # the borrower by name, not by id
    # the law cited in the reader's language, still labelled unverified where it is
    assert any("人壽保險之實質課稅原則" in x and "（未經核實）" in x for x in zh)
    assert any("Substance-over-form practice" in x and "(UNVERIFIED)" in x for x in en)
    # the guaranteed loan by its kind and amount, never by its file id
    assert not any("company_syndicated" in x for x in zh + en)
    assert any(f"貸款 {money(200_000_000, 'TWD', 'zh-Hant')}" in x for x in zh)
    assert warning_text("a plain string", hh, names, "TWD", "zh-Hant") == "a plain string"


def _marital_link(res, names):
    labels, links = sankey_parts(res, names, "en")
    marital = [i for i, lab in enumerate(labels) if lab.endswith(tr("su.spouse_share", "en"))]
    return [v for a, b, v in links if b in marital]


def test_sankey_marital_flow_is_what_leaves_the_deceaseds_name():
    hh = demo("demo-cn-chen")
    names = _names(hh)
    res = death_today(hh, "chen_jianguo")
    assert 0 < res.marital_transfer_from_deceased < res.spouse_marital_share
    assert _marital_link(res, names) == [pytest.approx(res.marital_transfer_from_deceased)]
    assert marital_note(res, names, res.currency, "en") is None


def test_survivor_holding_more_than_half_gets_a_note_not_a_flow():
    hh = demo("demo-cn-chen")
    names = _names(hh)
    res = death_today(hh, "wang_meiling")
    assert res.marital_transfer_from_deceased < 0
    assert _marital_link(res, names) == []
    for lang in LANGS:
        note = marital_note(res, names, res.currency, lang)
        assert note is not None
        assert money(-res.marital_transfer_from_deceased, res.currency, lang) in note
        assert names[res.spouse].split()[0] in note


def test_tw_residual_claim_flows_as_before():
    hh = demo("demo-tw-lin")
    res = death_today(hh, "lin_zhiming")
    assert _marital_link(res, _names(hh)) == [pytest.approx(res.residual_claim)]
