"""Rebuild the CJK font subsets shipped in ``proposal/fonts`` (a developer tool, not the app).

    python -m cli.fontbuild [--source DIR]

Source: Noto Sans CJK (SIL Open Font License 1.1), Debian package ``fonts-noto-cjk``
(``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc``). Two faces are kept so that each
script is drawn with its own regional glyph forms:

- ``NotoSansCJKsc-Regular-subset.ttf``: GB2312 (all 7,445 characters) for 简体中文;
- ``NotoSansCJKtc-Regular-subset.ttf``: Big5 level 1 (common Traditional characters) for 繁體中文;

both plus Latin, punctuation, symbols and every character that appears in the project's source
strings and demo households. The CFF outlines are converted to TrueType (quadratic, within two
font units): fpdf2 then writes a standard ``Identity-H`` CIDFontType2 font whose text every PDF
reader (and pypdf) can extract, which a CID-keyed CFF font with an embedded CMap is not.
Characters outside a subset fall back to the other subset, then to a system Noto CJK font when one
is installed, then to a visible placeholder (see ``fonts.py``).
After adding strings with new characters run ``python -m cli.fontbuild --extra``: it writes
the few missing characters to ``NotoSansCJKsc-Regular-extra.ttf`` (a test checks the coverage).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FONT_DIR = HERE / "fonts"
FACES = {"sc": 2, "tc": 3}  # face index in NotoSansCJK-Regular.ttc
SCAN = ("household", "assets", "planner", "scenarios", "proposal", "ui")

_BASE_RANGES = (
    (0x20, 0x17F), (0x2010, 0x2044), (0x2070, 0x209F), (0x20A0, 0x20C0), (0x2100, 0x215F),
    (0x2190, 0x21FF), (0x2212, 0x2212), (0x2264, 0x2265), (0x2248, 0x2248), (0x25A0, 0x25FF),
    (0x3000, 0x303F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
)


def _decode_all(codec: str, leads: range, trails: list[int]) -> set[str]:
    out: set[str] = set()
    for a in leads:
        for b in trails:
            with contextlib.suppress(UnicodeDecodeError):
                out.add(bytes([a, b]).decode(codec))
    return out


def gb2312() -> set[str]:
    return _decode_all("gb2312", range(0xA1, 0xF8), list(range(0xA1, 0xFF)))


def big5_level1() -> set[str]:
    trails = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    return _decode_all("big5", range(0xA1, 0xC7), trails)


def project_chars(root: Path = ROOT) -> set[str]:
    """Every non-ASCII character in the project's Python sources and JSON data."""
    chars: set[str] = set()
    for pkg in SCAN:
        for ext in ("*.py", "*.json", "*.txt"):
            for f in (root / pkg).rglob(ext):
                if "fonts" in f.parts:
                    continue
                try:
                    chars.update(c for c in f.read_text(encoding="utf-8") if ord(c) > 0x7F)
                except (UnicodeDecodeError, OSError):
                    continue
    return chars


def base_chars() -> set[str]:
    return {chr(c) for lo, hi in _BASE_RANGES for c in range(lo, hi + 1)}


def build_extra(source: Path) -> str:
    """Only the project characters that neither main subset has, as a small third font: new
    strings then cost a few kilobytes in the repository instead of two rebuilt subsets. Returns
    what was written, in one line."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    have: set[int] = set()
    for face in FACES:
        with TTFont(str(FONT_DIR / f"NotoSansCJK{face}-Regular-subset.ttf"), lazy=True) as f:
            have |= set(f.getBestCmap())
    need = sorted(ord(c) for c in project_chars() if ord(c) not in have)
    out = FONT_DIR / "NotoSansCJKsc-Regular-extra.ttf"
    if not need:
        out.unlink(missing_ok=True)
        return "no extra characters needed"
    font = TTCollection(str(source / "NotoSansCJK-Regular.ttc")).fonts[FACES["sc"]]
    opts = subset.Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=need)
    sub.subset(font)
    _to_truetype(font)
    font.save(str(out))
    return f"{out.name}: {''.join(chr(c) for c in need)} ({out.stat().st_size:,} bytes)"


def build(source: Path) -> list[str]:
    """The two main subsets; returns one line per font written."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    extra = project_chars() | base_chars()
    sets = {"sc": gb2312() | extra, "tc": big5_level1() | extra}
    written = []
    for face, index in FACES.items():
        font = TTCollection(str(source / "NotoSansCJK-Regular.ttc")).fonts[index]
        opts = subset.Options()
        opts.layout_features = []  # no shaping in the PDF: the cmap is all we need
        opts.name_IDs = ["*"]
        opts.name_languages = ["*"]
        opts.notdef_outline = True
        opts.hinting = False
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=sorted(ord(c) for c in sets[face]))
        sub.subset(font)
        _to_truetype(font)
        out = FONT_DIR / f"NotoSansCJK{face}-Regular-subset.ttf"
        font.save(str(out))
        written.append(f"{out.name}: {len(sets[face])} characters, {out.stat().st_size:,} bytes")
    return written


def _to_truetype(font) -> None:
    """Replace the CFF table by glyf/loca (cubic to quadratic curves)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 2.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
                 "maxComponentDepth", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and the PDF does not need them
    font.sfntVersion = "\x00\x01\x00\x00"

