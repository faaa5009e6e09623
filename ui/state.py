"""Session state of the app: the store, the chosen household and version, language, money basis.

The store is one :class:`store.storage.Store` per database URL (``KINFOLIO_DB`` or the user
data directory), shared by every session; the demo households are put in an empty store on first
start. A loaded household is cached per (database, id, version): versions never change, so the cache
can never be stale.
"""

from __future__ import annotations

import os

import streamlit as st

from household import Household
from planner.config import DEFAULT_PATHS, DEFAULT_SEED
from store.storage import Store, default_url

from .i18n import LANGS, tr


def db_url() -> str:
    return default_url()


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    s = Store(url)
    s.ensure_demos()
    return s


def open_store() -> Store:
    """The store of :func:`db_url`, opened into the cache :func:`store` reads (errors raised,
    for the server's warm-up to log; a page reports them through :func:`store`)."""
    return _store(db_url())


def store() -> Store:
    from sqlalchemy.exc import SQLAlchemyError

    from household.errors import StoreError

    try:
        return _store(db_url())
    except (StoreError, SQLAlchemyError) as e:  # corrupted, read-only, unreachable: one
        from store.storage import describe_db_error  # sentence, not a traceback

        st.error(str(e) if isinstance(e, StoreError) else describe_db_error(db_url(), e))
        st.stop()
        raise  # st.stop() raises; this keeps type checkers informed


@st.cache_resource(show_spinner=False, max_entries=64)
def _load(url: str, hid: str, version: int) -> Household:
    return _store(url).load(hid, version)


@st.cache_resource(show_spinner=False, max_entries=64)
def _in_script(url: str, hid: str, version: int, lang: str) -> Household:
    from household.script import in_script

    return in_script(_load(url, hid, version), lang)


def require(hid: str) -> None:
    """Raise :class:`store.access.AccessDenied` (audited) unless the signed-in banker may
    open ``hid``. Cached results are shared between sessions, so every read checks first."""
    from . import auth

    auth.require_household(store(), _checked_user(), hid)


def load(hid: str, version: int) -> Household:
    """A version of ``hid``, after the access check of :func:`require`."""
    require(hid)
    return _load(db_url(), hid, version)


def _checked_user():
    from store import access

    u = user()
    if u is not None:
        return u
    if not access.has_accounts(store()):  # what the sign-in gate gives in single-banker mode
        return access.local_user()
    raise access.AccessDenied("nobody is signed in")  # accounts exist: nothing may be read


def guarded():
    """The store as the signed-in banker may use it (:class:`store.access.GuardedStore`):
    every read and write of a household in ``ui/`` goes through it."""
    from store.access import GuardedStore

    return GuardedStore(store(), _checked_user())


# ----------------------------------------------------------------------------- session values
def lang() -> str:
    v = st.session_state.get("lang", "en")
    return v if v in LANGS else "en"


def t(key: str, **values: object) -> str:
    """The label ``key`` in the session's language."""
    return tr(key, lang(), **values)


def nominal() -> bool:
    return bool(st.session_state.get("nominal", False))


def paths() -> int:
    """Monte Carlo paths: 10,000 unless the session or ``KINFOLIO_UI_PATHS`` says otherwise."""
    v = st.session_state.get("paths") or os.environ.get("KINFOLIO_UI_PATHS") or DEFAULT_PATHS
    return max(100, int(v))


def seed() -> int:
    """The Monte Carlo seed: the one default of the CLI and the PDF unless the session says
    otherwise."""
    return int(st.session_state.get("seed", DEFAULT_SEED))


def user():
    """The signed-in :class:`store.access.User` (set by the sign-in gate)."""
    return st.session_state.get("user")


def households() -> list[dict]:
    """The households the signed-in banker may open."""
    from . import auth

    u = user()
    return auth.visible_households(store(), u) if u is not None else []


def current_id() -> str | None:
    hid = st.session_state.get("hid")
    listed = [h["id"] for h in households()]
    if hid not in listed:
        if st.session_state.get("meeting_stored"):  # a meeting never falls back to another
            return None                              # client's household
        hid = listed[0] if listed else None
        st.session_state["hid"] = hid
    return hid


def current_version() -> int | None:
    hid = current_id()
    return guarded().latest_version(hid) if hid else None


def current() -> tuple[str, int, Household] | None:
    """(id, latest version, household) of the household being looked at, or None."""
    hid = current_id()
    if hid is None:
        return None
    v = guarded().latest_version(hid)
    if v is None:
        return None
    from . import auth

    auth.note_view(store(), user(), hid, v)
    return hid, v, load(hid, v)


def current_in_script() -> tuple[str, int, Household] | None:
    """:func:`current` as the reader sees it: names in the script of the session's language
    (:func:`household.script.in_script`; for display only, never saved)."""
    cur = current()
    if cur is None:
        return None
    hid, v, _raw = cur
    return hid, v, _in_script(db_url(), hid, v, lang())


def name_in_script(text: str) -> str:
    """A name (or any text of the household file) in the script of the session's language."""
    from household.script import to_script

    return to_script(text, lang())
