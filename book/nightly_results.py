"""The nightly run's results for a loaded book: read with DuckDB when they are current.

``kinfolio book run BOOK --out DIR`` (``book.nightly``) records in ``DIR/manifest.json`` which
book files it read (``book_files``): their number, a cheap digest of their relative names, sizes
and modification times, and a content digest (SHA-256 of every file's name and bytes), both taken
before the book was read. Results are *current* for a book folder when the run completed and

1. the folder's cheap digest equals the recorded one (nothing was touched since), or
2. the cheap digest differs (files copied, touched, a new export with the same content) and the
   folder's content digest equals the recorded one (computed only then, once per cheap digest).

Anything else (no manifest, a run that did not complete, a run of a different export, a manifest
from before ``book_files`` was recorded) is *stale*: the app does not use it and computes what it
needs from the book itself.

:func:`load` reads the tables the run wrote (``households``, ``alerts``, ``activation``,
``segments``, ``linkage``; each only when its scan completed) back into the engines' own types
(:class:`book.alerts.Alert`, :class:`book.activation.ActivationClient`, ...), so the pages treat
them exactly like a result computed in the app. Alerts are the run's raw episodes: acknowledgements
and closures recorded since are applied when they are read
(:meth:`NightlyResults.alert_set` -> :func:`book.alerts.drop_acked`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from book.frames import BookMeta

MANIFEST = "manifest.json"
BOOK_FILES = "book_files"
TABLES = ("households", "alerts", "activation", "segments", "linkage")
_CHUNK = 1 << 20


# ----------------------------------------------------------------------------- digests
def _files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.rglob("*") if f.is_file())


def _stats(folder: str, prefix: str = "") -> Iterator[tuple[str, int, int]]:
    """(relative name, size, modification time) of every file under ``folder`` (os.scandir:
    one system call per entry; a book has a file per household)."""
    with os.scandir(folder) as it:
        for e in it:
            if e.is_dir(follow_symlinks=True):
                yield from _stats(e.path, f"{prefix}{e.name}/")
            elif e.is_file(follow_symlinks=True):
                s = e.stat()
                yield f"{prefix}{e.name}", s.st_size, s.st_mtime_ns


def files_digest(folder: str | Path) -> str:
    """A cheap fingerprint of a book folder: every file's relative name, size and modification
    time (no content read). The app keys its loaded book by it."""
    h = hashlib.sha256()
    for name, size, mtime in sorted(_stats(str(folder))):
        h.update(f"{name}\0{size}\0{mtime}\n".encode())
    return h.hexdigest()[:16]


def content_digest(folder: str | Path) -> str:
    """SHA-256 of every file's relative name and bytes (modification times ignored)."""
    folder = Path(folder)
    h = hashlib.sha256()
    for f in _files(folder):
        h.update(f"{f.relative_to(folder).as_posix()}\0{f.stat().st_size}\n".encode())
        with f.open("rb") as fh:
            while block := fh.read(_CHUNK):
                h.update(block)
    return h.hexdigest()


def book_files(folder: str | Path) -> dict[str, Any]:
    """What the nightly run records about the folder it read (``manifest["book_files"]``)."""
    folder = Path(folder)
    return {"files": len(_files(folder)), "digest": files_digest(folder),
            "content": content_digest(folder)}


@lru_cache(maxsize=16)
def _content_for(folder: str, cheap: str) -> str:
    """The content digest of ``folder`` while its cheap digest is ``cheap`` (read once)."""
    return content_digest(folder)


# ----------------------------------------------------------------------------- freshness
@dataclass(frozen=True)
class Freshness:
    """``status``: ``current``, ``stale`` or ``missing``; ``reason``: a code
    (``same_files``, ``same_content``, ``no_manifest``, ``unreadable``, ``incomplete``,
    ``no_book_files``, ``other_book``); ``manifest`` when one was read."""

    status: str
    reason: str
    manifest: Mapping[str, Any] | None = None

    @property
    def current(self) -> bool:
        return self.status == "current"


