"""The PDF itself: the plan's numbers, no internal field, fonts embedded, pages not blank, user text
printed literally. Small path counts keep it fast."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import household
import proposal
from proposal.advice_text import probability
from proposal.compute import results
from proposal.script import display_name

PATHS = 200
SEED = 7
DAY = dt.date(2026, 7, 1)
MARK = "ZZSECRET"


def _build(hh, lang: str, r=None, appendix: bool = False) -> tuple[bytes, object]:
    r = r or results(hh, paths=PATHS, seed=SEED)
    opts = proposal.ProposalOptions(prepared_on=DAY, recommendation=r.recommendation,
                                    recommended=r.recommended, assumptions=r.assumptions,
                                    appendix=appendix)
    return proposal.build(hh, r.plan, r.succession, lang, opts), r


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(p.extract_text() for p in reader.pages)


@pytest.fixture(scope="module")
def chen():
    hh = household.demo("demo-cn-chen")
    r = results(hh, paths=PATHS, seed=SEED)
    # with the technical appendix: the method, sources, seed and references are checked here
    return hh, r, {lang: _build(hh, lang, r, appendix=True)[0]
                   for lang in ("en", "zh-Hant", "zh-Hans")}


@pytest.mark.parametrize("lang", ["en", "zh-Hant", "zh-Hans"])
def test_names_and_figures_equal_the_plan(chen, lang: str) -> None:
    hh, r, pdfs = chen
    text = _text(pdfs[lang]).replace("\n", "")
    for p in hh.people:
        if p.id != "zhang_hua" and p.id != "liu_yang":  # staff are not in the family picture
            assert display_name(p, lang, hh.jurisdiction).split()[0] in text
    for g in r.plan.goals:
        assert probability(g.success, lang) in text
    for g in r.recommended.goals:
        assert probability(g.success, lang) in text
    bs = household.balance_sheet(hh)
    assert household.locale.money(bs.net_worth, "CNY", lang) in text
    assert str(r.plan.seed) in text and f"{r.plan.paths:,}" in text
    assert r.assumptions.id in text


@pytest.mark.parametrize(("lang", "article", "english"),
                         [("zh-Hans", "第1062条", False), ("zh-Hant", "第1062條", False),
                          ("en", "Art. 1062", True)])
def test_the_law_is_cited_in_the_readers_language(chen, lang, article, english) -> None:
    text = _text(chen[2][lang]).replace("\n", "")
    assert article in text
    assert ("Civil Code Art. 1127" in text) is english


@pytest.mark.parametrize(("lang", "method", "english"),
                         [("zh-Hans", "行内观点", False), ("zh-Hant", "行內觀點", False),
                          ("en", "house view", True)])
def test_the_assumptions_are_described_in_the_readers_language(chen, lang, method,
                                                                english) -> None:
    text = _text(chen[2][lang]).replace("\n", "")
    assert method in text
    assert ("arithmetic mean" in text) is english


def test_same_inputs_same_figures() -> None:
    hh = household.demo("demo-tw-lin")
    a, _ = _build(hh, "en")
    b, _ = _build(hh, "en")
    assert _text(a) == _text(b)


def _with_markers(hh: household.Household) -> household.Household:
    d = household.to_dict(hh)
    d["notes"] = f"{MARK} household note"
    for section in ("people", "companies", "trusts", "holdings", "liabilities", "policies"):
        for i, item in enumerate(d.get(section, [])):
            item["notes"] = f"{MARK} {section} {i}"
    return household.from_dict(d)


ONE_LANG_EACH = list(zip(household.DEMO_IDS, ("en", "zh-Hant", "zh-Hans"), strict=True))


@pytest.mark.parametrize(("demo_id", "lang"), ONE_LANG_EACH)
def test_no_internal_field_is_printed(demo_id: str, lang: str) -> None:
    hh = _with_markers(household.demo(demo_id))
    assert hh.notes and MARK in hh.notes  # positive control: the markers are in the file
    pdf, _ = _build(hh, lang)
    text = _text(pdf)
    # positive control: the text is readable (names in the reader's script)
    assert display_name(hh.people[0], lang, hh.jurisdiction).split()[0] in text
    assert MARK not in text
    assert "INTERNAL" not in text


def test_fonts_are_embedded(chen) -> None:
    _, _, pdfs = chen
    for pdf in pdfs.values():
        reader = PdfReader(io.BytesIO(pdf))
        fonts = {}
        for page in reader.pages:
            for f in page["/Resources"]["/Font"].values():
                f = f.get_object()
                fonts[f["/BaseFont"]] = f
        assert fonts
        for name, f in fonts.items():
            desc = f["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
            assert "NotoSansCJK" in str(name) or "DejaVuSans" in str(name)


def test_pages_render_not_blank(chen, tmp_path: Path) -> None:
    assert shutil.which("pdftoppm"), "pdftoppm (Debian package poppler-utils) is required"
    from PIL import Image, ImageStat

    _, _, pdfs = chen
    for lang, pdf in pdfs.items():
        src = tmp_path / f"{lang}.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", str(src),
                        str(tmp_path / lang)], check=True, timeout=120)
        pngs = sorted(tmp_path.glob(f"{lang}-*.png"))
        assert len(pngs) == len(PdfReader(io.BytesIO(pdf)).pages)
        for png in pngs:
            stat = ImageStat.Stat(Image.open(png))
            assert stat.stddev[0] > 3, f"{png.name} looks blank"


def test_markup_in_user_text_is_printed_literally() -> None:
    d = household.to_dict(household.demo("demo-hksg-wong"))
    evil = "<b>&{x}\\n {nb} **y** </font>"
    d["name"] = evil
    d["people"][0]["name"] = "黃<b>&{x}\\n"
    d["companies"][0]["name"] = "{nb}&amp;<i>Co</i>\\"
    hh = household.from_dict(d)
    pdf, _ = _build(hh, "zh-Hant")
    text = _text(pdf).replace("\n", "")
    assert evil.replace(" ", "") in text.replace(" ", "")
    assert "黃<b>&{x}\\n" in text
    assert "{nb}&amp;<i>Co</i>\\" in text


def test_rare_characters_do_not_break_the_build() -> None:
    d = household.to_dict(household.demo("demo-tw-lin"))
    d["people"][0]["name"] = "林\U00013000明 \u202eevil"
    hh = household.from_dict(d)
    pdf = proposal.build(hh, None, None, "zh-Hant",
                         proposal.ProposalOptions(prepared_on=DAY, sections=("cover", "family")))
    text = _text(pdf)
    assert "林□明" in text


def test_sections_are_chosen_by_options() -> None:
    hh = household.demo("demo-cn-chen")
    pdf = proposal.build(hh, None, None, "en", {"sections": ["balance"], "stress": None})
    text = _text(pdf)
    assert "Consolidated balance sheet" in text and "Important information" not in text
    with pytest.raises(proposal.ProposalError):
        proposal.ProposalOptions(sections=("nope",))


def test_cli_writes_the_pdf(tmp_path: Path) -> None:
    from cli import main

    out = tmp_path / "p.pdf"
    rc = main(["proposal", str(household.demo_path("demo-tw-lin")), "--lang", "zh-Hans", "-o",
               str(out), "--paths", "100", "--seed", "3"])
    assert rc == 0 and out.read_bytes().startswith(b"%PDF")
    assert main(["proposal", str(household.demo_path("demo-tw-lin")), "-o",
                 str(tmp_path / "missing" / "x.pdf"), "--paths", "100"]) == 2


@pytest.mark.parametrize(("people", "companies", "trusts"), [(3, 1, 0), (12, 8, 2), (40, 30, 3)])
def test_generated_households_build(people: int, companies: int, trusts: int) -> None:
    """Any valid household gives a proposal: big families and webs of companies included."""
    import numpy as np

    from household.synthetic import company_web

    hh = company_web(np.random.default_rng(np.random.SeedSequence(people)), people, companies,
                     4 * people, n_trusts=trusts)
    pdf = proposal.build(hh, None, None, "zh-Hant",
                         proposal.ProposalOptions(prepared_on=DAY,
                                                  sections=("cover", "family", "balance")))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    assert hh.people[0].name in _text(pdf)
