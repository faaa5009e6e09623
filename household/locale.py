"""Amounts, percentages and text widths as people write them, in English and Chinese.

Chinese amounts use 萬/億 (Traditional) or 万/亿 (Simplified); English uses thousands separators
with k/M/bn for compact figures. Display width counts East Asian wide characters as two columns so
that tables of Chinese names line up in a terminal.
"""

from __future__ import annotations

import math
import unicodedata

LANGS: tuple[str, ...] = ("en", "zh-Hant", "zh-Hans")

_UNITS = {"zh-Hant": (("億", 1e8), ("萬", 1e4)), "zh-Hans": (("亿", 1e8), ("万", 1e4))}
_CCY_SYMBOL = {"CNY": "¥", "USD": "US$", "HKD": "HK$", "TWD": "NT$", "SGD": "S$", "GBP": "£",
               "JPY": "JP¥", "EUR": "€"}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)} (got {lang!r})")
    return lang


def money(amount: float, currency: str | None = None, lang: str = "en", compact: bool = True,
          digits: int = 2) -> str:
    """Format an amount: ``1.25億`` / ``1.25亿`` in Chinese, ``125.0M`` / ``125,000,000`` in
    English. ``currency`` adds a symbol or code in front."""
    check_lang(lang)
    if amount is None or not math.isfinite(amount):
        return "—"
    sign = "-" if amount < 0 else ""
    a = abs(float(amount))
    if lang == "en":
        if compact and a >= 1e9:
            body = f"{a / 1e9:,.{digits}f}bn"
        elif compact and a >= 1e6:
            body = f"{a / 1e6:,.{digits}f}M"
        else:
            body = f"{a:,.0f}"
    else:
        body = f"{a:,.0f}"
        if compact:
            for unit, size in _UNITS[lang]:
                if a >= size:
                    body = f"{a / size:,.{digits}f}".rstrip("0").rstrip(".") + unit
                    break
    prefix = ""
    if currency:
        prefix = _CCY_SYMBOL.get(currency, currency + " ")
    return f"{sign}{prefix}{body}"


def pct(x: float, digits: int = 1) -> str:
    if x is None or not math.isfinite(x):
        return "—"
    return f"{100 * x:.{digits}f}%"


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
