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

from household.script import _opencc, display_name, in_script, opencc_config, to_script

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# an ASCII colon, comma or semicolon right after a Chinese character (not inside a number)
_PUNCT = re.compile(rf"(?<=[{_CJK}）」』])([:,;])(?!\d) ?")
_FULL = {":": "：", ",": "，", ";": "；"}


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


__all__ = ["converter", "display_name", "in_script", "opencc_config", "punctuate", "to_script"]
