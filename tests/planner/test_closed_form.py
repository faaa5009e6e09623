"""One lognormal asset, no cash flows, one lump-sum goal: the simulated probability of meeting
the goal lies within 4 standard errors of the analytic one, on several seeds."""

from __future__ import annotations

import math

import pytest
from scipy.stats import norm

from assets import lognormal_params
from planner import PlanConfig, run_plan

from .helpers import lump_sum_household, one_asset_set


@pytest.mark.parametrize("seed", [1, 7, 20261128])
@pytest.mark.parametrize(("goal", "year"), [(1_300_000.0, 2030), (1_000_000.0, 2027),
                                            (2_500_000.0, 2040)])
def test_lump_sum_matches_closed_form(seed, goal, year):
    a = one_asset_set(0.06, 0.15)
    hh = lump_sum_household(1_000_000.0, goal, year)
    n_years = year - 2026 + 1  # returns of years 0..n-1 accrue before the goal is paid
    mu, sigma = lognormal_params(0.06, 0.15)
    p = 1.0 - norm.cdf((math.log(goal / 1_000_000.0) - n_years * mu) / (sigma * math.sqrt(
        n_years)))
    paths = 4000
    res = run_plan(hh, a, PlanConfig(paths=paths, seed=seed, years=n_years, mortality="none",
                                     chunk=1500))
    se = math.sqrt(p * (1 - p) / paths)
    assert abs(res.success["g"] - p) <= 4 * se + 1e-12
    assert res.success_all_essential == res.success["g"]
    assert res.success_se["g"] == pytest.approx(math.sqrt(res.success["g"] * (1 - res.success[
        "g"]) / paths))


def test_monthly_steps_compound_to_the_annual_lognormal():
    a = one_asset_set(0.06, 0.15)
    hh = lump_sum_household(1_000_000.0, 1_300_000.0, 2030)
    mu, sigma = lognormal_params(0.06, 0.15)
    p = 1.0 - norm.cdf((math.log(1.3) - 5 * mu) / (sigma * math.sqrt(5)))
    res = run_plan(hh, a, PlanConfig(paths=3000, seed=3, years=5, mortality="none",
                                     monthly=True))
    assert abs(res.success["g"] - p) <= 4 * math.sqrt(p * (1 - p) / 3000)
