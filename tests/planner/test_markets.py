"""Company home markets are dated bank policy (planner/data/home-markets.json)."""

import datetime as dt

from assets import ASSET_CLASS_IDS
from planner.inputs import HOME_MARKET
from planner.markets import home_markets
from scenarios.rules import JURISDICTION_CODES


def test_every_jurisdiction_has_a_home_market_among_the_asset_classes():
    for on in (None, dt.date(1990, 1, 1), dt.date(2026, 6, 30)):
        m = home_markets(on)
        assert set(JURISDICTION_CODES) <= set(m)
        assert set(m.values()) <= set(ASSET_CLASS_IDS)


def test_the_planner_reads_the_policy_in_force():
    assert dict(HOME_MARKET) == dict(home_markets())
    assert home_markets(dt.date(2026, 6, 30))["CN"] == "cn_equity"
    assert home_markets(dt.date(2026, 6, 30))["TW"] == "em_equity"
