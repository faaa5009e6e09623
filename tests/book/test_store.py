"""Incremental import: the second import of the same export loads nothing; a changed client row is
a new version; only new transactions are appended; versions are append-only."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from book import open_book
from book.store import BookStore
from cli import main

from .conftest import SMALL


@pytest.fixture
def store(db, tmp_path):
    """The book store on SQLite and on PostgreSQL (the ``db`` fixture of tests/conftest.py)."""
    return BookStore(db, tmp_path / "parquet")


def _import(store, path):
    with open_book(path) as b:
        return store.import_book(b, "rm.test")


def test_importing_twice_loads_nothing_new_the_second_time(store):
    first = _import(store, SMALL)
    assert first.tables["transactions"] == {"new": 16, "already_loaded": 0}
    assert first.tables["clients"]["new"] == 11 and first.households["new"] == ["hh-chen"]
    second = _import(store, SMALL)
    assert not second.loaded_anything
    assert second.tables["transactions"] == {"new": 0, "already_loaded": 16, "amended": 0}
    assert second.tables["balances"] == {"new": 0, "restated": 0, "already_loaded": 17}
    for t in ("clients", "accounts", "relationships"):
        assert second.tables[t]["new"] == second.tables[t]["changed"] == 0
    assert second.households == {"new": [], "changed": [], "unchanged": ["hh-chen"]}
    con = store.connect()
    assert con.execute("SELECT count(*), sum(amount) FROM transactions").fetchone() == \
        (16, pytest.approx(-563230.5))  # by hand: -257,880 - 106,350.5 - 199,000
    assert len(list((store.data / "transactions").glob("*.parquet"))) == 1
    assert [i["import_id"] for i in store.imports()] == [1, 2]
    assert store.imports()[1]["summary"]["tables"]["transactions"]["new"] == 0


def test_a_changed_client_is_a_new_version_and_only_new_rows_are_loaded(store, small_book):
    _import(store, small_book)
    clients = small_book / "clients.csv"
    clients.write_text(clients.read_text(encoding="utf-8-sig").replace(
        "C301,person,Alice Retail,1985-12-01,F,rm.zhang", "C301,person,Alice Retail,1985-12-01,F,"
        "rm.li"), encoding="utf-8")
    # the next export holds only the last two months (a window): October's part is gone
    (small_book / "transactions" / "part-2026-10.csv").unlink()
    (small_book / "transactions" / "part-2026-12.csv").write_text(
        "txn_id,account_id,date,amount,kind\nT0301,A301,2026-11-30,100,cash\n"
        "T0001,A001,2026-10-15,50001,dividend\n", encoding="utf-8")
    bal = small_book / "balances.csv"
    bal.write_text(bal.read_text().replace("A301,2026-10-31,60000", "A301,2026-10-31,60500"))
    s = _import(store, small_book)
    assert s.tables["clients"] == {"new": 0, "changed": 1, "removed": 0, "unchanged": 10}
    assert s.ids["clients"]["changed"] == ["C301"]
    # T0001 is already loaded: a different amount is reported, the first one kept
    assert s.tables["transactions"] == {"new": 1, "already_loaded": 10, "amended": 1}
    assert s.tables["balances"] == {"new": 0, "restated": 1, "already_loaded": 16}
    rows = {r["client_id"]: r for r in store.latest_rows("clients")}
    assert rows["C301"]["banker"] == "rm.li" and rows["C301"]["version"] == 2
    assert rows["C001"]["version"] == 1
    con = store.connect()
    assert con.execute("SELECT count(*) FROM transactions").fetchone()[0] == 17
    assert con.execute("SELECT amount FROM transactions WHERE txn_id = 'T0001'").fetchall() == \
        [(50000.0,)]
    assert con.execute("SELECT balance FROM balances WHERE account_id = 'A301'").fetchall() == \
        [(60500.0,)]


def test_a_client_gone_from_the_export_is_a_removed_version(store, small_book):
    _import(store, small_book)
    for name, old in (("clients.csv", "C301,person,Alice Retail,1985-12-01,F,rm.zhang,SH-Pudong,"
                                      "2020-01-15,C2,,\n"),
                      ("accounts.csv", "A301,C301,savings,CNY,2020-01-15,,,,\n"),
                      ("balances.csv", "A301,2026-10-31,60000\n"),
                      ("relationships.csv", "C301,C001,referral,,\n"),
                      ("transactions/part-2026-11.csv",
                       "T0107,A301,2026-11-28,-5000,cash,,,,,atm\n")):
        p = small_book / name
        p.write_text(p.read_text(encoding="utf-8-sig").replace(old, ""), encoding="utf-8")
    s = _import(store, small_book)
    assert s.tables["clients"]["removed"] == 1 and s.ids["clients"]["removed"] == ["C301"]
    assert s.tables["accounts"]["removed"] == 1 and s.tables["relationships"]["removed"] == 1
    assert "C301" not in {r["client_id"] for r in store.latest_rows("clients")}
    # transactions already loaded stay: the store is the history, the export a window
    assert store.connect().execute("SELECT count(*) FROM transactions").fetchone()[0] == 16


def test_versions_are_append_only(store):
    _import(store, SMALL)
    for stmt in ("UPDATE book_clients SET name = 'x'", "DELETE FROM book_accounts",
                 "DELETE FROM book_imports"):
        with pytest.raises(DBAPIError), store.engine.begin() as c:
            c.execute(text(stmt))


def test_a_bad_book_stores_nothing(db, tmp_path, small_book, capsys):
    (small_book / "accounts.csv").write_text("account_id\nA1\n", encoding="utf-8")
    assert main(["book", "import", str(small_book), "--db", str(db),
                 "--store", str(tmp_path / "pq")]) == 2
    assert "accounts.csv:1: client_id: required column is missing" in capsys.readouterr().err
    assert not (tmp_path / "pq").exists()
    assert BookStore(db, tmp_path / "pq").imports() == []


def test_cli_import_says_what_changed(db, tmp_path, capsys):
    args = ["book", "import", str(SMALL), "--db", str(db),
            "--store", str(tmp_path / "pq")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "transactions: 16 new" in out and "households: 1 new" in out
    assert main([*args, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["tables"]["transactions"]["new"] == 0 and doc["import_id"] == 2
    assert main(args) == 0
    assert "nothing new" in capsys.readouterr().out


def test_an_unwritable_store_is_a_message_not_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    rc = main(["book", "import", str(SMALL), "--db", str(tmp_path / "k.db"),
               "--store", str(blocker / "pq")])
    err = capsys.readouterr().err
    assert rc == 2 and "Traceback" not in err
    assert "cannot write the book store" in err and "nothing was imported" in err
    assert BookStore(tmp_path / "k.db", tmp_path / "pq").imports() == []
