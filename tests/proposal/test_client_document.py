"""The proposal is a client document: no internal words unless the technical appendix is asked
for, the bank's identity from its profile, every phrase and name in the reader's script."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

import household
import proposal
from proposal.bank import example_path, load_bank
from proposal.compute import results
from proposal.script import opencc_config, to_script

PATHS = 150
SEED = 424243
LANGS = ("en", "zh-Hant", "zh-Hans")
INTERNAL = ("UNVERIFIED", "secondary source", "model assumption", "seed", ".py", ".json",
            ".toml", "隨機種子", "随机种子", "假設集", "假设集", "INTERNAL", "margin")
PATH_LIKE = re.compile(r"(?:[\w.-]+/){2,}[\w.-]+|[A-Za-z]:\\")


def _pdftotext(pdf: bytes, tmp_path, name: str, first: int | None = None) -> str:
    assert shutil.which("pdftotext"), "pdftotext (Debian package poppler-utils) is required"
    src = tmp_path / f"{name}.pdf"
    src.write_bytes(pdf)
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(first)]
    subprocess.run([*args, str(src), str(tmp_path / f"{name}.txt")], check=True, timeout=120)
    return (tmp_path / f"{name}.txt").read_text(encoding="utf-8")


def _build(hh, r, lang: str, appendix: bool = False) -> bytes:
    opts = proposal.ProposalOptions(prepared_on=dt.date(2026, 7, 1),
                                    recommendation=r.recommendation, recommended=r.recommended,
                                    assumptions=r.assumptions, bank=example_path(),
                                    appendix=appendix)
    return proposal.build(hh, r.plan, r.succession, lang, opts)


@pytest.fixture(scope="module", params=household.DEMO_IDS)
def demo_docs(request):
    hh = household.demo(request.param)
    r = results(hh, paths=PATHS, seed=SEED)
    return hh, r, {lang: _build(hh, r, lang) for lang in LANGS}


def test_no_internal_words_without_the_appendix(demo_docs, tmp_path):
    hh, r, docs = demo_docs
    for lang, pdf in docs.items():
        text = _pdftotext(pdf, tmp_path, lang)
        assert hh.people[0].name.split()[-1] in text or lang != "en"  # positive control
        for word in (*INTERNAL, r.assumptions.id, str(SEED)):
            assert word not in text, (lang, word)
        assert not PATH_LIKE.search(text), (lang, PATH_LIKE.search(text).group(0))


def test_the_appendix_carries_the_settings_when_asked_for(demo_docs, tmp_path):
    hh, r, _ = demo_docs
    text = _pdftotext(_build(hh, r, "en", appendix=True), tmp_path, "appendix")
    assert "Technical appendix" in text
    assert r.assumptions.id in text and f"Random seed\n{SEED}" in text.replace("\n\n", "\n")


def test_bank_name_on_the_cover(demo_docs, tmp_path):
    _, _, docs = demo_docs
    bank = load_bank(example_path())
    for lang, pdf in docs.items():
        cover = _pdftotext(pdf, tmp_path, f"cover-{lang}", first=1)
        assert bank.text("name", lang) in cover
        assert "KINFOLIO" not in cover
        assert bank.text("rm_name", lang) in cover


def test_each_document_in_its_own_script(demo_docs, tmp_path):
    """No Traditional-only form in a 简体 document, no Simplified-only form in a 繁體 one:
    converting the printed text into its own script changes nothing."""
    hh, _, docs = demo_docs
    for lang in ("zh-Hans", "zh-Hant"):
        text = _pdftotext(docs[lang], tmp_path, lang)
        assert to_script(text, lang, hh.jurisdiction) == text, lang
    other = _pdftotext(docs["zh-Hans"], tmp_path, "hans")
    assert "信託" not in other and "財產" not in other


def test_generated_phrases_are_written_in_their_script():
    """The phrase tables themselves: every 简体 phrase is Simplified (t2s leaves it alone) and
    every 繁體 phrase Traditional (s2tw leaves it alone)."""
    from proposal.advice_text import _R, _REMEDY
    from proposal.i18n import T

    for key, (_, hant, hans) in (*T.items(), *_R.items(), *_REMEDY.items()):
        assert to_script(hans, "zh-Hans") == hans, key
        assert to_script(hant, "zh-Hant") == hant, key


def test_a_name_given_only_in_simplified_prints_in_traditional(tmp_path):
    d = household.to_dict(household.demo("demo-cn-chen"))
    for p in d["people"]:
        if p["id"] == "chen_jianguo":
            p["name"] = "陈建国"
        if p["id"] == "wang_meiling":
            p["names"] = {"zh-Hans": "王美玲", "en": "Wang Meiling (Mary)"}
    hh = household.from_dict(d)
    r = results(hh, paths=60, seed=1)
    hant = _pdftotext(_build(hh, r, "zh-Hant"), tmp_path, "hant")
    assert "陳建國" in hant and "陈建国" not in hant
    en = _pdftotext(_build(hh, r, "en"), tmp_path, "en")
    assert "Wang Meiling (Mary)" in en and "陈建国" in en  # English: as written


def test_taiwan_family_reads_taiwan_terms(tmp_path):
    hh = household.demo("demo-tw-lin")
    r = results(hh, paths=60, seed=1)
    text = _pdftotext(_build(hh, r, "zh-Hant"), tmp_path, "tw").replace("\n", "")
    assert "剩餘財產差額分配請求權" in text
    assert "夫妻共同財產份額" not in text and "客戶經理" not in text
    assert "RR" in text  # product risk in Taiwan's scale
    assert opencc_config("zh-Hant", "TW") == "s2tw.json"


def test_full_width_punctuation_in_chinese(demo_docs, tmp_path):
    _, _, docs = demo_docs
    for lang in ("zh-Hans", "zh-Hant"):
        text = _pdftotext(docs[lang], tmp_path, f"p-{lang}")
        assert not re.search(r"[\u4e00-\u9fff][:;](?!\d)", text), lang
