"""`kinfolio book alerts | ack | activation | ledger | calendar | linkage` end to end."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from cli import main
from tests.book.watch_helpers import WATCH_SMALL

B = str(WATCH_SMALL)


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_alerts_ack_and_back(tmp_path, capsys):
    db = str(tmp_path / "w.db")
    code, out, _ = _run(capsys, "book", "alerts", B, "--json", "--db", db)
    assert code == 0
    doc = json.loads(out)
    assert doc["as_of"] == "2026-11-30" and len(doc["alerts"]) == 17
    assert all(a["reason"] for a in doc["alerts"])
    ep = next(a["episode"] for a in doc["alerts"] if a["kind"] == "outflow_to_other_bank")
    code, out, _ = _run(capsys, "book", "ack", B, "--episode", ep, "--user", "amy", "--db", db)
    assert code == 0 and ep in out
    code, out, _ = _run(capsys, "book", "alerts", B, "--json", "--db", db)
    doc = json.loads(out)
    assert len(doc["alerts"]) == 16 and doc["suppressed"] == 1
    code, _, err = _run(capsys, "book", "ack", B, "--episode", ep, "--db", db)
    assert code == 2 and "no open alert" in err


def test_activation_linkage_calendar(tmp_path, capsys):
    code, out, _ = _run(capsys, "book", "activation", B, "--json", "--lang", "zh-Hans")
    doc = json.loads(out)
    assert code == 0 and doc["clients"][0]["client_id"] == "P06"
    assert "睡眠户" in doc["clients"][0]["reasons"][0]
    code, out, _ = _run(capsys, "book", "linkage", B, "--limit", "1")
    assert code == 0 and "C01" in out and "C02" not in out
    ics = tmp_path / "c.ics"
    code, out, _ = _run(capsys, "book", "calendar", B, "--from", "2026-12-01", "--to",
                        "2026-12-31", "--banker", "amy", "--ics", str(ics), "--db",
                        str(tmp_path / "w.db"))
    assert code == 0 and "李美玲" in out and b"BEGIN:VEVENT" in ics.read_bytes()


def test_ledger_followup_and_export(tmp_path, capsys):
    db = str(tmp_path / "w.db")
    code, _, _ = _run(capsys, "book", "ledger", "follow-up", B, "--client", "P01", "--what",
                      "=cmd|' /C calc'!A0", "--next-date", "2026-12-03", "--next-action",
                      "visit", "--user", "amy", "--db", db)
    assert code == 0
    x = tmp_path / "ledger.xlsx"
    code, _, _ = _run(capsys, "book", "ledger", "export", B, "--xlsx", str(x), "--lang",
                        "zh-Hant", "--db", db)
    assert code == 0
    wb = load_workbook(x)
    assert wb.sheetnames == ["重點客戶台賬", "跟進記錄"]
    values = [c.value for ws in wb for row in ws.iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in values
    assert not [v for v in values if isinstance(v, str) and v[:1] in "=+-@"]


def test_bad_input_exit_2(tmp_path, capsys):
    db = str(tmp_path / "w.db")
    for argv in (["book", "alerts", str(tmp_path / "nope"), "--db", db],
                 ["book", "alerts", B, "--as-of", "2026-13-01", "--db", db],
                 ["book", "ledger", "list", B, "--list", "gold", "--db", db],
                 ["book", "ledger", "follow-up", B, "--client", "ZZ", "--what", "x", "--db", db],
                 ["book", "ledger", "export", B, "--xlsx", str(tmp_path / "x.csv"), "--db", db],
                 ["book", "calendar", B, "--from", "2026-12-31", "--to", "2026-12-01",
                  "--db", db]):
        code, _, err = _run(capsys, *argv)
        assert code == 2, argv
        assert err and "Traceback" not in err


def test_existing_output_needs_force(tmp_path, capsys):
    x = tmp_path / "ledger.xlsx"
    x.write_bytes(b"keep me")
    db = str(tmp_path / "w.db")
    code, _, err = _run(capsys, "book", "ledger", "export", B, "--xlsx", str(x), "--db", db)
    assert code == 2 and "--xlsx" in err and x.read_bytes() == b"keep me"
    code, _, _ = _run(capsys, "book", "ledger", "export", B, "--xlsx", str(x), "--force",
                      "--db", db)
    assert code == 0 and load_workbook(x).sheetnames
