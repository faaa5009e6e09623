"""Escaping helpers of :mod:`household.safe_text`: HTML, Markdown, CSV/Excel (formula injection),
PDF/plain text and file names — on fixed hostile cases and 500 generated strings each."""

from __future__ import annotations

import csv
import io
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from household.safe_text import (
    FORMULA_STARTS,
    csv_cell,
    csv_text,
    html_text,
    markdown_text,
    plain_text,
    safe_dataframe,
    safe_filename,
)

HOSTILE = ["<script>alert('x')</script>", '"><img src=x onerror=alert(1)>', "=1+2",
           "+SUM(A1:A9)", "-2+3", "@SUM(1)", "\t=1", "\r=1", "＝1+1", "=HYPERLINK(\"http://e\")",
           "../../etc/passwd", "..", ".", "CON", "con.txt", "a/b\\c:d*e?f\"g<h>i|j",
           "evil\u202egpj.exe", "\x00nul", "陳大文家族 2026", "  ", "", "[link](http://x)",
           "![img](http://x/a.png)", "**bold** _it_ `code`"]
SETTINGS = settings(max_examples=500, deadline=None)


def test_html_escapes_markup_and_quotes():
    out = html_text(HOSTILE[1])
    assert "<" not in out and ">" not in out and '"' not in out
    assert html_text("陳 & 林") == "陳 &amp; 林"
    assert html_text(None) == ""


def test_markdown_text_cannot_make_links_images_or_markup():
    for s in HOSTILE:
        out = markdown_text(s)
        assert not re.search(r"(?<!\\)[\[\]()*_`<>]", out), (s, out)


def test_csv_cells_starting_a_formula_get_an_apostrophe():
    for s in ("=1+2", "+1", "-1", "@A1", "\t=1", "＝1"):
        assert csv_cell(s).startswith("'"), s
    assert csv_cell("plain") == "plain"
    assert csv_cell(-5) == -5 and csv_cell(1.5) == 1.5 and csv_cell(None) is None
    text = csv_text([["name", "value"], ["=cmd|' /C calc'!A0", -3], ["陳", None]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0].startswith("'=") and rows[1][1] == "-3" and rows[2] == ["陳", ""]


def test_safe_dataframe_cleans_text_cells_and_headers():
    import pandas as pd

    df = pd.DataFrame({"=bad": ["=1+1", "ok"], "n": [1, -2]})
    out = safe_dataframe(df)
    assert list(out.columns) == ["'=bad", "n"]
    assert out.iloc[0, 0] == "'=1+1" and out.iloc[1, 1] == -2
    assert df.iloc[0, 0] == "=1+1"  # the original is untouched


def test_file_names_stay_inside_their_folder():
    for s in HOSTILE:
        name = safe_filename(s)
        assert name and "/" not in name and "\\" not in name
        assert not name.startswith(".") and name not in (".", "..")
        assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
        assert "\u202e" not in name and "\x00" not in name
    assert safe_filename("陳大文家族 2026") == "陳大文家族 2026"
    assert len(safe_filename("名" * 500).encode()) <= 120


@SETTINGS
@given(st.text())
@example("-\n0")  # found by hypothesis: a dash, then a space once the newline is folded
def test_500_generated_strings_make_safe_file_names(s):
    name = safe_filename(s)
    assert name and len(name.encode("utf-8")) <= 120
    assert not re.search(r'[<>:"/\\|?*\x00-\x1f\x7f]', name)
    assert not name.startswith((".", "-", " "))


@SETTINGS
@given(st.text())
def test_500_generated_strings_make_inert_csv_cells_and_html(s):
    cell = csv_cell(s)
    assert not cell.startswith(FORMULA_STARTS)
    h = html_text(s)
    assert "<" not in h and ">" not in h and '"' not in h and "'" not in h
    assert all(ch in "\n\t" or ch.isprintable() or not ch.isascii() for ch in plain_text(s))
