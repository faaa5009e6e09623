"""Rule sets: dated values, references, unverified items labelled."""

from __future__ import annotations

import datetime as dt

import pytest

from scenarios import JURISDICTION_CODES, RULE_SETS, RuleError, load_rules


def test_seven_jurisdictions_with_references():
    assert set(RULE_SETS) == {"CN", "TW", "HK", "SG", "US", "UK", "JP"}
    for code, info in RULE_SETS.items():
        assert info["references"], code
        rs = load_rules(code)
        for name, entries in rs.values.items():
            for e in entries:
                assert e.reference in rs.references, (code, name)


@pytest.mark.parametrize("code", JURISDICTION_CODES)
def test_every_formula_value_is_in_force_on_the_demo_date(code):
    rs = load_rules(code)
    on = dt.date(2026, 6, 30)
    for name in ("intestacy.orders", "intestacy.spouse", "intestacy.representation",
                 "estate_tax.kind", "estate_tax.borne_by", "costs.administration_rate",
                 "insurance.named_outside_estate", "forced_share.fractions"):
        rs.value(name, on)


def test_value_in_force_follows_the_date():
    uk = load_rules("UK")
    assert uk.value("estate_tax.business_relief", dt.date(2026, 4, 5))["allowance"] is None
    assert uk.value("estate_tax.business_relief", dt.date(2026, 4, 6))["allowance"] == 2_500_000
    us = load_rules("US")
    assert us.value("estate_tax.exclusion", dt.date(2025, 12, 31)) == 13_990_000
    assert us.value("estate_tax.exclusion", dt.date(2026, 1, 1)) == 15_000_000
    assert load_rules("UK").value("estate_tax.pensions_in_estate", dt.date(2027, 4, 6)) is True


def test_no_value_before_the_first_entry_is_an_error():
    with pytest.raises(RuleError, match="no value in force"):
        load_rules("HK").value("estate_tax.kind", dt.date(2000, 1, 1))
    with pytest.raises(RuleError, match="no succession rule set"):
        load_rules("XX")


def test_unverified_items_are_labelled():
    tw = dict(load_rules("TW").unverified())
    assert "insurance.substance_over_form" in tw
    assert "intestacy.spouse_alternative" in RULE_SETS["HK"]["unverified"]
    assert "(UNVERIFIED)" in load_rules("TW").reference("insurance.substance_over_form",
                                                         dt.date(2026, 6, 30))


def test_facts_of_the_reference_file():
    on = dt.date(2026, 6, 30)
    tw = load_rules("TW")
    assert tw.value("estate_tax.exemption", on) == 13_330_000
    assert tw.value("estate_tax.deductions", on)["spouse"] == 5_530_000
    assert tw.value("gift.annual_exclusion", on) == 2_440_000
    assert tw.value("gift.clawback_years", on) == 2
    assert tw.value("forced_share.fractions", on)["siblings"] == pytest.approx(1 / 3)
    uk = load_rules("UK")
    assert uk.value("estate_tax.nil_rate_band", on) == 325_000
    assert uk.value("estate_tax.residence_band", on) == 175_000
    assert uk.value("gift.clawback_years", on) == 7
    assert load_rules("US").value("estate_tax.nra_credit", on) == 13_000
    assert load_rules("CN").value("marital.fraction", on) == 0.5
    assert load_rules("HK").value("estate_tax.kind", on) == "none"
    assert load_rules("SG").value("estate_tax.kind", on) == "none"


@pytest.mark.parametrize("code", ["CN", "TW", "HK"])
def test_chinese_jurisdictions_name_their_law_in_both_scripts(code):
    rs = load_rules(code)
    for lang in ("zh-Hant", "zh-Hans"):
        assert rs.display_name(lang) != rs.name
        for key in rs.references:
            title = rs.title(key, lang)
            assert title != rs.title(key, "en") and any("\u4e00" <= ch <= "\u9fff" for ch in title)


def test_reference_titles_fall_back_to_english_then_the_key():
    rs = load_rules("SG")
    key = next(iter(rs.references))
    assert rs.title(key, "zh-Hant") == rs.title(key) == rs.references[key]["title"]
    assert rs.display_name("zh-Hans") == rs.name
    assert rs.title("NO-SUCH-REF", "zh-Hans") == "NO-SUCH-REF"
    cn = load_rules("CN")
    assert cn.title("CC-1062", "zh-Hans").startswith("《民法典》第1062条")
    assert cn.title("CC-1062", "zh-Hant").startswith("《民法典》第1062條")


def test_a_note_cites_the_law_in_the_readers_language():
    from scenarios import localized_reference

    tw = load_rules("TW")
    on = dt.date(2026, 6, 30)
    text = tw.reference("insurance.substance_over_form", on)
    assert text.endswith("(UNVERIFIED)")
    assert localized_reference(text, "zh-Hans") == tw.title("SOF", "zh-Hans") + "（未经核实）"
    assert localized_reference(text, "en") == text
    plain = load_rules("CN").reference("intestacy.spouse", on)
    assert localized_reference(plain, "zh-Hant").startswith("《民法典》")
    assert localized_reference("not a reference", "zh-Hant") == "not a reference"
