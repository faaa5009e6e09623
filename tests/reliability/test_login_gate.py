"""The app's sign-in gate (``ui.auth.login_gate``) driven through Streamlit's AppTest: local
single-banker mode without accounts, the password form with accounts (wrong password refused,
right password admitted and audited), and the assignment filter for the household picker."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from household import demo
from store import access, audit
from store.storage import Store


def _app(db: str) -> None:
    import streamlit as st

    from store.storage import Store
    from ui.auth import current_user, login_gate, visible_households

    store = Store(db)
    user = login_gate(store)
    st.markdown(f"signed in: {user.name} ({user.role}, local={user.local})")
    st.markdown(f"current_user: {current_user()}")
    st.markdown("households: " + ",".join(r["id"] for r in visible_households(store, user)))


def _run(db: str) -> AppTest:
    at = AppTest.from_function(_app, args=(db,), default_timeout=30)
    return at.run()


def test_no_accounts_is_local_single_banker_mode(db, monkeypatch):
    monkeypatch.setenv("KINFOLIO_USER", "mei")
    Store(db).save(demo("demo-tw-lin"), "mei")
    at = _run(db)
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert "signed in: mei (admin, local=True)" in texts
    assert "current_user: mei" in texts
    assert "households: demo-tw-lin" in texts


def test_password_form_refuses_wrong_password_and_admits_the_right_one(db):
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


def test_a_disabled_account_is_signed_out_on_the_next_run(db):
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


AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "kinfolio", "client_secret": "s",
        "server_metadata_url": "https://idp.invalid/.well-known/openid-configuration"}


def _oidc(db: str, user: dict) -> AppTest:
    at = AppTest.from_function(_app, args=(db,), default_timeout=30)
    at.secrets["auth"] = AUTH
    at.user = user
    return at.run()


def test_oidc_signed_out_shows_only_the_sign_in_button(db):
    access.create_account(Store(db), "mei@bank.example", None)
    at = _oidc(db, {"is_logged_in": False})
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in with your bank account"]
    assert not [m.value for m in at.markdown if m.value.startswith("signed in")]


def test_oidc_user_with_an_account_is_signed_in_and_audited(db):
    store = Store(db)
    store.save(demo("demo-cn-chen"), "seed")
    access.create_account(store, "mei@bank.example", None)
    access.assign(store, "demo-cn-chen", "mei@bank.example")
    at = _oidc(db, {"is_logged_in": True, "email": "mei@bank.example"})
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert "signed in: mei@bank.example (banker, local=False)" in texts
    assert "households: demo-cn-chen" in texts
    at.run()  # a rerun does not log in again
    logins = [e for e in audit.entries(store, "cli") if e.action == "login"]
    assert len(logins) == 1 and logins[0].detail == "OIDC"


def test_oidc_user_without_an_account_is_refused(db):
    store = Store(db)
    store.save(demo("demo-cn-chen"), "seed")
    at = _oidc(db, {"is_logged_in": True, "email": "stranger@elsewhere.example"})
    assert not at.exception
    shown = at.error[0].value
    assert "has no Kinfolio account" in shown and "stranger@elsewhere" in shown
    assert not [m.value for m in at.markdown if m.value.startswith("signed in")]
    assert [e.action for e in audit.entries(store, "cli")][:1] == ["login_failed"]


def _panel(db: str, name: str, role: str) -> None:
    from store.access import User
    from store.storage import Store
    from ui.auth import audit_panel

    audit_panel(Store(db), User(name, role))


def test_the_audit_panel_shows_the_log_to_administrators_only(db):
    store = Store(db)
    store.save(demo("demo-cn-chen"), "seed")
    audit.record(store, "ann", "view", "demo-cn-chen", 1)
    admin = AppTest.from_function(_panel, args=(db, "root", "admin")).run()
    assert not admin.exception
    frame = admin.dataframe[0].value
    assert list(frame["action"]) == ["view", "change"]  # newest first; the save is audited too
    assert list(frame["actor"]) == ["ann", "seed"]
    banker = AppTest.from_function(_panel, args=(db, "ann", "banker")).run()
    assert not banker.exception and not banker.dataframe
    assert "Only an administrator" in banker.info[0].value
