"""Storage: immutable versions, stale saves refused, round trip, invalid files never saved."""

from __future__ import annotations

import sqlite3

import pytest

from household import HouseholdError, StaleVersionError, demo, dumps, loads, sha256
from tests.household.corpus import BASE_TEXT


def test_every_save_is_a_new_version(store):
    hh = loads(BASE_TEXT)
    v1 = store.save(hh, "alice", based_on=None)
    changed = hh.model_copy(update={"name": "Renamed family"})
    v2 = store.save(changed, "bob", based_on=1, comment="rename")
    assert (v1.version, v2.version) == (1, 2)
    hist = store.history(hh.id)
    assert [h.version for h in hist] == [1, 2]
    assert [h.saved_by for h in hist] == ["alice", "bob"]
    assert hist[0].sha256 == sha256(hh) and hist[1].sha256 == sha256(changed)
    assert store.load(hh.id, 1) == hh
    assert store.load(hh.id) == changed
    assert store.latest_version(hh.id) == 2


def test_stale_save_is_refused_and_nothing_overwritten(store):
    hh = loads(BASE_TEXT)
    store.save(hh, "alice", based_on=None)
    store.save(hh.model_copy(update={"name": "A's edit"}), "alice", based_on=1)
    with pytest.raises(StaleVersionError, match="changed by someone else"):
        store.save(hh.model_copy(update={"name": "B's edit"}), "bob", based_on=1)
    with pytest.raises(StaleVersionError, match="already exists"):
        store.save(hh, "carol", based_on=None)
    assert store.load(hh.id).name == "A's edit"
    assert len(store.history(hh.id)) == 2


def test_export_writes_the_same_data(store):
    hh = demo("demo-tw-lin")
    store.save(hh, "alice", based_on=None)
    text = store.document(hh.id, 1)
    assert text == dumps(hh)
    assert loads(text) == hh


def test_invalid_file_is_never_saved(store):
    bad = BASE_TEXT.replace('"value": 5000000', '"value": -5')
    with pytest.raises(HouseholdError):
        store.import_file(bad.encode(), "alice")
    assert store.list() == []


def test_unknown_household_and_version(store):
    with pytest.raises(KeyError, match="no household"):
        store.history("nope")
    store.save(loads(BASE_TEXT), "a", based_on=None)
    with pytest.raises(KeyError, match="version 9"):
        store.document("base", 9)


def test_who_saves_must_be_named(store):
    with pytest.raises(HouseholdError, match="saved_by"):
        store.save(loads(BASE_TEXT), "  ", based_on=None)


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path):
    """SQLite only: its journal mode and foreign keys are per-connection pragmas."""
    from store.storage import Store

    store = Store(tmp_path / "kinfolio.db")
    store.ensure_demos()
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    con = sqlite3.connect(tmp_path / "kinfolio.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert {h["id"] for h in store.list()} == {"demo-cn-chen", "demo-tw-lin", "demo-hksg-wong"}


def test_demos_are_seeded_once(store):
    store.ensure_demos()
    store.ensure_demos()
    assert all(h["version"] == 1 for h in store.list())
