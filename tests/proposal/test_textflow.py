"""Chinese line breaking: no line starts with closing punctuation, no line is too wide, and no
character is lost."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from proposal.textflow import CLOSING, OPENING, break_lines, units


def width(s: str) -> float:
    return float(sum(2 if ord(c) > 0x2E7F else 1 for c in s))


ALPHABET = st.sampled_from(list("家族企业传承信托。，、：；！？）」』】》（「『【《 "
                                "abcXYZ.,;:!?()0123456789%"))


@given(st.text(ALPHABET, min_size=0, max_size=120), st.integers(min_value=6, max_value=40))
@settings(max_examples=300, deadline=None)
def test_break_rules(text: str, w: int) -> None:
    text = re.sub(r"([(（「『【《]) +", r"\1", text)  # an opening mark belongs to what follows
    lines = break_lines(text, float(w), width)
    # nothing but spaces at the breaks is lost
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for i, line in enumerate(lines):
        if width(line) > w:  # only a cut piece of one unbreakable unit, or one with a hanging
            # closing mark, may exceed the line
            assert len(units(line)) == 1 or line.rstrip("".join(CLOSING)) != line
        if i > 0 and line and lines[i - 1]:
            assert line[0] not in CLOSING or not lines[i - 1].strip(), (lines, i)
        if i < len(lines) - 1 and line and lines[i + 1]:
            assert line[-1] not in OPENING or len(units(line)) == 1, (lines, i)


def test_closing_mark_moves_with_its_character() -> None:
    text = "家族企业集中度为百分之七十，建议逐步分散。"
    lines = break_lines(text, 12.0, width)  # six wide characters a line
    # "十" would end a full line and "，" would start the next: both move down together
    assert lines == ["家族企业集中", "度为百分之七", "十，建议逐步", "分散。"]


def test_latin_words_are_not_cut() -> None:
    lines = break_lines("陈建国 Chen Jianguo 董事长 Huaxin Precision Manufacturing", 16.0, width)
    words = {"Chen", "Jianguo", "Huaxin", "Precision"}
    assert all(any(w in ln.split() for ln in lines) for w in words)


def test_no_single_chinese_character_alone_on_the_last_line():
    from proposal.textflow import break_lines

    def measure(s):
        return float(len(s))

    text = "剩餘財產差額分配請求權"  # 11 characters in lines of 5: 5 + 5 + 1 would orphan 權
    lines = break_lines(text, 5, measure)
    assert "".join(lines) == text
    assert len(lines[-1]) >= 2 and all(len(x) <= 5 for x in lines)
    assert break_lines("財產。", 2, measure)[-1] != "。"
    lines = break_lines("Lin family 林", 11, measure)  # after Latin text: nothing to borrow
    assert lines[-1] == "林"
