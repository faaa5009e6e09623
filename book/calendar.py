"""The contact calendar: reasons to be in touch, per banker, for a date range.

Birthdays (clients, and their family from the household files), festivals (春節 and 中秋 from
dated data; one entry per banker with the number of clients to greet), the client's own dates
(wedding anniversaries from the household files), maturities, KYC reviews, policy anniversaries
(insurance accounts and the household files' policies) and planned visits (the latest follow-up's
next date). Entries are codes with parameters; ``cli``/``ui`` make the words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from book.frames import BookFrames
from book.watch_config import festivals
from book.watch_store import FollowUp

KINDS = ("birthday", "family_birthday", "festival", "anniversary", "maturity", "kyc_review",
         "policy_anniversary", "planned_visit")


@dataclass(frozen=True)
class CalendarEntry:
    date: dt.date
    kind: str
    banker: str
    client_id: str | None
    household_id: str | None
    params: MappingProxyType

    def as_json(self) -> dict:
        return {"date": self.date.isoformat(), "kind": self.kind, "banker": self.banker,
                "client_id": self.client_id, "household_id": self.household_id,
                "params": dict(self.params)}


@dataclass(frozen=True)
class ContactCalendar:
    start: dt.date
    end: dt.date
    entries: tuple[CalendarEntry, ...]

    def as_json(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "entries": [e.as_json() for e in self.entries]}


def _p(**kw) -> MappingProxyType:
    return MappingProxyType(kw)


def _recurring(day: dt.date, start: dt.date, end: dt.date) -> list[tuple[dt.date, int]]:
    """Each yearly recurrence of ``day`` within [start, end], with the years since (29 Feb falls
    on 28 Feb in other years)."""
    out = []
    for y in range(start.year, end.year + 1):
        try:
            d = day.replace(year=y)
        except ValueError:
            d = dt.date(y, 2, 28)
        if start <= d <= end and y > day.year:
            out.append((d, y - day.year))
    return out


def contact_calendar(frames: BookFrames, start: dt.date, end: dt.date,
                     banker: str | None = None, followups: Iterable[FollowUp] = ()
                     ) -> ContactCalendar:
    """Every entry between ``start`` and ``end`` (inclusive), for one banker or all."""
    if end < start:
        raise ValueError(f"end {end.isoformat()} is before start {start.isoformat()}")
    c = frames.clients.assign(client_id=frames.clients["client_id"].astype(str),
                              banker=frames.clients["banker"].astype(str))
    if banker is not None:
        c = c[c["banker"] == banker]
    bankers = dict(zip(c["client_id"], c["banker"], strict=True))
    hh_of = frames.client_households()
    out: list[CalendarEntry] = []

    def add(d: dt.date, kind: str, cid: str | None, params: MappingProxyType,
            who: str | None = None) -> None:
        out.append(CalendarEntry(d, kind, who or bankers[cid], cid,
                                 hh_of.get(cid) if cid else None, params))

    for r in c[c["birth_date"].notna()].itertuples(index=False):
        for d, age in _recurring(r.birth_date.date(), start, end):
            add(d, "birthday", r.client_id, _p(age=age))
    for (d, kind), params, cid in _household_dates(frames, start, end):
        if cid in bankers:
            add(d, kind, cid, params)
    fest = festivals()
    for code, days in fest.items():
        for d in days.values():
            if start <= d <= end:
                for who, n in c.groupby("banker").size().items():
                    out.append(CalendarEntry(d, "festival", str(who), None, None,
                                             _p(festival=code, clients=int(n))))
    acc = frames.accounts.assign(client_id=frames.accounts["client_id"].astype(str))
    acc = acc[acc["client_id"].isin(bankers) & acc["closed"].isna()]
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    for r in acc[acc["maturity"].between(s, e)].itertuples(index=False):
        add(r.maturity.date(), "maturity", r.client_id,
            _p(account_id=str(r.account_id), account_kind=str(r.kind)))
    for r in acc[acc["kind"] == "insurance"].itertuples(index=False):
        for d, years in _recurring(r.opened.date(), start, end):
            add(d, "policy_anniversary", r.client_id,
                _p(account_id=str(r.account_id), years=years))
    for r in c[c["kyc_review_due"].between(s, e)].itertuples(index=False):
        add(r.kyc_review_due.date(), "kyc_review", r.client_id, _p())
    latest: dict[str, FollowUp] = {}
    for f in followups:
        if f.client_id not in latest or f.id > latest[f.client_id].id:
            latest[f.client_id] = f
    for cid, f in latest.items():
        if (cid in bankers and f.next_date is not None and start <= f.next_date <= end
                and f.status not in ("done", "no_interest")):
            add(f.next_date, "planned_visit", cid, _p(next_action=f.next_action,
                                                      followup_id=f.id))
    out.sort(key=lambda x: (x.date, x.banker, KINDS.index(x.kind), x.client_id or ""))
    return ContactCalendar(start, end, tuple(out))


def _household_dates(frames: BookFrames, start: dt.date, end: dt.date):
    """Family birthdays, wedding anniversaries and policy anniversaries from the household
    files, each attached to a family member who is a client (the first one listed)."""
    for hh in frames.households.values():
        clients = [p.client_id for p in hh.people if p.client_id]
        if not clients:
            continue
        by_person = {p.id: p.client_id for p in hh.people if p.client_id}
        main = clients[0]
        for p in hh.people:
            if p.client_id or not p.alive:
                continue  # clients have their own birthday entry
            for d, age in _recurring(p.birth_date, start, end):
                yield (d, "family_birthday"), _p(person=p.name, age=age), main
        for rel in hh.relations:
            if getattr(rel, "kind", None) == "spouse" and rel.married_on is not None:
                cid = by_person.get(rel.a) or by_person.get(rel.b) or main
                for d, years in _recurring(rel.married_on, start, end):
                    yield (d, "anniversary"), _p(what="wedding", years=years), cid
        for pol in hh.policies:
            if pol.issued_on is not None:
                cid = by_person.get(pol.policyholder) or main
                for d, years in _recurring(pol.issued_on, start, end):
                    yield (d, "policy_anniversary"), _p(policy=pol.id, years=years), cid
