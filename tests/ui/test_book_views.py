"""The book in the app: a household's members' accounts and recent activity with us (banking
view, internal only), and the widget linking a member to a client by name."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from book import open_book
from book.store import BookStore
from ui.i18n import tr

from .conftest import APP, calm_errors, goto

SMALL = Path(__file__).resolve().parents[1] / "book" / "data" / "small"


@pytest.fixture
def imported(db):
    store = BookStore(db)
    with open_book(SMALL) as b:
        store.import_book(b, "test-banker")
    return store


def test_banking_view_shows_the_members_accounts_and_activity_with_us(imported):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.selectbox(key="hid_pick").set_value("hh-chen").run()
    goto(at, "household")
    at.session_state["hh_view_v"] = "banking"
    at.run()
    assert not at.exception and not calm_errors(at)
    frames = [df.value for df in at.dataframe]
    accounts = next(f for f in frames if tr("col.balance", "en") in f.columns)
    assert list(accounts[tr("col.entity", "en")]) == ["陈建国"] * 3 + ["王丽"] + ["陈明"] * 2 + \
        ["上海陈氏实业有限公司"] * 3
    recent = next(f for f in frames if tr("col.date", "en") in f.columns)
    assert recent[tr("col.date", "en")].iloc[0] == "2026-11-15"  # newest first
    kinds = set(recent[tr("col.kind", "en")])
    assert tr("txn.interest", "en") not in kinds  # the bank's, not the client's
    assert tr("txn.investment", "en") in kinds
    assert tr("acct.time_deposit", "en") in set(accounts[tr("col.kind", "en")])


_WIDGET = """
import streamlit as st
from ui.client_link import client_link
st.session_state["picked"] = client_link("link", "陳建國", "person")
"""


def test_client_link_finds_a_client_by_name_in_either_script(imported):
    at = AppTest.from_string(_WIDGET, default_timeout=60)
    at.run()
    assert not at.exception
    sel = at.selectbox(key="link_id")
    assert sel.options[1:] == ["陈建国 · 1965-03-12 · rm.zhang"]  # 陳建國 (Hant) finds 陈建国
    sel.set_value("C001").run()
    assert at.session_state["picked"] == "C001"
    at.text_input(key="link_q").set_value("nobody").run()
    assert at.session_state["picked"] is None
    assert at.caption[0].value == tr("link.no_match", "en")
