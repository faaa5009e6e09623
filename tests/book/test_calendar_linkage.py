"""Contact calendar and 公私聯動 on the hand-made book."""

from __future__ import annotations

import datetime as dt

import pytest

from book.calendar import contact_calendar
from book.linkage import linkage
from book.watch_store import FollowUp
from tests.book.watch_helpers import watch_small


def test_calendar_for_a_banker_and_range():
    visit = FollowUp(1, dt.datetime(2026, 11, 19, tzinfo=dt.UTC), "amy", "P01",
                     dt.date(2026, 11, 19), "call", "called", "visit", dt.date(2026, 12, 3),
                     "open")
    cal = contact_calendar(watch_small(), dt.date(2026, 12, 1), dt.date(2027, 2, 28), "amy",
                           [visit])
    got = [(e.date.isoformat(), e.kind, e.client_id) for e in cal.entries]
    assert got == [
        ("2026-12-03", "planned_visit", "P01"),
        ("2026-12-08", "birthday", "P02"),
        ("2026-12-15", "kyc_review", "P01"),
        ("2026-12-20", "maturity", "P01"),
        ("2027-01-15", "maturity", "P06"),
        ("2027-01-15", "policy_anniversary", "P06"),
        ("2027-02-06", "festival", None),  # 春節 2027
    ]
    assert cal.entries[1].params["age"] == 41
    assert dict(cal.entries[-1].params) == {"festival": "spring_festival", "clients": 5}


def test_calendar_family_dates_from_the_household():
    cal = contact_calendar(watch_small(), dt.date(2026, 9, 1), dt.date(2026, 10, 31))
    got = [(e.date.isoformat(), e.kind, e.client_id, dict(e.params)) for e in cal.entries
           if e.kind in ("family_birthday", "anniversary", "festival")]
    assert ("2026-09-30", "family_birthday", "P01", {"person": "林麗華", "age": 64}) in got
    assert ("2026-10-01", "anniversary", "P01", {"what": "wedding", "years": 41}) in got
    assert sum(1 for g in got if g[1] == "festival") == 2  # 中秋 2026-09-25, one per banker
    with pytest.raises(ValueError, match="before"):
        contact_calendar(watch_small(), dt.date(2026, 2, 1), dt.date(2026, 1, 1))


def test_linkage_ranking():
    got = linkage(watch_small())
    assert [c.company_id for c in got.companies] == ["C01", "C02", "C03"]
    c01 = got.companies[0]
    assert (c01.employees, c01.staff_with_us, c01.payroll_with_us) == (120, 3, True)
    assert c01.household_id == "wang" and 0 < c01.owner_wallet_share < 0.5
    assert [o[0] for o in c01.opportunities] == ["linkage.staff_uncovered",
                                                 "linkage.owner_wallet"]
