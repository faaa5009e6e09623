"""Reading a book folder (``kinfolio.book/1``): every file checked, every reference resolved.

DuckDB reads the CSV and Parquet files (typed columns, several threads, no Python loop over rows).
Cells that do not convert to their column's type are collected by DuckDB's ``store_rejects`` with
their physical line; the checks that need the whole table (required cells, id syntax, ranges,
duplicates, references) are SQL queries over the loaded rows. Only when something is wrong does a
Python pass map a row back to its line. Nothing is written anywhere: the tables live in an
in-memory DuckDB database owned by the :class:`OpenBook`.

Public API: :func:`read_book` (pandas frames, the ``BookFrames`` contract), :func:`open_book` (the
validated tables in DuckDB, for import and book-wide scans without copying into pandas),
:func:`read_meta` (``book.json`` only), :func:`book_problems` (every problem, or none).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from .errors import BookError, BookProblem, Problems
from .frames import FORMAT, TABLES, BookFrames, BookMeta, Column

if TYPE_CHECKING:
    from household.model import Household

ID_PATTERN = r"[A-Za-z0-9_.-]{1,64}"
_ID_RE = re.compile(ID_PATTERN)
_CURRENCY_RE = re.compile(r"[A-Z]{3}")
REQUIRED_TABLES = ("clients", "accounts", "transactions")
# A table's key: duplicates are refused.
KEYS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType({
    "clients": ("client_id",),
    "accounts": ("account_id",),
    "transactions": ("txn_id",),
    "balances": ("account_id", "date"),
    "relationships": ("from_client", "to_client", "kind"),
})
_REF_KEY = {"clients": "client_id", "accounts": "account_id"}
_REF_WORD = {"clients": "client", "accounts": "account"}
_TYPE_WORD = {"date": "a date YYYY-MM-DD", "money": "a decimal number", "fraction": "a number",
              "int": "a whole number", "id": "an id", "text": "text"}
_CONVERT_RE = re.compile(r'Could not convert string "(.*)" to', re.S)
_META_KEYS = {"format", "as_of", "base_currency", "fx", "bank"}


@dataclass(frozen=True)
class Source:
    """One file of a table: ``name`` as shown in problems (relative to the book folder)."""

    path: Path
    name: str
    kind: str  # "csv" | "parquet"


def duckdb_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB database, quiet (no progress bar on the terminal)."""
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    return con


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _shown(value: object) -> str:
    s = json.dumps(str(value), ensure_ascii=False)
    return s if len(s) <= 60 else s[:57] + '..."'


def _sql_type(table: str, col: Column) -> str:
    if col.type == "date":
        return "DATE"
    if col.type in ("money", "fraction"):
        return "DOUBLE"
    if col.type == "int":
        return "BIGINT"
    if col.type == "choice":
        return f"enum_{table}_{col.name}"
    return "VARCHAR"


# ----------------------------------------------------------------------------- book.json
def _iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _meta_problems(book: Path, problems: Problems) -> BookMeta | None:
    f = "book.json"
    try:
        data = (book / f).read_bytes()
    except FileNotFoundError:
        problems.add(f, message="missing: a book folder starts with book.json")
        return None
    except OSError as e:
        problems.add(f, message=f"cannot read: {e.strerror}")
        return None
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        problems.add(f, message=f"not UTF-8 text (byte {e.start})")
        return None
    except json.JSONDecodeError as e:
        problems.add(f, e.lineno, message=f"malformed JSON: {e.msg}")
        return None
    if not isinstance(raw, dict):
        problems.add(f, message="expected a JSON object")
        return None
    n = problems.total
    for k in sorted(set(raw) - _META_KEYS):
        problems.add(f, 0, k, "unknown key (not part of kinfolio.book/1)")
    if raw.get("format") != FORMAT:
        problems.add(f, 0, "format", f"must be \"{FORMAT}\" (got {_shown(raw.get('format'))})")
    as_of = _iso_date(raw.get("as_of"))
    if as_of is None:
        problems.add(f, 0, "as_of", f"expected a date YYYY-MM-DD (got {_shown(raw.get('as_of'))})")
    base = raw.get("base_currency")
    if not isinstance(base, str) or not _CURRENCY_RE.fullmatch(base):
        problems.add(f, 0, "base_currency", f"expected an ISO 4217 code such as CNY (got "
                     f"{_shown(base)})")
    fx = raw.get("fx", {})
    rates: dict[str, float] = {}
    if not isinstance(fx, dict):
        problems.add(f, 0, "fx", "expected an object of currency: rate")
    else:
        for cur, rate in fx.items():
            if not _CURRENCY_RE.fullmatch(cur):
                problems.add(f, 0, f"fx.{cur}", "not an ISO 4217 currency code")
            elif isinstance(rate, bool) or not isinstance(rate, (int, float)) or \
                    not math.isfinite(rate) or rate <= 0:
                problems.add(f, 0, f"fx.{cur}", f"expected a positive number (got {_shown(rate)})")
            else:
                rates[cur] = float(rate)
    bank = raw.get("bank", "")
    if not isinstance(bank, str):
        problems.add(f, 0, "bank", "expected text")
    if problems.total > n:
        return None
    return BookMeta(as_of=as_of, base_currency=base, fx=MappingProxyType(rates), bank=bank)


