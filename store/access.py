"""Banker accounts, roles and the households each banker may see.

- An account has a name (a login name or, with single sign-on, the e-mail the identity provider
  reports), a role — ``banker`` or ``admin`` — and an argon2id password hash (none for accounts that
  only sign in through OIDC).
- An administrator sees every household and the audit log; a banker sees only the households
  assigned to them. A banker who saves a new household is assigned to it.
- With no accounts at all Kinfolio runs in local single-banker mode: the one person at the machine
  is an administrator of their own data (:func:`local_user`).

:class:`GuardedStore` wraps :class:`store.storage.Store` for one user: every read, save and
export is checked against the assignments and written to the audit log (:mod:`store.audit`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from household.model import Household

from . import audit
from .storage import Store, VersionInfo, metadata

ROLES = ("banker", "admin")
MIN_PASSWORD = 10

accounts = Table(
    "accounts", metadata,
    Column("name", String(200), primary_key=True),
    Column("display_name", String(200), nullable=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(300), nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
)

assignments = Table(
    "assignments", metadata,
    Column("household_id", String(64), primary_key=True),
    Column("account", String(200), ForeignKey("accounts.name"), primary_key=True),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    Column("assigned_by", String(200), nullable=False),
)

login_failures = Table(
    "login_failures", metadata,
    Column("kind", String(16), primary_key=True),       # "account" or "address"
    Column("subject", String(200), primary_key=True),   # the name typed, or the client address
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", DateTime(timezone=True), nullable=False),
    Column("locked_at", DateTime(timezone=True), nullable=True),
)

#: failures in a row after which each further attempt waits (per name and per address)
FREE_FAILURES = 3
#: the wait doubles with each failure from there: 2, 4, 8 ... seconds, at most this long
MAX_DELAY_S = 15 * 60
#: failures in a row after which an account is locked until ``kinfolio admin unlock``
LOCK_AFTER = 10
#: a count whose last failure is older than this starts again (unless the account is locked)
FORGET_AFTER = dt.timedelta(hours=1)

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the account is unknown, so both answers take as long.

    Made on first use: hashing costs ~0.15 s, which the app's cold start should not pay.
    """
    return _hasher.hash("kinfolio: no such account")


class AccessDenied(PermissionError):
    """A sign-in or an access that the rules refuse; the message is safe to show."""


class AccountError(ValueError):
    """A bad account request (name taken, password too short, unknown role)."""


@dataclass(frozen=True)
class User:
    """Who is using Kinfolio. ``local`` marks single-banker mode (no accounts exist)."""

    name: str
    role: str = "banker"
    display_name: str | None = None
    local: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def label(self) -> str:
        return self.display_name or self.name


