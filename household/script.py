"""Text in the reader's script: names per language, 繁/简 conversion with OpenCC, full-width
punctuation in Chinese.

A person or company may carry ``names`` per language (household format); a language without
one gets the name converted between Traditional and Simplified by OpenCC (the maintained
conversion library: character and regional variant tables, not a hand-made map); English falls
back to the name as written. Every string the proposal prints in Chinese passes through
:func:`converter`, so a name or phrase written in the other script never reaches the page as it
was typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .model import Household

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# an ASCII colon, comma or semicolon right after a Chinese character (not inside a number)
_PUNCT = re.compile(rf"(?<=[{_CJK}）」』])([:,;])(?!\d) ?")
_FULL = {":": "：", ",": "，", ";": "；"}


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



def punctuate(text: str) -> str:
    """Full-width colon, comma and semicolon after Chinese characters."""
    return _PUNCT.sub(lambda m: _FULL[m.group(1)], text)


def converter(lang: str, jurisdiction: str = "") -> Callable[[str], str]:
    """What every printed string goes through in ``lang``."""
    cfg = opencc_config(lang, jurisdiction)
    if cfg is None:
        return lambda s: s
    cc = _opencc(cfg)
    return lambda s: punctuate(cc.convert(s)) if s else s


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
