"""Where an imported book is kept, and the incremental import.

Two stores, each for what it is good at:

- **Transactions and balances: Parquet files managed through DuckDB.** They are millions of
  append-only rows that are only ever scanned by column (sums per account, last activity, flows per
  month). DuckDB is embedded (no server to run beside Kinfolio), reads and writes Parquet natively,
  scans it with several threads and compressed columns (3 million transactions are ~40 MB of
  Parquet), and joins it to the SQL tables in the same query. A row store (SQLite, PostgreSQL)
  would hold them too, but every book-wide scan would read whole rows, and an import of 3 million
  rows through an ORM takes minutes, not seconds. Each import appends one file per table
  (``transactions/import-000042.parquet``) holding only rows not loaded before, so nothing is
  rewritten and an interrupted import leaves only a temporary file that is never read.
- **Clients, accounts, relationships: the SQL store beside the households** (SQLite by default,
  PostgreSQL on a bank's server; tables ``book_*`` from migration ``0003_book``). They are small,
  change rarely, and are versioned like households: a changed row is a new version, a row gone
  from the export is a version marked ``removed``; triggers keep them append-only.

An import is incremental: a transaction whose ``txn_id`` is already stored is not loaded again (a
stored transaction whose content differs in the new export is counted as ``amended`` and kept as
first loaded: booked transactions are corrected by new transactions, not edits); a balance for an
(account, month end) already stored is loaded again only when its value changed (``restated``;
readers take the latest import). Household files of the book are saved as new household versions
when they changed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    select,
)

from .frames import TABLES, BookMeta
from .reader import KEYS, OpenBook, duckdb_connection

_meta = MetaData()


def _versioned(name: str, key: tuple[str, ...], cols: list[Column]) -> Table:
    return Table(name, _meta, *(Column(k, String(64), primary_key=True) for k in key),
                 Column("version", Integer, primary_key=True),
                 Column("import_id", Integer, nullable=False),
                 Column("removed", Boolean, nullable=False),
                 Column("sha256", String(64), nullable=False), *cols)


imports = Table(
    "book_imports", _meta,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("source", String(1000), nullable=False),
    Column("summary", Text, nullable=False),
)
SQL_TABLES: dict[str, Table] = {
    "clients": _versioned("book_clients", ("client_id",), [
        Column("kind", String(16)), Column("name", String(500)), Column("birth_date", Date),
        Column("sex", String(1)), Column("banker", String(200)), Column("branch", String(200)),
        Column("opened", Date), Column("risk_level", String(2)),
        Column("kyc_review_due", Date), Column("employees", BigInteger)]),
    "accounts": _versioned("book_accounts", ("account_id",), [
        Column("client_id", String(64)), Column("kind", String(32)), Column("currency", String(3)),
        Column("opened", Date), Column("closed", Date), Column("maturity", Date),
        Column("product_id", String(200)), Column("limit", Float)]),
    "relationships": _versioned("book_relationships", ("from_client", "to_client", "kind"), [
        Column("share", Float), Column("since", Date)]),
}
PARQUET_TABLES = ("transactions", "balances")
SHOWN_IDS = 50  # ids listed per change in the summary


@dataclass(frozen=True)
class ImportSummary:
    """What an import changed. ``tables``: per table the counts by change; ``ids``: per table and
    change the first ids (at most 50)."""

    import_id: int
    as_of: dt.date
    tables: dict[str, dict[str, int]]
    ids: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    households: dict[str, list[str]] = field(default_factory=dict)

    @property
    def loaded_anything(self) -> bool:
        new = ("new", "changed", "removed", "restated")
        return any(v.get(k, 0) for v in self.tables.values() for k in new) or \
            any(self.households.get(k) for k in ("new", "changed"))

    def as_json(self) -> dict[str, Any]:
        return {"import_id": self.import_id, "as_of": self.as_of.isoformat(),
                "tables": self.tables, "ids": self.ids, "households": self.households}


def default_data_dir(engine: Engine) -> Path:
    """Parquet files beside the SQLite file (``kinfolio.db`` -> ``kinfolio-book/``); for a server
    database ``KINFOLIO_BOOK_DIR``, else the user's data directory."""
    env = os.environ.get("KINFOLIO_BOOK_DIR")
    if env:
        return Path(env).expanduser()
    db = engine.url.database if engine.dialect.name == "sqlite" else None
    if db and db != ":memory:":
        p = Path(db)
        return p.with_name(f"{p.stem}-book")
    from platformdirs import user_data_dir

    return Path(user_data_dir("kinfolio", appauthor=False)) / "book"


