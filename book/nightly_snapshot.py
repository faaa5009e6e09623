"""The validated book, kept by the nightly run beside its results, for the app's first paint.

Reading a book folder means parsing and checking every CSV and household file
(:func:`book.read_book`): seconds for a branch, minutes for a bank. The nightly run has just done
that, so it writes what it read to ``OUT/book/`` (one Parquet file per spec table, the households
as their canonical JSON in one Parquet table, and ``meta.json``). When the run's results are
current for the book folder (:func:`book.nightly_results.freshness`: the same files or the same
content as the run read), the app reads the book from there: the same validated frames, with the
same dtypes, without checking them again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from types import MappingProxyType

import pyarrow as pa
import pyarrow.parquet as pq

from book.frames import TABLES, BookFrames, BookMeta
from household import Household, HouseholdError
from household.io import dumps

SNAPSHOT = "book"
HOUSEHOLDS = "households.parquet"
META = "meta.json"
_HOUSEHOLD_SCHEMA = pa.schema([("household_id", pa.string()), ("json", pa.large_string())])


def _write(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def write_snapshot(book: BookFrames, out: str | Path) -> Path:
    """Write ``book`` under ``out/book/``; returns that folder. ``meta.json`` is written last:
    a snapshot without it is incomplete and never read."""
    folder = Path(out) / SNAPSHOT
    folder.mkdir(parents=True, exist_ok=True)
    (folder / META).unlink(missing_ok=True)
    for name in TABLES:
        _write(pa.Table.from_pandas(getattr(book, name), preserve_index=False),
               folder / f"{name}.parquet")
    ids = sorted(book.households)
    _write(pa.Table.from_pydict(
        {"household_id": ids, "json": [dumps(book.households[h]) for h in ids]},
        schema=_HOUSEHOLD_SCHEMA), folder / HOUSEHOLDS)
    m = book.meta
    meta = {"as_of": m.as_of.isoformat(), "base_currency": m.base_currency, "fx": dict(m.fx),
            "bank": m.bank, "format": m.format}
    tmp = folder / (META + ".tmp")
    tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / META)
    return folder


def read_snapshot(out: str | Path) -> BookFrames | None:
    """The book kept under ``out/book/`` (None when absent, incomplete or unreadable: the caller
    then reads the book folder itself)."""
    from book.reader import to_frame

    folder = Path(out) / SNAPSHOT
    try:
        raw = json.loads((folder / META).read_text(encoding="utf-8"))
        meta = BookMeta(dt.date.fromisoformat(raw["as_of"]), raw["base_currency"],
                        MappingProxyType({k: float(v) for k, v in raw["fx"].items()}),
                        raw["bank"], raw["format"])
        tables = {name: to_frame(pq.read_table(folder / f"{name}.parquet"), name)
                  for name in TABLES}
        hh = pq.read_table(folder / HOUSEHOLDS).to_pydict()
        # Written by write_snapshot from households already checked and resolved: pydantic's
        # JSON parser alone gives the same objects (2,000 families 0.49 s, household.io.loads
        # 0.94 s: it parses in Python, then checks and resolves again).
        households = {h: Household.model_validate_json(j)
                      for h, j in zip(hh["household_id"], hh["json"], strict=True)}
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException, HouseholdError):
        return None
    return BookFrames(meta=meta, households=MappingProxyType(households), **tables)


__all__ = ["SNAPSHOT", "read_snapshot", "write_snapshot"]
