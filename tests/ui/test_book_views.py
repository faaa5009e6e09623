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


def _link_form(at: AppTest, hid: str) -> AppTest:
    at.selectbox(key="hid_pick").set_value(hid).run()
    at.session_state["gd_form_v"] = "link"
    return goto(at, "edit")


def _with_us(at: AppTest, column: str = "col.balance"):
    """The banking view's table of accounts with us (``col.balance``) or of recent activity
    (``col.date``); None when the view has none."""
    goto(at, "household")
    at.session_state["hh_view_v"] = "banking"
    at.run()
    assert not at.exception and not calm_errors(at)
    return next((df.value for df in at.dataframe if tr(column, "en") in df.value.columns), None)


def test_guided_link_saves_a_version_with_the_client_id_and_shows_its_accounts(imported, db):
    from store.storage import Store

    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert _with_us(_link_form(at, "demo-tw-lin")) is None  # nobody linked yet
    _link_form(at, "demo-tw-lin")
    at.selectbox(key="gd0_link_who").set_value("lin_zhiming").run()
    # the search starts from the Chinese part of "林志明 Lin Chih-ming"
    assert at.text_input(key="gd0_link_lin_zhiming_q").value == "林志明"
    at.selectbox(key="gd0_link_lin_zhiming_id").set_value("C101").run()
    at.button(key="gd0_link_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    s = Store(db)
    assert s.latest_version("demo-tw-lin") == 2
    assert s.load("demo-tw-lin").person("lin_zhiming").client_id == "C101"
    assert s.history("demo-tw-lin")[-1].comment == "linked 林志明 Lin Chih-ming to bank client C101"
    accounts = _with_us(at)
    assert list(accounts[tr("col.entity", "en")]) == ["林志明 Lin Chih-ming"] * 2
    recent = _with_us(at, "col.date")
    assert set(recent[tr("col.entity", "en")]) == {"林志明 Lin Chih-ming"}
    assert tr("txn.dividend", "en") in set(recent[tr("col.kind", "en")])


def test_guided_unlink_clears_the_client_id(imported, db):
    from store.storage import Store

    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    _link_form(at, "hh-chen")
    at.selectbox(key="gd0_link_who").set_value("ming").run()
    assert at.selectbox(key="gd0_link_ming_id").value == "C003"
    at.button(key="gd0_link_save").click().run()  # unchanged: nothing saved, a message
    assert [e.value for e in at.error] == [tr("gd.link_unchanged", "en")]
    at.selectbox(key="gd0_link_ming_id").select_index(0).run()  # "Not linked"
    at.button(key="gd0_link_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    s = Store(db)
    assert s.load("hh-chen").person("ming").client_id is None
    assert s.history("hh-chen")[-1].comment == "unlinked 陈明 from bank client C003"
    accounts = _with_us(at)
    assert "陈明" not in set(accounts[tr("col.entity", "en")])


def test_guided_link_says_when_no_book_is_loaded(db):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    _link_form(at, "demo-tw-lin")
    assert tr("link.no_book", "en") in [i.value for i in at.info]
    assert at.button(key="gd0_link_save").disabled


def test_search_text_is_the_chinese_part_of_a_name():
    from ui.views.guided import search_text

    assert search_text("林志明 Lin Chih-ming") == "林志明"
    assert search_text("林氏科技股份有限公司, Lin Tech") == "林氏科技股份有限公司"
    assert search_text(" Alice Retail ") == "Alice Retail"