def _q(name: str) -> str:
    return '"' + name + '"'


class BookStore:
    """The imported book: SQL tables for clients, accounts, relationships; Parquet for the rest."""

    def __init__(self, db: str | os.PathLike | Engine | None = None,
                 data_dir: str | os.PathLike | None = None):
        from store.storage import Store

        self.households = Store(db)
        self.engine = self.households.engine
        self.data = Path(data_dir) if data_dir is not None else default_data_dir(self.engine)

    # -- reading
    def parquet_glob(self, table: str) -> str | None:
        folder = self.data / table
        return str(folder / "*.parquet") if folder.is_dir() and any(folder.glob("*.parquet")) \
            else None

    def _restated_balances(self) -> bool:
        """Whether an import restated a stored balance (then the latest import of each account
        and date must be chosen when reading; the import's summary counts them)."""
        return any(i["summary"].get("tables", {}).get("balances", {}).get("restated", 0)
                   for i in self.imports())

    def imports(self) -> list[dict[str, Any]]:
        with self.engine.connect() as c:
            rows = c.execute(select(imports).order_by(imports.c.id)).all()
        return [{"import_id": r.id, "at": r.at.isoformat(), "actor": r.actor,
                 "as_of": r.as_of.isoformat(), "source": r.source,
                 "summary": json.loads(r.summary)} for r in rows]

    def meta(self) -> BookMeta | None:
        """``book.json`` of the latest import (None before the first)."""
        from types import MappingProxyType

        last = self.imports()[-1:] or [None]
        if last[0] is None or "meta" not in last[0]["summary"]:
            return None
        m = last[0]["summary"]["meta"]
        return BookMeta(as_of=dt.date.fromisoformat(last[0]["as_of"]),
                        base_currency=m["base_currency"], fx=MappingProxyType(m["fx"]),
                        bank=m.get("bank", ""))

    def search_clients(self, text: str, kind: str | None = None, limit: int = 20
                       ) -> list[dict[str, Any]]:
        """Current clients whose name contains ``text`` (in either Chinese script: 陈 finds 陳)
        or whose client_id starts with it; for linking a household member to the book."""
        import opencc

        q = text.strip()
        if not q:
            return []
        variants = sorted({q, opencc.OpenCC("t2s").convert(q), opencc.OpenCC("s2t").convert(q)})
        con = self.connect()
        try:
            where = " OR ".join(["contains(lower(name), lower(?))"] * len(variants))
            kind_sql = "AND CAST(kind AS VARCHAR) = ?" if kind else ""
            rows = con.execute(
                f"SELECT client_id, CAST(kind AS VARCHAR), name, birth_date, banker FROM clients "
                f"WHERE ({where} OR starts_with(client_id, ?)) {kind_sql} "
                f"ORDER BY name, client_id LIMIT ?",
                [*variants, q, *([kind] if kind else []), int(limit)]).fetchall()
        finally:
            con.close()
        return [{"client_id": r[0], "kind": r[1], "name": r[2], "birth_date": r[3],
                 "banker": r[4]} for r in rows]

    def latest_rows(self, table: str) -> list[dict[str, Any]]:
        """The current (latest, not removed) version of every row of a SQL table."""
        t = SQL_TABLES[table]
        key = [t.c[k] for k in KEYS[table]]
        last = (select(*key, func.max(t.c.version).label("v")).group_by(*key).subquery())
        q = select(t).join(last, (t.c.version == last.c.v) & _and(
            [t.c[k] == last.c[k] for k in KEYS[table]])).where(t.c.removed.is_(False))
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(q)]

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with views ``transactions`` and ``balances`` over the Parquet files
        (balances: the latest import of each account and date) and tables ``clients``,
        ``accounts``, ``relationships`` holding the current versions from SQL."""
        import pandas as pd

        con = duckdb_connection()
        current = self.data / "current"
        for name in ("household_facts", "household_links"):
            if (current / f"{name}.parquet").is_file():
                con.execute(f"CREATE VIEW {name} AS SELECT * FROM "
                            f"read_parquet('{current / name}.parquet')")
        for table in SQL_TABLES:
            cols = [c.name for c in TABLES[table]]
            if (current / f"{table}.parquet").is_file():
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM "
                            f"read_parquet('{current / table}.parquet')")
                continue
            df = pd.DataFrame(self.latest_rows(table), columns=[
                *cols, "version", "import_id", "removed", "sha256"])[cols]
            con.register(f"_{table}_df", df)
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM _{table}_df")
            con.unregister(f"_{table}_df")
        for table in PARQUET_TABLES:
            cols = ", ".join(_q(c.name) for c in TABLES[table])
            glob = self.parquet_glob(table)
            if glob is None:
                types = ", ".join(f"CAST(NULL AS {_plain_type(c.type)}) AS {_q(c.name)}"
                                  for c in TABLES[table])
                con.execute(f"CREATE VIEW {table} AS SELECT {types} WHERE false")
            elif table == "balances" and not self._restated_balances():
                # every (account, date) is stored once: no import restated a balance
                con.execute(f"CREATE VIEW balances AS SELECT {cols} FROM read_parquet('{glob}')")
            elif table == "balances":
                con.execute(f"CREATE VIEW balances AS SELECT account_id, date, "
                            f"arg_max(balance, import_id) AS balance FROM read_parquet('{glob}') "
                            f"GROUP BY account_id, date")
            else:
                con.execute(f"CREATE VIEW {table} AS SELECT {cols} FROM read_parquet('{glob}')")
        return con

    # -- writing
    def import_book(self, book: OpenBook, actor: str, source: str | None = None
                    ) -> ImportSummary:
        """Load what is new in ``book`` (validated by :func:`book.open_book`)."""
        self.data.mkdir(parents=True, exist_ok=True)
        now = dt.datetime.now(dt.UTC)
        tables: dict[str, dict[str, int]] = {}
        ids: dict[str, dict[str, list[str]]] = {}
        written: list[tuple[Path, Path]] = []
        hh_plan = self._household_plan(book)
        # the household documents and facts (pure Python) are made in one thread and the new
        # transactions and balances written to Parquet in another, with their own DuckDB
        # connection, while this thread compares and stores the clients, accounts and
        # relationships: DuckDB and SQLite release the GIL while they work
        pool = ThreadPoolExecutor(2)
        derived = pool.submit(_documents_and_facts, hh_plan, book)
        writer = None
        try:
            with self.engine.begin() as c:
                import_id = (c.execute(select(func.max(imports.c.id))).scalar() or 0) + 1
                # results without ORDER BY may come in any order (a global setting: it also
                # holds for the snapshots below, as it always has)
                book.con.execute("SET preserve_insertion_order = false")
                plans = {}
                for table in PARQUET_TABLES:
                    tables[table], plans[table] = self._parquet_plan(book, table, import_id)
                writer = pool.submit(self._write_parquet, book.con.cursor(), plans, import_id)
                rows: dict[str, list[tuple]] = {}
                for table in SQL_TABLES:
                    tables[table], ids[table], rows[table] = self._versions(c, book, table,
                                                                            import_id)
                tables = {t: tables[t] for t in (*SQL_TABLES, *PARQUET_TABLES)}
                summary = ImportSummary(import_id, book.meta.as_of, tables, ids,
                                        {k: [h for h, _, _ in v] for k, v in hh_plan.items()})
                meta = {"base_currency": book.meta.base_currency, "fx": dict(book.meta.fx),
                        "bank": book.meta.bank}
                c.execute(imports.insert().values(
                    id=import_id, at=now, actor=actor[:200], as_of=book.meta.as_of,
                    source=(source or str(book.path))[:1000],
                    summary=json.dumps({**summary.as_json(), "meta": meta},
                                       ensure_ascii=False)))
                for table, batch in rows.items():
                    _insert_many(c, SQL_TABLES[table], batch)
                docs, facts = derived.result()
                self._save_households(c, hh_plan, docs, actor, import_id, now)
                written += self._snapshots(book, facts)
                written += writer.result()
        except BaseException:
            if writer is not None:
                written += _quietly(writer)
            for tmp, _ in written:
                tmp.unlink(missing_ok=True)
            raise
        finally:
            pool.shutdown(wait=True)
        for tmp, final in written:
            tmp.replace(final)
        return summary

    def _snapshots(self, book: OpenBook, facts: tuple[Any, Any]) -> list[tuple[Path, Path]]:
        """The current clients, accounts and relationships (the validated export is exactly the
        latest version of every row) and the household facts (``facts``: the frames of
        :func:`book.facts.household_facts`), as Parquet beside the transactions, so that
        book-wide scans read columns instead of SQL rows and household files. The SQL tables
        stay the record; these are rewritten by every import."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        folder = self.data / "current"
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for table in SQL_TABLES:
            tmp = folder / f"{table}.parquet.tmp"
            book.con.execute(f"COPY (SELECT * FROM {table}) TO '{tmp}' (FORMAT parquet)")
            out.append((tmp, tmp.with_suffix("")))
        for name, tbl in zip(("household_facts", "household_links"), facts, strict=True):
            tmp = folder / f"{name}.parquet.tmp"
            pq.write_table(pa.Table.from_pandas(tbl, preserve_index=False), tmp)
            out.append((tmp, tmp.with_suffix("")))
        return out

    def _versions(self, c, book: OpenBook, table: str, import_id: int
                  ) -> tuple[dict[str, int], dict[str, list[str]], list[tuple]]:
        """Compare the export with the latest stored versions (in DuckDB) and return the counts,
        the first ids of each change and the rows to insert (tuples in the SQL table's column
        order)."""
        import pandas as pd

        t = SQL_TABLES[table]
        key = KEYS[table]
        cols = [col.name for col in TABLES[table]]
        k_sql = ", ".join(_q(k) for k in key)
        digest = ("sha256(concat_ws(chr(31), " + ", ".join(
            f"coalesce(CAST(n.{_q(n)} AS VARCHAR), chr(0))" for n in cols) + "))")
        last = (select(*(t.c[k] for k in key), func.max(t.c.version).label("v"))
                .group_by(*(t.c[k] for k in key)).subquery())
        stored = pd.DataFrame(c.execute(
            select(*(t.c[k] for k in key), t.c.version, t.c.sha256, t.c.removed)
            .join(last, (t.c.version == last.c.v) & _and([t.c[k] == last.c[k] for k in key]))
        ).all(), columns=[*key, "version", "sha256", "removed"]).astype(
            {**dict.fromkeys(key, "string"), "version": "int64", "sha256": "string",
             "removed": "bool"})
        con = book.con
        con.register("_stored_df", stored)
        con.execute("CREATE OR REPLACE TEMP TABLE _stored AS SELECT * FROM _stored_df")
        con.unregister("_stored_df")
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _change AS
            SELECT n.*, {digest} AS _sha,
                   s.version AS _prev, s.removed AS _was_removed, s.sha256 AS _prev_sha
            FROM {table} n LEFT JOIN _stored s USING ({k_sql})""")
        counts_row = con.execute("""SELECT
            count(*) FILTER (WHERE _prev IS NULL OR _was_removed),
            count(*) FILTER (WHERE _prev IS NOT NULL AND NOT _was_removed AND _sha <> _prev_sha),
            count(*) FILTER (WHERE _prev IS NOT NULL AND NOT _was_removed AND _sha = _prev_sha)
            FROM _change""").fetchone()
        removed_n = con.execute(f"SELECT count(*) FROM _stored s ANTI JOIN {table} n "
                                f"USING ({k_sql}) WHERE NOT s.removed").fetchone()[0]
        sqlite = c.dialect.name == "sqlite"

        def value(name: str, prefix: str = "") -> str:
            col = next((x for x in TABLES[table] if x.name == name), None)
            q = f"{prefix}{_q(name)}"
            if col is not None and (col.type == "choice" or (sqlite and col.type == "date")):
                return f"CAST({q} AS VARCHAR)"
            return q

        order = [col.name for col in t.columns]
        fields = {**{k: value(k) for k in key}, "version": "coalesce(_prev, 0) + 1",
                  "import_id": str(import_id), "removed": "false", "sha256": "_sha",
                  **{n: value(n) for n in cols if n not in key}}
        rows = con.execute(
            f"SELECT {', '.join(fields[n] for n in order)} FROM _change "
            f"WHERE _prev IS NULL OR _was_removed OR _sha <> _prev_sha ORDER BY {k_sql}"
        ).fetchall()
        gone = {**{k: f"s.{_q(k)}" for k in key}, "version": "s.version + 1",
                "import_id": str(import_id), "removed": "true", "sha256": "s.sha256"}
        rows += con.execute(
            f"SELECT {', '.join(gone.get(n, 'NULL') for n in order)} FROM _stored s "
            f"ANTI JOIN {table} n USING ({k_sql}) WHERE NOT s.removed ORDER BY {k_sql}"
        ).fetchall()

        def ids(where: str, source: str = "_change") -> list[str]:
            return [" ".join(str(x) for x in r) for r in con.execute(
                f"SELECT {k_sql} FROM {source} WHERE {where} ORDER BY {k_sql} "
                f"LIMIT {SHOWN_IDS}").fetchall()]

        shown = {"new": ids("_prev IS NULL OR _was_removed"),
                 "changed": ids("_prev IS NOT NULL AND NOT _was_removed AND _sha <> _prev_sha"),
                 "removed": ids(f"NOT removed AND ({k_sql}) NOT IN (SELECT ({k_sql}) FROM "
                                f"{table})", "_stored")}
        counts = {"new": counts_row[0], "changed": counts_row[1], "removed": removed_n,
                  "unchanged": counts_row[2]}
        return counts, shown, rows

    def _parquet_plan(self, book: OpenBook, table: str, import_id: int
                      ) -> tuple[dict[str, int], str | None]:
        """The counts of what is new in ``table`` and the query of the rows to append (None when
        there are none)."""
        cols = [c.name for c in TABLES[table]]
        # choice columns are written as loaded (DuckDB ENUMs are Parquet strings)
        sel = ", ".join(f"n.{_q(n)}" for n in cols)
        key = KEYS[table]
        on = " AND ".join(f"n.{_q(k)} = s.{_q(k)}" for k in key)
        glob = self.parquet_glob(table)
        con = book.con
        total = book.count(table)
        if glob is None:
            fresh = f"SELECT {sel}, {import_id} AS import_id FROM {table} n"
            counts = {"new": total, "already_loaded": 0}
        elif table == "transactions":
            stored = f"read_parquet('{glob}')"
            fresh = (f"SELECT {sel}, {import_id} AS import_id FROM {table} n "
                     f"ANTI JOIN {stored} s ON {on}")
            diff = " OR ".join(
                f"CAST(n.{_q(x)} AS VARCHAR) IS DISTINCT FROM CAST(s.{_q(x)} AS VARCHAR)"
                for x in cols if x not in key)
            again, amended = con.execute(
                f"SELECT count(*), count(*) FILTER (WHERE {diff}) FROM {table} n "
                f"JOIN {stored} s ON {on}").fetchall()[0]
            counts = {"new": total - again, "already_loaded": again - amended,
                      "amended": amended}
        else:  # balances: the latest stored value per key
            stored = (f"(SELECT account_id, date, arg_max(balance, import_id) AS balance "
                      f"FROM read_parquet('{glob}') GROUP BY ALL)")
            fresh = (f"SELECT {sel}, {import_id} AS import_id FROM {table} n "
                     f"LEFT JOIN {stored} s ON {on} "
                     f"WHERE s.account_id IS NULL OR s.balance IS DISTINCT FROM n.balance")
            new, restated = con.execute(
                f"SELECT count(*) FILTER (WHERE s.account_id IS NULL), "
                f"count(*) FILTER (WHERE s.account_id IS NOT NULL AND s.balance IS DISTINCT FROM "
                f"n.balance) FROM {table} n LEFT JOIN {stored} s ON {on}").fetchall()[0]
            counts = {"new": new, "restated": restated, "already_loaded": total - new - restated}
        if counts["new"] + counts.get("restated", 0) == 0:
            return counts, None
        return counts, fresh

    def _write_parquet(self, con: duckdb.DuckDBPyConnection, plans: dict[str, str | None],
                       import_id: int) -> list[tuple[Path, Path]]:
        """Each table's new rows as one Parquet file (``import-NNNNNN.parquet.tmp``, renamed
        when the import commits), through ``con``: a connection of its own, for a thread."""
        out: list[tuple[Path, Path]] = []
        try:
            for table, fresh in plans.items():
                if fresh is None:
                    continue
                folder = self.data / table
                folder.mkdir(parents=True, exist_ok=True)
                tmp = folder / f"import-{import_id:06d}.parquet.tmp"
                out.append((tmp, tmp.with_suffix("")))
                # snappy: a little larger than zstd, much cheaper to write
                con.execute(f"COPY ({fresh}) TO '{tmp}' (FORMAT parquet, COMPRESSION snappy)")
        except BaseException:
            for tmp, _ in out:
                tmp.unlink(missing_ok=True)
            raise
        finally:
            con.close()
        return out

    def _household_plan(self, book: OpenBook) -> dict[str, list[tuple[str, Any, int | None]]]:
        """The book's household files that are new or changed against the store (one query)."""
        from household.io import sha256
        from store.storage import versions

        last = (select(versions.c.household_id, func.max(versions.c.version).label("v"))
                .group_by(versions.c.household_id).subquery())
        with self.engine.connect() as c:
            stored = {r[0]: (r[1], r[2]) for r in c.execute(
                select(versions.c.household_id, versions.c.version, versions.c.sha256).join(
                    last, (versions.c.household_id == last.c.household_id)
                    & (versions.c.version == last.c.v)))}
        out: dict[str, list[tuple[str, Any, int | None]]] = {"new": [], "changed": [],
                                                             "unchanged": []}
        for hid, hh in sorted(book.households.items()):
            if hid not in stored:
                out["new"].append((hid, hh, None))
            elif stored[hid][1] == sha256(hh):
                out["unchanged"].append((hid, hh, stored[hid][0]))
            else:
                out["changed"].append((hid, hh, stored[hid][0]))
        return out

    @staticmethod
    def _save_households(c, plan: dict[str, list[tuple[str, Any, int | None]]],
                         docs: dict[str, tuple[str, str]], actor: str, import_id: int,
                         now: dt.datetime) -> None:
        """New household versions in the import's transaction: the files were validated by the
        reader, so this is ``Store.save`` without a transaction (and fsync) per household."""
        from store.audit import audit_log
        from store.storage import households, versions

        comment = f"book import {import_id}"
        new_rows, version_rows, audit_rows, renamed = [], [], [], []
        for kind in ("new", "changed"):
            for hid, hh, latest in plan[kind]:
                if latest is None:
                    new_rows.append({"id": hid, "name": hh.name, "created_at": now})
                else:
                    renamed.append((hid, hh.name))
                v = (latest or 0) + 1
                version_rows.append({"household_id": hid, "version": v, "saved_at": now,
                                     "saved_by": actor, "sha256": docs[hid][0],
                                     "comment": comment, "document": docs[hid][1]})
                audit_rows.append({"at": now, "actor": actor[:200], "action": "change",
                                   "household_id": hid, "version": v, "detail": comment})
        if new_rows:
            c.execute(households.insert(), new_rows)
        for hid, name in renamed:
            c.execute(households.update().where(households.c.id == hid).values(name=name))
        if version_rows:
            c.execute(versions.insert(), version_rows)
            c.execute(audit_log.insert(), audit_rows)


