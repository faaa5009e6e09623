"""`kinfolio recommend`: the issue's JSON keys, the proposal's figures, clear errors."""

from __future__ import annotations

import json

import pytest

from cli import main
from household import demo_path

POINT_KEYS = {"weights", "expected_return", "volatility", "success_all_essential",
              "success_all_essential_se", "expected_legacy_real"}


def _run(capsys, *args):
    rc = main(["recommend", *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_json_keys_and_band(capsys):
    rc, out, _ = _run(capsys, str(demo_path("demo-hksg-wong")), "--risk-level", "C4",
                      "--paths", "200", "--seed", "5", "--json")
    assert rc == 0
    doc = json.loads(out)
    assert set(doc["band"]) == {"volatility_min", "volatility_max", "max_product_risk"}
    assert doc["band"]["max_product_risk"] == "R4"
    for k in ("current", "recommended"):
        assert set(doc[k]) >= POINT_KEYS
        assert sum(doc[k]["weights"].values()) == pytest.approx(1.0, abs=1e-5)
    b, r = doc["band"], doc["recommended"]
    assert b["volatility_min"] - 1e-4 <= r["volatility"] <= b["volatility_max"] + 1e-4
    assert isinstance(doc["reason"], str) and doc["reason"].endswith(".")
    assert doc["reason"].count(". ") == 0  # one sentence


def test_taiwan_band_in_its_own_scale(capsys):
    _, out, _ = _run(capsys, str(demo_path("demo-tw-lin")), "--paths", "100", "--json")
    doc = json.loads(out)
    assert doc["risk_level"] == "C2"  # the lowest level among the principals
    assert doc["band"]["max_product_risk"] == "RR2"


def test_same_figures_as_the_proposal(capsys):
    from household import demo
    from proposal.compute import results

    _, out, _ = _run(capsys, str(demo_path("demo-cn-chen")), "--paths", "150", "--seed", "9",
                     "--json")
    doc = json.loads(out)
    rec = results(demo("demo-cn-chen"), paths=150, seed=9).recommendation
    assert doc["recommended"]["weights"] == {c: round(w, 6)
                                             for c, w in rec.recommended.weights.items()}
    assert doc["recommended"]["success_all_essential"] == round(rec.recommended.success, 6)
    assert doc["current"]["expected_legacy_real"] == round(rec.current.expected_legacy_real, 2)


def test_text_report_in_chinese(capsys):
    rc, out, _ = _run(capsys, str(demo_path("demo-cn-chen")), "--paths", "100", "--lang",
                      "zh-Hans")
    assert rc == 0
    assert "建议资产配置" in out and "风险等级C3" in out and "預" not in out


def test_bad_arguments_exit_2_without_traceback(capsys, tmp_path):
    rc, _, err = _run(capsys, str(demo_path("demo-cn-chen")), "--paths", "0")
    assert rc == 2 and "--paths" in err and "Traceback" not in err
    rc, _, err = _run(capsys, str(tmp_path / "missing.json"))
    assert rc == 2 and "Traceback" not in err
    rc, _, _ = _run(capsys, str(demo_path("demo-cn-chen")), "--risk-level", "C9")
    assert rc == 2


def test_banker_weights_on_the_command_line(capsys):
    rc, out, _ = _run(capsys, str(demo_path("demo-cn-chen")), "--paths", "100", "--json",
                      "--weights", "cash=1,gov_bond=3")
    doc = json.loads(out)
    assert rc == 0 and doc["override"] is True
    assert doc["recommended"]["weights"] == {"cash": 0.25, "gov_bond": 0.75}
    assert doc["model"]["weights"] != doc["recommended"]["weights"]
    assert "relationship manager" in doc["reason"]
    rc, _, err = _run(capsys, str(demo_path("demo-cn-chen")), "--paths", "100",
                      "--weights", "cash=lots")
    assert rc == 2 and "--weights" in err
    rc, _, err = _run(capsys, str(demo_path("demo-cn-chen")), "--paths", "100",
                      "--weights", "bitcoin=1")
    assert rc == 2 and "unknown asset class" in err
