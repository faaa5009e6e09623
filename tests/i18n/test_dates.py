"""Dates in sentences and headings as people write them, from Babel's locale data."""

from __future__ import annotations

import datetime as dt

import pytest

from household.locale import date_text


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "5 January 2026"),          # Hong Kong English: day, month, year
    ("zh-Hant", "2026年1月5日"),
    ("zh-Hans", "2026年1月5日"),
])
def test_a_date_in_each_language(lang, expected):
    assert date_text(dt.date(2026, 1, 5), lang) == expected


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(ValueError, match="language must be one of"):
        date_text(dt.date(2026, 1, 5), "fr")
