"""Small widget helpers shared by the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st


def _copy(dst: str, src: str) -> None:
    st.session_state[dst] = st.session_state[src]


def sticky(widget: Callable[..., Any], label: str, key: str, default: Any, **kwargs: Any) -> Any:
    """A widget whose value survives page switches (Streamlit forgets the state of widgets that
    are not drawn; the value is kept under ``key + "_v"``, which is not a widget key)."""
    keep = key + "_v"
    if keep not in st.session_state:
        st.session_state[keep] = default
    options = kwargs.get("options")
    if options is not None and st.session_state[keep] not in list(options):
        st.session_state[keep] = default if default in list(options) else next(iter(options))
    st.session_state[key] = st.session_state[keep]
    return widget(label, key=key, on_change=_copy, args=(keep, key), **kwargs)
