"""Who is looking at the screen: the one place that decides internal versus client-facing.

In meeting mode the client sees the screen: no internal notes, no banker's insights, no product
margins, no other households, no editing. Entering meeting mode is one click; leaving it needs a
deliberate confirmation (a ticked box and a button), so that a stray click in front of the client
never opens the bank's view.
"""

from __future__ import annotations

import streamlit as st

from household import Household

from .state import t

INTERNAL_PAGES: frozenset[str] = frozenset({"edit", "insights"})
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


def _enter() -> None:
    st.session_state["meeting"] = True
    st.session_state["leave_confirm"] = False


def _leave() -> None:
    if st.session_state.get("leave_confirm"):
        st.session_state["meeting"] = False
        st.session_state["leave_refused"] = False
    else:
        st.session_state["leave_refused"] = True
    st.session_state["leave_confirm"] = False


def meeting_control() -> None:
    """Sidebar control: one button in, a confirmation and a button out."""
    if not meeting_mode():
        st.button(t("side.enter_meeting"), key="enter_meeting", on_click=_enter,
                  type="primary", width="stretch")
        return
    st.info(t("side.meeting_on"))
    with st.expander(t("side.leave_meeting")):
        st.checkbox(t("side.leave_confirm"), key="leave_confirm")
        st.button(t("side.leave_meeting"), key="leave_meeting", on_click=_leave)
        if st.session_state.get("leave_refused"):
            st.caption(t("side.leave_need_confirm"))


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
