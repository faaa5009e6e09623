"""Simulated life expectancy agrees with the life table's, within standard errors."""

from __future__ import annotations

import numpy as np
import pytest

from planner import death_years, life_table


@pytest.mark.parametrize(("sex", "age"), [("M", 0), ("F", 30), ("M", 60), ("F", 85)])
def test_life_expectancy_matches_table(sex, age):
    table = life_table("CL1/CL2")
    rng = np.random.default_rng(np.random.SeedSequence(2013))
    d = death_years(rng, table, [sex], [age], 20_000, 130)[:, 0]
    simulated = d.mean() + 0.5  # deaths at mid-year, as the table's complete expectation
    se = d.std(ddof=1) / np.sqrt(len(d))
    assert abs(simulated - table.life_expectancy(sex, age)) <= 4 * se


def test_table_values_and_women_live_longer():
    t = life_table()
    assert t.qx("M")[0] == pytest.approx(0.000867)
    assert t.qx("F")[0] == pytest.approx(0.000620)
    assert t.life_expectancy("F", 60) > t.life_expectancy("M", 60) > 15
    lighter = life_table("CL1/CL2x0.8")
    assert lighter.life_expectancy("M", 60) > t.life_expectancy("M", 60)


def test_no_deaths_table_and_unknown_table():
    rng = np.random.default_rng(1)
    d = death_years(rng, life_table("none"), ["M"], [90], 100, 30)
    assert (d >= 30).all()
    with pytest.raises(ValueError, match="unknown life table"):
        life_table("XX")
