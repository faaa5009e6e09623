"""The demo database gets a generated book once: imported into the book store (clients, accounts,
transactions) with the families' household files saved beside the demo households."""

from __future__ import annotations

from book.demo import ensure_demo_book
from book.store import BookStore
from cli.demo_book import main


def test_demo_book_is_imported_once(tmp_path, capsys):
    db = str(tmp_path / "k.db")
    folder, summary = ensure_demo_book(db, families=4, months=14)
    assert summary.tables["transactions"]["new"] > 1000
    assert (folder / "book.json").exists() and folder.with_name("demo-book.planted.json").exists()
    store = BookStore(db)
    ids = {h["id"] for h in store.households.list()}
    assert {"HH00000", "HH00001", "HH00002", "HH00003"} <= ids
    assert len(store.latest_rows("clients")) == summary.tables["clients"]["new"]
    assert ensure_demo_book(db, families=4, months=14) is None
    assert main(["--db", db, "--families", "4"]) == 0
    assert "already imported" in capsys.readouterr().out
