"""The candidate screen (robust baselines only for accounts a window transaction could make a
candidate of) must not change any alert: the hand-made book with the screen open to every
account gives the same alerts, scores and order."""

from __future__ import annotations

import pytest

from book import alerts_flow
from book.alerts import alerts
from tests.book.watch_helpers import day, expected, watch_small


def _open(frames, s):
    return 0.0, 0.0, 0.0  # every account with any window transaction gets its baselines


@pytest.mark.parametrize("as_of", [None, "2026-02-28", "2026-10-31", "2025-11-30"])
def test_screen_drops_no_alert(monkeypatch, as_of):
    when = day(as_of or expected()["as_of"])
    screened = alerts(watch_small(), when).as_json()
    monkeypatch.setattr(alerts_flow, "screen_floors", _open)
    assert alerts(watch_small(), when).as_json() == screened


def test_screen_keeps_every_planted_kind():
    got = alerts(watch_small(), day(expected()["as_of"]))
    kinds = {a.kind for a in got.alerts}
    assert {"abnormal_flow", "outflow_to_other_bank", "large_inflow"} <= kinds
