"""The command-line contract of the household commands (spec: Command line)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import cli
from household import demo_path
from tests.household.corpus import BASE_TEXT, CASES, case_bytes

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_ok(capsys):
    code, out, err = run(capsys, "validate", str(demo_path("demo-cn-chen")))
    assert code == 0 and "valid" in out and err == ""


@pytest.mark.parametrize("case", CASES[:12] + CASES[-8:], ids=lambda c: c["case"])
def test_validate_rejects_with_exit_2_and_paths(capsys, tmp_path, case):
    f = tmp_path / "bad.json"
    f.write_bytes(case_bytes(case))
    code, _out, err = run(capsys, "validate", str(f))
    assert code == 2
    lines = err.strip().splitlines()
    for path, fragment in case["expect"]:
        assert any(line.startswith(f"{path}: " if path else "") and fragment in line
                   for line in lines), (path, fragment, lines)
    assert "Traceback" not in err


def test_validate_in_a_real_process_has_no_traceback(tmp_path):
    f = tmp_path / "bad.json"
    f.write_bytes(b"\xff\xfe{")
    r = subprocess.run([sys.executable, "-m", "cli", "validate", str(f)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2
    assert "not UTF-8" in r.stderr and "Traceback" not in r.stderr


def test_missing_file_and_bad_arguments(capsys):
    code, _, err = run(capsys, "summary", "/no/such/file.json")
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "summary")
    assert code == 2


def test_summary_json_carries_the_spec_keys(capsys):
    code, out, _ = run(capsys, "summary", str(demo_path("demo-hksg-wong")), "--json")
    doc = json.loads(out)
    assert code == 0
    for k in ("base_currency", "net_worth", "people", "trusts", "look_through", "controller",
              "contingent_liabilities"):
        assert k in doc
    assert doc["trusts"]["wong_family_trust"]["assets"] > 0
    assert all("net_worth" in p for p in doc["people"].values())


def test_summary_text_aligns_chinese_names(capsys):
    from household.locale import display_width

    code, out, _ = run(capsys, "summary", str(demo_path("demo-cn-chen")), "--lang", "zh-Hans")
    assert code == 0 and "净资产" in out
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("成员"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Σ"))
    table = lines[start:end + 1]
    assert len(table) >= 5 and any("陈建国" in line for line in table)
    # the last column is right-aligned: every row ends in the same terminal column
    assert len({display_width(line) for line in table}) == 1


def test_schema_is_json_schema(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["additionalProperties"] is False
    assert "people" in schema["properties"] and "format" in schema["required"]


def test_import_export_history(capsys, tmp_path):
    db = str(tmp_path / "k.db")
    src = tmp_path / "base.json"
    src.write_text(BASE_TEXT, encoding="utf-8")
    assert run(capsys, "import", str(src), "--db", db, "--user", "alice")[0] == 0
    assert run(capsys, "import", str(src), "--db", db, "--user", "bob")[0] == 0
    code, out, _ = run(capsys, "history", "base", "--db", db, "--json")
    versions = json.loads(out)["versions"]
    assert code == 0 and [v["version"] for v in versions] == [1, 2]
    assert {"version", "saved_at", "saved_by", "sha256"} <= set(versions[0])
    # --user is a claim: the version names the operating-system user (issue 18.7)
    assert [v["saved_by"] for v in versions] == [cli.os_user()] * 2
    out_file = tmp_path / "out.json"
    assert run(capsys, "export", "base", "--version", "1", "--db", db, "-o", str(out_file))[0] == 0
    code, _, _ = run(capsys, "validate", str(out_file))
    assert code == 0
    from household import loads

    assert loads(out_file.read_bytes()) == loads(BASE_TEXT)


def test_invalid_import_saves_nothing(capsys, tmp_path):
    db = str(tmp_path / "k.db")
    bad = tmp_path / "bad.json"
    bad.write_text(BASE_TEXT.replace('"sex": "M"', '"sex": "Q"', 1), encoding="utf-8")
    code, _, err = run(capsys, "import", str(bad), "--db", db)
    assert code == 2 and "people[0].sex" in err
    code, _, err = run(capsys, "history", "base", "--db", db)
    assert code == 2 and "no household" in err


def test_export_is_audited(capsys, tmp_path):
    from store import audit
    from store.storage import Store

    db = str(tmp_path / "k.db")
    src = tmp_path / "base.json"
    src.write_text(BASE_TEXT, encoding="utf-8")
    assert run(capsys, "import", str(src), "--db", db, "--user", "alice")[0] == 0
    assert run(capsys, "export", "base", "--db", db, "-o", str(tmp_path / "o.json"))[0] == 0
    rows = audit.entries(Store(db), "cli", household_id="base")
    assert sorted(r.action for r in rows) == ["change", "export"]
