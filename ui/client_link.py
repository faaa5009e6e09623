"""Linking a household member to the bank's client record (``client_id``): search the imported
book by name, pick one. A small widget for the household editor (the editor places it)."""

from __future__ import annotations

import streamlit as st

from . import state
from .state import t


@st.cache_resource(show_spinner=False)
def _book_store(url: str):
    from book.store import BookStore

    return BookStore(url)


def book_store():
    """The imported book of this database (opened once per process: opening runs migrations)."""
    return _book_store(state.db_url())


def book_loaded() -> bool:
    """Whether this database holds an imported book (a client list to search)."""
    return book_store().meta() is not None


def client_link(key: str, name: str, kind: str, current: str | None = None) -> str | None:
    """A name search and a select of matching clients of the book; returns the chosen client_id
    (``current`` until the banker picks another; None when unlinked)."""
    query = st.text_input(t("link.search"), value=name, key=f"{key}_q")
    found = book_store().search_clients(query, kind=kind) if query else []
    options = [None, *(c["client_id"] for c in found)]
    if current is not None and current not in options:
        options.insert(1, current)
    labels = {c["client_id"]: f"{c['name']} · {c['birth_date'] or ''} · {c['banker']}"
              for c in found}
    chosen = st.selectbox(t("link.client"), options, key=f"{key}_id",
                          index=options.index(current) if current in options else 0,
                          format_func=lambda cid: t("link.none") if cid is None
                          else labels.get(cid, cid))
    if query and not found:
        st.caption(t("link.no_match"))
    return chosen
