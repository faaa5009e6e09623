"""Issue 18.6: no traceback left — argument cases, rule dates out of range, malformed assumption
files, read-only / corrupted / empty / foreign databases, devices and FIFOs given as files."""

from __future__ import annotations

import json
import os
import sqlite3
import threading

import pytest

from store.storage import Store

from .conftest import demo_doc, run_cli


def _no_traceback(code: int, err: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err and err.strip(), err


# ----------------------------------------------------------------------------- arguments
def _argument_cases(tmp, db, demo):
    folder = tmp / "folder"
    folder.mkdir(exist_ok=True)
    jfile = tmp / "h.json"
    jfile.write_text(json.dumps(demo_doc()))
    empty = tmp / "empty.db"
    empty.write_bytes(b"")
    text = tmp / "text.db"
    text.write_text("hello, not a database\n" * 10)
    pg = "postgresql+psycopg://kin:secret@127.0.0.1:1/kinfolio?connect_timeout=2"
    return {
        "export_into_missing_folder": ["export", "demo-cn-chen", "--db", db, "-o",
                                       tmp / "no" / "x.json"],
        "export_version_beyond_64_bits": ["export", "demo-cn-chen", "--db", db, "--version",
                                          str(2**70)],
        "export_version_zero": ["export", "demo-cn-chen", "--db", db, "--version", "0"],
        "export_version_negative": ["export", "demo-cn-chen", "--db", db, "--version", "-3"],
        "export_version_text": ["export", "demo-cn-chen", "--db", db, "--version", "latest"],
        "export_unknown_id": ["export", "nobody", "--db", db],
        "export_to_folder": ["export", "demo-cn-chen", "--db", db, "-o", folder],
        "history_db_folder": ["history", "demo-cn-chen", "--db", folder],
        "history_db_json": ["history", "demo-cn-chen", "--db", jfile],
        "history_db_empty_file": ["history", "demo-cn-chen", "--db", empty],
        "history_db_text_file": ["history", "demo-cn-chen", "--db", text],
        "history_db_unreachable_pg": ["history", "demo-cn-chen", "--db", pg],
        "history_db_unknown_scheme": ["history", "demo-cn-chen", "--db", "nosuchdb://x/y"],
        "history_db_dev_null": ["history", "demo-cn-chen", "--db", "/dev/null"],
        "import_db_json": ["import", demo, "--db", jfile],
        "import_db_folder": ["import", demo, "--db", folder],
        "import_db_unreachable_pg": ["import", demo, "--db", pg],
        "audit_limit_huge": ["audit", "--db", db, "--limit", str(2**80)],
        "audit_limit_zero": ["audit", "--db", db, "--limit", "0"],
        "audit_db_json": ["audit", "--db", jfile],
        "admin_list_db_json": ["admin", "list", "--db", jfile],
        "backup_db_json": ["backup", tmp / "b.db", "--db", jfile],
        "backup_dest_folder": ["backup", folder, "--db", db],
        "backup_export_is_file": ["backup", tmp / "b9.db", "--db", db, "--export", jfile],
        "validate_folder": ["validate", folder],
        "validate_dev_zero": ["validate", "/dev/zero"],
        "validate_missing": ["validate", tmp / "missing.json"],
        "import_dev_zero": ["import", "/dev/zero", "--db", db],
        "summary_dev_zero": ["summary", "/dev/zero"],
        "plan_cma_dev_zero": ["plan", demo, "--paths", "10", "--cma", "/dev/zero"],
        "plan_cma_folder": ["plan", demo, "--paths", "10", "--cma", folder],
        "plan_paths_huge": ["plan", demo, "--paths", str(2**70)],
        "plan_seed_negative": ["plan", demo, "--paths", "10", "--seed", "-1"],
        "succession_unknown_person": ["succession", demo, "--deceased", "nobody"],
        "proposal_to_folder": ["proposal", demo, "--paths", "10", "-o", folder],
        "proposal_into_missing_folder": ["proposal", demo, "--paths", "10", "-o",
                                         tmp / "no" / "p.pdf"],
        "bench_repeat_huge": ["bench", "--repeat", str(2**70)],
    }


def test_argument_cases_end_in_a_message(tmp_path, db, demo_file):
    cases = _argument_cases(tmp_path, db, demo_file)
    failed = {}
    for name, argv in cases.items():
        code, _out, err = run_cli(*argv)
        if code != 2 or "Traceback" in err or not err.strip():
            failed[name] = (code, err[-300:])
    assert not failed, failed
    assert len(cases) >= 35


def test_database_messages_say_what_is_wrong(tmp_path, db, demo_file):
    cases = _argument_cases(tmp_path, db, demo_file)
    assert "is a folder" in run_cli(*cases["history_db_folder"])[2]
    assert "not an SQLite database" in run_cli(*cases["history_db_json"])[2]
    assert "empty file" in run_cli(*cases["history_db_empty_file"])[2]
    err = run_cli(*cases["history_db_unreachable_pg"])[2]
    assert "cannot reach" in err and "secret" not in err  # the password is never printed
    assert "folder" in run_cli(*cases["export_into_missing_folder"])[2]


def test_an_empty_file_is_not_silently_a_new_store(tmp_path, demo_file):
    empty = tmp_path / "k.db"
    empty.write_bytes(b"")
    code, out, err = run_cli("import", demo_file, "--db", empty)
    _no_traceback(code, err)
    assert "saved" not in out and empty.stat().st_size == 0


# ----------------------------------------------------------------------------- damaged stores
def _corrupt(path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(size // 2)
        f.write(b"\xde\xad\xbe\xef" * 1024)


@pytest.fixture
def corrupted(db, tmp_path):
    """A copy of the demo database (one self-contained file) with its middle overwritten."""
    path = tmp_path / "corrupted.db"
    src, dst = sqlite3.connect(db), sqlite3.connect(path)
    src.backup(dst)
    dst.execute("PRAGMA journal_mode=DELETE")
    src.close()
    dst.close()
    _corrupt(path)
    return path


def _commands(db, demo, tmp):
    return {
        "history": ["history", "demo-cn-chen", "--db", db],
        "export": ["export", "demo-cn-chen", "--db", db],
        "export_o": ["export", "demo-cn-chen", "--db", db, "-o", tmp / "e.json"],
        "import": ["import", demo, "--db", db],
        "audit": ["audit", "--db", db],
        "admin_list": ["admin", "list", "--db", db],
        "admin_create": ["admin", "create", "--user", "ann", "--oidc", "--db", db],
        "backup": ["backup", tmp / "copy.db", "--db", db],
    }


def test_every_command_on_a_corrupted_database_says_so(tmp_path, corrupted, demo_file):
    failed = {}
    for name, argv in _commands(corrupted, demo_file, tmp_path).items():
        code, out, err = run_cli(*argv)
        if code != 2 or "Traceback" in err or "corrupted" not in err or "saved" in out:
            failed[name] = (code, out[-200:], err[-300:])
    assert not failed, failed
    assert not (tmp_path / "e.json").exists() and not (tmp_path / "copy.db").exists()


def test_a_corrupted_store_is_refused_on_open(corrupted):
    from household.errors import StoreError

    with pytest.raises(StoreError, match="corrupted"):
        Store(corrupted)


READ_ONLY_WRITERS = ("export", "export_o", "import", "admin_create", "backup")


def test_every_command_on_a_read_only_database_reads_or_refuses(tmp_path, db, demo_file):
    """A read-only database (an SQLite URI with mode=ro: root ignores file permissions): reading
    commands work; commands that must save or audit refuse before anything leaves the store."""
    ro = f"sqlite:///file:{db}?mode=ro&uri=true"
    failed = {}
    for name, argv in _commands(ro, demo_file, tmp_path).items():
        code, out, err = run_cli(*argv)
        if name in READ_ONLY_WRITERS:
            ok = code == 2 and "read-only" in err and "Traceback" not in err and \
                "saved" not in out and '"format"' not in out
        else:
            ok = code == 0 and "Traceback" not in err
        if not ok:
            failed[name] = (code, out[-200:], err[-300:])
    assert not failed, failed
    assert not (tmp_path / "e.json").exists() and not (tmp_path / "copy.db").exists()


# ----------------------------------------------------------------------------- devices, FIFOs
def test_validate_refuses_devices_and_fifos_without_reading_them(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = {}

    def go():
        result["r"] = run_cli("validate", fifo)

    t = threading.Thread(target=go, daemon=True)
    t.start()
    t.join(30)
    if t.is_alive():  # unblock the reader so the test run can end, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("validate waited on a FIFO")
    code, _, err = result["r"]
    _no_traceback(code, err)
    assert "not a regular file" in err
    code, _, err = run_cli("validate", "/dev/zero")
    _no_traceback(code, err)
    assert "not a regular file" in err


def test_read_file_never_reads_past_the_limit(tmp_path):
    from household import HouseholdError
    from household.io import read_file

    f = tmp_path / "big.json"
    f.write_bytes(b" " * 2000)
    with pytest.raises(HouseholdError, match="larger than"):
        read_file(f, limit=1000)
    assert read_file(f, limit=2000) == b" " * 2000


# ----------------------------------------------------------------------------- rule dates
@pytest.mark.parametrize("as_of", ["1901-01-01", "2019-06-30", "2024-12-31", "2292-01-01",
                                   "2299-12-31"])
@pytest.mark.parametrize("demo_id", ["demo-cn-chen", "demo-tw-lin"])
def test_proposal_out_of_the_rules_dates_is_a_message(tmp_path, as_of, demo_id, monkeypatch):
    doc = demo_doc(demo_id)
    doc["as_of"] = as_of
    f = tmp_path / "h.json"
    f.write_text(json.dumps(doc, ensure_ascii=False))
    code, _, err = run_cli("proposal", f, "--paths", "20", "-o", tmp_path / "p.pdf")
    if code == 0:  # within the rules (TW 2024 is before TW's first date; CN 2024 is not)
        assert (tmp_path / "p.pdf").exists()
        return
    _no_traceback(code, err)
    assert err.startswith("as_of: ")


@pytest.mark.parametrize("as_of", ["1901-01-01", "2019-06-30"])
def test_succession_before_the_rules_is_a_message(tmp_path, as_of):
    doc = demo_doc("demo-cn-chen")
    doc["as_of"] = as_of
    f = tmp_path / "h.json"
    f.write_text(json.dumps(doc, ensure_ascii=False))
    code, _, err = run_cli("succession", f, "--deceased", doc["people"][0]["id"])
    _no_traceback(code, err)
    assert "2021-01-01" in err


# ----------------------------------------------------------------------------- assumption files
def _assumption_variants():
    from assets.assumptions import _shipped_path

    base = json.loads(_shipped_path("house-cny-2026").read_text(encoding="utf-8"))
    out = {}
    for key in ("fx", "fx_correlation", "company_market_correlation", "inflation", "classes",
                "correlation", "texts", "unverified", "currency", "id"):
        for label, v in (("int", 5), ("text", "x"), ("list", [1]), ("object", {"a": 1}),
                         ("true", True), ("null", None)):
            doc = dict(base)
            doc[key] = v
            out[f"{key}_{label}"] = json.dumps(doc)
    out["nan"] = json.dumps(base).replace('"volatility": 0.', '"volatility": NaN, "x": 0.', 1)
    out["deep"] = "[" * 100_000 + "]" * 100_000
    out["not_utf8"] = b"\xff\xfe{}"
    out["empty"] = ""
    out["top_list"] = "[]"
    return out


def test_malformed_assumption_files_are_messages(tmp_path):
    from assets.assumptions import AssumptionError, load_assumptions

    failed = {}
    variants = _assumption_variants()
    for name, text in variants.items():
        f = tmp_path / f"{name}.json"
        f.write_bytes(text if isinstance(text, bytes) else text.encode())
        try:
            load_assumptions(f)
        except AssumptionError:
            continue
        except Exception as e:  # any other exception is the failure counted
            failed[name] = repr(e)[:200]
    assert not failed, failed
    assert len(variants) >= 60
