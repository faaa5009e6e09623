"""The book the app shows: where it comes from, loaded once per version, and who may see what.

Source: the book folder named by ``KINFOLIO_BOOK`` (the bank's nightly export, book-format.md);
without it the app has no book and opens on the household page as before. ``python3 dev.py app``
generates a demo book of 300 families on first start (``book.generate_book``, about 10 s) into the
user data directory and sets ``KINFOLIO_BOOK`` to it. The nightly run's results (``kinfolio book
run BOOK --out DIR``) are read from ``KINFOLIO_BOOK_RESULTS`` when set, else from ``BOOK.results``
beside the book folder when present.

A folder is read once per *digest* (the names, sizes and modification times of its files): a new
nightly export is a new digest and is read again; every session shares the loaded book. When a
family is first opened from the book its household file is saved into the store (so the household
pages can show it) and assigned to the bankers of its clients who have an account.

The pages read the nightly run's results when they are current for the loaded book
(:mod:`book.nightly_results`: the run's manifest records the book's files): segments, alerts
(acknowledged and closed episodes dropped as they are read), activation, 公私聯動 linkage and the
households' plan figures come from its Parquet tables, read once per run. Without current results
(none yet, or of another export) each is computed from the book, with a spinner, once per book
version (alerts again when an acknowledgement is added).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from book.frames import BookFrames

from . import state
from .state import t

ENV_BOOK = "KINFOLIO_BOOK"
ENV_RESULTS = "KINFOLIO_BOOK_RESULTS"


def folder() -> Path | None:
    """The configured book folder, or None."""
    v = os.environ.get(ENV_BOOK, "").strip()
    return Path(v).expanduser() if v else None


def configured() -> bool:
    p = folder()
    return p is not None and (p / "book.json").is_file()


def digest(path: Path) -> str:
    """A fingerprint of the folder's files (relative name, size, modification time)."""
    from book.nightly_results import files_digest

    return files_digest(path)


@dataclass(frozen=True)
class LoadedBook:
    """``digest``: the book's version as the caches key it (the folder's files and, when the
    nightly results are used, their run); ``results``: the nightly ``households`` table (current
    results only); ``nightly``: the current results (``book.nightly_results.NightlyResults``) or
    None; ``freshness``: why (``book.nightly_results.Freshness``)."""

    path: str
    digest: str
    frames: BookFrames
    segments: object  # book.segments.Segments
    names: dict[str, str]  # client id -> name
    results: pd.DataFrame | None
    nightly: object | None = None
    freshness: object | None = None

    @property
    def as_of(self) -> dt.date:
        return self.frames.meta.as_of

    @property
    def currency(self) -> str:
        return self.frames.meta.base_currency


def results_dir(path: Path) -> Path:
    env = os.environ.get(ENV_RESULTS, "").strip()
    return Path(env).expanduser() if env else path.with_name(path.name + ".results")


def _manifest_key(out: Path) -> str:
    """The nightly manifest's identity (a new run rewrites it), or "" without one."""
    f = out / "manifest.json"
    try:
        s = f.stat()
    except OSError:
        return ""
    return f"{f}:{s.st_size}:{s.st_mtime_ns}"


@st.cache_resource(show_spinner=False, max_entries=4)
def _nightly(path: str, key: str, out: str, manifest: str):
    """(current results or None, their freshness), once per (book files, run)."""
    from book.nightly_results import load

    return load(path, out, cheap=key)


@st.cache_resource(show_spinner=False, max_entries=2)
def _read(path: str, key: str, snapshot: str = "") -> tuple[BookFrames, dict[str, str]]:
    """The book folder read once per version of its files; with the client names. ``snapshot``:
    the current nightly results' folder when the run kept the validated book there
    (``book.nightly_snapshot``): read from it, not checked again."""
    from book import read_book
    from book.nightly_snapshot import read_snapshot

    frames = (read_snapshot(snapshot) if snapshot else None) or read_book(path)
    names = dict(zip(frames.clients["client_id"].astype(str),
                     frames.clients["name"].astype(str), strict=True))
    return frames, names


