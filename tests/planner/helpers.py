"""Small households and assumption sets for planner tests."""

from __future__ import annotations

from assets import parse_assumptions
from household import from_dict


def one_asset_set(mean: float = 0.06, vol: float = 0.15, infl_vol: float = 0.0):
    """A set with one class (dm_equity), deterministic inflation and no FX."""
    return parse_assumptions({
        "id": "one-asset", "currency": "CNY", "inflation": {"mean": 0.02, "volatility": infl_vol},
        "classes": [{"id": "dm_equity", "expected_return": mean, "volatility": vol}],
        "correlation": [[1.0]],
    })


def lump_sum_household(wealth: float = 1_000_000.0, goal: float = 1_300_000.0,
                       goal_year: int = 2030, expense: float = 0.0):
    """One person, one liquid holding, one lump-sum goal; optional yearly fixed expense."""
    doc = {
        "format": "kinfolio.household/1", "id": "cf", "name": "Closed form",
        "as_of": "2026-01-01", "base_currency": "CNY", "jurisdiction": "CN",
        "people": [{"id": "p", "name": "P", "sex": "F", "birth_date": "1990-01-01"}],
        "holdings": [{"id": "h", "owner": "p", "asset_class": "dm_equity", "value": wealth,
                      "currency": "CNY", "kind": "fund"}],
        "goals": [{"id": "g", "name": "Lump sum", "amount": goal, "currency": "CNY",
                   "start_year": goal_year, "priority": "essential", "growth": 0.0}],
    }
    if expense:
        doc["cash_flows"] = [{"id": "e", "person": "p", "direction": "expense", "amount": expense,
                              "currency": "CNY", "start_year": 2026, "growth": 0.0}]
    return from_dict(doc)