def _insert_many(c, t: Table, rows: list[tuple]) -> None:
    """Rows (tuples in the table's column order) inserted through the driver's executemany:
    SQLAlchemy's per-row parameter processing costs more than the database for tens of
    thousands of rows."""
    if not rows:
        return
    names = [col.name for col in t.columns]
    quote = c.dialect.identifier_preparer.quote
    mark = "?" if c.dialect.paramstyle == "qmark" else "%s"
    c.exec_driver_sql(
        f"INSERT INTO {quote(t.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join([mark] * len(names))})", rows)


def _documents_and_facts(plan: dict[str, list[tuple[str, Any, int | None]]], book: OpenBook
                         ) -> tuple[dict[str, tuple[str, str]], tuple[Any, Any]]:
    """The new and changed households' (sha256, canonical document) and the household facts and
    links of the whole book (:func:`book.facts.household_facts`): pure Python, for a thread."""
    from household.io import dumps_dict, sha256_dict, to_dict

    from .facts import household_facts

    docs = {}
    for kind in ("new", "changed"):
        for hid, hh, _ in plan[kind]:
            d = to_dict(hh)
            docs[hid] = (sha256_dict(d), dumps_dict(d))
    return docs, household_facts(book.households, book.meta)


def _quietly(future) -> list[tuple[Path, Path]]:
    """What a writer thread wrote, once it is done, whatever became of it (for cleaning up)."""
    try:
        return future.result()
    except BaseException:  # it removed its own files
        return []


def _and(conds: list):
    from sqlalchemy import and_

    return and_(*conds)


def _plain_type(t: str) -> str:
    return {"date": "DATE", "money": "DOUBLE", "fraction": "DOUBLE", "int": "BIGINT"}.get(
        t, "VARCHAR")
