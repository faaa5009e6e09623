"""Storage that loses nothing.

- Two sessions saving the same household: the stale one is refused, nothing is overwritten.
- Fault injection: 6 writer processes streaming saves are killed with SIGKILL mid-stream (4 alone,
  then 2 racing each other); afterwards every version a writer reported as committed is readable
  with its recorded SHA-256, versions are contiguous from 1, and ``PRAGMA integrity_check`` is ok.
- The database refuses UPDATE and DELETE of saved versions (append-only triggers).
- Backup (online copy while a writer is saving) and export of all households.
- Alembic: an empty database and a database at revision 0001 are brought to head with nothing lost.

Each runs on SQLite and on a real PostgreSQL server (the ``db`` fixture); the file-level checks
(``PRAGMA integrity_check``, the online copy of the file) are SQLite's, ``pg_dump`` is PostgreSQL's.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

import cli
from household import demo, loads, sha256
from household.errors import StaleVersionError
from store.access import GuardedStore, User, create_account
from store.backup import BackupError, backup_database, export_all
from store.migrate import upgrade
from store.storage import Store, make_engine

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent("""
    import sys
    from household import demo
    from household.errors import StaleVersionError
    from store.storage import Store

    db, who = sys.argv[1], sys.argv[2]
    store = Store(db)
    hh = demo("demo-cn-chen")
    i = 0
    while True:
        i += 1
        based = store.latest_version(hh.id)
        new = hh.model_copy(update={"name": f"{who} save {i} " + "x" * (i % 50)})
        try:
            info = store.save(new, who, based_on=based, comment=f"{who}-{i}")
        except StaleVersionError:
            print("stale", flush=True)
            continue
        print(f"committed {info.version} {info.sha256}", flush=True)
