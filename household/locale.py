"""Amounts, percentages and text widths as people write them, in English and Chinese.

Chinese amounts use 萬/億 (Traditional) or 万/亿 (Simplified); English uses thousands separators
with k/M/bn for compact figures. Display width counts East Asian wide characters as two columns so
that tables of Chinese names line up in a terminal.
"""

from __future__ import annotations

import unicodedata

from i18n.formats import (  # noqa: F401  (the number rules live in i18n; re-exported here)
    HEADLINE_DIGITS,
    LANGS,
    chance,
    check_lang,
    date_text,
    money,
    pct,
)


def display_width(s: str) -> int:
    """Columns a string takes in a terminal (wide CJK characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, width: int, right: bool = False) -> str:
    gap = max(0, width - display_width(s))
    return (" " * gap + s) if right else (s + " " * gap)


def table(rows: list[list[str]], right: set[int] | None = None) -> str:
    """A plain-text table whose columns line up with Chinese text."""
    right = right or set()
    if not rows:
        return ""
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join(pad(c, widths[i], i in right) for i, c in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
