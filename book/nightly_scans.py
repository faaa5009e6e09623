"""The book-wide scans of the nightly run: alerts, activation, segments.

Each is one call of another module's engine on the whole book (one Dask task each, run beside the
household chunks): ``SCANS[name] = (module, function)`` with ``function(book: BookFrames, as_of:
datetime.date)``. The result may be a list of rows (dicts or dataclasses), a pandas DataFrame, a
dict holding such a list (``{"alerts": [...]}`` / ``{"clients": [...]}`` as the ``--json``
documents of book-format.md), or an object with ``to_dict()`` giving one. Nested values
(``params``, ``reasons``, ``suggested_actions``) are stored as JSON text, so each scan is one
flat Parquet table with one row per alert, per activation candidate, per client segment.

A scan whose module is not part of this installation is reported as ``unavailable`` in the
manifest (the run still plans every household).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
from collections.abc import Callable
from typing import Any

import pandas as pd

SCANS: dict[str, tuple[str, str]] = {
    "alerts": ("book.alerts", "alerts"),
    "activation": ("book.activation", "activation"),
    "segments": ("book.segments", "segments"),
}
# the list inside a --json style document, per scan (segments: the per-client rows)
LIST_KEY = {"alerts": "alerts", "activation": "clients", "segments": "clients"}


def scan_function(name: str) -> Callable[..., Any] | None:
    """The engine of scan ``name``, or None when it is not installed."""
    module, func = SCANS[name]
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    fn = getattr(mod, func, None)
    return fn if callable(fn) else None


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
    return pd.DataFrame(flat)


__all__ = ["LIST_KEY", "SCANS", "scan_function", "scan_rows"]