def _engine(store: Store | Engine) -> Engine:
    return store.engine if isinstance(store, Store) else store


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# ----------------------------------------------------------------------------- passwords
def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted; the parameters are stored in the hash)."""
    check_password(password)
    return _hasher.hash(password)


def check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise AccountError("a password may have at most 1024 characters")


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; False for a mismatch, a malformed or a missing hash."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name or "").strip()
    if not name or len(name) > 200:
        raise AccountError("an account name needs 1 to 200 characters")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise AccountError("an account name may not contain control characters")
    return name


# ----------------------------------------------------------------------------- accounts
def has_accounts(store: Store | Engine) -> bool:
    """True once any account exists (then sign-in is required)."""
    with _engine(store).connect() as c:
        return bool(c.execute(select(func.count()).select_from(accounts)).scalar())


def local_user(name: str | None = None) -> User:
    """The one banker of single-banker mode: an administrator of the local data."""
    import os

    who = name or os.environ.get("KINFOLIO_USER") or os.environ.get("USER") or "banker"
    return User(who, "admin", None, local=True)


def create_account(store: Store | Engine, name: str, password: str | None = None,
                   role: str = "banker", display_name: str | None = None,
                   by: str = "cli") -> User:
    """Add an account. ``password`` None makes an account that signs in only through OIDC."""
    name = _clean_name(name)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)} (got '{role}')")
    digest = hash_password(password) if password is not None else None
    try:
        with _engine(store).begin() as c:
            c.execute(accounts.insert().values(
                name=name, display_name=display_name, role=role, password_hash=digest,
                active=True, created_at=_now(), created_by=by))
    except IntegrityError:
        raise AccountError(f"an account named '{name}' already exists") from None
    audit.record(store, by, "account", detail=f"created {role} '{name}'")
    return User(name, role, display_name)


def create_admin(store: Store | Engine, name: str, password: str | None,
                 display_name: str | None = None, by: str = "cli") -> User:
    """Add an administrator (the first one is created from the command line)."""
    return create_account(store, name, password, "admin", display_name, by)


def account(store: Store | Engine, name: str) -> User | None:
    """The active account called ``name``, or None."""
    name = unicodedata.normalize("NFKC", name or "").strip()
    with _engine(store).connect() as c:
        r = c.execute(select(accounts).where(accounts.c.name == name)).first()
    if r is None or not r.active:
        return None
    return User(r.name, r.role, r.display_name)


def list_accounts(store: Store | Engine) -> list[dict]:
    with _engine(store).connect() as c:
        rows = c.execute(select(accounts).order_by(accounts.c.name)).all()
    return [{"name": r.name, "display_name": r.display_name, "role": r.role,
             "active": bool(r.active), "password": r.password_hash is not None,
             "created_at": r.created_at.isoformat()} for r in rows]


def set_password(store: Store | Engine, name: str, password: str, by: str = "cli") -> None:
    digest = hash_password(password)
    with _engine(store).begin() as c:
        n = c.execute(update(accounts).where(accounts.c.name == name)
                      .values(password_hash=digest)).rowcount
    if not n:
        raise AccountError(f"no account named '{name}'")
    audit.record(store, by, "account", detail=f"password of '{name}' set")


def set_active(store: Store | Engine, name: str, active: bool, by: str = "cli") -> None:
    with _engine(store).begin() as c:
        n = c.execute(update(accounts).where(accounts.c.name == name)
                      .values(active=active)).rowcount
    if not n:
        raise AccountError(f"no account named '{name}'")
    audit.record(store, by, "account", detail=f"'{name}' {'enabled' if active else 'disabled'}")


class SignInThrottled(AccessDenied):
    """Too many failed sign-ins: ``retry_after`` seconds to wait (None: locked until an
    administrator unlocks the account)."""

    def __init__(self, message: str, retry_after: float | None):
        super().__init__(message)
        self.retry_after = retry_after


def backoff_delay(failures: int) -> float:
    """Seconds to wait after ``failures`` failures in a row: none for the first
    :data:`FREE_FAILURES`, then doubling from 2 s up to :data:`MAX_DELAY_S`."""
    if failures < FREE_FAILURES:
        return 0.0
    return float(min(2 ** (failures - FREE_FAILURES + 1), MAX_DELAY_S))


def _subject(text: str) -> str:
    """A sign-in counter's key: at most 200 characters, no NUL (PostgreSQL text cannot hold one,
    and a name with one is never an account)."""
    return text.replace("\x00", "\ufffd")[:200]


def _failure_row(c, kind: str, subject: str):
    return c.execute(select(login_failures).where(login_failures.c.kind == kind,
                                                  login_failures.c.subject == subject)).first()


def _aware(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def sign_in_state(store: Store | Engine, name: str, address: str | None = None,
                  now: dt.datetime | None = None) -> tuple[bool, float]:
    """(locked, seconds to wait) for a sign-in as ``name`` from ``address``, from the counters in
    the store (so a page reload, a new session or a restarted server changes nothing)."""
    now = now or _now()
    locked, wait = False, 0.0
    with _engine(store).connect() as c:
        for kind, subject in (("account", name), ("address", address)):
            if not subject:
                continue
            r = _failure_row(c, kind, _subject(subject))
            if r is None:
                continue
            if kind == "account" and r.locked_at is not None:
                locked = True
            until = _aware(r.last_failure_at) + dt.timedelta(seconds=backoff_delay(r.failures))
            wait = max(wait, (until - now).total_seconds())
    return locked, max(wait, 0.0)


def _count_failure(store: Store | Engine, name: str, address: str | None) -> int:
    """Add one failure for ``name`` and ``address``; returns the account's count."""
    now = _now()
    count = 0
    with _engine(store).begin() as c:
        for kind, subject in (("account", name), ("address", address)):
            if not subject:
                continue
            subject = _subject(subject)
            r = _failure_row(c, kind, subject)
            locked = r.locked_at if r is not None else None
            stale = r is not None and locked is None and \
                now - _aware(r.last_failure_at) > FORGET_AFTER
            n = (r.failures if r is not None and not stale else 0) + 1
            if kind == "account" and n >= LOCK_AFTER and locked is None:
                locked = now
            if r is None:
                c.execute(login_failures.insert().values(kind=kind, subject=subject, failures=n,
                                                         last_failure_at=now, locked_at=locked))
            else:
                c.execute(update(login_failures).where(
                    login_failures.c.kind == kind, login_failures.c.subject == subject)
                    .values(failures=n, last_failure_at=now, locked_at=locked))
            if kind == "account":
                count = n
    return count


