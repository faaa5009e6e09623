"""Issue 18.3: failed sign-ins are counted in the store per account and per client address, each
further attempt waits exponentially longer (surviving reloads, new sessions and restarts), the
account locks after a threshold until ``kinfolio admin unlock``, and every failure is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from store import access, audit
from store.access import FREE_FAILURES, LOCK_AFTER, AccessDenied, SignInThrottled
from store.storage import Store

from .conftest import run_cli

PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "k.db")
    access.create_account(s, "ann", PASSWORD, role="banker")
    access.create_account(s, "bob", PASSWORD, role="banker")
    return s


class Clock:
    def __init__(self, monkeypatch):
        self.t = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
        monkeypatch.setattr(access, "_now", lambda: self.t)

    def advance(self, seconds: float) -> None:
        self.t += dt.timedelta(seconds=seconds)


def _failures(store) -> int:
    return sum(1 for e in audit.entries(store, "cli", limit=10_000) if e.action == "login_failed")


def test_backoff_is_exponential_and_survives_a_new_store_object(store, monkeypatch, tmp_path):
    clock = Clock(monkeypatch)
    for _ in range(FREE_FAILURES):
        with pytest.raises(AccessDenied):
            access.authenticate(store, "ann", "wrong password!", address="10.0.0.7")
    waits = []
    for _ in range(4):
        reopened = Store(tmp_path / "k.db")  # a page reload / another server process
        with pytest.raises(SignInThrottled) as e:  # even the right password is not checked
            access.authenticate(reopened, "ann", PASSWORD, address="10.0.0.8")
        waits.append(e.value.retry_after)
        clock.advance(e.value.retry_after)
        with pytest.raises(AccessDenied):
            access.authenticate(reopened, "ann", "wrong password!", address="10.0.0.8")
    assert waits == [2.0, 4.0, 8.0, 16.0]
    assert _failures(store) == FREE_FAILURES + 8  # refused-unchecked attempts audited too


def test_per_address_counting_slows_guessing_across_account_names(store, monkeypatch):
    Clock(monkeypatch)
    for name in ("ann", "bob", "carol")[:FREE_FAILURES]:
        with pytest.raises(AccessDenied):
            access.authenticate(store, name, "wrong password!", address="192.0.2.1")
    with pytest.raises(SignInThrottled):
        access.authenticate(store, "dave", "wrong password!", address="192.0.2.1")
    # another address is not slowed by it, and a success there still works
    assert access.authenticate(store, "bob", PASSWORD, address="192.0.2.2").name == "bob"


def test_own_success_does_not_reset_the_address(store, monkeypatch):
    Clock(monkeypatch)
    for _ in range(FREE_FAILURES - 1):
        with pytest.raises(AccessDenied):
            access.authenticate(store, "bob", "wrong password!", address="192.0.2.9")
    access.authenticate(store, "ann", PASSWORD, address="192.0.2.9")
    with pytest.raises(AccessDenied):
        access.authenticate(store, "bob", "wrong password!", address="192.0.2.9")
    with pytest.raises(SignInThrottled):
        access.authenticate(store, "bob", PASSWORD, address="192.0.2.9")


def test_lockout_after_the_threshold_and_admin_unlock(store, monkeypatch, tmp_path):
    clock = Clock(monkeypatch)
    for i in range(LOCK_AFTER):
        locked, wait = access.sign_in_state(store, "ann")
        assert not locked
        clock.advance(wait)
        with pytest.raises(AccessDenied):
            access.authenticate(store, "ann", f"wrong password {i}")
    clock.advance(10**6)  # waiting does not help a locked account
    with pytest.raises(SignInThrottled) as e:
        access.authenticate(store, "ann", PASSWORD)
    assert e.value.retry_after is None and "locked" in str(e.value)
    code, out, err = run_cli("admin", "unlock", "--user", "ann", "--db", tmp_path / "k.db")
    assert code == 0 and "unlocked" in out, err
    assert access.authenticate(store, "ann", PASSWORD).name == "ann"
    assert any(e.detail == "'ann' unlocked" for e in audit.entries(store, "cli"))


def test_unknown_names_lock_too_so_locking_reveals_nothing(store, monkeypatch):
    clock = Clock(monkeypatch)
    for who in ("ann", "nobody"):
        for _ in range(LOCK_AFTER):
            clock.advance(access.sign_in_state(store, who)[1])
            with pytest.raises(AccessDenied):
                access.authenticate(store, who, "wrong password!")
        with pytest.raises(SignInThrottled) as e:
            access.authenticate(store, who, "wrong password!")
        assert e.value.retry_after is None


def test_a_success_clears_the_account_count(store, monkeypatch):
    clock = Clock(monkeypatch)
    for _ in range(FREE_FAILURES):
        with pytest.raises(AccessDenied):
            access.authenticate(store, "ann", "wrong password!")
    clock.advance(access.sign_in_state(store, "ann")[1])
    access.authenticate(store, "ann", PASSWORD)
    assert access.sign_in_state(store, "ann") == (False, 0.0)


# ----------------------------------------------------------------------------- in the app
def _gate(db: str) -> None:
    import streamlit as st

    from store.storage import Store
    from ui.auth import login_gate

    user = login_gate(Store(db))
    st.markdown(f"signed in: {user.name}")


def _attempt(db: str, name: str, password: str) -> AppTest:
    at = AppTest.from_function(_gate, args=(db,), default_timeout=30).run()  # a fresh session
    at.text_input(key="kinfolio_login_user").input(name)
    at.text_input(key="kinfolio_login_password").input(password)
    at.button[0].click()
    return at.run()


def test_reloading_the_page_does_not_reset_the_delay(store, tmp_path, monkeypatch):
    Clock(monkeypatch)  # time stands still: a slow machine must not let the wait run out
    db = str(tmp_path / "k.db")
    for _ in range(FREE_FAILURES):
        at = _attempt(db, "ann", "wrong password!")
        assert [e.value for e in at.error] == ["Wrong user name or password."]
    at = _attempt(db, "ann", PASSWORD)  # a new session, the right password, too soon
    assert not at.exception
    assert any("try again in" in e.value for e in at.error)
    assert not any(m.value.startswith("signed in") for m in at.markdown)
