"""The 11 classes in three languages and the product shelf with R1–R5 risk levels."""

from __future__ import annotations

import pytest

from assets import ASSET_CLASS_INFO, product_shelf, risk_rank, suitable, suitable_products
from household import ASSET_CLASSES


def test_eleven_classes_match_the_file_format():
    assert tuple(ASSET_CLASS_INFO) == ASSET_CLASSES
    for c in ASSET_CLASS_INFO.values():
        assert c.en and c.zh_hant and c.zh_hans and c.name("zh-Hans") == c.zh_hans
        assert c.risk in ("R1", "R2", "R3", "R4", "R5")
    assert not ASSET_CLASS_INFO["private_equity"].liquid and ASSET_CLASS_INFO["cash"].liquid


def test_product_shelf():
    shelf = product_shelf()
    assert len(shelf) >= 11
    assert {p.asset_class for p in shelf} == set(ASSET_CLASSES)
    for p in shelf:
        for lang in ("en", "zh-Hant", "zh-Hans"):
            assert p.name(lang) and p.description(lang)
        assert 0 <= p.management_fee < 0.05 and p.data_file == "products.json"


@pytest.mark.parametrize("level", ["C1", "C2", "C3", "C4", "C5"])
def test_suitability(level):
    for p in suitable_products(level):
        assert risk_rank(p.risk) <= risk_rank(level)
    assert suitable("R1", level)
    assert suitable("R5", level) == (level == "C5")


def test_bad_risk_level():
    with pytest.raises(ValueError, match="risk level"):
        risk_rank("R9")


def test_product_sheets_say_what_each_product_is():
    """A time deposit or CD is not daily-liquid; a money-market fund is not deposit-insured; a
    bond wealth-management product is credit, not government bonds."""
    from assets import product_shelf

    shelf = {p.id: p for p in product_shelf()}
    for p in shelf.values():
        assert p.liquidity in {"daily", "weekly", "monthly", "term", "locked"}
        assert p.issuer("en") and p.issuer("zh-Hant") and p.issuer("zh-Hans")
        assert p.minimum > 0 and p.currency
        if "deposit" in p.id or "-cd" in p.id:
            assert p.liquidity == "term" and p.deposit_insured
        if "money-market" in p.id:
            assert not p.deposit_insured and p.liquidity == "daily"
            assert "not covered by deposit insurance" in p.description("en")
    assert shelf["steady-bond-wmp"].asset_class == "credit"
