"""Alerts on the hand-made book: every kind exactly, regular patterns silent, one episode one
alert, acknowledged episodes do not come back."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from book.alerts import ABNORMAL_KINDS, KINDS, Ack, alerts
from tests.book.watch_helpers import day, expected, rows, watch_small


def _sorted(x):
    return sorted(x, key=lambda r: (r[0], r[1], r[2], r[4]))


def test_every_kind_exactly():
    exp = expected()
    got = alerts(watch_small(), day(exp["as_of"]))
    assert _sorted(rows(got)) == _sorted(exp["alerts"])
    assert {a.kind for a in got.alerts} == set(KINDS)  # the book plants every kind


@pytest.mark.parametrize("as_of", ["2026-02-28", "2026-10-31", "2025-11-30"])
def test_regular_patterns_do_not_alert(as_of):
    """February bonus and payroll, payroll paid early for 春節, quarterly tax, a yearly November
    bonus, monthly mortgages to another bank: only the reporting facts remain."""
    got = alerts(watch_small(), day(as_of))
    assert _sorted(rows(got)) == _sorted(expected()["negatives"][as_of])
    assert not [a for a in got.alerts if a.kind in ABNORMAL_KINDS]


def test_seasonality_is_what_silences_the_yearly_bonus():
    """Without the seasonal check (no STL, no same-month-last-year), P08's third November bonus
    becomes a large_inflow alert: the check is doing the work, not a threshold."""
    got = alerts(watch_small(), day("2026-11-30"),
                 seasonality={"method": "none"},
                 recurrence={"min_count": 99})
    extra = [r for r in rows(got) if r not in expected()["alerts"]]
    assert ["large_inflow", "large_inflow.amount", "P08", "A10", "2026-11-20", 600000.0] in extra


def test_festival_early_payroll_is_not_moved():
    """C03 paid on 5 Feb 2026, before 春節 (17 Feb): not 'moved'. The same early payment in
    May would be."""
    frames = watch_small()
    t = frames.transactions.copy()
    may = (t["account_id"] == "A09") & (t["date"] == pd.Timestamp("2026-05-15"))
    t.loc[may, "date"] = pd.Timestamp("2026-05-05")
    moved = dataclasses.replace(frames, transactions=t)
    got = alerts(moved, day("2026-05-31"))
    assert [r for r in rows(got) if r[0] == "payroll_change"] == [
        ["payroll_change", "payroll_change.moved", "C03", "A09", "2026-05-05", 300000.0]]


def test_one_episode_one_alert():
    """Five cash withdrawals on five days are one alert starting on the first."""
    got = alerts(watch_small(), day("2026-11-30"))
    burst = [a for a in got.alerts if a.code == "abnormal_flow.cash_burst"]
    assert len(burst) == 1 and burst[0].date == dt.date(2026, 11, 3)
    assert burst[0].params["count"] == 5
    # the large transfers of P05 are explained by the balance drop, not also abnormal_flow
    assert not [a for a in got.alerts if a.kind == "abnormal_flow" and a.client_id == "P05"]


def test_acknowledged_episode_does_not_come_back():
    frames = watch_small()
    first = alerts(frames, day("2026-11-30"))
    ack = [Ack.of(a) for a in first.alerts if a.kind in ("outflow_to_other_bank",
                                                          "abnormal_flow")]
    again = alerts(frames, day("2026-11-30"), ack)
    assert again.suppressed == 2
    assert {a.kind for a in again.alerts} == {a.kind for a in first.alerts} - {
        "outflow_to_other_bank", "abnormal_flow"}
    # a week later the same episodes are still acknowledged
    later = alerts(frames, day("2026-12-07"), ack)
    assert not [a for a in later.alerts if a.kind in ("outflow_to_other_bank", "abnormal_flow")]


def test_payroll_shift_stays_one_episode_next_month():
    """C01's payroll halves in November and stays half in December: the level shift (ruptures)
    dates the episode at its first month, so the November acknowledgement covers December."""
    frames = watch_small()
    t = frames.transactions
    dec = pd.DataFrame({"txn_id": ["X1"], "account_id": ["A07"],
                        "date": [pd.Timestamp("2026-12-10")], "amount": [-300000.0],
                        "kind": ["payroll_batch"]}).astype(
        {"txn_id": "string", "account_id": "string"})
    t2 = pd.concat([t, dec], ignore_index=True)
    for col in ("kind", "initiated_by", "counterparty_bank", "channel"):
        t2[col] = t2[col].astype(t[col].dtype)
    frames2 = dataclasses.replace(frames, transactions=t2)
    nov = [a for a in alerts(frames2, day("2026-11-30")).alerts if a.client_id == "C01"
           and a.kind == "payroll_change"]
    dec_alerts = [a for a in alerts(frames2, day("2026-12-31")).alerts
                  if a.client_id == "C01" and a.kind == "payroll_change"]
    assert [a.date for a in dec_alerts] == [dt.date(2026, 11, 10)] == [a.date for a in nov]
    acked = alerts(frames2, day("2026-12-31"), [Ack.of(nov[0])])
    assert not [a for a in acked.alerts if a.client_id == "C01" and a.kind == "payroll_change"]


def test_alert_json_has_the_spec_fields():
    doc = alerts(watch_small()).as_json()
    assert doc["as_of"] == "2026-11-30"
    for a in doc["alerts"]:
        assert {"kind", "client_id", "account_id", "household_id", "date", "amount", "currency",
                "score", "code", "params"} <= set(a)
    hh = {a["client_id"]: a["household_id"] for a in doc["alerts"]}
    assert hh["P01"] == "wang" and hh["P05"] is None
    scores = [a["score"] for a in doc["alerts"]]
    assert scores == sorted(scores, reverse=True)


def test_thresholds_are_dated_and_labelled():
    from book.watch_config import thresholds

    th = thresholds("CN", dt.date(2026, 11, 30))
    assert th.since == dt.date(2017, 7, 1) and not th.verified
    assert {r.id: r.amount for r in th.rules} == {
        "cn_cash": 50000, "cn_company_transfer": 2000000, "cn_person_transfer": 500000}
    with pytest.raises(ValueError, match="no large-value threshold"):
        thresholds("CN", dt.date(2016, 1, 1))
    assert thresholds("TW", dt.date(2026, 1, 1)).rules[0].amount == 500000
