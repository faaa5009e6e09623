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


def sticky_choice(label: str, key: str, default: str, labels: dict[str, str],
                  help: str | None = None) -> str:
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

    st.selectbox(label, list(labels.values()), key=key, on_change=_store, help=help)
    return value


# ----------------------------------------------------------------------------- tables
def csv_bytes(df: Any) -> bytes:
    """A table as CSV for Excel (UTF-8 with a BOM), every text cell and header neutralised by
    :func:`household.safe_text.csv_text`: no cell a spreadsheet would run as a formula."""
    from household.safe_text import csv_text

    rows = [list(map(str, df.columns)), *df.itertuples(index=False, name=None)]
    return csv_text(rows).encode("utf-8-sig")


def table(df: Any, key: str, household: bool = True, **kwargs: Any) -> None:
    """A read-only table. Streamlit's own "Download as CSV" does not neutralise formulas, so it is
    switched off (``client.disableDataExport`` in ``.streamlit/config.toml``; in meeting mode the
    whole table toolbar is hidden by :data:`ui.audience.MEETING_CSS`); the banker gets an explicit,
    audited download of the same table through :func:`csv_bytes` instead — never in meeting mode."""
    from household.safe_text import safe_filename

    from . import audience, state

    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    st.dataframe(df, **kwargs)
    if audience.internal() and len(df):
        from .auth import audited_download

        hid = state.current_id() if household else None
        name = safe_filename(f"{state.current_id()}-{key}") + ".csv"
        gs = state.guarded()
        version = gs.latest_version(hid) if hid is not None else None
        frame = df.copy()
        # made and audited only when clicked (nothing is sent to the browser before)
        st.download_button(state.t("tbl.csv"), file_name=name, mime="text/csv",
                           key=f"csv_{key}", type="tertiary", icon=":material/download:",
                           on_click="ignore",
                           data=audited_download(gs.store, gs.user, hid, version, f"csv {key}",
                                                 lambda: csv_bytes(frame)))
