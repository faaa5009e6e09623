"""The fonts of the proposal: shipped Noto Sans CJK subsets, fallbacks and safe printable text.

The PDF must render on a machine without any CJK font, so the fonts travel with the project
(``proposal/fonts``, SIL Open Font License, see ``OFL.txt``). Two subsets are shipped: Simplified
(GB2312) and Traditional (Big5 level 1), each with Latin, symbols and all characters of the
project's strings. The face of the proposal's language is the primary font and the other one its
fallback; a character in neither is drawn from a system Noto Sans CJK when one is installed
(Debian ``fonts-noto-cjk``), else shown as ``□`` — user text never makes the build fail.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

PLACEHOLDER = "□"
FAMILY = "kf"
FALLBACK = "kf-alt"
EXTRA = "kf-extra"
SYSTEM = "kf-sys"
CJK = "kf-cjk"  # the CJK face when the primary font is the Latin one (English documents)
FACES = ("sc", "tc")
_SYSTEM_TTC = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
)
_SYSTEM_FACE = {"sc": 2, "tc": 3}
# Bidirectional overrides could reorder what the reader sees; they are dropped.
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")


def font_path(face: str) -> Path:
    """Path of a shipped subset: ``face`` is ``"sc"`` or ``"tc"``."""
    if face not in FACES:
        raise ValueError(f"face must be one of {FACES} (got {face!r})")
    name = f"NotoSansCJK{face}-Regular-subset.ttf"
    return Path(str(resources.files("proposal") / "fonts" / name))


def latin_path() -> Path:
    """The Latin face of English documents: DejaVu Sans, shipped with matplotlib (a dependency),
    so English text is set in a Latin font (the CJK font's quotes are full-width and leave gaps
    in English) and Chinese names fall back to the CJK subset."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def extra_path() -> Path | None:
    """The small font of project characters missing from both subsets, if there is one."""
    p = Path(str(resources.files("proposal") / "fonts" / "NotoSansCJKsc-Regular-extra.ttf"))
    return p if p.exists() else None


def primary_face(lang: str, jurisdiction: str = "CN") -> str:
    """Simplified glyph forms for 简体中文, Traditional for 繁體中文; for English the script the
    household most likely writes its names in (Traditional in Taiwan and Hong Kong)."""
    if lang == "zh-Hans":
        return "sc"
    if lang == "zh-Hant":
        return "tc"
    return "tc" if jurisdiction in ("TW", "HK") else "sc"


@lru_cache(maxsize=8)
def _cmap(path: str, index: int = -1) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    kw = {"fontNumber": index} if index >= 0 else {}
    with TTFont(path, lazy=True, **kw) as f:
        return frozenset(f.getBestCmap())


def shipped_coverage(face: str) -> frozenset[int]:
    return _cmap(str(font_path(face)))


def system_font() -> Path | None:
    for p in _SYSTEM_TTC:
        if p.exists():
            return p
    return None


def _clean_char(ch: str, keep_newlines: bool) -> str:
    if ch in "\n\r":
        return "\n" if keep_newlines else " "
    if ch == "\t":
        return " "
    if ch in _BIDI:
        return ""
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cs", "Cn", "Co"):
        return ""
    if cat == "Zs":
        return " "
    return ch


class FontSet:
    """The fonts registered in one document and the text they can draw."""

    def __init__(self, lang: str, jurisdiction: str = "CN") -> None:
        self.primary = primary_face(lang, jurisdiction)
        self.secondary = "tc" if self.primary == "sc" else "sc"
        self._first = shipped_coverage(self.primary)
        self._second = shipped_coverage(self.secondary)
        extra = extra_path()
        self._extra = _cmap(str(extra)) if extra is not None else frozenset()
        self._system: frozenset[int] | None = None
        self._fallbacks: list[str] = []
        self._pdf = None
        self.latin = lang == "en" and latin_path().is_file()
        self._latin = _cmap(str(latin_path())) if self.latin else frozenset()
        from .script import converter

        #: every printed string in the reader's script and punctuation
        self.script = converter(lang, jurisdiction)

    def register(self, pdf) -> None:
        """Add the primary font to an ``FPDF`` document; fallbacks are added when a character
        needs them (parsing a font costs a few tenths of a second)."""
        self._pdf = pdf
        if self.latin:
            pdf.add_font(FAMILY, "", str(latin_path()))
            self._need(CJK, font_path(self.primary))
        else:
            pdf.add_font(FAMILY, "", str(font_path(self.primary)))

    def _need(self, family: str, path: Path, index: int = -1) -> None:
        if family in self._fallbacks or self._pdf is None:
            return
        kw = {"collection_font_number": index} if index >= 0 else {}
        self._pdf.add_font(family, "", str(path), **kw)
        self._fallbacks.append(family)
        self._pdf.set_fallback_fonts(list(self._fallbacks), exact_match=False)

    def fallback_fonts(self) -> list[str]:
        return list(self._fallbacks)

    def _system_cover(self, cp: int) -> bool:
        sysfont = system_font()
        if sysfont is None:
            return False
        if self._system is None:
            self._system = _cmap(str(sysfont), _SYSTEM_FACE[self.primary])
        if cp not in self._system:
            return False
        self._need(SYSTEM, sysfont, _SYSTEM_FACE[self.primary])
        return True

    def covers(self, ch: str) -> bool:
        cp = ord(ch)
        if cp in self._latin:
            return True
        if cp in self._first:
            return True
        if cp in self._second:
            self._need(FALLBACK, font_path(self.secondary))
            return True
        if cp in self._extra:
            self._need(EXTRA, extra_path())  # type: ignore[arg-type]
            return True
        return self._system_cover(cp)

    def printable(self, text: object, keep_newlines: bool = False) -> str:
        """``text`` as it will be printed: literally (no markup is ever interpreted), control and
        bidi-override characters removed, characters no font can draw shown as ``□``."""
        s = self.script("" if text is None else str(text))
        out = []
        for ch in s:
            c = _clean_char(ch, keep_newlines)
            if not c or c == " " or c == "\n" or self.covers(c):
                out.append(c)
            elif unicodedata.category(c).startswith("M"):
                continue  # a combining mark on its own would float over the placeholder
            else:
                out.append(PLACEHOLDER)
        return "".join(out)
