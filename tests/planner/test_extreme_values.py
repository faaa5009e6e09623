"""Valid households with extreme numbers (found by the reliability fuzz): zero or denormal company
values with a profit, zero volatility, payout 1, all-zero holdings, 1e15 amounts. Every number of
the plan must be finite, no RuntimeWarning may be raised (inf x 0, inf - inf), and the ledger
identity start + returns + income - spending - goals - taxes - leakage = end must hold per path."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from household import from_dict
from planner import PlanConfig, run_plan
from planner.result import percentiles

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

DENORMAL = 2.225e-309  # below the smallest normal float64: 1 / DENORMAL overflows to inf
TINIEST = 5e-324


def _doc(equity: float, profit: float = 1.0, payout: float = 1.0, vol: float = 0.0,
         holding: float = 0.0, share: float = 0.5, amount: float = 0.0, fx: float = 1.0) -> dict:
    """An old owner (dies early in most paths) and a child; one company with the given numbers;
    optional holding, loan, expense, goal and policy of ``amount`` in USD at ``fx``."""
    doc = {
        "format": "kinfolio.household/1", "id": "extreme", "name": "Extreme",
        "as_of": "2026-01-01", "base_currency": "CNY", "jurisdiction": "CN",
        "fx": {"USD": fx},
        "people": [{"id": "a", "name": "A", "sex": "M", "birth_date": "1931-03-01"},
                   {"id": "b", "name": "B", "sex": "F", "birth_date": "1990-01-01"}],
        "relations": [{"kind": "parent", "parent": "a", "child": "b"}],
        "companies": [{"id": "c", "name": "C", "jurisdiction": "CN", "currency": "USD",
                       "equity_value": equity, "annual_profit": profit,
                       "payout_ratio": payout, "growth": 0.0, "volatility": vol}],
        "ownership": [{"owner": "a", "company": "c", "share": share}],
        "holdings": [{"id": "h", "owner": "a", "asset_class": "cash", "value": holding,
                      "currency": "USD", "kind": "deposit"}],
    }
    if amount:
        doc["liabilities"] = [{"id": "l", "borrower": "a", "amount": amount, "currency": "USD",
                               "rate": 0.05, "kind": "loan"}]
        doc["cash_flows"] = [{"id": "e", "person": "b", "direction": "expense",
                              "amount": amount, "currency": "USD", "start_year": 2026,
                              "label": "living"}]
        doc["goals"] = [{"id": "g", "name": "G", "amount": amount, "currency": "USD",
                         "start_year": 2030, "priority": "essential"}]
        doc["policies"] = [{"id": "pol", "insured": "a", "policyholder": "b",
                            "beneficiaries": [{"person": "b", "share": 1.0}],
                            "sum_assured": amount, "currency": "USD", "annual_premium": 0.0,
                            "cash_value": amount, "kind": "whole_life"}]
    return doc


def _plan(doc: dict, paths: int = 48, seed: int = 3):
    return run_plan(from_dict(doc), None, PlanConfig(paths=paths, seed=seed, chunk=16,
                                                     years=40, trace=True))


def _check_identity(ledger) -> None:
    for k, a in ledger.items():
        assert np.isfinite(a).all(), k
    lhs = (ledger["start"] + ledger["returns"] + ledger["income"] - ledger["spending"]
           - ledger["goals"] - ledger["taxes"] - ledger["leakage"])
    scale = np.maximum.reduce([np.abs(ledger[k]) for k in ledger] + [np.ones_like(lhs)])
    assert np.all(np.abs(lhs - ledger["end"]) <= 1e-9 * scale + 1e-3)


def _check_finite_json(res) -> dict:
    doc = json.loads(res.json_text())  # allow_nan=False: raises on NaN or inf

    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, float):
            assert math.isfinite(x)

    walk(doc)
    for series in doc["wealth"].values():
        assert all(v is not None for v in series)  # no money became NaN on the way
    return doc


@pytest.mark.parametrize("equity", [0.0, TINIEST, DENORMAL, 1e-300, 1.0, 1e15])
@pytest.mark.parametrize("vol", [0.0, 1.0])
def test_tiny_or_zero_company_value_with_a_profit_plans_finite(equity, vol):
    res = _plan(_doc(equity, profit=1.0, payout=1.0, vol=vol))
    _check_identity(res.ledger)
    _check_finite_json(res)
    assert res.ledger["income"].min() > 0  # the dividends arrived


@pytest.mark.parametrize("share", [1e-9, 0.5, 0.999999])
def test_dividends_are_profit_times_payout_whatever_the_company_value(share):
    """Dividends = profit x payout x look-through share (DESIGN), scaled by the company's growth:
    the same for a value of 0, a denormal one or 1e6 (a yield profit / value made them inf)."""
    incomes = [_plan(_doc(eq, profit=1000.0, payout=0.4, vol=0.2, share=share),
                     paths=16).ledger["income"] for eq in (0.0, DENORMAL, 1e6)]
    for inc in incomes[1:]:
        np.testing.assert_allclose(inc, incomes[0], rtol=1e-12)
    assert incomes[0].min() > 0


def test_first_year_dividend_is_profit_times_payout_times_share():
    doc = _doc(DENORMAL, profit=1000.0, payout=0.5, vol=0.0, share=0.5, fx=2.0)
    res = run_plan(from_dict(doc), None, PlanConfig(paths=4, seed=1, years=1, trace=True))
    # 1000 USD x 0.5 payout x 0.5 share x 2 CNY per USD, paid once in the one year
    np.testing.assert_allclose(res.ledger["income"], 500.0, rtol=1e-12)
    _check_identity(res.ledger)


def test_all_zero_household_plans_finite():
    res = _plan(_doc(0.0, profit=0.0, payout=0.0, vol=0.0, holding=0.0))
    _check_identity(res.ledger)
    doc = _check_finite_json(res)
    assert doc["start_wealth"] == 0.0
    assert all(v == 0.0 for series in doc["wealth"].values() for v in series)


@pytest.mark.parametrize("equity", [DENORMAL, 1e15])
def test_1e15_amounts_everywhere_plan_finite(equity):
    res = _plan(_doc(equity, profit=1e15, payout=1.0, vol=1.0, holding=1e15, amount=1e15,
                     fx=1e4))
    _check_identity(res.ledger)
    _check_finite_json(res)


def test_percentiles_of_equal_values_are_exact_and_warning_free():
    a = np.array([[1.0, 1.0, 1.0], [np.inf, np.inf, np.inf], [-np.inf, -np.inf, -np.inf],
                  [DENORMAL, DENORMAL, DENORMAL]])
    p = percentiles(a)
    for key in p:
        assert p[key] == (1.0, np.inf, -np.inf, DENORMAL)