def read_meta(path: str | Path) -> BookMeta:
    """``book.json`` of a book folder; :class:`BookError` if it is not valid."""
    problems = Problems()
    meta = _meta_problems(Path(path), problems)
    problems.raise_if_any()
    assert meta is not None
    return meta


# ----------------------------------------------------------------------------- files
def _sources(book: Path, problems: Problems) -> dict[str, list[Source]]:
    out: dict[str, list[Source]] = {t: [] for t in TABLES}
    known = {"book.json", "households"}
    for table in TABLES:
        single = [Source(book / f"{table}.{k}", f"{table}.{k}", k) for k in ("csv", "parquet")
                  if (book / f"{table}.{k}").is_file()]
        known.update(s.name for s in single)
        parts: list[Source] = []
        folder = book / table
        if folder.is_dir():
            known.add(table)
            for p in sorted(folder.iterdir()):
                kind = p.suffix.lower().lstrip(".")
                if p.is_file() and kind in ("csv", "parquet"):
                    parts.append(Source(p, f"{table}/{p.name}", kind))
                elif not p.name.startswith("."):
                    problems.add(f"{table}/{p.name}", message="not a .csv or .parquet part")
            if not parts:
                problems.add(f"{table}/", message="folder holds no .csv or .parquet part")
        found = single + parts
        if len(found) > 1 and (len(single) > 1 or (single and parts)):
            problems.add(found[0].name, message="the table is given more than once ("
                         + ", ".join(s.name for s in found if s in single or s is parts[0])
                         + "); keep one file or one folder of parts")
            continue
        if not found and table in REQUIRED_TABLES:
            problems.add(f"{table}.csv", message="missing: a book needs clients.csv, "
                         "accounts.csv and transactions (.csv, .parquet or a folder of parts)")
        out[table] = found
    for p in sorted(book.iterdir()) if book.is_dir() else ():
        if p.name not in known and not p.name.startswith(".") and \
                p.suffix.lower() in (".csv", ".parquet", ".json"):
            problems.add(p.name, message="not a file of kinfolio.book/1 (check the name)")
    return out


def _header(src: Source, table: str, problems: Problems) -> list[str] | None:
    """The CSV header's column names, or None (with problems) when the rows cannot be read."""
    with open(src.path, "rb") as f:
        first = f.readline()
    text = first[3:] if first.startswith(b"\xef\xbb\xbf") else first
    if not text.strip():
        problems.add(src.name, 1, message="empty file: expected a header row naming the columns")
        return None
    try:
        line = text.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as e:
        problems.add(src.name, 1, message=f"not UTF-8 text (byte {e.start} of the header); "
                     "save the file as UTF-8")
        return None
    names = next(csv.reader([line]))
    return names if _columns_ok(src, table, [n.strip() for n in names], problems) else None


