"""Shipped fonts cover every string the proposal prints; unknown characters never crash."""

import pytest

from proposal.fonts import PLACEHOLDER, FontSet, _cmap, extra_path, font_path, shipped_coverage
from proposal.i18n import CLASS_RISKS, JURISDICTION_NAMES, LIQUIDITY_NAMES, T

LANGS = ("en", "zh-Hant", "zh-Hans")


def test_licence_next_to_the_fonts() -> None:
    ofl = font_path("sc").parent / "OFL.txt"
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl.read_text(encoding="utf-8")
    total = sum(p.stat().st_size for p in font_path("sc").parent.glob("*.ttf"))
    assert total < 4_200_000  # a few MB at most in the repository


@pytest.mark.parametrize("lang", LANGS)
def test_every_fixed_string_is_in_the_primary_font(lang: str) -> None:
    fs = FontSet(lang, "CN")
    cover = shipped_coverage(fs.primary)
    i = LANGS.index(lang)
    for table in (T, JURISDICTION_NAMES, LIQUIDITY_NAMES, CLASS_RISKS):
        for key, entry in table.items():
            missing = {c for c in entry[i] if ord(c) not in cover and c not in "\n"}
            assert not missing, (key, missing)


def test_unknown_characters_become_a_visible_placeholder() -> None:
    fs = FontSet("zh-Hant", "TW")
    out = fs.printable("林\U00013000家\u202e<b>&{x}\\n\x07")
    assert out == f"林{PLACEHOLDER}家<b>&{{x}}\\n"


def test_newlines_kept_only_when_asked() -> None:
    fs = FontSet("en")
    assert fs.printable("a\nb") == "a b"
    assert fs.printable("a\nb", keep_newlines=True) == "a\nb"


def test_shelf_and_rule_set_texts_are_in_the_shipped_fonts() -> None:
    """Product sheets and rule references print data of other packages: every character must be
    in a shipped subset (else run ``python -m cli.fontbuild``)."""
    from assets import product_shelf
    from scenarios import JURISDICTION_CODES, load_rules

    texts = []
    for p in product_shelf():
        texts += [p.name(lang) for lang in LANGS] + [p.description(lang) for lang in LANGS]
    for code in JURISDICTION_CODES:
        rs = load_rules(code)
        texts += [rs.name] + [str(r.get("title", "")) for r in rs.references.values()]
    extra = extra_path()
    cover = shipped_coverage("sc") | shipped_coverage("tc") | (
        _cmap(str(extra)) if extra is not None else frozenset())
    missing = {c for s in texts for c in s if ord(c) not in cover}
    assert not missing
