"""Shared pieces of the watch tests (alerts, activation, ledger, calendar, linkage)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

WATCH_SMALL = Path(__file__).parent / "data" / "watch_small"


@cache
def watch_small():
    from book import read_book

    return read_book(WATCH_SMALL)


def expected() -> dict:
    path = WATCH_SMALL.parent / "watch_small.expected.json"
    return json.loads(path.read_text(encoding="utf-8"))


def rows(alert_set) -> list[list]:
    """The alerts as [kind, code, client, account, date, amount] (amount to the cent)."""
    return [[a.kind, a.code, a.client_id, a.account_id, a.date.isoformat(),
             None if a.amount is None else round(a.amount, 2)] for a in alert_set.alerts]


def day(s: str) -> dt.date:
    return dt.date.fromisoformat(s)
