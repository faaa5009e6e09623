"""Activation ranking on the hand-made book."""

from __future__ import annotations

import datetime as dt

from book.activation import activation
from book.watch_config import activation_weights
from tests.book.watch_helpers import watch_small


def test_order_and_reasons():
    """P06 (dormant since the account opened, a wealthy family with a company banking with us, an
    education goal, 2.4M idle, a policy maturing) before P03 (one transfer in the last year, 1.25M
    idle, 56) before C02 (a payroll batch a month): worked out from the weights by hand."""
    got = activation(watch_small())
    assert [(c.client_id, c.status) for c in got.clients] == [
        ("P06", "dormant"), ("P03", "low_activity"), ("C02", "low_activity")]
    p06 = got.clients[0]
    assert p06.dormant_since == dt.date(2022, 9, 1) and p06.household_id == "wang"
    assert [r[0] for r in p06.reasons] == [
        "activation.dormant", "activation.known_wealth", "activation.family_companies",
        "activation.family_clients", "activation.education_goal", "activation.idle_current",
        "activation.maturity_soon"]
    assert "action.corporate_private" in [a[0] for a in p06.suggested_actions]
    w = activation_weights(dt.date(2026, 11, 30))["weights"]
    assert abs(p06.score - sum(w[k] * v for k, v in p06.signals.items())) < 1e-9
    # P03: idle 1,250,000 / 5,000,000 x 15 + near retirement 6 + low activity 0.5 x 6
    assert abs(got.clients[1].score - (0.25 * 15 + 6 + 3)) < 1e-9


def test_bank_interest_is_not_activity():
    """P03's account earns interest every quarter; without the November transfer the client is
    dormant since the last thing they did (1 Sep 2025)."""
    got = activation(watch_small(), dt.date(2026, 11, 1))
    p03 = next(c for c in got.clients if c.client_id == "P03")
    assert p03.status == "dormant" and p03.dormant_since == dt.date(2025, 9, 2)


def test_json_shape():
    doc = activation(watch_small()).as_json()
    assert doc["as_of"] == "2026-11-30"
    c = doc["clients"][0]
    assert {"client_id", "household_id", "score", "dormant_since", "reasons",
            "suggested_actions"} <= set(c)