def _clear_failures(store: Store | Engine, name: str, address: str | None) -> None:
    # the address keeps its count: one's own account must not reset guessing at others'
    with _engine(store).begin() as c:
        c.execute(delete(login_failures).where(login_failures.c.kind == "account",
                                               login_failures.c.subject == _subject(name)))


def unlock(store: Store | Engine, name: str, by: str = "cli") -> bool:
    """Clear an account's failures and lock (``kinfolio admin unlock``); True when it had any."""
    name = unicodedata.normalize("NFKC", name or "").strip()
    with _engine(store).begin() as c:
        n = c.execute(delete(login_failures).where(login_failures.c.kind == "account",
                                                   login_failures.c.subject == _subject(name))
                      ).rowcount
    audit.record(store, by, "account", detail=f"'{name}' unlocked")
    return bool(n)


def authenticate(store: Store | Engine, name: str, password: str,
                 address: str | None = None) -> User:
    """The account for ``name`` when ``password`` matches; otherwise :class:`AccessDenied` with
    one message for every failure (unknown name, wrong password, disabled account).

    Failures are counted in the store per name and per client ``address``: after
    :data:`FREE_FAILURES` each attempt must wait (doubling, :func:`backoff_delay`) or is refused
    unchecked with :class:`SignInThrottled`; after :data:`LOCK_AFTER` the account is locked until an
    administrator unlocks it. Every failure, throttled or not, is audited."""
    name = unicodedata.normalize("NFKC", name or "").strip()  # as create_account stores it
    where = f"from {address}" if address else None
    locked, wait = sign_in_state(store, name, address)
    if locked:
        audit.record(store, name[:200] or "?", "login_failed",
                     detail="; ".join(x for x in ("account locked", where) if x))
        raise SignInThrottled("this account is locked after too many failed sign-ins; an "
                              "administrator can unlock it (kinfolio admin unlock)", None)
    if wait > 0:
        audit.record(store, name[:200] or "?", "login_failed",
                     detail="; ".join(x for x in (f"too early ({wait:.0f} s to wait)", where)
                                      if x))
        raise SignInThrottled(f"too many failed sign-ins; try again in {wait:.0f} s", wait)
    r = None
    if "\x00" not in name:  # no account has one, and PostgreSQL text cannot hold it
        with _engine(store).connect() as c:
            r = c.execute(select(accounts).where(accounts.c.name == name)).first()
    stored = r.password_hash if r is not None else None
    ok = verify_password(stored, password or "") and r is not None and bool(r.active)
    if not ok:
        n = _count_failure(store, name or "?", address)
        audit.record(store, name[:200] or "?", "login_failed",
                     detail="; ".join(x for x in (f"failure {n} in a row", where) if x))
        if n >= LOCK_AFTER:
            raise SignInThrottled("this account is locked after too many failed sign-ins; an "
                                  "administrator can unlock it (kinfolio admin unlock)", None)
        raise AccessDenied("wrong user name or password")
    if _hasher.check_needs_rehash(stored):
        with _engine(store).begin() as c:
            c.execute(update(accounts).where(accounts.c.name == name)
                      .values(password_hash=_hasher.hash(password)))
    _clear_failures(store, name, address)
    audit.record(store, name, "login", detail=where)
    return User(r.name, r.role, r.display_name)


# ----------------------------------------------------------------------------- assignments
def assign(store: Store | Engine, household_id: str, name: str, by: str = "cli") -> None:
    """Let the banker ``name`` see and change ``household_id`` (idempotent)."""
    if account(store, name) is None:
        raise AccountError(f"no active account named '{name}'")
    with _engine(store).begin() as c:
        exists = c.execute(select(assignments.c.account).where(
            assignments.c.household_id == household_id, assignments.c.account == name)).first()
        if exists:
            return
        c.execute(assignments.insert().values(household_id=household_id, account=name,
                                              assigned_at=_now(), assigned_by=by))
    audit.record(store, by, "assign", household_id, detail=f"to '{name}'")


