import datetime as dt

import pytest

from book import open_book
from book.activity import member_accounts, recent_activity

from .conftest import SMALL


def test_member_accounts_and_recent_activity_of_the_chen_couple():
    with open_book(SMALL) as b:
        acc = member_accounts(b.con, b.meta, ["C001", "C002"])
        recent = recent_activity(b.con, ["C001", "C002"], dt.date(2026, 11, 30), limit=3)
    assert list(acc.account_id) == ["A001", "A002", "A003", "A004"]
    assert acc.set_index("account_id").base["A003"] == pytest.approx(51_000 * 7)
    # newest first; bank interest (T0006) is not the client's activity
    assert [str(d.date()) for d in recent.date] == ["2026-11-15", "2026-11-10", "2026-11-03"]
    assert list(recent.kind) == ["investment", "transfer", "transfer"]
