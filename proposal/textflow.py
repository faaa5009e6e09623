"""Line breaking for mixed Chinese and Latin text, with the Chinese rules (禁則 / kinsoku).

Chinese may break between any two characters, Latin only at spaces. A line must not start with
closing punctuation (、。，．：；！？）」』】〉》 …) and must not end with opening punctuation
(（「『【〈《 …): such a mark is glued to its neighbour, so it moves with it to the next line.
Widths are additive (the PDF is written without kerning or shaping), which lets the breaker measure
each unit once.
"""

from __future__ import annotations

from collections.abc import Callable

#: Must not begin a line.
CLOSING = frozenset(
    "、。，．：；！？）」』】〉》〕］｝〗〙〛’”›»…‥・ー々〻ゝゞ％‰℃°"
    ",.;:!?)]}>%"
    "\uff09\uff3d\uff5d\u3009\u300b\u3011\u3015\u3017\u30fb\uff0e\uff61\uff64"
)
#: Must not end a line.
OPENING = frozenset("（「『【〈《〔［｛〖〘〚‘“‹«([{<＄￥$¥£€")
_DASHES = frozenset("—…")


def is_wide(ch: str) -> bool:
    """Characters between which a line may break without a space (CJK, kana, fullwidth)."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF
        or 0xAC00 <= cp <= 0xD7AF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFE30 <= cp <= 0xFE4F
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
        or ch in "□"
    )


def _tokens(text: str) -> list[str]:
    """Split into atoms: a space run, a wide character or wide punctuation mark, or a run of other
    (Latin) characters, in which ASCII punctuation stays with its word."""
    out: list[str] = []
    buf = ""
    for ch in text:
        if ch == " ":
            if buf and buf[-1] != " ":
                out.append(buf)
                buf = ""
            buf += ch
        elif is_wide(ch) or (not ch.isascii() and (ch in CLOSING or ch in OPENING)):
            if buf:
                out.append(buf)
                buf = ""
            out.append(ch)
        else:
            if buf and buf[-1] == " ":
                out.append(buf)
                buf = ""
            buf += ch
    if buf:
        out.append(buf)
    return out


def units(text: str) -> list[str]:
    """Unbreakable units: tokens with closing marks glued to what precedes them and opening marks
    to what follows. Latin words stay whole, and ``Ltd.,`` stays together."""
    toks = _tokens(text)
    merged: list[str] = []
    glue_next = False
    for t in toks:
        if t.startswith(" "):
            merged.append(t)
            glue_next = False
            continue
        if t[0] in CLOSING and len(merged) >= 2 and merged[-1].startswith(" "):
            space = merged.pop()
            merged[-1] += space + t  # "word ）": the mark still may not start a line
            glue_next = t[-1] in OPENING
            continue
        if merged and not merged[-1].startswith(" ") and (
            glue_next or t[0] in CLOSING or (t in _DASHES and merged[-1][-1:] in _DASHES)
        ):
            merged[-1] += t
        else:
            merged.append(t)
        glue_next = t[-1] in OPENING
    return merged


def _split_long(unit: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """A unit wider than the line (a long word or number) is cut by characters; a closing mark
    hangs past the edge rather than start a line."""
    parts: list[str] = []
    cur = ""
    for ch in unit:
        if cur and measure(cur + ch) > width and ch not in CLOSING and cur[-1] not in OPENING:
            parts.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        parts.append(cur)
    return parts


def break_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (unless one character is), by greedy filling.

    Newlines in ``text`` end a line. Spaces at a break are dropped. ``measure(s)`` returns the
    printed width of ``s``.
    """
    lines: list[str] = []
    for para in text.split("\n"):
        lines.extend(_break_paragraph(para, width, measure))
    return lines


def _break_paragraph(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    if not text:
        return [""]
    lines: list[str] = []
    cur = ""
    cur_w = 0.0
    for u in units(text):
        w = measure(u)
        if u.startswith(" "):
            if cur:
                cur += u
                cur_w += w
            continue
        if cur_w + w <= width or not cur.strip():
            if not cur.strip() and w > width:
                pieces = _split_long(u, width, measure)
                lines.extend(pieces[:-1])
                cur, cur_w = pieces[-1], measure(pieces[-1])
            else:
                cur += u
                cur_w += w
            continue
        lines.append(cur.rstrip(" "))
        if w > width:
            pieces = _split_long(u, width, measure)
            lines.extend(pieces[:-1])
            cur, cur_w = pieces[-1], measure(pieces[-1])
        else:
            cur, cur_w = u, w
    lines.append(cur.rstrip(" "))
    return _no_orphan(lines, width, measure)


def _no_orphan(lines: list[str], width: float, measure: Callable[[str], float]) -> list[str]:
    """A paragraph never ends with one Chinese character alone on its last line (with its
    punctuation): the previous line gives its last unit to it (the line only gets shorter)."""
    if len(lines) < 2:
        return lines
    last = units(lines[-1])
    if len(last) != 1 or not is_wide(last[0][0]):
        return lines
    prev = units(lines[-2])
    if len(prev) < 2 or prev[-1].startswith(" ") or not is_wide(prev[-1][0]):
        return lines
    moved = prev[-1] + lines[-1]
    if measure(moved) > width:
        return lines
    return [*lines[:-2], "".join(prev[:-1]).rstrip(" "), moved]
