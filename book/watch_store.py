"""Acknowledgements of alert episodes and follow-ups of key clients, in the SQL store.

Both tables are append-only (migration ``0003_book_watch``: the database refuses UPDATE and
DELETE) and every row is written to the audit log in the same transaction. The current state of
an episode or a client is the latest row: nothing is ever changed in place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, Date, DateTime, Integer, String, Table, select
from sqlalchemy.engine import Engine

from book.alerts import Ack, Alert
from store.audit import audit_log
from store.storage import Store, metadata

ACK_ACTIONS = ("ack", "close")
CHANNELS = ("visit", "call", "message", "meeting", "event", "other")
STATUSES = ("open", "in_progress", "done", "no_interest")

alert_acks = Table(
    "book_alert_acks", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("client_id", String(64), nullable=False),
    Column("account_id", String(64), nullable=True),
    Column("first_date", Date, nullable=False),
    Column("last_date", Date, nullable=False),
    Column("episode", String(200), nullable=False),
    Column("note", String(1000), nullable=True),
)

followups = Table(
    "book_followups", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("client_id", String(64), nullable=False),
    Column("contact_date", Date, nullable=True),
    Column("channel", String(16), nullable=True),
    Column("what", String(2000), nullable=False),
    Column("next_action", String(500), nullable=True),
    Column("next_date", Date, nullable=True),
    Column("status", String(16), nullable=False),
)


class WatchInputError(ValueError):
    """A bad acknowledgement or follow-up: names the field."""


def _engine(store: Store | Engine) -> Engine:
    return store.engine if isinstance(store, Store) else store


def _actor(actor: str) -> str:
    if not actor or not actor.strip():
        raise WatchInputError("actor: who records this must be named")
    return actor.strip()[:200]


def record_ack(store: Store | Engine, actor: str, alert: Alert | Ack, action: str = "ack",
               note: str | None = None) -> int:
    """Store that ``actor`` acknowledged (``ack``) or closed (``close``) an alert's episode."""
    if action not in ACK_ACTIONS:
        raise WatchInputError(f"action: must be one of {', '.join(ACK_ACTIONS)} (got {action!r})")
    a = alert if isinstance(alert, Ack) else Ack.of(alert, action)
    episode = alert.episode if isinstance(alert, Alert) else \
        f"{a.kind}/{a.client_id}/{a.account_id or '-'}/{a.first_date.isoformat()}"
    now, who = dt.datetime.now(dt.UTC), _actor(actor)
    with _engine(store).begin() as c:
        rid = c.execute(alert_acks.insert().values(
            at=now, actor=who, action=action, kind=a.kind, client_id=a.client_id,
            account_id=a.account_id, first_date=a.first_date, last_date=a.last_date,
            episode=episode[:200], note=note[:1000] if note else None)).inserted_primary_key[0]
        c.execute(audit_log.insert().values(
            at=now, actor=who, action="alert_ack", household_id=None, version=None,
            detail=f"book_alert_acks #{rid}: {action} {episode}"[:1000]))
    return int(rid)


def acks(store: Store | Engine) -> list[Ack]:
    """Every acknowledged or closed episode (oldest first)."""
    with _engine(store).connect() as c:
        rows = c.execute(select(alert_acks).order_by(alert_acks.c.id)).all()
    return [Ack(r.kind, r.client_id, r.account_id, r.first_date, r.last_date, r.action)
            for r in rows]


@dataclass(frozen=True)
class FollowUp:
    id: int
    at: dt.datetime
    actor: str
    client_id: str
    contact_date: dt.date | None
    channel: str | None
    what: str
    next_action: str | None
    next_date: dt.date | None
    status: str

    def as_json(self) -> dict:
        iso = lambda d: None if d is None else d.isoformat()  # noqa: E731
        return {"id": self.id, "at": self.at.isoformat(), "actor": self.actor,
                "client_id": self.client_id, "contact_date": iso(self.contact_date),
                "channel": self.channel, "what": self.what, "next_action": self.next_action,
                "next_date": iso(self.next_date), "status": self.status}


def record_followup(store: Store | Engine, actor: str, client_id: str, what: str, *,
                    contact_date: dt.date | None = None, channel: str | None = None,
                    next_action: str | None = None, next_date: dt.date | None = None,
                    status: str = "open") -> FollowUp:
    """Append one follow-up (who, when, what was done, what comes next)."""
    if not client_id or not client_id.strip():
        raise WatchInputError("client_id: required")
    if not what or not what.strip():
        raise WatchInputError("what: say what was done")
    if channel is not None and channel not in CHANNELS:
        raise WatchInputError(f"channel: must be one of {', '.join(CHANNELS)} (got {channel!r})")
    if status not in STATUSES:
        raise WatchInputError(f"status: must be one of {', '.join(STATUSES)} (got {status!r})")
    now, who = dt.datetime.now(dt.UTC), _actor(actor)
    with _engine(store).begin() as c:
        rid = c.execute(followups.insert().values(
            at=now, actor=who, client_id=client_id.strip(), contact_date=contact_date,
            channel=channel, what=what.strip()[:2000],
            next_action=next_action.strip()[:500] if next_action else None,
            next_date=next_date, status=status)).inserted_primary_key[0]
        c.execute(audit_log.insert().values(
            at=now, actor=who, action="followup", household_id=None, version=None,
            detail=f"book_followups #{rid}: client {client_id.strip()} ({status})"[:1000]))
    return FollowUp(int(rid), now, who, client_id.strip(), contact_date, channel,
                    what.strip()[:2000], next_action, next_date, status)


def followup_rows(store: Store | Engine, client_id: str | None = None) -> list[FollowUp]:
    """Follow-ups, oldest first (all clients, or one)."""
    q = select(followups).order_by(followups.c.id)
    if client_id is not None:
        q = q.where(followups.c.client_id == client_id)
    with _engine(store).connect() as c:
        rows = c.execute(q).all()
    return [FollowUp(r.id, r.at if r.at.tzinfo else r.at.replace(tzinfo=dt.UTC), r.actor,
                     r.client_id, r.contact_date, r.channel, r.what, r.next_action, r.next_date,
                     r.status) for r in rows]
