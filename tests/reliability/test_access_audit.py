"""Accounts, assignments and the audit log.

Passwords are argon2id hashes (never the password itself); a wrong password, an unknown user and
a disabled account are refused with one message; a banker sees only assigned households and every
refusal is audited; every view, change and export appends an audit row; audit rows can never be
updated or deleted; only an administrator reads the log; the CLI creates the first administrator.
"""

from __future__ import annotations

import io
import sys

import pytest
import sqlalchemy as sa

import cli
from household import HouseholdError, StaleVersionError, demo, dumps
from store import access, audit
from store.access import AccessDenied, AccountError, GuardedStore, User
from store.storage import Store


@pytest.fixture
def bank(db):
    store = Store(db)
    for d in ("demo-cn-chen", "demo-tw-lin", "demo-hksg-wong"):
        store.save(demo(d), "seed")
    admin = access.create_admin(store, "root", "root-password-1")
    ann = access.create_account(store, "ann", "ann-password-1")
    bob = access.create_account(store, "bob", "bob-password-1")
    access.assign(store, "demo-cn-chen", "ann", by="root")
    access.assign(store, "demo-tw-lin", "bob", by="root")
    return store, admin, ann, bob


def test_passwords_are_argon2id_hashes_and_verify(bank):
    store, *_ = bank
    with store.engine.connect() as c:
        hashes = dict(c.execute(sa.select(access.accounts.c.name,
                                          access.accounts.c.password_hash)).all())
    assert all(h.startswith("$argon2id$") for h in hashes.values())
    assert "ann-password-1" not in " ".join(hashes.values())
    assert len(set(hashes.values())) == 3  # salted
    assert access.verify_password(hashes["ann"], "ann-password-1")
    assert not access.verify_password(hashes["ann"], "ann-password-2")
    assert not access.verify_password("not a hash", "x")
    assert not access.verify_password(None, "anything")


def test_production_hashing_is_argon2id_with_at_least_the_owasp_minimum_cost(production_hasher):
    h = production_hasher
    assert h.type.name == "ID"
    assert h.memory_cost >= 19456 and h.time_cost >= 2  # OWASP password storage, argon2id
    assert h.hash("long enough pw").startswith("$argon2id$v=19$m=")


def test_wrong_password_unknown_user_and_disabled_account_are_refused_alike(bank):
    store, *_ = bank
    assert access.authenticate(store, "ann", "ann-password-1") == User("ann", "banker")
    messages = set()
    for name, pw in (("ann", "ann-password-2"), ("ann", ""), ("nobody", "ann-password-1"),
                     ("", ""), ("ANN", "ann-password-1"), ("ann\x00", "ann-password-1")):
        with pytest.raises(AccessDenied) as e:
            access.authenticate(store, name, pw)
        messages.add(str(e.value))
    access.set_active(store, "ann", False)
    with pytest.raises(AccessDenied) as e:
        access.authenticate(store, "ann", "ann-password-1")
    messages.add(str(e.value))
    assert messages == {"wrong user name or password"}
    fails = [x for x in audit.entries(store, "cli") if x.action == "login_failed"]
    assert len(fails) == 7


def test_account_rules(bank):
    store, *_ = bank
    with pytest.raises(AccountError, match="at least 10"):
        access.create_account(store, "carl", "short")
    with pytest.raises(AccountError, match="already exists"):
        access.create_account(store, "ann", "another-password")
    with pytest.raises(AccountError, match="role"):
        access.create_account(store, "carl", "carl-password-1", role="god")
    with pytest.raises(AccountError, match="control"):
        access.create_account(store, "car\nl", "carl-password-1")
    sso = access.create_account(store, "dora@bank.example", None)  # OIDC only
    assert sso.role == "banker"
    with pytest.raises(AccessDenied):
        access.authenticate(store, "dora@bank.example", "")
    access.set_password(store, "ann", "new-password-9")
    assert access.authenticate(store, "ann", "new-password-9").name == "ann"