def _columns_ok(src: Source, table: str, names: list[str], problems: Problems) -> bool:
    spec = {c.name: c for c in TABLES[table]}
    if len(names) == 1 and (sep := next((x for x in (";", "\t", "|") if x in names[0]), None)):
        shown = "a tab" if sep == "\t" else f"'{sep}'"
        problems.add(src.name, 1, message=f"cells are separated by {shown}: kinfolio.book/1 "
                     "files separate them by commas")
        return False
    n = problems.total
    seen: set[str] = set()
    for name in names:
        if not name:
            problems.add(src.name, 1, message="a column has no name in the header")
        elif name in seen:
            problems.add(src.name, 1, name, "column appears twice in the header")
        elif name not in spec:
            problems.add(src.name, 1, name, "unknown column (not part of kinfolio.book/1; "
                         f"{table} has {', '.join(spec)})")
        seen.add(name)
    for c in TABLES[table]:
        if c.required and c.name not in seen:
            problems.add(src.name, 1, c.name, "required column is missing")
    return problems.total == n


# ----------------------------------------------------------------------------- the book
class OpenBook:
    """A validated book held in an in-memory DuckDB database: one table per spec table, named as
    the table (``clients``, ``accounts``, ...), with the spec's columns and SQL types (choices as
    ENUMs). Use as a context manager or call :meth:`close`."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection, meta: BookMeta,
                 sources: dict[str, list[Source]], households: dict[str, Household]):
        self.path = path
        self.con = con
        self.meta = meta
        self.sources = sources
        self.households = MappingProxyType(households)

    def __enter__(self) -> OpenBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def count(self, table: str) -> int:
        # fetchall: a result left unfinished (fetchone) blocks register() on the connection
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]

    def frame(self, table: str) -> pd.DataFrame:
        """One table as pandas with the dtypes documented in :mod:`book.frames`."""
        cols = TABLES[table]
        tbl = self.con.sql(f"SELECT {', '.join(_q(c.name) for c in cols)} FROM {table}").arrow()
        if isinstance(tbl, pa.RecordBatchReader):
            tbl = tbl.read_all()
        return to_frame(tbl, table)

    def frames(self) -> BookFrames:
        return BookFrames(meta=self.meta, households=self.households,
                          **{t: self.frame(t) for t in TABLES})


def to_frame(tbl: pa.Table, table: str) -> pd.DataFrame:
    """An Arrow table of a spec table as pandas with the documented dtypes."""
    string = pd.StringDtype("pyarrow")
    out = {}
    for c in TABLES[table]:
        arr = tbl.column(c.name)
        if c.type in ("id", "text"):
            out[c.name] = pd.Series(pd.arrays.ArrowStringArray(arr.cast(pa.large_string())
                                                               .combine_chunks()), dtype=string)
        elif c.type == "date":
            out[c.name] = pd.Series(arr.cast(pa.timestamp("ns")).to_pandas(),
                                    dtype="datetime64[ns]")
        elif c.type == "choice":
            out[c.name] = _categorical(arr, c.choices)
        elif c.type == "int":
            out[c.name] = pd.Series(arr.to_pandas(), dtype="Int64")
        else:
            out[c.name] = pd.Series(arr.to_numpy(zero_copy_only=False), dtype="float64")
    return pd.DataFrame(out)


def _categorical(arr: pa.ChunkedArray, choices: tuple[str, ...]) -> pd.Categorical:
    """A choice column as a pandas Categorical over the spec's choices. DuckDB's ENUMs arrive as
    Arrow dictionaries: their codes are remapped, no string is materialised."""
    if pa.types.is_dictionary(arr.type):
        d = arr.unify_dictionaries().combine_chunks() if arr.num_chunks else None
        if isinstance(d, pa.ChunkedArray):
            d = d.chunk(0) if d.num_chunks == 1 else None
        if d is not None:
            position = {v: i for i, v in enumerate(choices)}
            remap = np.array([position.get(v, -1) for v in d.dictionary.to_pylist()] or [-1],
                             dtype=np.int16)
            idx = d.indices.fill_null(0).to_numpy(zero_copy_only=False)
            codes = np.where(d.is_null().to_numpy(zero_copy_only=False), -1, remap[idx])
            return pd.Categorical.from_codes(codes, categories=list(choices))
    return pd.Categorical(arr.cast(pa.string()).to_pandas(), categories=list(choices))


class _Loader:
    def __init__(self, book: Path, con: duckdb.DuckDBPyConnection, problems: Problems):
        self.book = book
        self.con = con
        self.problems = problems
        self.sources: list[Source] = []  # index = _src
        self.rejected: dict[int, set[int]] = {}  # _src -> physical lines DuckDB rejected
        self.pending: list[tuple[int, int, str, str]] = []  # (_src, _rn, column, message)
        self.headers: dict[int, list[str]] = {}
        # ids of rows DuckDB rejected: references to them are not reported again
        self.rejected_ids: dict[str, set[str]] = {t: set() for t in _REF_KEY}
        self.rn_sql: dict[str, str] = {}  # table -> SQL of the record number (rn())

    # -- reading
    def create_types(self) -> None:
        for table, cols in TABLES.items():
            for c in cols:
                if c.type == "choice":
                    values = ", ".join(_lit(v) for v in c.choices)
                    self.con.execute(f"CREATE TYPE enum_{table}_{c.name} AS ENUM ({values})")

    def load(self, table: str, sources: list[Source]) -> None:
        selects = []
        for src in sources:
            sel = self._csv(table, src) if src.kind == "csv" else self._parquet(table, src)
            if sel is not None:
                selects.append(sel)
        cols = ", ".join(f"CAST(NULL AS {_sql_type(table, c)}) AS {_q(c.name)}"
                         for c in TABLES[table])
        empty = f"SELECT {cols}, 0 AS _src, CAST(0 AS BIGINT) AS _rn WHERE false"
        self.con.execute(f"CREATE TABLE {table} AS " + " UNION ALL ".join([empty, *selects]))
        first = self.con.execute(f"SELECT _src, min(rowid) FROM {table} WHERE _rn IS NULL "
                                 f"GROUP BY _src ORDER BY _src").fetchall()
        self.rn_sql[table] = "_rn" if not first else (
            "coalesce(_rn, rowid + 1 - CASE _src "
            + " ".join(f"WHEN {src} THEN {row}" for src, row in first) + " END)")

    def rn(self, table: str, alias: str = "") -> str:
        """The SQL of a row's record number in its source (1 = the first record after the
        header). A CSV's rows are stored in the file's order (DuckDB keeps insertion order:
        ``preserve_insertion_order`` is on while the book loads), so it is the row's position
        after the first row of its source; Parquet rows carry theirs."""
        expr = self.rn_sql[table]
        return expr if not alias else expr.replace("_rn", f"{alias}._rn").replace(
            "rowid", f"{alias}.rowid").replace("_src", f"{alias}._src")

    def _src_id(self, src: Source) -> int:
        self.sources.append(src)
        return len(self.sources) - 1

    def _csv(self, table: str, src: Source) -> str | None:
        names = _header(src, table, self.problems)
        if names is None:
            return None
        spec = {c.name: c for c in TABLES[table]}
        i = self._src_id(src)
        self.headers[i] = [n.strip() for n in names]
        columns = "{" + ", ".join(f"{_lit(n.strip())}: {_lit(_sql_type(table, spec[n.strip()]))}"
                                  for n in names) + "}"
        scan = (f"read_csv({_lit(str(src.path))}, header=true, auto_detect=false, delim=',', "
                f"quote='\"', escape='\"', dateformat='%Y-%m-%d', strict_mode=true, "
                f"columns={columns}, store_rejects=true, rejects_table='rej_{i}', "
                f"rejects_scan='rejscan_{i}')")
        present = {n.strip() for n in names}
        cols = ", ".join(_q(c.name) if c.name in present else
                         f"CAST(NULL AS {_sql_type(table, c)}) AS {_q(c.name)}"
                         for c in TABLES[table])
        # the record number is derived from the row's position later (rn()): a
        # row_number() window here ran single-threaded, a third of the whole load
        return f"SELECT {cols}, {i} AS _src, CAST(NULL AS BIGINT) AS _rn FROM {scan}"

    def _parquet(self, table: str, src: Source) -> str | None:
        try:
            desc = self.con.execute(f"DESCRIBE SELECT * FROM read_parquet({_lit(str(src.path))})"
                                    ).fetchall()
        except duckdb.Error:
            self.problems.add(src.name, message="not a readable Parquet file")
            return None
        present = {r[0]: r[1] for r in desc}
        if not _columns_ok(src, table, list(present), self.problems):
            return None
        i = self._src_id(src)
        scan = f"read_parquet({_lit(str(src.path))}, file_row_number=true)"
        cols = []
        for c in TABLES[table]:
            if c.name not in present:
                cols.append(f"CAST(NULL AS {_sql_type(table, c)}) AS {_q(c.name)}")
                continue
            cols.append(f"{self._parquet_cast(table, c, present[c.name])} AS {_q(c.name)}")
            bad = self.con.execute(
                f"SELECT file_row_number + 2, CAST({_q(c.name)} AS VARCHAR) FROM {scan} "
                f"WHERE {_q(c.name)} IS NOT NULL AND "
                f"{self._parquet_cast(table, c, present[c.name])} IS NULL "
                f"ORDER BY 1 LIMIT 1000").fetchall()
            for line, value in bad:
                self.problems.add(src.name, line, c.name, _expected(c, value))
        return f"SELECT {', '.join(cols)}, {i} AS _src, file_row_number + 2 AS _rn FROM {scan}"

    @staticmethod
    def _parquet_cast(table: str, c: Column, have: str) -> str:
        name = _q(c.name)
        if c.type == "date" and have.upper() in ("VARCHAR", "BLOB"):
            return f"CAST(try_strptime(CAST({name} AS VARCHAR), '%Y-%m-%d') AS DATE)"
        if c.type in ("choice", "id", "text"):
            return f"TRY_CAST(CAST({name} AS VARCHAR) AS {_sql_type(table, c)})"
        return f"TRY_CAST({name} AS {_sql_type(table, c)})"

    def collect_rejects(self) -> None:
        tables = {r[0] for r in self.con.execute("SELECT table_name FROM duckdb_tables()"
                                                 ).fetchall()}
        for i, src in enumerate(self.sources):
            if f"rej_{i}" not in tables:
                continue
            rows = self.con.execute(
                f"SELECT line, column_name, error_type, error_message, csv_line FROM rej_{i} "
                f"ORDER BY line").fetchall()
            self.rejected[i] = {r[0] for r in rows}
            table = src.name.split("/")[0].split(".")[0]
            spec = {c.name: c for c in TABLES[table]}
            if table in _REF_KEY and _REF_KEY[table] in self.headers.get(i, ()):
                k = self.headers[i].index(_REF_KEY[table])
                for *_, text in rows:
                    cells = next(csv.reader([text or ""]), [])
                    if k < len(cells):
                        self.rejected_ids[table].add(cells[k].strip())
            self.problems.count(max(0, len(rows) - 1000))
            for line, column, kind, message, _ in rows[:1000]:
                # DuckDB's line counts records (header = 1): ``-line`` marks it for flush()
                self.pending.append((i, -line, *_reject_text(spec, column, kind, message)))

    # -- checks over a loaded table
    def check(self, table: str, conditions: list[tuple[str, str, str, str]]) -> None:
        """``conditions``: (column, SQL condition for a bad row, SQL value shown, message)."""
        if not conditions:
            return
        counts = self.con.execute(
            "SELECT " + ", ".join(f"count(*) FILTER (WHERE {cond})" for _, cond, _, _ in conditions)
            + f" FROM {table}").fetchone()
        for (column, cond, value, message), n in zip(conditions, counts, strict=True):
            if not n:
                continue
            rows = self.con.execute(f"SELECT _src, {self.rn(table)}, {value} FROM {table} "
                                    f"WHERE {cond} ORDER BY 1, 2 LIMIT 1000").fetchall()
            for src, rn, v in rows:
                self.pending.append((src, rn, column, message.format(v=_shown(v), raw=v)))
            self.problems.count(n - len(rows))

    def check_table(self, table: str, meta: BookMeta | None) -> None:
        conds: list[tuple[str, str, str, str]] = []
        for c in TABLES[table]:
            q = _q(c.name)
            if c.required:
                conds.append((c.name, f"{q} IS NULL", "NULL", "required; the cell is empty"))
            if c.type == "id" and c.ref is None:
                conds.append((c.name, f"NOT regexp_full_match({q}, '{ID_PATTERN}')", q,
                              "not a valid id (letters, digits, _ . -; at most 64) (got {v})"))
            elif c.type in ("money", "fraction"):
                conds.append((c.name, f"NOT isfinite({q})", q, "not a finite number (got {v})"))
            if c.type == "fraction":
                conds.append((c.name, f"{q} < 0 OR {q} > 1", q,
                              "must be a fraction between 0 and 1 (got {v})"))
            elif c.type == "int":
                conds.append((c.name, f"{q} < 0", q, "must not be negative (got {v})"))
        if table == "clients":
            conds.append(("birth_date", "kind = 'person' AND birth_date IS NULL", "NULL",
                          "required for persons; the cell is empty"))
        elif table == "relationships":
            conds.append(("to_client", "from_client = to_client", "to_client",
                          "a client cannot be related to itself ({v})"))
        elif table == "accounts":
            conds.append(("currency", "NOT regexp_full_match(currency, '[A-Z]{3}')", "currency",
                          "not an ISO 4217 currency code (got {v})"))
            conds.append(("closed", "closed < opened", "closed", "closed before it was opened "
                          "({v})"))
            if meta is not None:
                known = ", ".join(_lit(x) for x in (meta.base_currency, *meta.fx))
                conds.append(("currency", f"regexp_full_match(currency, '[A-Z]{{3}}') AND "
                              f"currency NOT IN ({known})", "currency",
                              "no exchange rate for {raw} in book.json fx"))
        self.check(table, conds)

    def check_duplicates(self, table: str) -> None:
        key = KEYS[table]
        cols = ", ".join(_q(k) for k in key)
        total, distinct = self.con.execute(
            f"SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT {cols} FROM {table} "
            f"WHERE {' AND '.join(f'{_q(k)} IS NOT NULL' for k in key)})) FROM {table} "
            f"WHERE {' AND '.join(f'{_q(k)} IS NOT NULL' for k in key)}").fetchone()
        if total == distinct:
            return
        rows = self.con.execute(
            f"SELECT _src, rn, {cols}, first_value(_src) OVER w, first_value(rn) OVER w "
            f"FROM (SELECT *, {self.rn(table)} AS rn FROM {table}) "
            f"WHERE {' AND '.join(f'{_q(k)} IS NOT NULL' for k in key)} "
            f"WINDOW w AS (PARTITION BY {cols} ORDER BY _src, rn) QUALIFY row_number() OVER w > 1"
            f" ORDER BY _src, rn LIMIT 1000").fetchall()
        for src, rn, *rest in rows:
            first_src, first_rn = rest[-2:]
            what = " ".join(str(v) for v in rest[:-2])
            self.pending.append((src, rn, key[0], f"duplicate {' + '.join(key)} {_shown(what)} "
                                 f"(first at {{first:{first_src}:{first_rn}}})"))
        self.problems.count(total - distinct - len(rows))

    def check_references(self, table: str) -> None:
        for target, ids in self.rejected_ids.items():
            self.con.execute(f"CREATE TEMP TABLE IF NOT EXISTS rejected_{target} (id VARCHAR)")
            if ids:
                self.con.executemany(f"INSERT INTO rejected_{target} VALUES (?)",
                                     [(x,) for x in sorted(ids)])
                ids.clear()
        for c in TABLES[table]:
            if c.ref is None:
                continue
            target, key = c.ref, _REF_KEY[c.ref]
            q = _q(c.name)
            known = (f"(SELECT {_q(key)} AS id FROM {target} UNION ALL "
                     f"SELECT id FROM rejected_{target})")
            n = self.con.execute(f"SELECT count(*) FROM {table} t ANTI JOIN {known} r "
                                 f"ON t.{q} = r.id WHERE t.{q} IS NOT NULL").fetchone()[0]
            if not n:
                continue
            rows = self.con.execute(
                f"SELECT t._src, {self.rn(table, 't')}, t.{q} FROM {table} t ANTI JOIN {known} r "
                f"ON t.{q} = r.id WHERE t.{q} IS NOT NULL ORDER BY 1, 2 LIMIT 1000"
            ).fetchall()
            for src, rn, v in rows:
                self.pending.append((src, rn, c.name, f"unknown {_REF_WORD[target]} {_shown(v)} "
                                     f"(not in {target})"))
            self.problems.count(n - len(rows))

    # -- rows back to lines
    def flush(self) -> None:
        by_src: dict[int, set[int]] = {}
        for src, rn, _, message in self.pending:
            by_src.setdefault(src, set()).add(rn)
            for m in re.finditer(r"\{first:(\d+):(\d+)\}", message):
                by_src.setdefault(int(m.group(1)), set()).add(int(m.group(2)))
        lines = {i: self._lines(i, rns) for i, rns in by_src.items()}

        def first(m: re.Match, src: int) -> str:
            s, rn = int(m.group(1)), int(m.group(2))
            line = lines[s].get(rn, 0)
            return f"line {line}" if s == src else f"{self.sources[s].name}:{line}"

        for src, rn, column, message in self.pending:
            text = re.sub(r"\{first:(\d+):(\d+)\}", lambda m, s=src: first(m, s), message)
            self.problems.add(self.sources[src].name, lines[src].get(rn, 0), column, text)
        self.pending.clear()

    def _lines(self, i: int, rns: set[int]) -> dict[int, int]:
        """Physical start line of each wanted row: ``rn`` > 0 is the rn-th row DuckDB kept,
        ``-r`` the r-th record as DuckDB counts them (header 1, blank lines included)."""
        src = self.sources[i]
        if src.kind == "parquet":
            return {rn: rn for rn in rns}
        rejected = self.rejected.get(i, set())
        out: dict[int, int] = {}
        with open(src.path, encoding="utf-8-sig", errors="replace", newline="") as f:
            reader = csv.reader(f)
            next(reader, None)
            start = reader.line_num + 1
            k, r = 0, 1
            for rec in reader:
                line, start = start, reader.line_num + 1
                r += 1
                if -r in rns:
                    out[-r] = line
                if rec and r not in rejected:
                    k += 1
                    if k in rns:
                        out[k] = line
                if len(out) == len(rns):
                    break
        return out


def _reject_text(spec: dict[str, Column], column: str | None, kind: str, message: str | None
                 ) -> tuple[str, str]:
    """(column, problem) for a row DuckDB's CSV reader rejected."""
    if kind == "CAST" and column in spec:
        m = _CONVERT_RE.search(message or "")
        return column, _expected(spec[column], m.group(1) if m else None)
    if kind == "INVALID ENCODING":
        return "", "not UTF-8 text; save the file as UTF-8"
    if kind == "TOO MANY COLUMNS":
        return "", f"more cells than the header has columns ({message})"
    if kind == "MISSING COLUMNS":
        return "", f"fewer cells than the header has columns ({message})"
    if "QUOTE" in kind:
        return "", "badly quoted cell (RFC 4180: a quote inside a quoted cell is written twice)"
    return column or "", (message or kind).split("\n")[0]


