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
pages can show it) and assigned to the bankers of its clients who have an account. Alerts are
recomputed only when an acknowledgement is added.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from book.frames import BookFrames

from . import state

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
    h = hashlib.sha256()
    for f in sorted(path.rglob("*")):
        if f.is_file():
            s = f.stat()
            h.update(f"{f.relative_to(path)}\0{s.st_size}\0{s.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class LoadedBook:
    path: str
    digest: str
    frames: BookFrames
    segments: object  # book.segments.Segments
    names: dict[str, str]  # client id -> name
    results: pd.DataFrame | None

    @property
    def as_of(self) -> dt.date:
        return self.frames.meta.as_of

    @property
    def currency(self) -> str:
        return self.frames.meta.base_currency


def results_dir(path: Path) -> Path:
    env = os.environ.get(ENV_RESULTS, "").strip()
    return Path(env).expanduser() if env else path.with_name(path.name + ".results")


def _results_key(path: Path) -> str:
    f = results_dir(path) / "households.parquet"
    return f"{f}:{f.stat().st_mtime_ns}" if f.is_file() else ""


def _results(path: Path) -> pd.DataFrame | None:
    out = results_dir(path)
    if not (out / "households.parquet").is_file():
        return None
    from book.nightly import read_results

    return read_results(out, "households")


@st.cache_resource(show_spinner=False, max_entries=2)
def _load(path: str, key: str, db: str, results: str = "") -> LoadedBook:
    """``db`` is in the key: the book's acknowledgements and follow-ups live in that store;
    ``results``: the nightly results file and its modification time (a new run is read again)."""
    from book import open_book
    from book.segments import segments

    with open_book(path) as ob:
        frames = ob.frames()
        seg = segments(ob.con, ob.meta, ob.households)
    names = dict(zip(frames.clients["client_id"].astype(str),
                     frames.clients["name"].astype(str), strict=True))
    return LoadedBook(path, key, frames, seg, names, _results(Path(path)))


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
    """The configured book, loaded (None without one)."""
    p = folder()
    if p is None or not (p / "book.json").is_file():
        return None
    return _load(str(p), digest(p), state.db_url(), _results_key(p))


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
def _alerts(path: str, key: str, db: str, n_acks: int, _acks: tuple, _frames: BookFrames):
    from book.alerts import alerts

    return alerts(_frames, acks=_acks)


def alert_set(b: LoadedBook):
    """Today's alerts of the whole book (acknowledged and closed episodes left out)."""
    a = acks()
    return _alerts(b.path, b.digest, state.db_url(), len(a), a, b.frames)


def followups():
    from book.watch_store import followup_rows

    return followup_rows(state.store())


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


@st.cache_resource(show_spinner=False, max_entries=2)
def _account_index(path: str, key: str, _f: BookFrames) -> tuple[dict, dict]:
    f = _f
    return (f.transactions.groupby(f.transactions["account_id"].astype(str)).indices,
            f.balances.groupby(f.balances["account_id"].astype(str)).indices)


def account_history(b: LoadedBook, account_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(transactions, balances) of one account, from an index built once per book version."""
    tx, bal = _account_index(b.path, b.digest, b.frames)
    f = b.frames
    return (f.transactions.iloc[tx.get(account_id, [])],
            f.balances.iloc[bal.get(account_id, [])])
