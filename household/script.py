"""Names in the reader's script: 繁/简 conversion with OpenCC (the maintained conversion library:
character and regional variant tables, not a hand-made map).

A person or company may carry ``names`` per language (household format); a language without one
gets the name converted between Traditional and Simplified; English keeps the name as written.
The app and the PDF both use these functions (:mod:`proposal.script` re-exports them), so a name
typed in one script reaches a reader of the other in theirs, on every page.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .model import Household


@lru_cache(maxsize=8)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def opencc_config(lang: str, jurisdiction: str = "") -> str | None:
    """The OpenCC conversion into ``lang``; ``None`` for English. Traditional uses the Taiwan
    standard character forms for every family: the plain ``s2t`` and Hong Kong ``s2hk`` tables
    also rewrite correct Traditional text into variants (峰 -> 峯, 說 -> 説), which would change
    names and the document's own phrases; ``s2tw`` leaves them as written."""
    if lang == "zh-Hans":
        return "t2s.json"
    if lang == "zh-Hant":
        return "s2tw.json"
    return None


@lru_cache(maxsize=4096)
def _convert(config: str, text: str) -> str:
    return _opencc(config).convert(text)


def to_script(text: str, lang: str, jurisdiction: str = "") -> str:
    """``text`` in the script of ``lang`` (unchanged for English)."""
    cfg = opencc_config(lang, jurisdiction)
    if cfg is None or not text:
        return text
    return _convert(cfg, text)


def display_name(entity: Any, lang: str, jurisdiction: str = "") -> str:
    """The name of a person, trust or company in the reader's language: its ``names[lang]``,
    else (Chinese) its other Chinese name or the name as written converted by OpenCC, else
    (English) the name as written."""
    names = dict(getattr(entity, "names", None) or {})
    base = str(getattr(entity, "name", "") or "")
    if names.get(lang):
        return str(names[lang])
    if lang == "en":
        return base
    other = "zh-Hans" if lang == "zh-Hant" else "zh-Hant"
    return to_script(str(names.get(other) or base), lang, jurisdiction)


def _renamed(items: list, lang: str, field: str = "name") -> list:
    out = []
    for it in items:
        old = getattr(it, field, None)
        new = (display_name(it, lang) if field == "name" else to_script(old, lang)) if old \
            else old
        out.append(it if new == old else it.model_copy(update={field: new}))
    return out


def in_script(hh: Household, lang: str) -> Household:
    """``hh`` as a reader of ``lang`` sees it: the household's, people's, companies' and trusts'
    names (their ``names[lang]`` or converted), goal names, trustees and product names in the
    reader's script. For display only: a household to save is never one of these. English (and
    a household with nothing to convert) gives ``hh`` itself."""
    if opencc_config(lang) is None:
        return hh
    update: dict = {}
    name = to_script(hh.name, lang)
    if name != hh.name:
        update["name"] = name
    for section, field in (("people", "name"), ("companies", "name"), ("trusts", "name"),
                           ("goals", "name"), ("holdings", "product"), ("policies", "product")):
        items = getattr(hh, section)
        new = _renamed(items, lang, field)
        if section == "trusts":
            new = _renamed(new, lang, "trustee")
        if any(a is not b for a, b in zip(new, items, strict=True)):
            update[section] = new
    return hh.model_copy(update=update) if update else hh
