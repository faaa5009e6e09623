"""The book-wide scans of the nightly run: alerts, activation, segments, linkage (公私聯動).

Each is one call of another module's engine on the whole book (one Dask task each, run beside the
household chunks): ``SCANS[name]`` is that engine, called through :func:`scan_function` as
``scan(book: BookFrames, as_of)`` (segments: on a DuckDB connection holding the frames).
Alerts are the raw episodes of the day (acknowledgements are the app's, applied when a banker
reads them). The result's ``as_json()`` document (book-format.md) is stored: one row per entry of
its list, nested values (``params``, ``reasons``, ``suggested_actions``) as JSON text, so each scan
is one flat Parquet table with one row per alert, per activation candidate, per client segment,
per company client (its corporate-private opportunities).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pandas as pd

from book.activation import activation
from book.alerts import alerts
from book.linkage import linkage
from book.segments import segments

SCANS: dict[str, Callable[..., Any]] = {
    "alerts": alerts,
    "activation": activation,
    "segments": segments,
    "linkage": linkage,
}
# the list inside a --json style document, per scan (segments: the per-client rows)
LIST_KEY = {"alerts": "alerts", "activation": "clients", "segments": "clients",
            "linkage": "companies"}
# the columns of an empty table (a night without alerts still has an alerts table to query)
EMPTY_COLUMNS = {
    "alerts": ("kind", "client_id", "account_id", "household_id", "date", "last_date", "amount",
               "currency", "score", "code", "params", "episode"),
    "activation": ("client_id", "household_id", "banker", "status", "score", "dormant_since",
                   "signals", "reasons", "suggested_actions"),
    "segments": ("client_id", "kind", "household_id", "assets_with_us", "tier", "products",
                 "last_activity", "banker"),
    "linkage": ("company_id", "name", "banker", "household_id", "score", "employees",
                "staff_with_us", "payroll_with_us", "executives_not_clients",
                "owner_wallet_share", "owner_known_assets", "currency", "opportunities"),
}


def _segments(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``book.segments.segments`` reads a DuckDB connection: the book's frames registered as its
    tables."""
    def scan(book: Any, as_of: dt.date) -> Any:
        import duckdb

        from book.frames import TABLES

        with duckdb.connect() as con:
            for name in TABLES:
                con.register(name, getattr(book, name))
            return fn(con, book.meta, book.households, as_of)

    return scan


def scan_function(name: str) -> Callable[..., Any]:
    """``scan(book, as_of)`` for scan ``name``."""
    fn = SCANS[name]
    return _segments(fn) if name == "segments" else fn


def as_document(result: Any) -> Any:
    """A scan's result as its ``--json`` document where it has one (``as_json()``)."""
    return result.as_json() if hasattr(result, "as_json") else result


def _plain(v: Any) -> Any:
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {k: _plain(x) for k, x in dataclasses.asdict(v).items()}
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)):
        return [_plain(x) for x in v]
    if isinstance(v, (dt.date, pd.Timestamp)):
        return v.isoformat()[:10]
    return v


def scan_rows(name: str, result: Any) -> pd.DataFrame:
    """A scan's result as a flat frame (nested values as JSON text, sorted keys)."""
    result = as_document(result)
    if isinstance(result, pd.DataFrame):
        rows = result.to_dict("records")
    else:
        if hasattr(result, "to_dict") and not isinstance(result, dict):
            result = result.to_dict()
        if dataclasses.is_dataclass(result) and not isinstance(result, type):
            result = dataclasses.asdict(result)
        if isinstance(result, dict):
            result = result.get(LIST_KEY[name], [])
        rows = [_plain(r) for r in result]
    flat = []
    for r in rows:
        flat.append({k: json.dumps(_plain(v), ensure_ascii=False, sort_keys=True)
                     if isinstance(v, (dict, list, tuple)) else v for k, v in r.items()})
    if not flat:
        return pd.DataFrame({c: pd.Series([], dtype="string") for c in EMPTY_COLUMNS[name]})
    return pd.DataFrame(flat)


__all__ = ["EMPTY_COLUMNS", "LIST_KEY", "SCANS", "as_document", "scan_function", "scan_rows"]
