"""Who is using the app: the sign-in gate and the checks every page makes.

``login_gate(store)`` is called once at the top of ``app.py`` on every rerun and returns the
signed-in :class:`store.access.User`, or stops the script after drawing a sign-in page:

1. OIDC single sign-on through ``st.login`` when ``st.secrets`` has an ``[auth]`` section: the
   identity provider's e-mail must name an active account (``kinfolio admin create --user EMAIL
   --oidc``); an unknown e-mail is refused.
2. Otherwise, when accounts exist: a user-name and password form checked against the argon2 hashes.
3. Otherwise (no accounts at all): local single-banker mode, the person at the machine
   (``KINFOLIO_USER`` or the login name) is an administrator of their own data.

Pages then ask :func:`visible_households` for the household picker, :func:`require_household` before
showing one, and :func:`note_view` / :func:`note_export` so the audit log records who saw what.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import streamlit as st

from household.safe_text import markdown_text
from i18n import catalog
from store import access, audit
from store.access import AccessDenied, User
from store.storage import Store

_KEY = "kinfolio_user"
_FAILS = "kinfolio_login_failures"
_SEEN = "kinfolio_audited_views"


def _t(lang: str, key: str) -> str:
    return catalog.text("auth." + key, lang)


def _in_streamlit() -> bool:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        return get_script_run_ctx() is not None
    except Exception:  # streamlit internals moved: behave as outside the app
        return False


def current_user() -> str:
    """The banker's name for `saved_by` and the audit log: the signed-in account inside the app,
    else ``KINFOLIO_USER`` or the login name."""
    if _in_streamlit():
        user = st.session_state.get(_KEY)
        if isinstance(user, User):
            return user.name
    return os.environ.get("KINFOLIO_USER") or os.environ.get("USER") or "banker"


def oidc_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` (or the deployment's secrets) has an ``[auth]``
    section for ``st.login``."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def signed_in() -> User | None:
    user = st.session_state.get(_KEY)
    return user if isinstance(user, User) else None


def login_gate(store: Store, lang: str = "en") -> User:
    """The signed-in user; when there is none, draw the sign-in page and stop the script run."""
    if oidc_configured():
        return _oidc_gate(store, lang)
    if not access.has_accounts(store):
        user = access.local_user(os.environ.get("KINFOLIO_USER") or None)
        st.session_state[_KEY] = user
        return user
    user = signed_in()
    if user is not None and not user.local:
        fresh = access.account(store, user.name)  # disabled or demoted since sign-in?
        if fresh is not None:
            st.session_state[_KEY] = fresh
            return fresh
    st.session_state.pop(_KEY, None)
    _password_form(store, lang)
    st.stop()
    raise AssertionError("unreachable")  # st.stop() ends the run


def _password_form(store: Store, lang: str) -> None:
    st.title(_t(lang, "title"))
    with st.form("kinfolio_login", clear_on_submit=False):
        name = st.text_input(_t(lang, "user"), max_chars=200, key="kinfolio_login_user")
        password = st.text_input(_t(lang, "password"), type="password", max_chars=1024,
                                 key="kinfolio_login_password")
        submitted = st.form_submit_button(_t(lang, "submit"))
    if not submitted:
        return
    # failures are counted in the store per name and per client address (store.access):
    # a reload, a new session or a restarted server does not reset them
    try:
        user = access.authenticate(store, name, password, address=_client_address())
    except access.SignInThrottled as e:
        st.error(_t(lang, "locked") if e.retry_after is None else
                 _t(lang, "wait").format(s=max(1, round(e.retry_after))))
        return
    except AccessDenied:
        st.error(_t(lang, "wrong"))
        return
    st.session_state[_KEY] = user
    st.rerun()


def _client_address() -> str | None:
    """The browser's address as the server sees it (behind a proxy: the proxy's)."""
    try:
        address = st.context.ip_address
    except Exception:  # older Streamlit or no request context
        return None
    return address if isinstance(address, str) and address else None  # a mock under AppTest


def _oidc_gate(store: Store, lang: str) -> User:
    if not st.user.is_logged_in:
        st.title(_t(lang, "title"))
        if st.button(_t(lang, "sso"), type="primary"):
            st.login()
        st.stop()
    email = str(st.user.get("email") or "").strip()
    user = access.account(store, email) if email else None
    if user is None:
        if st.session_state.get("kinfolio_sso_refused") != email:
            audit.record(store, email or "?", "login_failed", detail="OIDC user without account")
            st.session_state["kinfolio_sso_refused"] = email
        st.error(_t(lang, "sso_unknown").format(who=markdown_text(email or "?")))
        if st.button(_t(lang, "sign_out")):
            st.logout()
        st.stop()
    if signed_in() != user:
        audit.record(store, user.name, "login", detail="OIDC")
    st.session_state[_KEY] = user
    return user


def logout_button(lang: str = "en") -> None:
    """A sidebar button that signs out (nothing in local single-banker mode)."""
    user = signed_in()
    if user is None or user.local:
        return
    if st.sidebar.button(_t(lang, "sign_out"), key="kinfolio_sign_out"):
        for k in (_KEY, _SEEN, _FAILS):
            st.session_state.pop(k, None)
        if oidc_configured():
            st.logout()
        st.rerun()


# ----------------------------------------------------------------------------- page helpers
def visible_households(store: Store, user: User) -> list[dict]:
    """``store.list()`` limited to what ``user`` may open (for the household picker)."""
    return access.visible_households(store, user)


def require_household(store: Store, user: User, household_id: str) -> None:
    """Raise :class:`AccessDenied` (and audit the refusal) unless ``user`` may open it."""
    if not access.can_view(store, user, household_id):
        audit.record(store, user.name, "refused", household_id, detail="view")
        raise AccessDenied(f"household '{household_id}' is not assigned to you")


def note_view(store: Store, user: User, household_id: str, version: int | None) -> None:
    """Record that ``user`` opened a version — once per session, not on every rerun."""
    seen = st.session_state.setdefault(_SEEN, set())
    key = (household_id, version)
    if key in seen:
        return
    require_household(store, user, household_id)
    audit.record(store, user.name, "view", household_id, version)
    seen.add(key)


def document(store: Store, user: User, household_id: str, version: int) -> str:
    """The household file text of a version, after the access check (the export itself is
    recorded by :func:`note_export` when the banker downloads it)."""
    require_household(store, user, household_id)
    return store.document(household_id, version)


def note_export(store: Store, user: User, household_id: str, version: int | None,
                what: str) -> None:
    """Record an export (``what``: "file", "pdf", "csv", ...) — call it when the download is
    prepared."""
    require_household(store, user, household_id)
    audit.record(store, user.name, "export", household_id, version, what)


def audited_download(store: Store, user: User, household_id: str | None, version: int | None,
                     what: str, make: Callable[[], bytes]) -> Callable[[], bytes]:
    """The ``data`` of a ``st.download_button``: nothing is generated or sent to the browser
    until the banker clicks; then the access is checked again, the export is audited, and only
    then are the bytes made. (Streamlit runs it on its own thread: everything it needs is bound
    here, nothing is read from the session.)"""
    def generate() -> bytes:
        if household_id is None:  # a table about no one household (the audit log)
            if not user.is_admin:
                raise AccessDenied("only an administrator may download this")
            audit.record(store, user.name, "export", None, None, what)
        else:
            note_export(store, user, household_id, version, what)
        return make()

    return generate


def audit_panel(store: Store, user: User, lang: str = "en") -> None:
    """The audit log for an administrator (a table, newest first, filter by household)."""
    if not user.is_admin:
        st.info(catalog.text("auth.audit_admin_only", lang))
        return
    hid = st.text_input(catalog.text("auth.household_id", lang),
                        key="kinfolio_audit_filter").strip() or None
    rows = audit.entries(store, user, household_id=hid, limit=2000)
    import pandas as pd

    from .widgets import table

    table(pd.DataFrame([r.as_json() for r in rows]), "audit_log", household=False)
