"""Issue 18.7: the page icon fetches nothing; concurrent imports each become a version; control
characters, ANSI escapes and RTL overrides never reach the terminal raw; apostrophes are not shown
as ``&#x27;``; ``--user`` is a claim beside the operating-system user; money, dates, integers and
booleans are parsed strictly (the invalid-case corpus carries those cases too)."""

from __future__ import annotations

import json
import multiprocessing as mp
import queue
import sys
import types

import pytest

import cli
from household import problems
from household.safe_text import markdown_text, terminal_text
from store import audit
from store.storage import Store

from .conftest import demo_doc, run_cli

HOSTILE_NAMES = {
    "ansi_clear": "Chen\x1b[2J\x1b[31mRED",
    "ansi_title": "Chen\x1b]0;pwned\x07",
    "osc52_clipboard": "Chen\x1b]52;c;ZWNobyBoaQ==\x07",
    "rtl_override": "Chen\u202egpj.exe",
    "rtl_isolate": "Chen\u2067evil\u2069",
    "carriage_return": "Chen\rroot",
    "backspaces": "Chen\b\b\b\bLin",
    "c1_csi": "Chen\x9b31m",
    "line_separator": "Chen\u2028fake line",
    "bell_and_nul": "Chen\x07\x00",
}
_RAW = set("\x1b\x07\x9b\r\b\x00\u202e\u2067\u2069\u2028")


def _has_raw(text: str) -> bool:
    return any(ch in _RAW for ch in text)


@pytest.mark.parametrize("case", sorted(HOSTILE_NAMES))
def test_hostile_names_never_reach_the_terminal_raw(tmp_path, case):
    doc = demo_doc()
    doc["people"][0]["name"] = HOSTILE_NAMES[case]
    f = tmp_path / "h.json"
    f.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "k.db"
    runs = [("summary", f), ("summary", f, "--json"), ("summary", f, "--lang", "zh-Hant"),
            ("succession", f, "--deceased", doc["people"][0]["id"]),
            ("import", f, "--db", db, "--comment", HOSTILE_NAMES[case]),
            ("history", doc["id"], "--db", db), ("export", doc["id"], "--db", db),
            ("audit", "--db", db)]
    for argv in runs:
        code, out, err = run_cli(*argv)
        assert code == 0, (argv, err)
        assert not _has_raw(out) and not _has_raw(err), (argv, out[:300])
    code, out, _ = run_cli("export", doc["id"], "--db", db)
    assert json.loads(out)["people"][0]["name"] == HOSTILE_NAMES[case].strip()  # same value


def test_terminal_text_makes_escapes_visible():
    assert terminal_text("a\x1b[31mb\u202ec\n\td") == "a\\u001b[31mb\\u202ec\n\td"
    assert terminal_text("陳大文") == "陳大文"


def test_apostrophes_are_not_shown_as_entities():
    md = markdown_text("O'Brien & \"Sons\"")
    assert "&#x27;" not in md and "&\\#" not in md and "O'Brien" in md
    assert "&amp;" in md


def test_page_icon_is_shipped_not_fetched():
    from ui.shell import PAGE_ICON

    assert not PAGE_ICON.startswith(":material") and "://" not in PAGE_ICON
    assert len(PAGE_ICON) == 1 and ord(PAGE_ICON) > 0x2000  # an emoji, drawn by the browser


# ----------------------------------------------------------------------------- who acts
def test_user_flag_is_a_claim_beside_the_os_user(tmp_path, demo_file, monkeypatch):
    monkeypatch.setenv("USER", "someone-else")  # environment variables are not identity
    db = tmp_path / "k.db"
    assert run_cli("import", demo_file, "--db", db, "--user", "boss")[0] == 0
    assert run_cli("export", "demo-cn-chen", "--db", db, "--user", "boss")[0] == 0
    store = Store(db)
    rows = audit.entries(store, "cli")
    assert {r.actor for r in rows} == {cli.os_user()}
    assert all("claimed user: boss" in (r.detail or "") for r in rows)
    assert [v.saved_by for v in store.history("demo-cn-chen")] == [cli.os_user()]


# ----------------------------------------------------------------------------- concurrency
def _import_many(db: str, path: str, n: int, q) -> None:
    codes = [cli.main(["import", path, "--db", db]) for _ in range(n)]
    q.put(codes)


def test_concurrent_imports_of_one_household_all_become_versions(tmp_path, demo_file,
                                                                 monkeypatch):
    db = tmp_path / "k.db"
    Store(db).engine.dispose()
    # spawned processes re-run the parent's __main__ from its file: after an AppTest in the same
    # session that is Streamlit's generated script, so they get a plain __main__ instead
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_import_many, args=(str(db), str(demo_file), 25, q))
             for _ in range(4)]
    for p in procs:
        p.start()
    codes: list[int] = []
    for _ in procs:
        while True:
            try:
                codes += q.get(timeout=5)
                break
            except queue.Empty:  # a process that died says so at once, not after ten minutes
                dead = [p.exitcode for p in procs if p.exitcode not in (None, 0)]
                assert not dead, f"an importing process died: exit codes {dead}"
    for p in procs:
        p.join(60)
    assert codes == [0] * 100
    versions = [v.version for v in Store(db).history("demo-cn-chen")]
    assert versions == list(range(1, 101))


# ----------------------------------------------------------------------------- strict parsing
STRICT_CASES = {
    "money_true": ("/holdings/0/value", True),
    "money_text": ("/holdings/0/value", "20000000"),
    "money_400_digits": ("/holdings/0/value", 10**400),
    "share_text": ("/ownership/0/share", "0.5"),
    "fx_text": ("/fx/USD", "7.1"),
    "as_of_epoch": ("/as_of", 1767225600),
    "as_of_epoch_ms": ("/as_of", 1767225600000),
    "as_of_timestamp": ("/as_of", "2026-01-01T00:00:00"),
    "as_of_timestamp_z": ("/as_of", "2026-01-01T00:00:00Z"),
    "birth_compact": ("/people/0/birth_date", "19600501"),
    "alive_text": ("/people/0/alive", "true"),
    "alive_one": ("/people/0/alive", 1),
}


@pytest.mark.parametrize("case", sorted(STRICT_CASES))
def test_strict_parsing(case):
    doc = demo_doc()
    pointer, value = STRICT_CASES[case]
    parts = pointer.strip("/").split("/")
    node = doc
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p]
    node[int(parts[-1]) if isinstance(node, list) else parts[-1]] = value
    found = problems(json.dumps(doc))
    assert found, f"{case} was accepted"
    assert any(p.path == pointer.strip("/").replace("/", ".").replace(".0", "[0]")
               for p in found), found