def _expected(c: Column, value: object) -> str:
    got = f" (got {_shown(value)})" if value is not None else ""
    if c.type == "choice":
        return f"expected one of {', '.join(c.choices)}{got}"
    return f"expected {_TYPE_WORD[c.type]}{got}"


def _household_files(book: Path) -> list[tuple[str, Household | list]]:
    """Each household file parsed: (name, household) or (name, its problems). Runs in a thread
    beside DuckDB's reading of the tables (DuckDB releases the GIL while it reads)."""
    from household.errors import HouseholdError
    from household.io import load

    folder = book / "households"
    out: list[tuple[str, Household | list]] = []
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            out.append((f"households/{p.name}", load(p)))
        except HouseholdError as e:
            out.append((f"households/{p.name}", e.problems))
    return out


def _households(files: list[tuple[str, Household | list]], con: duckdb.DuckDBPyConnection,
                problems: Problems) -> dict[str, Household]:
    """The parsed household files, their ids unique and their client_ids resolved."""
    kinds = dict(con.execute("SELECT client_id, CAST(kind AS VARCHAR) FROM clients").fetchall())
    kinds.update({r[0]: None for r in con.execute("SELECT id FROM rejected_clients").fetchall()
                  if r[0] not in kinds})
    out: dict[str, Household] = {}
    where: dict[str, str] = {}
    for name, hh in files:
        if isinstance(hh, list):
            for prob in hh:
                problems.add(name, 0, prob.path, prob.message)
            continue
        if hh.id in out:
            problems.add(name, 0, "id", f"household {_shown(hh.id)} is also {where[hh.id]}")
            continue
        out[hh.id], where[hh.id] = hh, name
        for group, items, kind in (("people", hh.people, "person"),
                                   ("companies", hh.companies, "company")):
            for j, item in enumerate(items):
                cid = item.client_id
                if cid is None:
                    continue
                if cid not in kinds:
                    problems.add(name, 0, f"{group}[{j}].client_id",
                                 f"unknown client {_shown(cid)} (not in clients)")
                elif kinds[cid] not in (None, kind):
                    problems.add(name, 0, f"{group}[{j}].client_id",
                                 f"client {_shown(cid)} is a {kinds[cid]} in clients.csv, not a "
                                 f"{kind}")
    return out


