"""The one translation catalog: gettext ``.mo`` files compiled from ``locales/*.po`` by
``tools/i18n_tables_to_po.py``.

Each message has ``msgctxt`` = its key (``ui.nav.plan``, ``pdf.title``, ``book.maturity``),
``msgid`` = the English text and ``msgstr`` = the translation. The locales are ``zh_Hant``,
``zh_Hans`` and ``zh_Hant_TW`` (Taiwan's own wording, for a Taiwan family: 理財專員, 中國大陸,
臺灣); English is the ``msgid`` itself. A locale lacking a message falls back to the next
(``zh_Hant_TW`` -> ``zh_Hant`` -> English). An unknown key is a programming error
(``KeyError``).

The compiled catalogs are read once per process, on first use, with
:class:`babel.support.Translations` (gettext's ``.mo`` format, shipped as package data) into plain
dictionaries (key -> text); a lookup is a dictionary lookup.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

from babel.support import Translations

DOMAIN = "kinfolio"
LANGS: tuple[str, ...] = ("en", "zh-Hant", "zh-Hans")
#: the app's language codes (BCP 47) -> gettext locales
LOCALE_OF: dict[str, str] = {"en": "en", "zh-Hant": "zh_Hant", "zh-Hans": "zh_Hans"}
#: where a locale falls back to (English is the msgid)
FALLBACK: dict[str, str] = {"zh_Hant_TW": "zh_Hant", "zh_Hant": "en", "zh_Hans": "en"}
_CTX = "\x04"  # gettext's separator of msgctxt and msgid in a compiled catalog


LOCALE_DIR = Path(__file__).resolve().parent / "locales"  # package data (wheel and -e)


@cache
def translations(locale: str) -> Translations:
    """The compiled catalog of ``locale`` (gettext API: ``pgettext(key, english)``)."""
    with (LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as f:
        return Translations(f, domain=DOMAIN)


@cache
def _messages(locale: str) -> dict[str, tuple[str, str]]:
    """key -> (English, translation) of a locale (English: the msgid twice)."""
    if locale == "en":
        return {k: (en, en) for k, (en, _s) in _messages("zh_Hant").items()}
    out: dict[str, tuple[str, str]] = {}
    for raw, string in translations(locale)._catalog.items():  # gettext keeps the dict here
        if not isinstance(raw, str) or _CTX not in raw:
            continue  # the header
        key, english = raw.split(_CTX, 1)
        out[key] = (english, string)
    return out


def locale_for(lang: str, market: str | None = None) -> str:
    """The gettext locale of an app language (unknown languages read English), with a market's
    own wording where the catalog has one (Taiwan's in 繁體)."""
    loc = LOCALE_OF.get(lang, "en")
    if market == "TW" and loc == "zh_Hant":
        return "zh_Hant_TW"
    return loc


def text(key: str, lang: str = "en", market: str | None = None) -> str:
    """The message ``key`` in ``lang`` (not formatted)."""
    loc = locale_for(lang, market)
    while True:
        got = _messages(loc).get(key)
        if got is not None and got[1]:
            return got[1]
        if loc == "en":
            if got is None:
                raise KeyError(key)
            return got[0]
        loc = FALLBACK[loc]


def render(key: str, lang: str = "en", market: str | None = None, **values: object) -> str:
    """The message ``key`` in ``lang`` with ``{fields}`` filled from ``values`` (values are
    never templates: user text goes in as a value only)."""
    s = text(key, lang, market)
    return s.format(**values) if values else s


def has(key: str) -> bool:
    return key in _messages("zh_Hant")


def keys(prefix: str = "") -> list[str]:
    return [k for k in _messages("zh_Hant") if k.startswith(prefix)]


class Table(Mapping[str, tuple[str, str, str]]):
    """The messages under ``prefix`` as the old tables had them: key (without the prefix) ->
    (English, 繁體, 简体). Read-only; for code and tests written against the tables."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def _keys(self) -> list[str]:
        return [k[len(self.prefix):] for k in keys(self.prefix)]

    def __getitem__(self, key: str) -> tuple[str, str, str]:
        full = self.prefix + key
        if not has(full):
            raise KeyError(key)
        return (text(full, "en"), text(full, "zh-Hant"), text(full, "zh-Hans"))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and has(self.prefix + key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())


def table(prefix: str) -> Table:
    return Table(prefix)
