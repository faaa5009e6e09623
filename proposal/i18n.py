"""The words of the proposal in English, 繁體中文 and 简体中文, from the one catalog
(:mod:`i18n`: messages ``pdf.*``, ``jurisdiction.*``, ``liquidity.*``, ``class_risk.*``).

``{name}`` fields are filled with :meth:`str.format` from numbers and names that have already been
made printable (user text is never a format string). The tables below are read-only views of the
catalog: key -> ``(en, zh-Hant, zh-Hans)``.
"""

from __future__ import annotations

from household.locale import check_lang
from i18n import catalog

_I = {"en": 0, "zh-Hant": 1, "zh-Hans": 2}

T = catalog.table("pdf.")
JURISDICTION_NAMES = catalog.table("jurisdiction.")
LIQUIDITY_NAMES = catalog.table("liquidity.")
#: The main risks of a product by the class it invests in (the "product manual" wording).
CLASS_RISKS = catalog.table("class_risk.")


def t(key: str, lang: str, **kw: object) -> str:
    """The text ``key`` in ``lang``, with ``{fields}`` filled from ``kw``."""
    return catalog.render("pdf." + key, check_lang(lang), **kw)


def t_market(key: str, lang: str, jurisdiction: str, **kw: object) -> str:
    """Like :func:`t`, in the market's own legal and banking terms (Taiwan's in 繁體 for a
    Taiwan family: 剩餘財產差額分配請求權, 理財專員; the catalog's zh_Hant_TW)."""
    return catalog.render("pdf." + key, check_lang(lang), market=jurisdiction, **kw)


def pick(entry: tuple[str, str, str], lang: str) -> str:
    return entry[_I[lang]]


def localized(value: object, lang: str, default: str = "") -> str:
    """A value that may be a plain string or a ``{"en": ..., "zh-Hant": ..., "zh-Hans": ...}``
    mapping (as in the product shelf)."""
    if value is None:
        return default
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or next(iter(value.values()), default))
    return str(value)
