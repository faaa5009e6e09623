"""Numbers as people write them in English, 繁體中文 and 简体中文: the one rule for the app, the
PDF and the CLI.

Chinese amounts use 萬/億 (Traditional) or 万/亿 (Simplified); English uses thousands separators
with k/M/bn for compact figures. The grouping and decimal symbols are Babel's (CLDR) for each
locale (the same "," and "." in all three); the compact units, the currency symbols (US$, HK$,
NT$: CLDR's en has a bare "$") and the ends of a probability ("above 99%", from the catalog) are
Kinfolio's own. Dates in sentences and headings are Babel's long date of the locale (English
in Hong Kong's day-month order, as a Greater China bank writes it: 5 December 2026; 2026年12月5日).
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache

from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol

from . import catalog

LANGS: tuple[str, ...] = catalog.LANGS

_UNITS = {"zh-Hant": (("億", 1e8), ("萬", 1e4)), "zh-Hans": (("亿", 1e8), ("万", 1e4))}
_CCY_SYMBOL = {"CNY": "¥", "USD": "US$", "HKD": "HK$", "TWD": "NT$", "SGD": "S$", "GBP": "£",
               "JPY": "JP¥", "EUR": "€"}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)} (got {lang!r})")
    return lang


_DATE_LOCALE = {"en": "en_HK", "zh-Hant": "zh_Hant", "zh-Hans": "zh_Hans"}


def date_text(d: dt.date, lang: str) -> str:
    """``d`` as people write a date in ``lang`` (Babel's long format): 5 December 2026,
    2026年12月5日. Tables keep ISO dates, which sort."""
    return format_date(d, "long", locale=_DATE_LOCALE[check_lang(lang)])


_EN_UNITS = (("bn", 1e9), ("M", 1e6), ("k", 1e3))
HEADLINE_DIGITS = 3  # significant digits of a compact (headline) amount, in every language


@cache
def _symbol_map(lang: str) -> dict[int, str]:
    """Babel's (CLDR) grouping and decimal symbols of ``lang`` where they are not "," and "."."""
    loc = catalog.LOCALE_OF.get(lang, "en")
    group, decimal = get_group_symbol(loc), get_decimal_symbol(loc)
    if (group, decimal) == (",", "."):
        return {}
    return str.maketrans({",": group, ".": decimal})


def _symbols(text: str, lang: str) -> str:
    table = _symbol_map(lang)
    return text.translate(table) if table else text


def _significant(x: float, sig: int) -> str:
    """``x`` (>= 1) rounded to ``sig`` significant digits, thousands separated, no trailing
    zeros after the point: 4.3251 -> "4.33", 12.35 -> "12.3", 1234.5 -> "1,230"."""
    if x <= 0:
        return "0"
    mag = math.floor(math.log10(x)) + 1
    if mag >= sig:
        return f"{round(x, sig - mag):,.0f}"
    text = f"{x:,.{sig - mag}f}"
    return text.rstrip("0").rstrip(".")


def money(amount: float, currency: str | None = None, lang: str = "en", compact: bool = True,
          digits: int | None = None) -> str:
    """Format an amount, the one rule for the app and the PDF: compact (headline) amounts with at
    most three significant digits in 萬/億 (Traditional), 万/亿 (Simplified) or k/M/bn (English):
    ``4.33億``, ``12.3M``, ``1,230萬``; ``compact=False`` gives the full amount for tables
    (``125,000,000``). ``digits`` fixes the decimals instead (chart axes). ``currency`` adds a
    symbol or code in front."""
    check_lang(lang)
    if amount is None or not math.isfinite(amount):
        return "—"
    sign = "-" if amount < 0 else ""
    a = abs(float(amount))
    body = f"{a:,.0f}"
    if compact:
        units = _EN_UNITS if lang == "en" else _UNITS[lang]
        for n, (unit, size) in enumerate(units):
            if a < size:
                continue
            if digits is not None:
                body = f"{a / size:,.{digits}f}"
                if lang != "en":
                    body = body.rstrip("0").rstrip(".") if "." in body else body
                body += unit
                break
            v = float(_significant(a / size, HEADLINE_DIGITS).replace(",", ""))
            if v >= 1000 and n > 0 and lang == "en":  # 999.6M rounds to 1bn, not 1,000M
                unit, size = units[n - 1]
                v = float(_significant(a / size, HEADLINE_DIGITS).replace(",", ""))
            if lang != "en" and n == 1 and v >= 10000:  # 9,999.6萬 rounds to 1億
                unit, size = units[0]
            body = _significant(a / size, HEADLINE_DIGITS) + unit
            break
    prefix = ""
    if currency:
        prefix = _CCY_SYMBOL.get(currency, currency + " ")
    return f"{sign}{prefix}{_symbols(body, lang)}"


def pct(x: float, digits: int = 1) -> str:
    if x is None or not math.isfinite(x):
        return "—"
    return f"{100 * x:.{digits}f}%"


def chance(p: float | None, lang: str = "en", digits: int = 1) -> str:
    """A simulated probability as people read it, the one rule for the app and the PDF:
    "above 99%" / "below 1%" at the ends (a simulation never shows certainty), else a percentage
    with ``digits`` decimals."""
    check_lang(lang)
    if p is None or not math.isfinite(p):
        return "—"
    if p > 0.99:
        return catalog.text("chance.ends.0", lang)
    if p < 0.01:
        return catalog.text("chance.ends.1", lang)
    return pct(p, digits)
