"""Calls worth making, the key-client ledger and the contact calendar (filled in below)."""

from __future__ import annotations

import streamlit as st

from ..state import t
from .book import no_book


def render() -> None:
    if no_book():
        return
    st.title(t("nav.calls"))