@st.cache_resource(show_spinner=False, max_entries=2)
def _segments(path: str, key: str, _frames: BookFrames):
    """The segments computed from the book (no current nightly results)."""
    import duckdb

    from book.frames import TABLES
    from book.segments import segments

    with duckdb.connect() as con:
        for name in TABLES:
            con.register(name, getattr(_frames, name))
        return segments(con, _frames.meta, _frames.households)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str, key: str, db: str, run: str, why: str, _nightly_results,
          _freshness) -> LoadedBook:
    """``db`` is in the key: the book's acknowledgements and follow-ups live in that store;
    ``run``: the nightly run used ("" without current results); ``why``: its freshness."""
    nr = _nightly_results
    kept = nr is not None and "book" in (nr.manifest.get("tables") or {})
    frames, names = _read(path, key, str(nr.out) if kept else "")
    seg = nr.segments(frames.meta) if nr is not None else None
    if seg is None:
        seg = _segments(path, key, frames)
    version = f"{key}:{hashlib.sha256(run.encode()).hexdigest()[:12]}" if run else key
    return LoadedBook(path, version, frames, seg, names,
                      nr.households if nr is not None else None, nr, _freshness)


def ensure_household(b: LoadedBook, hid: str) -> None:
    """Before a family of the book is opened: refuse (audited) unless one of its clients is the
    user's; save its household file into the store when the store does not hold it yet, and
    assign it to the bankers of its clients who have an account (saved on first open, not on
    load: a bank's book of thousands of families would otherwise cost minutes at start)."""
    from store import access, audit
    from store.access import AccessDenied

    hh = b.frames.households[hid]
    members = {x.client_id for x in (*hh.people, *hh.companies) if x.client_id}
    if not members & visible(b):
        u = user()
        audit.record(state.store(), u.name, "refused", hid, detail="book family")
        raise AccessDenied(f"household '{hid}' is not one of your families")
    store = state.store()
    if store.latest_version(hid) is None:
        store.save(hh, "book", comment="from the book")
    if not access.has_accounts(store):
        return
    have = {a["name"] for a in access.list_accounts(store)}
    bankers = set(b.frames.clients.loc[b.frames.clients["client_id"].astype(str).isin(members),
                                       "banker"].astype(str))
    for who in sorted(bankers & have):
        if hid not in access.households_of(store, who):
            access.assign(store, hid, who, by="book")


def book() -> LoadedBook | None:
    """The configured book, loaded (None without one), with its current nightly results."""
    p = folder()
    if p is None or not (p / "book.json").is_file():
        return None
    with st.spinner(t("bk.reading")):  # shown only when it takes a while (a first read)
        return _loaded(p)


def _loaded(p: Path) -> LoadedBook:
    key = digest(p)
    out = results_dir(p)
    run = _manifest_key(out)
    nr, fresh = _nightly(str(p), key, str(out), run) if run else (None, None)
    return _load(str(p), key, state.db_url(), run if nr is not None else "",
                 fresh.reason if fresh is not None else "", nr, fresh)


def version_key() -> tuple[str, str] | None:
    """The configured book's files and its nightly run's manifest, as the caches key them (None
    without a book): a new export or a new run changes it."""
    p = folder()
    if p is None or not (p / "book.json").is_file():
        return None
    return digest(p), _manifest_key(results_dir(p))


def preload() -> bool:
    """The configured book and its current nightly results, read into the caches the pages
    read, and My book's table of every family and client (by the server's warm-up at start,
    :mod:`ui.warmup`, before any page asks). False without a book."""
    if not configured():
        return False
    index_of(_loaded(folder()))  # type: ignore[arg-type]  # configured() checked it
    return True


@st.cache_resource(show_spinner=False, max_entries=2)
def _index(path: str, key: str, _b: LoadedBook) -> pd.DataFrame:
    from .book_model import book_index

    return book_index(_b.frames, _b.segments, _b.results)


def index_of(b: LoadedBook) -> pd.DataFrame:
    """Every row My book can show, for everyone (:func:`ui.book_model.book_index`), once per
    book version: a user's rows are taken from it."""
    return _index(b.path, b.digest, b)


def _computing(found: bool):
    """A spinner while a table the nightly run did not provide is computed from the book."""
    return nullcontext() if found else st.spinner(t("bk.computing"))


# ----------------------------------------------------------------------------- access
def user():
    return state._checked_user()


