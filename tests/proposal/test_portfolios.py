"""Portfolio names by equity share are dated bank policy (proposal/data/portfolio-bands.json)."""

import datetime as dt

from assets import ASSET_CLASS_IDS
from proposal.portfolios import portfolio_band, portfolio_policy

ON = dt.date(2026, 6, 30)


def test_bands_by_equity_share_with_a_name_in_every_language():
    assert portfolio_band({"cash": 0.9, "cn_equity": 0.1}, ON).kind == "income"
    assert portfolio_band({"gov_bond": 0.6, "dm_equity": 0.4}, ON).kind == "balanced"
    assert portfolio_band({"gov_bond": 0.4, "dm_equity": 0.6}, ON).kind == "growth"
    assert portfolio_band({"hk_equity": 0.5, "private_equity": 0.3}, ON).kind == "dynamic"
    assert portfolio_band({"cash": 0.8, "cn_equity": 0.2}, ON).kind == "balanced"  # bound: below
    for b in portfolio_policy(ON).bands:
        assert {"en", "zh-Hant", "zh-Hans"} <= set(b.names)
    assert portfolio_band({"cash": 1.0}, ON).name("zh-Hant") == "穩健收益組合"


def test_the_equity_classes_are_asset_classes_and_a_date_before_the_data_uses_the_first():
    assert portfolio_policy(ON).equity_classes <= set(ASSET_CLASS_IDS)
    assert portfolio_policy(dt.date(1990, 1, 1)) == portfolio_policy(ON)
