"""The append-only audit log: who viewed, changed and exported which household, and when.

Rows are only ever inserted. The database itself refuses to change or remove them (SQLite and
PostgreSQL triggers created by migration 0002, which also protect the saved household versions),
so not even a bug in Kinfolio can rewrite history. Only an administrator may read the log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, select
from sqlalchemy.engine import Engine

from .storage import Store, metadata

ACTIONS = (
    "view",            # a household version was opened
    "change",          # a new version was saved
    "export",          # a household file, PDF or backup left the store
    "alert_ack",       # a banker acknowledged or closed an alert episode of the book
    "followup",        # a follow-up of a key client was recorded (book ledger)
    "refused",         # an access that the rules refused
    "login",           # a banker signed in
    "login_failed",    # wrong user name or password
    "account",         # an account was created or its password or role changed
    "assign",          # a household was assigned to a banker
    "unassign",        # an assignment was removed
    "backup",          # the whole database was copied
    "meeting",         # a banker entered or left meeting mode
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(32), nullable=False),
    Column("household_id", String(64), nullable=True),
    Column("version", Integer, nullable=True),
    Column("detail", String(1000), nullable=True),
    Index("ix_audit_household", "household_id"),
    Index("ix_audit_at", "at"),
)


class AuditError(PermissionError):
    """Reading the audit log without being an administrator."""


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    household_id: str | None
    version: int | None
    detail: str | None

    def as_json(self) -> dict:
        return {"id": self.id, "at": self.at.isoformat(), "actor": self.actor,
                "action": self.action, "household_id": self.household_id,
                "version": self.version, "detail": self.detail}


def _engine(store: Store | Engine) -> Engine:
    return store.engine if isinstance(store, Store) else store


def record(store: Store | Engine, actor: str, action: str, household_id: str | None = None,
           version: int | None = None, detail: str | None = None) -> None:
    """Append one row. ``action`` is one of :data:`ACTIONS`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action '{action}' (one of {', '.join(ACTIONS)})")
    with _engine(store).begin() as c:
        c.execute(audit_log.insert().values(
            at=dt.datetime.now(dt.UTC), actor=_storable(actor or "?")[:200], action=action,
            household_id=_storable(household_id), version=version,
            detail=_storable(detail[:1000]) if detail else None))


def _storable(text: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL: a refused login by a name carrying one is still
    recorded, with U+FFFD in its place (on both databases, so the log reads the same)."""
    return text.replace("\x00", "\ufffd") if text else text


def entries(store: Store | Engine, viewer, household_id: str | None = None,
            actor: str | None = None, since: dt.datetime | None = None,
            limit: int | None = 1000) -> list[AuditEntry]:
    """The log, newest first. ``viewer`` is an :class:`store.access.User` who must be an
    administrator (``role == "admin"``), or the string ``"cli"`` for someone holding the database
    file itself. Filters are optional."""
    role = "admin" if viewer == "cli" else getattr(viewer, "role", None)
    if role != "admin":
        name = getattr(viewer, "name", viewer)
        record(store, str(name), "refused", detail="read the audit log")
        raise AuditError("only an administrator may read the audit log")
    q = select(audit_log).order_by(audit_log.c.id.desc())
    if household_id is not None:
        q = q.where(audit_log.c.household_id == household_id)
    if actor is not None:
        q = q.where(audit_log.c.actor == actor)
    if since is not None:
        q = q.where(audit_log.c.at >= since)
    if limit is not None:
        q = q.limit(limit)
    with _engine(store).connect() as c:
        rows = c.execute(q).all()
    return [AuditEntry(r.id, r.at if r.at.tzinfo else r.at.replace(tzinfo=dt.UTC), r.actor,
                       r.action, r.household_id, r.version, r.detail) for r in rows]