def read_households(path: str | Path) -> dict[str, Household]:
    """The household files of a book (``households/*.json``), without reading its tables: for
    work on an imported book. :class:`BookError` if one is not valid."""
    from household.errors import HouseholdError
    from household.io import load

    problems = Problems()
    out: dict[str, Household] = {}
    folder = Path(path) / "households"
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            hh = load(p)
        except HouseholdError as e:
            for prob in e.problems:
                problems.add(f"households/{p.name}", 0, prob.path, prob.message)
            continue
        out.setdefault(hh.id, hh)
    problems.raise_if_any()
    return out


def open_book(path: str | Path, *, threads: int | None = None) -> OpenBook:
    """Read and check a whole book; the validated tables stay in DuckDB.

    Raises :class:`BookError` with every problem found (at most a few hundred listed).
    """
    book = Path(path)
    problems = Problems()
    if not book.is_dir():
        problems.add(str(path), message="no such book folder" if not book.exists() else
                     "not a folder (a book is a folder with book.json, clients.csv, ...)")
        problems.raise_if_any()
    meta = _meta_problems(book, problems)
    sources = _sources(book, problems)
    con = duckdb_connection()
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        # rows stored in the files' order: the record numbers of problems depend on it
        con.execute("SET preserve_insertion_order = true")
        loader = _Loader(book, con, problems)
        loader.create_types()
        pool = ThreadPoolExecutor(1)
        files = pool.submit(_household_files, book)
        pool.shutdown(wait=False)
        for table in TABLES:
            loader.load(table, sources[table])
        loader.collect_rejects()
        for table in TABLES:
            loader.check_table(table, meta)
            loader.check_duplicates(table)
            loader.check_references(table)
        households = _households(files.result(), con, problems)
        loader.flush()
        problems.raise_if_any()
        for i in range(len(loader.sources)):
            con.execute(f"DROP TABLE IF EXISTS rej_{i}; DROP TABLE IF EXISTS rejscan_{i}")
        for table in TABLES:
            con.execute(f"ALTER TABLE {table} DROP COLUMN _src")
            con.execute(f"ALTER TABLE {table} DROP COLUMN _rn")
        con.execute("DROP TABLE rejected_clients; DROP TABLE rejected_accounts")
    except BaseException:
        con.close()
        raise
    assert meta is not None
    return OpenBook(book, con, meta, sources, households)


def read_book(path: str | Path) -> BookFrames:
    """Read and check a whole book into pandas frames (the :class:`BookFrames` contract).

    Raises :class:`BookError` (``problems``: ``FILE:LINE: column: problem`` items) when anything is
    wrong; nothing is stored.
    """
    with open_book(path) as b:
        return b.frames()


def book_problems(path: str | Path) -> list[BookProblem]:
    """Every problem of a book (at most a few hundred), or an empty list when it is valid."""
    try:
        open_book(path).close()
    except BookError as e:
        return e.problems
    return []
