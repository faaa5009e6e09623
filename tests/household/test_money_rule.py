"""One rounding rule per kind of figure (issue 10 item 10): headline amounts with at most three
significant digits in 萬/億, 万/亿 or k/M/bn; full amounts in tables; the app and the PDF format
with the same function."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from household.locale import money


@pytest.mark.parametrize(("amount", "lang", "want"), [
    (432_500_000, "zh-Hant", "¥4.33億"), (432_500_000, "zh-Hans", "¥4.33亿"),
    (432_500_000, "en", "¥432M"), (12_345_678, "zh-Hant", "¥1,230萬"),
    (12_345_678, "en", "¥12.3M"), (2_430_000, "en", "¥2.43M"), (396_864.26, "en", "¥397k"),
    (396_864.26, "zh-Hans", "¥39.7万"), (999_600_000, "en", "¥1bn"), (-2_000_000, "en", "-¥2M"),
])
def test_headline_amounts(amount, lang, want):
    assert money(amount, "CNY", lang) == want


@given(st.floats(min_value=1e4, max_value=1e13), st.sampled_from(["en", "zh-Hant", "zh-Hans"]))
def test_headlines_have_at_most_three_significant_digits(amount, lang):
    body = re.sub(r"[^0-9.]", "", money(amount, None, lang))
    digits = body.replace(".", "").lstrip("0")
    assert len(digits.rstrip("0") or "0") <= 3, (amount, lang, body)


def test_tables_show_full_amounts():
    assert money(432_512_345.6, "CNY", "zh-Hant", compact=False) == "¥432,512,346"
    assert money(432_512_345.6, "CNY", "en", compact=False) == "¥432,512,346"


def test_the_app_and_the_pdf_use_the_same_rule():
    import proposal.sections_family as pdf
    import ui.charts as charts
    import ui.views.succession as page

    assert pdf.money is money and page.money is money and charts.money is money


def test_chances_are_written_one_way_in_the_app_and_the_pdf():
    from household.locale import chance
    from proposal.advice_text import probability

    assert chance(0.9999) == "above 99%" and chance(1.0, "zh-Hant") == "99%以上"
    assert chance(0.0) == "below 1%" and chance(0.004, "zh-Hans") == "低于1%"
    assert chance(0.9744) == "97.4%" and chance(0.99) == "99.0%"
    for p in (0.0, 0.005, 0.5, 0.974, 0.995, 1.0):
        for lang in ("en", "zh-Hant", "zh-Hans"):
            assert probability(p, lang) == chance(p, lang)