def read_manifest(out: str | Path) -> dict[str, Any] | None:
    """``out/manifest.json``, or None when absent or unreadable."""
    p = Path(out) / MANIFEST
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def freshness(folder: str | Path, out: str | Path, cheap: str | None = None) -> Freshness:
    """Whether the results under ``out`` are current for the book ``folder`` (module docstring).
    ``cheap``: the folder's :func:`files_digest` when the caller has it already."""
    p = Path(out) / MANIFEST
    if not p.is_file():
        return Freshness("missing", "no_manifest")
    m = read_manifest(out)
    if m is None:
        return Freshness("stale", "unreadable")
    if m.get("status") != "complete":
        return Freshness("stale", "incomplete", m)
    rec = m.get(BOOK_FILES)
    if not isinstance(rec, dict) or not rec.get("digest") or not rec.get("content"):
        return Freshness("stale", "no_book_files", m)
    cheap = cheap or files_digest(folder)
    if cheap == rec["digest"]:
        return Freshness("current", "same_files", m)
    if _content_for(str(Path(folder).resolve()), cheap) == rec["content"]:
        return Freshness("current", "same_content", m)
    return Freshness("stale", "other_book", m)


# ----------------------------------------------------------------------------- reading
def _rows(out: Path, name: str) -> list[dict[str, Any]] | None:
    """The rows of ``out/NAME.parquet`` in the order written, read with DuckDB; None when the
    file is absent."""
    import duckdb

    path = out / f"{name}.parquet"
    if not path.is_file():
        return None
    with duckdb.connect() as con:
        cur = con.execute("SELECT * EXCLUDE (file_row_number) FROM "
                          "read_parquet(?, file_row_number = true) ORDER BY file_row_number",
                          [str(path)])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _frame(out: Path, name: str) -> pd.DataFrame | None:
    import duckdb

    path = out / f"{name}.parquet"
    if not path.is_file():
        return None
    with duckdb.connect() as con:
        return con.execute("SELECT * FROM read_parquet(?) ORDER BY household_id",
                           [str(path)]).df()


def _date(v: Any) -> dt.date | None:
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


def _num(v: Any) -> float | None:
    if v is None:
        return None
    v = float(v)
    return None if v != v else v


def _json(v: Any, default: Any) -> Any:
    if v is None:
        return default
    return json.loads(v) if isinstance(v, str) else v


def _frozen(v: Any) -> Any:
    """JSON values as the engines hold them: dicts read-only, lists as tuples."""
    if isinstance(v, dict):
        return MappingProxyType({k: _frozen(x) for k, x in v.items()})
    if isinstance(v, list):
        return tuple(_frozen(x) for x in v)
    return v


def _codes(v: Any) -> tuple[tuple[str, MappingProxyType], ...]:
    return tuple((c["code"], MappingProxyType(dict(c.get("params") or {})))
                 for c in _json(v, []))


def _alert(r: Mapping[str, Any]):
    from book.alerts import Alert

    return Alert(str(r["kind"]), str(r["code"]), str(r["client_id"]),
                 r["account_id"] or None, r["household_id"] or None, _date(r["date"]),
                 _date(r["last_date"]), _num(r["amount"]), r["currency"] or None,
                 float(r["score"]), MappingProxyType(dict(_json(r["params"], {}))),
                 str(r["episode"]))


def _activation_client(r: Mapping[str, Any]):
    from book.activation import ActivationClient

    return ActivationClient(str(r["client_id"]), r["household_id"] or None, str(r["banker"]),
                            str(r["status"]), float(r["score"]), _date(r["dormant_since"]),
                            MappingProxyType(dict(_json(r["signals"], {}))),
                            _codes(r["reasons"]), _codes(r["suggested_actions"]))


def _client_segment(r: Mapping[str, Any]):
    from book.segments import ClientSegment

    return ClientSegment(str(r["client_id"]), str(r["kind"]), r["household_id"] or None,
                         float(r["assets_with_us"]), r["tier"] or None,
                         tuple(_json(r["products"], [])), _date(r["last_activity"]),
                         str(r["banker"]))


def _linkage_company(r: Mapping[str, Any]):
    from book.linkage import LinkageOpportunity

    emp = r["employees"]
    return LinkageOpportunity(
        str(r["company_id"]), str(r["name"]), str(r["banker"]), r["household_id"] or None,
        float(r["score"]), None if emp is None or emp != emp else int(emp),
        int(r["staff_with_us"]), bool(r["payroll_with_us"]),
        tuple(_json(r["executives_not_clients"], [])), _num(r["owner_wallet_share"]),
        _num(r["owner_known_assets"]), str(r["currency"]), _codes(r["opportunities"]))


