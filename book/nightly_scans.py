"""The book-wide scans of the nightly run: alerts, activation, segments.

Each is one call of its engine on the whole book (one Dask task each, run beside the household
chunks): ``SCANS[name](book: BookFrames, as_of: datetime.date)`` returns the rows of the scan's
``--json`` document (book-format.md). Nested values (``params``, ``reasons``,
``suggested_actions``) are stored as JSON text, so each scan is one flat Parquet table with one
row per alert, per activation candidate, per client segment.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd

from book.activation import activation
from book.alerts import alerts
from book.frames import TABLES, BookFrames
from book.segments import segments


def scan_alerts(book: BookFrames, as_of: dt.date) -> dict[str, Any]:
    return alerts(book, as_of).as_json()


def scan_activation(book: BookFrames, as_of: dt.date) -> dict[str, Any]:
    return activation(book, as_of).as_json()


def scan_segments(book: BookFrames, as_of: dt.date) -> dict[str, Any]:
    con = duckdb.connect()
    try:
        for table in TABLES:
            con.register(table, getattr(book, table))
        return segments(con, book.meta, book.households, as_of).as_json()
    finally:
        con.close()


# the list inside each scan's --json document that becomes its table (one row per item)
LIST_KEY = {"alerts": "alerts", "activation": "clients", "segments": "clients"}
Scan = Callable[[BookFrames, dt.date], dict[str, Any]]
SCANS: dict[str, Scan] = {"alerts": scan_alerts, "activation": scan_activation,
                          "segments": scan_segments}


def scan_function(name: str) -> Scan:
    """The engine of scan ``name``."""
    return SCANS[name]


def scan_rows(name: str, doc: dict[str, Any]) -> pd.DataFrame:
    """A scan's document as a flat frame of its rows (nested values as JSON text, sorted keys)."""
    flat = [{k: json.dumps(v, ensure_ascii=False, sort_keys=True)
             if isinstance(v, (dict, list, tuple)) else v for k, v in r.items()}
            for r in doc[LIST_KEY[name]]]
    return pd.DataFrame(flat)


__all__ = ["LIST_KEY", "SCANS", "scan_function", "scan_rows"]
