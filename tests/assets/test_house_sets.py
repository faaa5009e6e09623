"""House assumption sets in CNY, HKD, TWD and USD: each loads and passes the checks, all are built
by the one documented method, and ``assumptions_for`` picks the household's own."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from assets import (
    ASSET_CLASS_IDS,
    HOUSE_SETS,
    assumption_ids,
    assumptions_for,
    available_assumptions,
    check_correlation,
    factor_model,
    load_assumptions,
)
from assets.house_method import GENERATED, house_set_document
from household import DEMO_IDS, demo

USD_TABLE = {  # reference: shared/reference/assumptions-and-suitability.md (JPM 2026, USD)
    "cash": 0.031, "gov_bond": 0.040, "credit": 0.052, "cn_equity": 0.077, "hk_equity": 0.074,
    "dm_equity": 0.070, "em_equity": 0.078, "real_estate": 0.088, "gold": 0.055,
    "hedge_funds": 0.053, "private_equity": 0.102,
}
CASH = {"CNY": 0.015, "HKD": 0.028, "TWD": 0.017, "USD": 0.031}


def _shipped_doc(set_id: str) -> dict:
    return json.loads((resources.files("assets") / "data" / f"{set_id}.json")
                      .read_text(encoding="utf-8"))


def test_available_sets():
    assert available_assumptions() == assumption_ids()
    assert set(available_assumptions()) == {"house-cny-2026", "house-hkd-2026",
                                            "house-twd-2026", "house-usd-2026"}


@pytest.mark.parametrize("currency", ["CNY", "HKD", "TWD", "USD"])
def test_every_shipped_set_loads_and_passes_the_checks(currency):
    a = load_assumptions(HOUSE_SETS[currency])
    assert a.id == HOUSE_SETS[currency] and a.currency == currency
    assert a.classes == ASSET_CLASS_IDS
    assert a.vintage == "2026-01" and "LTCMA" in a.source.replace("Long-Term Capital Market "
                                                                  "Assumptions", "LTCMA")
    assert a.method and "factor" in a.correlation_method
    assert "volatilities of the LTCMA table" in a.unverified and "UNVERIFIED" in a.source
    check_correlation(a.correlation)
    c = a.correlation
    assert np.array_equal(c, c.T) and np.linalg.eigvalsh(c).min() >= -1e-10
    # the FX table of every other currency, joint with the classes, is PSD and factorises
    others = [x for x in ("CNY", "HKD", "TWD", "USD", "SGD") if x != currency]
    assert set(others) <= set(a.fx)
    fm = factor_model(a, currencies=others)
    assert np.linalg.eigvalsh(fm.corr).min() >= -1e-10
    assert np.allclose(fm.chol @ fm.chol.T, fm.corr)
    assert 0.0 < a.inflation_mean < 0.04 and a.inflation_vol > 0


@pytest.mark.parametrize("currency", ["CNY", "HKD", "TWD", "USD"])
def test_means_are_usd_table_less_short_rate_differential(currency):
    a = load_assumptions(HOUSE_SETS[currency])
    diff = USD_TABLE["cash"] - CASH[currency]
    for cid, usd in USD_TABLE.items():
        assert a.mean(cid) == pytest.approx(usd - diff, abs=1e-9)
    assert a.mean("cash") == pytest.approx(CASH[currency])


def test_same_correlations_and_volatilities_in_every_currency():
    base = load_assumptions(HOUSE_SETS["CNY"])
    for cur in ("HKD", "TWD", "USD"):
        a = load_assumptions(HOUSE_SETS[cur])
        assert np.array_equal(a.correlation, base.correlation)
        assert np.array_equal(a.vols, base.vols)


@pytest.mark.parametrize("currency", GENERATED)
def test_shipped_files_are_what_the_method_builds(currency):
    assert _shipped_doc(HOUSE_SETS[currency]) == house_set_document(currency)


def test_method_reproduces_the_hand_written_cny_set():
    doc, built = _shipped_doc("house-cny-2026"), house_set_document("CNY")
    assert built["classes"] == doc["classes"] and built["correlation"] == doc["correlation"]
    assert built["inflation"] == doc["inflation"]


def test_fx_by_change_of_numeraire():
    hkd, twd, usd = (load_assumptions(HOUSE_SETS[c]) for c in ("HKD", "TWD", "USD"))
    assert hkd.fx["USD"].volatility == pytest.approx(0.005)  # the peg
    assert usd.fx["HKD"].volatility == pytest.approx(0.005)
    assert twd.fx["USD"].volatility == pytest.approx(usd.fx["TWD"].volatility)
    assert twd.fx_corr("USD", "HKD") > 0.99  # both move with the US dollar against TWD
    assert all(f.drift == 0.0 for a in (hkd, twd, usd) for f in a.fx.values())


@pytest.mark.parametrize("hid,expected", [("demo-cn-chen", "house-cny-2026"),
                                          ("demo-tw-lin", "house-twd-2026"),
                                          ("demo-hksg-wong", "house-hkd-2026")])
def test_assumptions_for_each_demo(hid, expected):
    hh = demo(hid)
    a = assumptions_for(hh.base_currency)
    assert a.id == expected and a.currency == hh.base_currency and a.note == ""
    assert a is load_assumptions(expected)


def test_every_demo_has_its_own_set():
    assert {assumptions_for(demo(h).base_currency).currency for h in DEMO_IDS} == \
        {demo(h).base_currency for h in DEMO_IDS}


def test_fallback_is_usd_with_a_note():
    a = assumptions_for("SGD")
    assert a.id == "house-usd-2026" and a.currency == "USD"
    assert "No house assumption set in SGD" in a.note and "house-usd-2026" in a.note
    assert "SGD" in a.fx  # an SGD household can be planned with it
    assert assumptions_for("sgd") is a
    assert assumptions_for("usd").note == ""


def test_load_by_id_or_path(tmp_path):
    p = tmp_path / "mine.json"
    doc = _shipped_doc("house-twd-2026") | {"id": "my-cio-view"}
    p.write_text(json.dumps(doc), encoding="utf-8")
    assert load_assumptions(str(p)).id == "my-cio-view"
    assert load_assumptions("house-hkd-2026").currency == "HKD"


@pytest.mark.parametrize("currency", ["CNY", "HKD", "TWD", "USD"])
def test_source_and_method_in_both_chinese_scripts(currency):
    a = load_assumptions(HOUSE_SETS[currency])
    assert a.text("method") == a.method and a.text("source", "en") == a.source
    hant, hans = a.text("method", "zh-Hant"), a.text("method", "zh-Hans")
    assert currency in hant and "通膨" in hant and "行內觀點" in hant
    assert currency in hans and "通胀" in hans and "行内观点" in hans
    assert f"{a.inflation_mean * 100:.1f}%" in hans
    assert "未經核實" in a.text("source", "zh-Hant")  # the LTCMA volatilities stay labelled
    assert "未经核实" in a.text("source", "zh-Hans")
