"""Access control in the app: with accounts present a banker sees, saves to and imports into only
the households assigned to them; every refusal is audited and nothing is saved."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from household import demo, dumps
from store import access, audit
from store.storage import Store
from tests.ui.conftest import APP, calm_errors, goto, texts
from ui.i18n import tr

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(db):
    store = Store(f"sqlite:///{db}")
    store.ensure_demos()
    access.create_admin(store, "root", PASSWORD)
    access.create_account(store, "anna", PASSWORD)
    access.create_account(store, "bert", PASSWORD)
    access.assign(store, "demo-cn-chen", "anna")
    access.assign(store, "demo-tw-lin", "bert")
    return store


def _sign_in(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.text_input(key="kinfolio_login_user").set_value(name)
    at.text_input(key="kinfolio_login_password").set_value(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.session_state["user"].name == name
    return at


def _refusals(store: Store, hid: str, who: str) -> list[audit.AuditEntry]:
    admin = access.account(store, "root")
    return [e for e in audit.entries(store, admin, household_id=hid)
            if e.action == "refused" and e.actor == who]


def test_a_banker_sees_only_their_households(accounts):
    at = _sign_in("anna")
    assert at.selectbox(key="hid_pick").options == [demo("demo-cn-chen").name]
    at.session_state["hid"] = "demo-tw-lin"  # a stale or forged choice
    for page in ("household", "edit"):
        goto(at, page)
        assert at.session_state["hid"] == "demo-cn-chen"
        assert demo("demo-tw-lin").name not in texts(at)


def test_saving_over_a_household_no_longer_assigned_is_refused_and_audited(accounts):
    store = accounts
    access.assign(store, "demo-tw-lin", "anna")
    at = _sign_in("anna")
    at.selectbox(key="hid_pick").set_value("demo-tw-lin").run()
    goto(at, "edit")
    share = next(w for w in at.number_input if w.key.endswith("_ownership_0_share"))
    share.set_value(0.5)
    next(b for b in at.button if (b.key or "").startswith("apply_")).click()
    at.run()
    access.unassign(store, "demo-tw-lin", "anna")  # now assigned only to bert
    at.button(key="ed_save").click().run()
    assert not at.exception
    assert any(e.value == tr("ed.denied", "en", name="demo\\-tw\\-lin") for e in at.error), \
        [e.value for e in at.error]
    assert [h.version for h in store.history("demo-tw-lin")] == [1]
    assert _refusals(store, "demo-tw-lin", "anna")
    assert at.session_state["hid"] == "demo-cn-chen"  # the picker moved on; nothing else saved
    assert [h.version for h in store.history("demo-cn-chen")] == [1]


def test_importing_into_another_bankers_household_is_refused_and_audited(accounts):
    store = accounts
    at = _sign_in("anna")
    goto(at, "edit")
    theirs = demo("demo-tw-lin").model_copy(update={"name": "Overwritten by anna"})
    at.file_uploader(key="ed_import").upload("lin.json", dumps(theirs).encode(),
                                             "application/json").run()
    assert not at.exception
    assert any(e.value == tr("ed.import_denied", "en") for e in at.error)
    assert [h.version for h in store.history("demo-tw-lin")] == [1]
    assert store.load("demo-tw-lin").name == demo("demo-tw-lin").name
    assert _refusals(store, "demo-tw-lin", "anna")


def test_importing_a_new_household_assigns_it_to_the_banker(accounts):
    store = accounts
    at = _sign_in("anna")
    goto(at, "edit")
    new = demo("demo-tw-lin").model_copy(update={"id": "anna-new", "name": "Anna's new family"})
    at.file_uploader(key="ed_import").upload("new.json", dumps(new).encode(),
                                             "application/json").run()
    assert not at.exception
    assert [h.version for h in store.history("anna-new")] == [1]
    assert access.bankers_of(store, "anna-new") == ["anna"]
    assert at.session_state["hid"] == "anna-new"


def test_pages_refuse_a_household_the_picker_should_not_have_offered(accounts, monkeypatch):
    """Defence in depth: even if the picker offered another banker's household, every page
    refuses to read it (a calm message, audited) instead of showing it."""
    from ui import auth

    store = accounts
    monkeypatch.setattr(auth, "visible_households", lambda s, u: s.list())
    at = _sign_in("anna")
    at.session_state["hid"] = "demo-tw-lin"
    for page in ("household", "plan", "succession", "proposal", "edit", "insights"):
        goto(at, page)
        assert at.session_state["hid"] == "demo-tw-lin"
        warned = [w.value.replace("\\", "") for w in at.warning]
        assert any("demo-tw-lin" in w and "is not assigned to you" in w for w in warned), page
        assert not calm_errors(at), page
        main = "\n".join(str(e.proto) for e in at.main if hasattr(e, "proto"))
        assert "is not assigned to you" in main.replace("\\", ""), page  # main is read
        assert demo("demo-tw-lin").name not in main, page  # (the patched picker lists it)
    assert len(_refusals(store, "demo-tw-lin", "anna")) >= 6
