"""The imported book on PostgreSQL as on SQLite (issue 14 item 3): the same generated book
imported into both stores gives the same change summary, the same current clients, accounts and
relationships, the same segments, and a second import loads nothing on either."""

from __future__ import annotations

from book.generate import generate_book
from book.reader import open_book, read_households
from book.segments import segments
from book.store import BookStore


def _import_twice(db: str, data, folder):
    store = BookStore(db, data)
    with open_book(folder) as b:
        first = store.import_book(b, "test")
    with open_book(folder) as b:
        second = store.import_book(b, "test")
    return store, first, second


def _rows(store: BookStore, table: str) -> list[tuple]:
    drop = {"import_id", "version", "removed", "sha256"}
    out = []
    for r in store.latest_rows(table):
        out.append(tuple((k, str(v)) for k, v in sorted(r.items()) if k not in drop))
    return sorted(out)


def test_postgresql_and_sqlite_give_the_same_book(tmp_path, postgres_server):
    import uuid

    import sqlalchemy as sa

    folder = generate_book(tmp_path / "BOOK", 4, 14, seed=5).path
    url = sa.engine.make_url(postgres_server)
    name = f"kinfolio_book_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    pg = url.set(database=name).render_as_string(hide_password=False)
    try:
        lite, a1, a2 = _import_twice(str(tmp_path / "k.db"), tmp_path / "lite", folder)
        post, b1, b2 = _import_twice(pg, tmp_path / "post", folder)
        assert a1.tables == b1.tables and a1.tables["transactions"]["new"] > 1000
        assert not a2.loaded_anything and not b2.loaded_anything
        for table in ("clients", "accounts", "relationships"):
            assert _rows(lite, table) == _rows(post, table)
        households = read_households(folder)
        seg = [segments(s.connect(), s.meta(), households).as_json() for s in (lite, post)]
        assert seg[0] == seg[1] and seg[0]["clients"]
        assert lite.households.list() == post.households.list()
        post.engine.dispose()
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