@dataclass(frozen=True)
class NightlyResults:
    """The current results of one nightly run (read by :func:`load`). A table is None when its
    scan did not complete in that run (the caller computes it instead)."""

    out: Path
    manifest: Mapping[str, Any]
    how: str  # Freshness.reason: same_files or same_content
    households: pd.DataFrame | None
    alerts: tuple | None  # book.alerts.Alert, the run's raw episodes in its order
    activation_clients: tuple | None  # book.activation.ActivationClient
    client_segments: tuple | None  # book.segments.ClientSegment
    linkage_companies: tuple | None  # book.linkage.LinkageOpportunity

    @property
    def as_of(self) -> dt.date:
        return dt.date.fromisoformat(self.manifest["as_of"])

    def alert_set(self, meta: BookMeta, acks: Iterable = ()):
        """Today's alerts (:class:`book.alerts.AlertSet`) without the episodes acknowledged or
        closed in ``acks``; None when the run has no alerts table."""
        from book.alerts import AlertSet, drop_acked
        from book.watch_config import watch_settings

        if self.alerts is None:
            return None
        s = watch_settings(meta, self.as_of)
        shown = drop_acked(self.alerts, acks, int(s["episode_gap_days"]))
        ws = self.as_of - dt.timedelta(days=int(s["window_days"]) - 1)
        return AlertSet(self.as_of, ws, tuple(shown), len(self.alerts) - len(shown), s.since,
                        MappingProxyType({}))

    def activation(self):
        """:class:`book.activation.Activation` as the run computed it, or None."""
        from book.activation import Activation
        from book.watch_config import activation_weights

        if self.activation_clients is None:
            return None
        since = dt.date.fromisoformat(activation_weights(self.as_of)["from"])
        return Activation(self.as_of, since, self.activation_clients)

    def linkage(self):
        """:class:`book.linkage.Linkage` as the run computed it, or None."""
        from book.linkage import Linkage

        if self.linkage_companies is None:
            return None
        return Linkage(self.as_of, self.linkage_companies)

    def segments(self, meta: BookMeta):
        """:class:`book.segments.Segments` from the run's client segments and the households'
        segment columns, or None."""
        from book.segments import HouseholdSegment, Segments, tiers_in_force

        if self.client_segments is None or self.households is None:
            return None
        market, tiers = tiers_in_force(meta, self.as_of)
        hh = []
        for r in self.households.to_dict("records"):
            if r.get("assets_with_us") is None or _num(r.get("assets_with_us")) is None:
                continue  # the segments scan did not see it
            hh.append(HouseholdSegment(
                str(r["household_id"]), float(r["assets_with_us"]),
                _num(r.get("company_assets_with_us")) or 0.0, _num(r.get("known_wealth")),
                _num(r.get("financial_wealth")), _num(r.get("wallet_share")),
                r.get("tier") if isinstance(r.get("tier"), str) else None))
        return Segments(self.as_of, meta.base_currency, market, tiers, self.client_segments,
                        tuple(hh))


def _scan_ok(m: Mapping[str, Any], name: str) -> bool:
    if name == "households":
        return True
    return (m.get("scans") or {}).get(name) == "ok"


def load(folder: str | Path, out: str | Path, cheap: str | None = None
         ) -> tuple[NightlyResults | None, Freshness]:
    """The results under ``out`` when they are current for ``folder`` (else None) and the
    :class:`Freshness` found."""
    out = Path(out)
    f = freshness(folder, out, cheap)
    if not f.current:
        return None, f
    m = f.manifest or {}
    tables = m.get("tables") or {}

    def rows(name: str, make) -> tuple | None:
        if name not in tables or not _scan_ok(m, name):
            return None
        found = _rows(out, name)
        return None if found is None else tuple(make(r) for r in found)

    import duckdb

    try:
        res = NightlyResults(
            out, MappingProxyType(dict(m)), f.reason,
            _frame(out, "households") if "households" in tables else None,
            rows("alerts", _alert), rows("activation", _activation_client),
            rows("segments", _client_segment), rows("linkage", _linkage_company))
    except (OSError, ValueError, KeyError, TypeError, duckdb.Error) as e:  # damaged: not used
        return None, Freshness("stale", f"unreadable: {type(e).__name__}", m)
    return res, f


__all__ = ["BOOK_FILES", "Freshness", "NightlyResults", "book_files", "content_digest",
           "files_digest", "freshness", "load", "read_manifest"]
