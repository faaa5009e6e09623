"""Meeting mode held in the store, per banker: it survives a reload and a new browser tab.

While a banker is in a meeting, every session of that banker (a reload starts a new one, so does a
second tab) shows the client-facing view of the meeting's household only. Leaving needs the
banker's password, or the PIN chosen on entering (the only way out in single-banker mode and with
single sign-on, where Kinfolio holds no password). The PIN is stored as an argon2id hash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Column, DateTime, String, Table, delete, select
from sqlalchemy.engine import Engine

from . import audit
from .storage import Store, metadata

MIN_PIN = 4

meetings = Table(
    "meetings", metadata,
    Column("account", String(200), primary_key=True),
    Column("household_id", String(64), nullable=False),
    Column("pin_hash", String(300), nullable=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
)

_hasher = PasswordHasher()


class MeetingError(ValueError):
    """A PIN that cannot be used (too short, too long)."""


@dataclass(frozen=True)
class Meeting:
    account: str
    household_id: str
    started_at: dt.datetime
    has_pin: bool


def _engine(store: Store | Engine) -> Engine:
    return store.engine if isinstance(store, Store) else store


def current(store: Store | Engine, account: str) -> Meeting | None:
    """The meeting ``account`` is in, or None."""
    with _engine(store).connect() as c:
        r = c.execute(select(meetings).where(meetings.c.account == account)).first()
    if r is None:
        return None
    return Meeting(r.account, r.household_id, r.started_at, r.pin_hash is not None)


def check_pin(pin: str | None, required: bool) -> None:
    """Raise :class:`MeetingError` unless ``pin`` is usable (None allowed when not required)."""
    if not pin:
        if required:
            raise MeetingError("pin_required")
        return
    if len(pin) < MIN_PIN:
        raise MeetingError("pin_short")
    if len(pin) > 200:
        raise MeetingError("pin_long")


def enter(store: Store | Engine, account: str, household_id: str, pin: str | None = None,
          pin_required: bool = False) -> Meeting:
    """Start (or move) the meeting of ``account`` on ``household_id``."""
    check_pin(pin, pin_required)
    digest = _hasher.hash(pin) if pin else None
    now = dt.datetime.now(dt.UTC)
    with _engine(store).begin() as c:
        c.execute(delete(meetings).where(meetings.c.account == account))
        c.execute(meetings.insert().values(account=account, household_id=household_id,
                                           pin_hash=digest, started_at=now))
    audit.record(store, account, "meeting", household_id, detail="entered meeting mode")
    return Meeting(account, household_id, now, digest is not None)


def _pin_matches(digest: str | None, secret: str) -> bool:
    if not digest or not secret:
        return False
    try:
        return _hasher.verify(digest, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def has_password(store: Store | Engine, account: str) -> bool:
    """True when ``account`` signs in with a password (then it also ends a meeting)."""
    from .access import accounts

    with _engine(store).connect() as c:
        r = c.execute(select(accounts.c.password_hash).where(accounts.c.name == account)).first()
    return r is not None and r[0] is not None


def _password_matches(store: Store | Engine, account: str, secret: str) -> bool:
    from .access import accounts, verify_password

    with _engine(store).connect() as c:
        r = c.execute(select(accounts.c.password_hash, accounts.c.active)
                      .where(accounts.c.name == account)).first()
    return r is not None and bool(r[1]) and r[0] is not None and verify_password(r[0], secret)


def leave(store: Store | Engine, account: str, secret: str) -> bool:
    """End the meeting when ``secret`` is its PIN or the banker's password; a refusal is audited
    and the meeting goes on."""
    with _engine(store).connect() as c:
        r = c.execute(select(meetings).where(meetings.c.account == account)).first()
    if r is None:
        return True
    secret = secret or ""
    if not (_pin_matches(r.pin_hash, secret) or _password_matches(store, account, secret)):
        audit.record(store, account, "refused", r.household_id, detail="leave meeting mode")
        return False
    with _engine(store).begin() as c:
        c.execute(delete(meetings).where(meetings.c.account == account))
    audit.record(store, account, "meeting", r.household_id, detail="left meeting mode")
    return True
