"""Who is looking at the screen: the one place that decides internal versus client-facing.

In meeting mode the client sees the screen: no internal notes, no banker's insights, no product
margins, no banking relationship, no other households, no editing. The meeting is held in the store
per banker (:mod:`store.meeting`), so a reload or a new tab stays in it; leaving needs the
banker's password or the PIN chosen on entering, so the client cannot open the bank's view.
"""

from __future__ import annotations

import streamlit as st

from household import Household

from .state import t

INTERNAL_PAGES: frozenset[str] = frozenset({"edit", "insights", "book", "alerts", "calls"})
_NOTE_SECTIONS = ("people", "companies", "trusts", "holdings", "liabilities", "policies")


def meeting_mode() -> bool:
    return bool(st.session_state.get("meeting", False))


def internal() -> bool:
    """True when bank-internal content (notes, insights, margins, other clients) may be shown."""
    return not meeting_mode()


def page_visible(page_id: str) -> bool:
    return internal() or page_id not in INTERNAL_PAGES


def client_view(hh: Household) -> Household:
    """The household without any internal note: what a client may see."""
    update: dict = {"notes": None}
    for section in _NOTE_SECTIONS:
        items = getattr(hh, section)
        update[section] = [it.model_copy(update={"notes": None}) if getattr(it, "notes", None)
                           else it for it in items]
    return hh.model_copy(update=update)


def shown(hh: Household) -> Household:
    """The household as the current audience may see it."""
    return hh if internal() else client_view(hh)


def _account() -> str | None:
    from . import state

    u = state.user()
    return u.name if u is not None else None


def sync() -> None:
    """Take the meeting state from the store (once per run, after sign-in): a reload or a new tab
    of a banker in a meeting is in the meeting too, on the meeting's household; a meeting ended in
    another tab (with the password or PIN) ends here as well."""
    from store import meeting

    from . import state

    who = _account()
    if who is None:
        return
    m = meeting.current(state.store(), who)
    if m is not None:
        st.session_state["meeting"] = True
        st.session_state["meeting_stored"] = True
        st.session_state["hid"] = m.household_id
    elif st.session_state.pop("meeting_stored", False):
        st.session_state["meeting"] = False


def pin_required() -> bool:
    """A PIN is needed to enter when the banker has no password that could end the meeting."""
    from store import meeting

    from . import state

    who = _account()
    return who is None or not meeting.has_password(state.store(), who)


def _enter() -> None:
    from store import meeting

    from . import state

    who, hid = _account(), st.session_state.get("hid")
    pin = st.session_state.get("meeting_pin") or None
    st.session_state["meeting_pin"] = ""
    st.session_state.pop("meeting_problem", None)
    if who is None or hid is None:
        return
    try:
        meeting.enter(state.store(), who, hid, pin, pin_required=pin_required())
    except meeting.MeetingError as e:
        st.session_state["meeting_problem"] = f"side.{e}"
        return
    st.session_state["meeting"] = True
    st.session_state["meeting_stored"] = True


def _leave() -> None:
    from store import meeting

    from . import state

    secret = st.session_state.get("leave_secret") or ""
    st.session_state["leave_secret"] = ""
    who = _account()
    if who is None or meeting.leave(state.store(), who, secret):
        st.session_state["meeting"] = False
        st.session_state["meeting_stored"] = False
        st.session_state["leave_refused"] = False
    else:
        st.session_state["leave_refused"] = True


def meeting_control() -> None:
    """Sidebar control: in with a PIN (needed when the banker has no password), out with the
    password or that PIN."""
    if not meeting_mode():
        need = pin_required()
        st.text_input(t("side.meeting_pin") if need else t("side.meeting_pin_optional"),
                      type="password", key="meeting_pin", max_chars=200)
        st.button(t("side.enter_meeting"), key="enter_meeting", on_click=_enter,
                  type="primary", width="stretch")
        problem = st.session_state.get("meeting_problem")
        if problem:
            st.caption(t(problem))
        return
    st.info(t("side.meeting_on"))
    with st.expander(t("side.leave_meeting")):
        st.text_input(t("side.leave_secret"), type="password", key="leave_secret",
                      max_chars=1024)
        st.button(t("side.leave_meeting"), key="leave_meeting", on_click=_leave)
        if st.session_state.get("leave_refused"):
            st.caption(t("side.leave_wrong"))


MEETING_CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 19px; }
[data-testid="stMetricValue"] { font-size: 1.9rem; }
[data-testid="stAppViewContainer"] { background: #f7f8f6; }
h1, h2, h3 { color: #2f4858; }
/* no table toolbar in front of the client: its "Download as CSV" does not neutralise formulas */
[data-testid="stElementToolbar"] { display: none !important; }
</style>
"""


def apply_style() -> None:
    """Larger type and a calmer background while the client is watching."""
    if meeting_mode():
        st.html(MEETING_CSS)