def visible(b: LoadedBook) -> frozenset[str]:
    from store import access

    from .book_model import visible_clients

    u = user()
    assigned = () if u.is_admin or u.local else access.households_of(state.store(), u.name)
    return visible_clients(b.frames, u.name, u.is_admin or u.local, assigned)


def require_client(b: LoadedBook, client_id: str) -> None:
    """Raise :class:`store.access.AccessDenied` (and audit the refusal) unless the user may
    see ``client_id``."""
    from store import audit
    from store.access import AccessDenied

    if client_id in visible(b):
        return
    u = user()
    audit.record(state.store(), u.name, "refused", None, detail=f"book client {client_id}")
    raise AccessDenied(f"client '{client_id}' is not one of your clients")


# ----------------------------------------------------------------------------- watch state
def acks():
    from book.watch_store import acks as stored

    return tuple(stored(state.store()))


@st.cache_resource(show_spinner=False, max_entries=8)
def _alerts(path: str, key: str, db: str, n_acks: int, _acks: tuple, _frames: BookFrames,
            _nightly_results=None):
    """Today's alerts: the nightly run's episodes less the acknowledged ones when it has them,
    else computed from the book."""
    if _nightly_results is not None:
        found = _nightly_results.alert_set(_frames.meta, _acks)
        if found is not None:
            return found
    from book.alerts import alerts

    return alerts(_frames, acks=_acks)


def alert_set(b: LoadedBook):
    """Today's alerts of the whole book (acknowledged and closed episodes left out)."""
    a = acks()
    with _computing(b.nightly is not None and b.nightly.alerts is not None):
        return _alerts(b.path, b.digest, state.db_url(), len(a), a, b.frames, b.nightly)


@st.cache_resource(show_spinner=False, max_entries=2)
def _activation(path: str, key: str, _b: LoadedBook):
    found = _b.nightly.activation() if _b.nightly is not None else None
    if found is not None:
        return found
    from book.activation import activation

    return activation(_b.frames)


@st.cache_resource(show_spinner=False, max_entries=2)
def _linkage(path: str, key: str, _b: LoadedBook):
    found = _b.nightly.linkage() if _b.nightly is not None else None
    if found is not None:
        return found
    from book.linkage import linkage

    return linkage(_b.frames)


def activation_of(b: LoadedBook):
    """Dormant and low-activity clients worth a call (the nightly run's when current)."""
    with _computing(b.nightly is not None and b.nightly.activation_clients is not None):
        return _activation(b.path, b.digest, b)


def linkage_of(b: LoadedBook):
    """The 公私聯動 opportunities of the book's companies (the nightly run's when current)."""
    with _computing(b.nightly is not None and b.nightly.linkage_companies is not None):
        return _linkage(b.path, b.digest, b)


def followups():
    from book.watch_store import followup_rows

    return followup_rows(state.store())


def followups_version(rows) -> int:
    """The newest follow-up's id (0 without any): follow-ups are append-only, so the caches of
    what is built from them key on it."""
    return max((f.id for f in rows), default=0)


def viewer_key(vis: frozenset[str]) -> str:
    """A short key for the set of clients a user sees (the caches of a user's tables)."""
    return hashlib.sha256("\n".join(sorted(vis)).encode()).hexdigest()[:16]


def last_contacts(rows) -> dict[str, dt.date]:
    out: dict[str, dt.date] = {}
    for f in rows:
        if f.contact_date and (f.client_id not in out or f.contact_date > out[f.client_id]):
            out[f.client_id] = f.contact_date
    return out


BOOK_PAGES = ("book", "alerts", "calls")


def home_page() -> str:
    """The first page: My book when a book is configured and the banker (not the client) is
    looking, else the household."""
    from . import audience

    return "book" if configured() and audience.internal() else "household"


@st.cache_resource(show_spinner=False, max_entries=64)
def _history(path: str, key: str, account_id: str, _f: BookFrames
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    tx, bal = _f.transactions, _f.balances
    return tx[tx["account_id"] == account_id], bal[bal["account_id"] == account_id]


def account_history(b: LoadedBook, account_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(transactions, balances) of one account: one vectorised scan of the book's (Arrow)
    columns when an alert is first opened, kept for the next 64 accounts looked at (an index of
    every account, built on the first alert, cost seconds on a book of millions of
    transactions)."""
    return _history(b.path, b.digest, account_id, b.frames)
