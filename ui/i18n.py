"""Every label of the app in English, 繁體中文 and 简体中文, from the one catalog (:mod:`i18n`).

``tr(key, lang, **values)`` is the catalog's message ``ui.<key>`` formatted with ``str.format``
(``field.<name>`` and ``choice.<value>`` for the editor's field names and choices). A missing key
is a programming error and raises ``KeyError`` (tests/i18n checks that every message has all
languages). Amounts are never formatted here: use :func:`household.locale.money`.
"""

from __future__ import annotations

from i18n import catalog

LANGS: tuple[str, ...] = catalog.LANGS
LANG_NAMES: dict[str, str] = {"en": "English", "zh-Hant": "繁體中文", "zh-Hans": "简体中文"}

_T = catalog.table("ui.")


def tr(key: str, lang: str = "en", **values: object) -> str:
    """The label ``key`` in ``lang``, formatted with ``values``."""
    return catalog.render("ui." + key, lang, **values)


def tr_count(key: str, lang: str, n: int, **values: object) -> str:
    """``key`` for a count ``n``: ``key.one`` where the language's plural rule (Babel, CLDR) says
    "one" and that label exists, else ``key``."""
    from babel import Locale

    form = Locale.parse(lang.replace("-", "_")).plural_form(n)
    use = f"{key}.{form}" if f"{key}.{form}" in _T else key
    return tr(use, lang, n=n, **values)


def role_name(role: str, lang: str) -> str:
    """A company role in the language asked for (as typed when it is not a standard one)."""
    key = f"role.{role.strip().lower()}"
    return tr(key, lang) if key in _T else role


def has(key: str) -> bool:
    return catalog.has("ui." + key)


def keys() -> list[str]:
    return list(_T)


def table() -> dict[str, tuple[str, str, str]]:
    """The whole table (key -> (English, 繁體, 简体))."""
    return dict(_T)


def field_label(name: str, lang: str) -> str:
    """A file field as the editor shows it: the key in English, "名稱 key" in Chinese."""
    key = "field." + name
    if lang == "en" or not catalog.has(key):
        return name
    return f"{catalog.text(key, 'zh-Hant' if lang == 'zh-Hant' else 'zh-Hans')} {name}"


def choice_label(field: str, value: object, lang: str) -> str:
    """A choice field's file value as the editor shows it in ``lang`` (risk codes such as R3 or
    C4 and unknown values as they are). A "field:value" message is for a value whose meaning
    depends on the field ("us" = with us)."""
    if value is None or value == "":
        return "—"
    for key in (f"choice.{field}:{value}", f"choice.{value}"):
        if catalog.has(key):
            return catalog.text(key, lang)
    return str(value)


def choices() -> dict[str, tuple[str, str, str]]:
    return dict(catalog.table("choice."))
