"""The app's frame: page setup, sidebar (household, language, money basis, meeting mode),
navigation, and the guard that turns any unexpected error into a calm message."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from household.safe_text import markdown_text as md

from . import audience, state
from .i18n import LANG_NAMES, LANGS
from .state import t

if TYPE_CHECKING:
    from streamlit.navigation.page import Page

log = logging.getLogger("kinfolio.ui")

# page id -> (file relative to app.py, label key, icon); order is the menu order
PAGES: dict[str, tuple[str, str, str]] = {
    "book": ("ui/pages/book.py", "nav.book", ":material/groups:"),
    "alerts": ("ui/pages/book_alerts.py", "nav.alerts", ":material/notifications:"),
    "calls": ("ui/pages/book_calls.py", "nav.calls", ":material/call:"),
    "household": ("ui/pages/household.py", "nav.household", ":material/family_restroom:"),
    "plan": ("ui/pages/plan.py", "nav.plan", ":material/insights:"),
    "succession": ("ui/pages/succession.py", "nav.succession", ":material/account_tree:"),
    "proposal": ("ui/pages/proposal.py", "nav.proposal", ":material/description:"),
    "edit": ("ui/pages/edit.py", "nav.edit", ":material/edit_note:"),
    "insights": ("ui/pages/insights.py", "nav.insights", ":material/lightbulb:"),
}


def guarded(page_id: str, body: Callable[[], None]) -> None:
    """Run a page body; internal pages are refused in meeting mode; errors become a calm note."""
    if not audience.page_visible(page_id):
        st.info(t("err.internal_only"))
        return
    try:
        body()
    except Exception as exc:  # the banker must never see a traceback
        if type(exc).__name__ in {"RerunException", "StopException"}:
            raise
        known = _known_problem(exc)
        if known is not None:  # bad input or a refusal: say what it is, calmly
            st.warning(known)
            return
        ref = uuid.uuid4().hex[:8]
        log.exception("page %s failed (ref %s)", page_id, ref)
        st.warning(t("err.calm"))
        st.caption(t("err.detail", ref=ref))


def _known_problem(exc: Exception) -> str | None:
    """The message of an error that explains itself to the banker (bad input, a rule that cannot
    apply, a household not assigned to them); None for anything unexpected."""
    from household import HouseholdError
    from store.access import AccessDenied

    names = {"PlanInputError", "RuleError", "StructureError", "SuccessionError", "Cancelled",
             "AssumptionError", "ProposalError"}
    if isinstance(exc, HouseholdError):
        return md("; ".join(str(p) for p in exc.problems) or str(exc))
    if isinstance(exc, AccessDenied) or type(exc).__name__ in names:
        return md(str(exc))
    return None


def _set(key: str, source: str) -> None:
    st.session_state[key] = st.session_state[source]


def sidebar() -> None:
    """Household picker, language, money basis and meeting mode."""
    with st.sidebar:
        st.markdown(f"### {t('app.title')}")
        st.caption(t("app.tagline"))
        lang = state.lang()
        st.session_state["lang_pick"] = lang
        st.selectbox(t("side.language"), LANGS, key="lang_pick",
                     format_func=lambda x: LANG_NAMES[x], on_change=_set,
                     args=("lang", "lang_pick"))
        items = state.households()
        hid = state.current_id()
        if not items:
            st.info(t("side.no_households"))
        elif audience.internal():
            ids = [h["id"] for h in items]
            names = {h["id"]: state.name_in_script(h["name"]) for h in items}
            st.session_state["hid_pick"] = hid
            st.selectbox(t("side.household"), ids, key="hid_pick",
                         format_func=lambda x: names.get(x, x), on_change=_set,
                         args=("hid", "hid_pick"))
        else:  # meeting mode: this client only, never the bank's other households
            name = next((h["name"] for h in items if h["id"] == hid), None)
            if name is not None:
                st.markdown(f"**{md(state.name_in_script(name))}**")
        st.session_state["nominal_pick"] = state.nominal()
        st.toggle(t("side.nominal_toggle"), key="nominal_pick", on_change=_set,
                  args=("nominal", "nominal_pick"), help=t("side.real_help"))
        st.divider()
        audience.meeting_control()
        if audience.internal() and hid:
            from store.access import AccessDenied

            try:
                info = state.guarded().history(hid)[-1]
            except AccessDenied:  # the page itself says so; the sidebar just leaves it out
                info = None
            if info is not None:
                st.caption(t("side.version", version=info.version, who=md(info.saved_by)))
            from . import auth

            st.caption(t("side.user", user=md(auth.current_user())))
            auth.logout_button(state.lang())


def _home_page() -> str:
    """My book or the household; without a configured book the book's code (pandas, DuckDB
    frames) is not imported at all."""
    import os

    if not os.environ.get("KINFOLIO_BOOK", "").strip():  # ui.book_data.ENV_BOOK
        return "household"
    from .book_data import home_page

    return home_page()


def navigation() -> Page:
    pages, home = [], _home_page()
    for pid, (path, key, icon) in PAGES.items():
        if audience.page_visible(pid):
            pages.append(st.Page(path, title=t(key), icon=icon, url_path=pid,
                                 default=pid == home))
    return st.navigation(pages)


def _login_gate() -> None:
    """The sign-in gate of :mod:`ui.auth` (stops the run on the sign-in page when needed)."""
    from . import auth

    st.session_state["user"] = auth.login_gate(state.store(), state.lang())


PAGE_ICON = "\N{FAMILY}"


def _session_gone() -> bool:
    """True when the browser session this script run works for has disconnected (Streamlit
    keeps running a script after its tab is closed; the planner's checkpoints ask this)."""
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx(suppress_warning=True)
        if ctx is None or not Runtime.exists():
            return False
        return not Runtime.instance().is_active_session(ctx.session_id)
    except Exception:  # Streamlit internals moved: never cancel by mistake
        return False


def main() -> None:
    from planner.cancel import set_check

    set_check(_session_gone)  # for this script run's thread: work stops when the session ends
    # an emoji icon: a ":material/...:" icon makes the browser fetch Google's font server
    st.set_page_config(page_title="Kinfolio", page_icon=PAGE_ICON,
                       layout="wide", initial_sidebar_state="expanded")
    for key, value in (("lang", "en"), ("nominal", False), ("meeting", False)):
        st.session_state.setdefault(key, value)
    _login_gate()
    audience.sync()
    audience.apply_style()
    try:
        sidebar()
    except Exception:
        log.exception("sidebar failed")
        st.sidebar.warning(t("err.calm"))
    page = navigation()
    page.run()
    _warm_plan(page.url_path or _home_page())  # Streamlit gives the default page no path


# pages that show no household: the book's (My book, alerts, calls); warming the plan of the
# household the sidebar happens to hold competed with their reruns for the interpreter
NO_HOUSEHOLD_PAGES = frozenset({"book", "alerts", "calls"})


def warms_plan(page_id: str) -> bool:
    """Whether drawing ``page_id`` starts the plan warm-up of the household on screen."""
    return page_id not in NO_HOUSEHOLD_PAGES


def _warm_plan(page_id: str) -> None:
    """Once a household's page is drawn: the Plan page's answers for this household, in the
    background (:mod:`ui.warm_plan`; only in a served app, never in the client's way; not after
    the book's pages, which show no household)."""
    from . import warm_plan

    if not warms_plan(page_id) or not warm_plan.enabled() or not audience.page_visible("plan"):
        return
    try:
        hid = st.session_state.get("hid")
        version = state.current_version() if hid else None
        warm_plan.after_page(hid, version, st.session_state, state.paths(), state.seed())
    except Exception:  # a warm-up is a nicety: never a problem for the page
        log.exception("plan warm-up not started")
