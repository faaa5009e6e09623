"""The bank profile: the shipped example reads, a bad profile is a clear message (exit 2)."""

from __future__ import annotations

import pytest

from cli import main
from household import demo_path
from proposal.bank import BankProfileError, default_bank, example_path, load_bank


def test_shipped_example_has_every_part():
    b = load_bank(example_path())
    for lang in ("en", "zh-Hant", "zh-Hans"):
        assert b.text("name", lang) and b.text("legal_entity", lang) and b.text("rm_name", lang)
        for j in ("CN", "TW", "HK"):
            assert b.disclosure(j, lang)
    assert b.disclosure("JP", "en") == b.disclosure("default", "en")  # falls back
    assert b.logo is not None and b.logo.is_file()
    assert b.rm_email and b.rm_phone


def test_a_plain_string_serves_every_language(tmp_path):
    p = tmp_path / "bank.toml"
    p.write_text('name = "Plain Bank"\n', encoding="utf-8")
    b = load_bank(p)
    assert b.text("name", "zh-Hans") == "Plain Bank" and b.logo is None


@pytest.mark.parametrize(("text", "message"), [
    ("legal_entity = 'x'\n", "name: required"),
    ("name = 'A'\nlogo = 'missing.png'\n", "logo: no file"),
    ("name = 'A'\n[name2\n", "not valid TOML"),
    ("name = {fr = 'Banque'}\n", "name: a string, or a table"),
    ("name = 'A'\nrelationship_manager = 3\n", "relationship_manager: must be a table"),
])
def test_bad_profiles_name_the_key(tmp_path, text, message):
    p = tmp_path / "bank.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(BankProfileError, match=message):
        load_bank(p)


def test_app_default_reads_the_environment(tmp_path, monkeypatch):
    p = tmp_path / "mine.toml"
    p.write_text('name = "Mine"\n', encoding="utf-8")
    monkeypatch.setenv("KINFOLIO_BANK", str(p))
    assert default_bank().text("name", "en") == "Mine"
    monkeypatch.delenv("KINFOLIO_BANK")
    assert default_bank().text("name", "en") == "Harbour Crest Private Bank"


def test_cli_bad_bank_exits_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "p.pdf"
    rc = main(["proposal", str(demo_path("demo-cn-chen")), "-o", str(out), "--paths", "20",
               "--bank", str(tmp_path / "none.toml")])
    err = capsys.readouterr().err
    assert rc == 2 and "cannot read" in err and "Traceback" not in err
    assert not out.exists()
