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
    if options is not None:
        opts = list(options)
        value = st.session_state[keep]
        if isinstance(value, (list, tuple)):  # a multiselect: keep the choices still offered
            st.session_state[keep] = [v for v in value if v in opts]
        elif value not in opts:
            st.session_state[keep] = default if default in opts else (opts[0] if opts else None)
    st.session_state[key] = st.session_state[keep]
    return widget(label, key=key, on_change=_copy, args=(keep, key), **kwargs)


def sticky_choice(label: str, key: str, default: str, labels: dict[str, str]) -> str:
    """A selectbox over ids shown by their (translated) labels, surviving page switches.

    The labels themselves are the options: a ``format_func`` that changes with the language
    would leave the widget holding a label of the previous language."""
    keep = key + "_v"
    value = st.session_state.get(keep, default)
    if value not in labels:
        value = default
    st.session_state[keep] = value
    back = {v: k for k, v in labels.items()}
    st.session_state[key] = labels[value]

    def _store() -> None:
        st.session_state[keep] = back.get(st.session_state[key], default)

    st.selectbox(label, list(labels.values()), key=key, on_change=_store)
    return value