def test_a_household_is_visible_only_to_the_bankers_assigned_to_it(bank):
    store, admin, ann, bob = bank
    assert [r["id"] for r in access.visible_households(store, ann)] == ["demo-cn-chen"]
    assert [r["id"] for r in access.visible_households(store, bob)] == ["demo-tw-lin"]
    assert len(access.visible_households(store, admin)) == 3
    assert len(access.visible_households(store, access.local_user("me"))) == 3
    assert access.visible_households(store, User("stranger")) == []

    g = GuardedStore(store, ann)
    assert [r["id"] for r in g.list()] == ["demo-cn-chen"]
    assert g.load("demo-cn-chen") == demo("demo-cn-chen")
    for call in (lambda: g.load("demo-tw-lin"), lambda: g.export("demo-tw-lin"),
                 lambda: g.history("demo-tw-lin"),
                 lambda: g.save(demo("demo-tw-lin"), based_on=1),
                 lambda: g.record_export("demo-tw-lin", 1, "pdf")):
        with pytest.raises(AccessDenied, match="not assigned"):
            call()
    refused = [e for e in audit.entries(store, admin) if e.action == "refused"]
    assert len(refused) == 5 and {e.actor for e in refused} == {"ann"}
    assert [r.version for r in store.history("demo-tw-lin")] == [1]  # nothing saved

    access.unassign(store, "demo-cn-chen", "ann", by="root")
    with pytest.raises(AccessDenied):
        g.load("demo-cn-chen")


def test_a_banker_creating_a_household_is_assigned_to_it(bank):
    store, _admin, ann, bob = bank
    new = demo("demo-hksg-wong").model_copy(update={"id": "ann-new"})
    GuardedStore(store, ann).save(new, based_on=None)
    assert access.bankers_of(store, "ann-new") == ["ann"]
    assert "ann-new" not in [r["id"] for r in access.visible_households(store, bob)]


def test_view_change_and_export_are_audited_in_order(bank):
    store, admin, ann, _bob = bank
    g = GuardedStore(store, ann)
    hh = g.load("demo-cn-chen")
    g.save(hh.model_copy(update={"name": "changed"}), based_on=1, comment="rename")
    g.export("demo-cn-chen")
    g.record_export("demo-cn-chen", 2, "pdf")
    mine = [(e.action, e.household_id, e.version, e.detail)
            for e in reversed(audit.entries(store, admin, actor="ann"))]
    assert mine == [("view", "demo-cn-chen", 1, None),
                    ("change", "demo-cn-chen", 2, "rename"),
                    ("export", "demo-cn-chen", 2, "file"),
                    ("export", "demo-cn-chen", 2, "pdf")]
    only = audit.entries(store, admin, household_id="demo-cn-chen")
    assert {e.household_id for e in only} == {"demo-cn-chen"}
    assert all(e.at.tzinfo is not None for e in only)


def test_audit_rows_are_never_updated_or_deleted(bank):
    store, admin, *_ = bank
    before = audit.entries(store, admin)
    for stmt in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log",
                 "DELETE FROM audit_log WHERE id = 1",
                 "UPDATE audit_log SET detail = NULL WHERE id = 2"):
        with pytest.raises(sa.exc.IntegrityError, match="append-only"), store.engine.begin() as c:
            c.execute(sa.text(stmt))
    assert audit.entries(store, admin)[-len(before):] == before
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record(store, "x", "erase")


def test_only_an_administrator_reads_the_audit_log(bank):
    store, admin, ann, _bob = bank
    with pytest.raises(audit.AuditError):
        audit.entries(store, ann)
    assert audit.entries(store, admin, limit=1)[0].action == "refused"
    assert audit.entries(store, access.local_user())  # single-banker mode: the banker is admin