def unassign(store: Store | Engine, household_id: str, name: str, by: str = "cli") -> None:
    with _engine(store).begin() as c:
        n = c.execute(delete(assignments).where(assignments.c.household_id == household_id,
                                                assignments.c.account == name)).rowcount
    if n:
        audit.record(store, by, "unassign", household_id, detail=f"from '{name}'")


def bankers_of(store: Store | Engine, household_id: str) -> list[str]:
    with _engine(store).connect() as c:
        return list(c.execute(select(assignments.c.account).where(
            assignments.c.household_id == household_id).order_by(assignments.c.account))
            .scalars())


def households_of(store: Store | Engine, name: str) -> list[str]:
    with _engine(store).connect() as c:
        return list(c.execute(select(assignments.c.household_id).where(
            assignments.c.account == name).order_by(assignments.c.household_id)).scalars())


def can_view(store: Store | Engine, user: User, household_id: str) -> bool:
    """Administrators and the local banker see everything; a banker sees what is assigned."""
    if user.is_admin or user.local:
        return True
    with _engine(store).connect() as c:
        return c.execute(select(assignments.c.account).where(
            assignments.c.household_id == household_id,
            assignments.c.account == user.name)).first() is not None


def visible_households(store: Store, user: User) -> list[dict]:
    """``store.list()`` filtered to what ``user`` may see (the UI's household picker)."""
    rows = store.list()
    if user.is_admin or user.local:
        return rows
    mine = set(households_of(store, user.name))
    return [r for r in rows if r["id"] in mine]


# ----------------------------------------------------------------------------- guarded store
class GuardedStore:
    """The store as one user may use it: checked against assignments, every access audited."""

    def __init__(self, store: Store, user: User):
        self.store = store
        self.user = user

    def _require(self, household_id: str, what: str) -> None:
        if not can_view(self.store, self.user, household_id):
            audit.record(self.store, self.user.name, "refused", household_id, detail=what)
            raise AccessDenied(f"household '{household_id}' is not assigned to you")

    def list(self) -> list[dict]:
        return visible_households(self.store, self.user)

    def history(self, household_id: str) -> list[VersionInfo]:
        self._require(household_id, "history")
        return self.store.history(household_id)

    def latest_version(self, household_id: str) -> int | None:
        self._require(household_id, "latest version")
        return self.store.latest_version(household_id)

    def load(self, household_id: str, version: int | None = None) -> Household:
        """Open a version (the latest by default) and record the view."""
        self._require(household_id, "view")
        version = version if version is not None else self.store.latest_version(household_id)
        hh = self.store.load(household_id, version)
        audit.record(self.store, self.user.name, "view", household_id, version)
        return hh

    def export(self, household_id: str, version: int | None = None) -> str:
        """The household file text of a version, recorded as an export."""
        self._require(household_id, "export")
        version = version if version is not None else self.store.latest_version(household_id)
        text = self.store.document(household_id, version)
        audit.record(self.store, self.user.name, "export", household_id, version, "file")
        return text

    def record_export(self, household_id: str, version: int | None, what: str) -> None:
        """Record an export produced elsewhere (a PDF proposal, a CSV table)."""
        self._require(household_id, f"export {what}")
        audit.record(self.store, self.user.name, "export", household_id, version, what)

    def import_file(self, data: bytes | str, comment: str | None = None) -> VersionInfo:
        """Validate a household file and save it on top of its latest version — refused when that
        household exists and is not assigned to this user (an import must not write into another
        banker's household)."""
        from household.io import loads

        from .storage import ON_LATEST

        hh = loads(data)
        existed = self.store.latest_version(hh.id) is not None
        if existed:
            self._require(hh.id, "change")
        info = self.store.save(hh, self.user.name, based_on=ON_LATEST, comment=comment)
        if not existed and not self.user.local and account(self.store, self.user.name):
            assign(self.store, hh.id, self.user.name, by=self.user.name)
        return info

    def save(self, hh: Household, based_on: int | None, comment: str | None = None
             ) -> VersionInfo:
        """Save a new version (stale saves refused by the store); a banker creating a household
        is assigned to it."""
        if based_on is not None or self.store.latest_version(hh.id) is not None:
            self._require(hh.id, "change")
        info = self.store.save(hh, self.user.name, based_on=based_on, comment=comment)
        # the store wrote the "change" audit row in the same transaction as the version
        if based_on is None and not self.user.local and account(self.store, self.user.name):
            assign(self.store, hh.id, self.user.name, by=self.user.name)
        return info
