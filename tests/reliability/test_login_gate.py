"""The app's sign-in gate (``ui.auth.login_gate``) driven through Streamlit's AppTest: local
single-banker mode without accounts, the password form with accounts (wrong password refused,
right password admitted and audited), and the assignment filter for the household picker."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from household import access, audit, demo
from household.storage import Store


def _app(db: str) -> None:
    import streamlit as st

    from household.storage import Store
    from ui.auth import current_user, login_gate, visible_households

    store = Store(db)
    user = login_gate(store)
    st.markdown(f"signed in: {user.name} ({user.role}, local={user.local})")
    st.markdown(f"current_user: {current_user()}")
    st.markdown("households: " + ",".join(r["id"] for r in visible_households(store, user)))


def _run(db: str) -> AppTest:
    at = AppTest.from_function(_app, args=(db,), default_timeout=30)
    return at.run()


def test_no_accounts_is_local_single_banker_mode(tmp_path, monkeypatch):
    monkeypatch.setenv("KINFOLIO_USER", "mei")
    db = str(tmp_path / "k.db")
    Store(db).save(demo("demo-tw-lin"), "mei")
    at = _run(db)
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert "signed in: mei (admin, local=True)" in texts
    assert "current_user: mei" in texts
    assert "households: demo-tw-lin" in texts


def test_password_form_refuses_wrong_password_and_admits_the_right_one(tmp_path):
    db = str(tmp_path / "k.db")
    store = Store(db)
    for d in ("demo-cn-chen", "demo-tw-lin"):
        store.save(demo(d), "seed")
    access.create_admin(store, "root", "root-password-1")
    access.create_account(store, "bob", "bob-password-1")
    access.assign(store, "demo-tw-lin", "bob")

    at = _run(db)
    assert not at.exception
    assert not [m.value for m in at.markdown if m.value.startswith("signed in")]  # stopped
    assert len(at.text_input) == 2

    at.text_input(key="kinfolio_login_user").input("bob")
    at.text_input(key="kinfolio_login_password").input("not-his-password")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Wrong user name or password."]
    assert not [m.value for m in at.markdown if m.value.startswith("signed in")]

    at.text_input(key="kinfolio_login_password").input("bob-password-1")
    at.button[0].click().run()
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert "signed in: bob (banker, local=False)" in texts
    assert "current_user: bob" in texts
    assert "households: demo-tw-lin" in texts  # not the unassigned demo-cn-chen

    log = audit.entries(store, "cli")
    assert [e.action for e in log if e.actor == "bob"][:2] == ["login", "login_failed"]


def test_a_disabled_account_is_signed_out_on_the_next_run(tmp_path):
    db = str(tmp_path / "k.db")
    store = Store(db)
    access.create_account(store, "bob", "bob-password-1")
    at = _run(db)
    at.text_input(key="kinfolio_login_user").input("bob")
    at.text_input(key="kinfolio_login_password").input("bob-password-1")
    at.button[0].click().run()
    assert any(m.value.startswith("signed in: bob") for m in at.markdown)
    access.set_active(store, "bob", False)
    at.run()
    assert not any(m.value.startswith("signed in") for m in at.markdown)
    assert len(at.text_input) == 2