""")


def _start_writer(tmp_path: Path, db: str, who: str) -> subprocess.Popen:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, str(script), str(db), who], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)


def _read_until(proc: subprocess.Popen, commits: int) -> dict[int, str]:
    seen: dict[int, str] = {}
    while len(seen) < commits:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        if line.startswith("committed"):
            _, v, digest = line.split()
            seen[int(v)] = digest
    return seen


def _is_sqlite(db: str) -> bool:
    return "://" not in db or db.startswith("sqlite")


def _check_database(db: str, committed: dict[int, str]) -> int:
    if _is_sqlite(db):
        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            con.close()
    store = Store(db)
    with store.engine.connect() as c:  # every version belongs to a household (both databases)
        assert c.execute(sa.text(
            "SELECT count(*) FROM household_versions v LEFT JOIN households h "
            "ON h.id = v.household_id WHERE h.id IS NULL")).scalar() == 0
    rows = store.history("demo-cn-chen")
    versions = [r.version for r in rows]
    assert versions == list(range(1, len(versions) + 1))  # contiguous, nothing missing
    by_version = {r.version: r.sha256 for r in rows}
    for v, digest in committed.items():  # every reported commit survived the kill
        assert by_version[v] == digest
    for r in rows:  # every stored version is readable and matches its digest
        assert sha256(store.load("demo-cn-chen", r.version)) == r.sha256
    return len(rows)


# ----------------------------------------------------------------------------- stale saves
def test_two_sessions_saving_the_same_household_the_stale_one_is_refused(db):
    store = Store(db)
    base = store.save(demo("demo-tw-lin"), "ann")
    a = store.load("demo-tw-lin", base.version).model_copy(update={"name": "A's edit"})
    b = store.load("demo-tw-lin", base.version).model_copy(update={"name": "B's edit"})
    store.save(a, "ann", based_on=base.version)
    with pytest.raises(StaleVersionError, match="changed by someone else"):
        store.save(b, "bob", based_on=base.version)
    assert [r.version for r in store.history("demo-tw-lin")] == [1, 2]
    assert store.load("demo-tw-lin").name == "A's edit"
    assert store.load("demo-tw-lin", 1) == demo("demo-tw-lin")  # the original is still there
    # a second "new household" save with the same id is also refused
    with pytest.raises(StaleVersionError, match="already exists"):
        store.save(demo("demo-tw-lin"), "carl", based_on=None)


def test_stale_save_through_the_guarded_store_and_the_cli(db, tmp_path, capsys):
    store = Store(db)
    create_account(store, "ann", "ann-password-1")
    g = GuardedStore(store, User("ann"))
    info = g.save(demo("demo-hksg-wong"), based_on=None)
    g.save(g.load("demo-hksg-wong").model_copy(update={"name": "x"}), based_on=info.version)
    with pytest.raises(StaleVersionError):
        g.save(demo("demo-hksg-wong"), based_on=info.version)
    assert len(store.history("demo-hksg-wong")) == 2
    f = tmp_path / "h.json"
    f.write_text(store.document("demo-hksg-wong", 1), encoding="utf-8")
    assert cli.main(["import", str(f), "--db", str(db), "--user", "ann"]) == 0
    assert len(store.history("demo-hksg-wong")) == 3


# ----------------------------------------------------------------------------- kill -9
@pytest.mark.parametrize("commits", [1, 7, 25, 60])
def test_sigkill_during_a_stream_of_saves_loses_no_committed_version(db, tmp_path, commits):
    Store(db)  # schema in place before the writer starts
    proc = _start_writer(tmp_path, db, "w")
    try:
        committed = _read_until(proc, commits)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    n = _check_database(db, committed)
    assert n >= commits
    # the store keeps working after the crash
    info = Store(db).save(demo("demo-cn-chen"), "after", based_on=n)
    assert info.version == n + 1


def test_two_racing_writers_killed_mid_stream_leave_a_consistent_history(db, tmp_path):
    Store(db)
    procs = [_start_writer(tmp_path, db, who) for who in ("left", "right")]
    committed: dict[int, str] = {}
    try:
        for p in procs:
            committed |= _read_until(p, 15)
    finally:
        for p in procs:
            p.send_signal(signal.SIGKILL)
            p.wait(30)
    n = _check_database(db, committed)
    assert n >= 30
    authors = {r.saved_by for r in Store(db).history("demo-cn-chen")}
    assert authors == {"left", "right"}


def _restored(db: str, backup: Path, request) -> str:
    """The database to open a backup with: the SQLite file itself, or a fresh PostgreSQL
    database the pg_dump archive was restored into."""
    if _is_sqlite(db):
        con = sqlite3.connect(backup)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        return str(backup)
    from store.backup_pg import restore

    target = request.getfixturevalue("db_second")
    restore(backup, target)
    return target


@pytest.fixture
def db_second(db, request):
    """A second empty PostgreSQL database on the same server (for restoring into)."""
    import uuid

    url = sa.engine.make_url(db)
    name = f"{url.database}_r{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as c:
        c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def test_backup_while_a_writer_is_saving_is_consistent(db, tmp_path, request):
    Store(db)
    proc = _start_writer(tmp_path, db, "w")
    try:
        _read_until(proc, 5)
        copy = backup_database(Store(db), tmp_path / "backup" / "copy.db")
        time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    n = _check_database(_restored(db, copy, request), {})
    assert n >= 5


# ----------------------------------------------------------------------------- append-only
def test_saved_versions_cannot_be_updated_or_deleted(db):
    store = Store(db)
    store.save(demo("demo-cn-chen"), "ann")
    for stmt in ("UPDATE household_versions SET document = '{}'",
                 "DELETE FROM household_versions"):
        with pytest.raises(sa.exc.IntegrityError, match="append-only"), store.engine.begin() as c:
            c.execute(sa.text(stmt))
    assert store.load("demo-cn-chen") == demo("demo-cn-chen")


# ----------------------------------------------------------------------------- backup and export
def test_backup_and_export_of_all_households(db, tmp_path, capsys, request):
    store = Store(db)
    store.ensure_demos()
    odd = demo("demo-tw-lin").model_copy(update={"id": "..", "name": "Dots"})
    store.save(odd, "ann")
    hh = store.load("demo-cn-chen")
    store.save(hh.model_copy(update={"name": "v2"}), "ann", based_on=1)

    copy = backup_database(store, tmp_path / "b" / "copy.db")
    other = Store(_restored(db, copy, request))
    assert other.list() == store.list()
    for row in store.list():
        assert other.history(row["id"]) == store.history(row["id"])
    with pytest.raises(BackupError, match="already exists"):
        backup_database(store, copy)

    files = export_all(store, tmp_path / "files", all_versions=True)
    assert len(files) == 5  # 3 demos + "..", one of them with 2 versions
    assert all(f.parent == tmp_path / "files" for f in files)  # ".." stays inside the folder
    manifest = json.loads((tmp_path / "files" / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["households"]:
        text = (tmp_path / "files" / entry["file"]).read_bytes()
        digest = sha256(loads(text))
        recorded = {r.version: r.sha256 for r in store.history(entry["id"])}[entry["version"]]
        assert digest == entry["sha256"] == recorded

    rc = cli.main(["backup", str(tmp_path / "c2.db"), "--export", str(tmp_path / "latest"),
                   "--db", str(db)])
    assert rc == 0
    assert "4 household files" in capsys.readouterr().out
    assert cli.main(["backup", str(tmp_path / "c2.db"), "--db", str(db)]) == 2


# ----------------------------------------------------------------------------- migrations
def _tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_migration_of_an_empty_database(db):
    engine = make_engine(db)
    Store(engine)
    assert {"households", "household_versions", "accounts", "assignments", "audit_log",
            "alembic_version"} <= _tables(engine)
    from alembic.script import ScriptDirectory

    from store.migrate import alembic_config

    heads = set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())
    assert "0003_sign_in" in heads  # every room's revisions are applied (all heads)
    with engine.connect() as c:
        assert set(c.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()) \
            == heads
    assert "0003_pg_append_only" in heads  # every branch after 0002 is applied


def test_migration_from_revision_0001_keeps_every_version(db):
    engine = make_engine(db)
    upgrade(engine, "0001")
    assert "accounts" not in _tables(engine)
    old = Store(engine, migrate=False)
    old.save(demo("demo-cn-chen"), "ann")
    old.save(demo("demo-cn-chen").model_copy(update={"name": "second"}), "ann", based_on=1)
    before = old.history("demo-cn-chen")
    engine.dispose()

    new = Store(db)  # opening the store upgrades to head
    assert {"accounts", "assignments", "audit_log"} <= _tables(new.engine)
    assert new.history("demo-cn-chen") == before
    assert new.load("demo-cn-chen", 1) == demo("demo-cn-chen")
    create_account(new, "ann", "ann-password-1")
    Store(db)  # upgrading again is a no-op

    from alembic import command

    from store.migrate import alembic_config

    command.downgrade(alembic_config(new.engine), "0001")
    assert "audit_log" not in _tables(new.engine)
    assert Store(new.engine, migrate=False).history("demo-cn-chen") == before


def test_an_edit_that_skipped_validation_is_refused_and_nothing_is_saved(db):
    """``model_copy`` does not validate: the store re-validates, so no unreadable version is ever
    written (found by the kill -9 test: a name with a trailing space changed its digest on load)."""
    from household import HouseholdError

    store = Store(db)
    store.save(demo("demo-cn-chen"), "ann")
    hh = store.load("demo-cn-chen")
    bad_holding = hh.holdings[0].model_copy(update={"value": float("nan")})
    for broken in (hh.model_copy(update={"name": ""}),
                   hh.model_copy(update={"holdings": [bad_holding, *hh.holdings[1:]]}),
                   hh.model_copy(update={"base_currency": "yen"})):
        with pytest.raises(HouseholdError):
            store.save(broken, "ann", based_on=1)
    assert [r.version for r in store.history("demo-cn-chen")] == [1]
    info = store.save(hh.model_copy(update={"name": " padded "}), "ann", based_on=1)
    assert store.load("demo-cn-chen").name == "padded"
    assert sha256(store.load("demo-cn-chen")) == info.sha256