def test_cli_creates_the_first_administrator_and_lists_the_audit(db, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("first-admin-pw\n"))
    assert cli.main(["admin", "create", "--user", "chief", "--password-stdin", "--db", db]) == 0
    assert access.authenticate(Store(db), "chief", "first-admin-pw").role == "admin"
    monkeypatch.setattr(sys, "stdin", io.StringIO("banker-pw-123\n"))
    assert cli.main(["admin", "create", "--user", "mei", "--role", "banker",
                     "--password-stdin", "--db", db]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert cli.main(["admin", "create", "--user", "x", "--password-stdin", "--db", db]) == 2
    assert "at least 10" in capsys.readouterr().err
    assert cli.main(["admin", "assign", "--user", "mei", "--household", "nope", "--db", db]) == 2
    Store(db).save(demo("demo-cn-chen"), "chief")
    assert cli.main(["admin", "assign", "--user", "mei", "--household", "demo-cn-chen",
                     "--db", db]) == 0
    assert cli.main(["admin", "list", "--json", "--db", db]) == 0
    out = capsys.readouterr().out
    assert '"demo-cn-chen"' in out and "password_hash" not in out and "$argon2" not in out
    assert cli.main(["audit", "--json", "--db", db]) == 0
    out = capsys.readouterr().out
    assert '"action": "assign"' in out and '"action": "account"' in out


def test_an_import_cannot_write_into_another_bankers_household(bank):
    store, admin, ann, bob = bank
    text = store.document("demo-cn-chen")  # ann's household
    with pytest.raises(AccessDenied):
        GuardedStore(store, bob).import_file(text, comment="sneaky")
    assert [r.version for r in store.history("demo-cn-chen")] == [1]
    assert audit.entries(store, admin, limit=1)[0].action == "refused"
    info = GuardedStore(store, ann).import_file(text, comment="re-import")
    assert info.version == 2
    assert audit.entries(store, admin, limit=1)[0].action == "change"
    with pytest.raises(HouseholdError):
        GuardedStore(store, ann).import_file(b"{not json")
    assert len(store.history("demo-cn-chen")) == 2


def test_cli_account_maintenance(db, monkeypatch, capsys):
    Store(db).save(demo("demo-tw-lin"), "seed")
    assert cli.main(["admin", "create", "--user", "sso@bank.example", "--role", "banker",
                     "--oidc", "--db", db]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-new-password\n"))
    assert cli.main(["admin", "password", "--user", "sso@bank.example", "--password-stdin",
                     "--db", db]) == 0
    store = Store(db)
    assert access.authenticate(store, "sso@bank.example", "a-new-password").role == "banker"
    assert cli.main(["admin", "assign", "--user", "sso@bank.example", "--household",
                     "demo-tw-lin", "--db", db]) == 0
    assert access.households_of(store, "sso@bank.example") == ["demo-tw-lin"]
    assert cli.main(["admin", "unassign", "--user", "sso@bank.example", "--household",
                     "demo-tw-lin", "--db", db]) == 0
    assert access.households_of(store, "sso@bank.example") == []
    assert cli.main(["admin", "disable", "--user", "sso@bank.example", "--db", db]) == 0
    with pytest.raises(AccessDenied):
        access.authenticate(store, "sso@bank.example", "a-new-password")
    assert cli.main(["admin", "enable", "--user", "sso@bank.example", "--db", db]) == 0
    assert cli.main(["admin", "disable", "--user", "nobody", "--db", db]) == 2
    assert cli.main(["admin", "create", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "no account named 'nobody'" in err and "needs --user" in err
    assert "Traceback" not in err


def test_every_save_writes_its_audit_row_in_the_same_transaction(db, tmp_path, capsys):
    """Saves that bypass the guarded store (the CLI's import, the app's editor) are audited by
    the store itself; a refused (stale) save leaves neither a version nor an audit row."""
    f = tmp_path / "h.json"
    f.write_text(dumps(demo("demo-tw-lin")), encoding="utf-8")
    assert cli.main(["import", str(f), "--db", str(db), "--user", "mei",
                     "--comment", "first"]) == 0
    store = Store(db)
    rows = audit.entries(store, "cli")
    assert [(e.actor, e.action, e.household_id, e.version, e.detail) for e in rows] == [
        (cli.os_user(), "change", "demo-tw-lin", 1, "first; claimed user: mei")]
    with pytest.raises(StaleVersionError):
        store.save(demo("demo-tw-lin"), "late", based_on=None)
    assert len(audit.entries(store, "cli")) == 1
    versions = {v.version for v in store.history("demo-tw-lin")}
    changes = {e.version for e in audit.entries(store, "cli") if e.action == "change"}
    assert versions == changes
