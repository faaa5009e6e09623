"""Escaping of user text for every place it leaves Kinfolio: HTML, CSV/Excel cells, PDF text and
file names.

Household files are typed by bankers and may carry anything: markup, spreadsheet formulas, path
separators, control and bidirectional-override characters. Each helper here makes such text inert
for one destination while keeping Chinese and other scripts intact.
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

# Spreadsheet programs evaluate a cell starting with one of these as a formula (OWASP CSV
# injection); tab and carriage return can smuggle one past a naive check.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# Bidirectional overrides and isolates can make "evil\u202egpj.exe" display as "evilexe.jpg".
_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                               "\u2066\u2067\u2068\u2069\u061c"))
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}
_FILE_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


def plain_text(value: Any, keep_newlines: bool = True) -> str:
    """``value`` as text without control characters (except newline and tab when kept) and
    without bidirectional-override characters. For PDF cells and plain-text reports."""
    s = "" if value is None else str(value)
    s = s.translate(_BIDI)
    out = []
    for ch in s:
        if ch in "\n\t" and keep_newlines:
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\t":
            continue
        elif ch in "\n\t":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def html_text(value: Any) -> str:
    """Text safe inside HTML element content and quoted attribute values (``<``, ``>``, ``&``,
    quotes escaped; control characters dropped). Use it for every user string passed to
    ``st.markdown(..., unsafe_allow_html=True)`` or written into an HTML file."""
    return html.escape(plain_text(value), quote=True)


def markdown_text(value: Any) -> str:
    """Text shown literally by Markdown renderers (``st.markdown``): HTML-escaped and every
    Markdown control character backslash-escaped, so a name cannot become a link or an image."""
    # quotes are not escaped: "&#x27;" would have its "#" backslash-escaped below and be shown
    # as "&#x27;" instead of an apostrophe (quotes mean nothing in Markdown text)
    s = html.escape(plain_text(value), quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~>$])", r"\\\1", s)


def plotly_text(value: Any) -> str:
    """Text shown literally by plotly in trace text, hover labels, legend entries, axis
    categories and Sankey/pie labels: plotly renders a subset of HTML there (``<a href>``,
    ``<span style>``, ``<br>``, ``<b>``), and decodes entities, so ``<``, ``>`` and ``&`` are
    written as entities and controls dropped."""
    return html.escape(plain_text(value, keep_newlines=False), quote=False)


def csv_cell(value: Any) -> Any:
    """A value safe for a CSV or Excel cell: text that a spreadsheet would evaluate as a formula
    gets a leading apostrophe; numbers, booleans and None pass unchanged."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    s = plain_text(value)
    if s.startswith(FORMULA_STARTS):
        return "'" + s
    return s


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV text with every cell passed through :func:`csv_cell` (UTF-8 with a BOM is up
    to the caller: ``csv_text(rows).encode("utf-8-sig")`` opens correctly in Excel)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        w.writerow(["" if (c := csv_cell(v)) is None else c for v in row])
    return buf.getvalue()


def safe_dataframe(df):
    """A copy of a pandas DataFrame with text cells and column names made safe by
    :func:`csv_cell` (for ``to_csv``/``to_excel``)."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    out = df.copy()
    out.columns = [csv_cell(c) if isinstance(c, str) else c for c in out.columns]
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if is_object_dtype(col.dtype) or is_string_dtype(col.dtype):
            out.isetitem(i, col.map(lambda v: csv_cell(v) if isinstance(v, str) else v))
    return out


def safe_filename(name: Any, default: str = "kinfolio", max_bytes: int = 120) -> str:
    """A file name (no folder) made from user text: no path separators, reserved or control
    characters, no leading dots, not a Windows device name, at most ``max_bytes`` UTF-8 bytes.
    Chinese characters are kept. Add the extension after calling this."""
    s = unicodedata.normalize("NFKC", plain_text(name, keep_newlines=False))
    s = _FILE_BAD.sub("_", s)
    # no leading dot, dash (an option to a shell tool) or space, in any order: "- 0" -> "0"
    s = re.sub(r"\s+", " ", s).lstrip(" ._-").rstrip(" ._")
    if s.split(".")[0].upper() in _WINDOWS_RESERVED:
        s = "_" + s
    encoded = s.encode("utf-8")
    if len(encoded) > max_bytes:
        s = encoded[:max_bytes].decode("utf-8", errors="ignore").rstrip(" ._")
    return s or default


# C0 and C1 controls (ESC starts ANSI sequences that recolour, move the cursor, rename the window
# or write to the clipboard), DEL, bidirectional overrides/isolates and line/paragraph separators.
_TERMINAL_UNSAFE = {cp: f"\\u{cp:04x}" for cp in (*range(0x00, 0x09), 0x0B, 0x0C,
                                                   *range(0x0D, 0x20), 0x7F,
                                                   *range(0x80, 0xA0))}
_TERMINAL_UNSAFE.update({ord(ch): f"\\u{ord(ch):04x}" for ch in
                         "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068"
                         "\u2069\u061c\u2028\u2029"})


def terminal_text(value: Any) -> str:
    """Text safe to print to a terminal: controls (ANSI escapes), bidirectional overrides and
    line separators become visible escapes such as ``\\u001b`` or ``\\u202e``; newline and tab
    stay. Inside a JSON string the escape ``\\u202e`` means the same character, so JSON output
    keeps its value."""
    return ("" if value is None else str(value)).translate(_TERMINAL_UNSAFE)


class TerminalStream:
    """A text stream that passes everything written through :func:`terminal_text`."""

    def __init__(self, inner: Any):
        self._inner = inner

    def write(self, s: str) -> int:
        self._inner.write(terminal_text(s))
        return len(s)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
