"""The product shelf by market: every product names its currency and markets, each market's shelf
covers the liquid classes a recommendation may use, in three languages, with internal margins."""

from __future__ import annotations

import pytest

from assets import ASSET_CLASS_IDS, MARKETS, product_shelf, suitable_products

MARKET_WORDS = {"CNY": ("人民幣",), "TWD": ("新臺幣", "TWD"), "HKD": ("港元", "HKD")}
MAINLAND_ONLY = ("QDII", "人民幣", "中國國債", "理財")


def test_every_product_is_tagged():
    for p in product_shelf():
        assert len(p.currency) == 3 and p.currency.isupper()
        assert p.markets and set(p.markets) <= set(MARKETS)
        assert 0.0 <= p.margin < 0.02


@pytest.mark.parametrize("market", MARKETS)
def test_each_market_covers_every_class(market):
    shelf = product_shelf(market)
    assert shelf and all(market in p.markets for p in shelf)
    have = {p.asset_class for p in shelf}
    assert set(ASSET_CLASS_IDS) - have <= {"cn_equity", "real_estate"}
    for p in shelf:
        for lang in ("en", "zh-Hant", "zh-Hans"):
            assert p.name(lang) and p.description(lang)
        assert p.risk in ("R1", "R2", "R3", "R4", "R5")


@pytest.mark.parametrize("market", ["HKD", "TWD", "USD"])
def test_no_mainland_only_products_outside_the_mainland(market):
    for p in product_shelf(market):
        assert p.currency != "CNY" or p.asset_class == "cn_equity", p.id
        assert not any(w in p.name("zh-Hant") for w in MAINLAND_ONLY), p.id


@pytest.mark.parametrize("market", ["CNY", "HKD", "TWD"])
def test_local_cash_product(market):
    cash = [p for p in product_shelf(market) if p.asset_class == "cash"]
    assert any(p.currency == market for p in cash)
    assert any(any(w in p.name("zh-Hant") for w in MARKET_WORDS[market]) for p in cash)


def test_shelf_filters_and_falls_back():
    everything = product_shelf()
    assert len(everything) == len({p.id for p in everything})
    assert {p.id for p in product_shelf("HKD")} < {p.id for p in everything}
    assert [p.id for p in product_shelf("SGD")] == [p.id for p in product_shelf("USD")]
    assert [p.id for p in product_shelf("twd")] == [p.id for p in product_shelf("TWD")]


def test_suitable_products_by_market():
    for p in suitable_products("C2", currency="TWD"):
        assert "TWD" in p.markets and p.risk in ("R1", "R2")
    assert {p.id for p in suitable_products("C5")} == {p.id for p in product_shelf()}
