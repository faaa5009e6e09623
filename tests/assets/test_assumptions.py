"""Assumption sets: the shipped house set, the correlation checks, clear errors for bad files."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from assets import (
    ASSET_CLASS_IDS,
    AssumptionError,
    check_correlation,
    factor_model,
    load_assumptions,
    parse_assumptions,
)


def test_default_house_set():
    a = load_assumptions()
    assert a.id == "house-cny-2026" and a.currency == "CNY"
    assert a.classes == ASSET_CLASS_IDS
    assert a.vintage and a.source and a.method and "factor" in a.correlation_method
    # the reference figures less the 1.6 pp USD-CNY short-rate differential
    assert a.mean("cn_equity") == pytest.approx(0.077 - 0.016)
    assert a.vol("cn_equity") == pytest.approx(0.287)
    assert a.mean("cash") == pytest.approx(0.015)
    assert {"USD", "HKD", "TWD", "SGD"} <= set(a.fx)
    assert load_assumptions() is a  # cached


def test_correlation_symmetric_psd():
    a = load_assumptions()
    c = a.correlation
    assert np.allclose(c, c.T)
    assert np.allclose(np.diag(c), 1.0)
    assert np.linalg.eigvalsh(c).min() >= -1e-10
    fm = factor_model(a, currencies=["USD", "HKD", "TWD"],
                      extra=[("company:x", "cn_equity", 0.5, 0.04, 0.35)])
    assert np.linalg.eigvalsh(fm.corr).min() >= -1e-10
    assert np.allclose(fm.chol @ fm.chol.T, fm.corr)


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, (5, 3), elements=st.floats(-0.57, 0.57)))
def test_factor_built_matrices_pass_the_check(loadings):
    c = loadings @ loadings.T
    np.fill_diagonal(c, 1.0)
    check_correlation(c)  # sum of squares of each row <= 0.98: PSD by construction


def _doc(**over):
    doc = {"id": "t", "currency": "CNY", "inflation": {"mean": 0.02, "volatility": 0.01},
           "classes": [{"id": "cash", "expected_return": 0.02, "volatility": 0.01},
                       {"id": "cn_equity", "expected_return": 0.07, "volatility": 0.25}],
           "correlation": [[1.0, 0.1], [0.1, 1.0]]}
    doc.update(over)
    return doc


@pytest.mark.parametrize(("over", "field"), [
    ({"currency": "yuan"}, "currency"),
    ({"inflation": {"mean": 0.02}}, "inflation.volatility"),
    ({"classes": [{"id": "cash", "expected_return": 0.02, "volatility": 0.01},
                  {"id": "bitcoin", "expected_return": 0.5, "volatility": 0.9}]},
     "classes[1].id"),
    ({"classes": [{"id": "cash", "expected_return": "2%", "volatility": 0.01},
                  {"id": "cn_equity", "expected_return": 0.07, "volatility": 0.25}]},
     "classes[0].expected_return"),
    ({"correlation": [[1.0, 0.1], [0.2, 1.0]]}, "correlation[0][1]"),
    ({"correlation": [[1.0, 0.1]]}, "correlation"),
    ({"correlation": [[1.0, 1.5], [1.5, 1.0]]}, "correlation[0][1]"),
    ({"correlation": [[0.9, 0.1], [0.1, 1.0]]}, "correlation[0][0]"),
    ({"fx": [{"currency": "USD", "drift": 0.0}]}, "fx[0].volatility"),
    ({"texts": {"method": "in Chinese"}}, "texts"),
    ({"texts": {"summary": {"zh-Hant": "x"}}}, "texts"),
])
def test_bad_sets_name_the_field(over, field):
    with pytest.raises(AssumptionError) as e:
        parse_assumptions(_doc(**over))
    assert e.value.field == field


def test_not_psd_is_rejected():
    c = [[1.0, 0.9, -0.9], [0.9, 1.0, 0.9], [-0.9, 0.9, 1.0]]
    doc = _doc(classes=[{"id": k, "expected_return": 0.05, "volatility": 0.1}
                        for k in ("cash", "gold", "credit")], correlation=c)
    with pytest.raises(AssumptionError, match="positive semi-definite"):
        parse_assumptions(doc)


def test_bad_files(tmp_path):
    p = tmp_path / "x.json"
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(AssumptionError, match="invalid JSON"):
        load_assumptions(p)
    with pytest.raises(AssumptionError, match="cannot read"):
        load_assumptions(tmp_path / "missing.json")
    p.write_text(json.dumps(_doc()), encoding="utf-8")
    assert load_assumptions(p).classes == ("cash", "cn_equity")
