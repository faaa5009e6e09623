"""`kinfolio plan`: the spec's JSON keys, byte-for-byte repeatability, clear errors, reports."""

from __future__ import annotations

import json

import pytest

from cli import main
from household import demo_path

SPEC_KEYS = {"paths", "seed", "years", "success", "success_all_essential", "wealth"}


def _plan(capsys, *args):
    rc = main(["plan", *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_plan_json_keys(capsys):
    rc, out, _ = _plan(capsys, str(demo_path("demo-cn-chen")), "--paths", "200", "--seed", "5",
                       "--json")
    assert rc == 0
    doc = json.loads(out)
    assert set(doc) >= SPEC_KEYS
    assert doc["paths"] == 200 and doc["seed"] == 5
    assert set(doc["wealth"]) == {"p5", "p25", "p50", "p75", "p95"}
    assert all(len(v) == len(doc["years"]) for v in doc["wealth"].values())
    assert set(doc["success"]) == {"xin_masters", "retirement", "wei_home", "foundation"}
    assert 0 <= doc["success_all_essential"] <= 1
    assert doc["years"][0] == 2026
    assert "business_sale_probability" in doc and "success_se" in doc
    assert "INTERNAL" not in out


def test_plan_json_byte_for_byte(capsys):
    args = [str(demo_path("demo-tw-lin")), "--paths", "150", "--json"]
    _, a, _ = _plan(capsys, *args)
    _, b, _ = _plan(capsys, *args)
    assert a == b


def test_nominal_toggle(capsys):
    f = str(demo_path("demo-cn-chen"))
    _, real, _ = _plan(capsys, f, "--paths", "100", "--json")
    _, nom, _ = _plan(capsys, f, "--paths", "100", "--json", "--nominal")
    assert json.loads(real)["money"] == "today's" and json.loads(nom)["money"] == "nominal"
    assert json.loads(nom)["wealth"]["p50"][-1] > json.loads(real)["wealth"]["p50"][-1]


@pytest.mark.parametrize(("content", "field"), [
    ("{", "line 1"),
    ('{"id": "x"}', "currency"),
    ('{"id": "x", "currency": "CNY", "inflation": {"mean": 0.02, "volatility": 0.01}, '
     '"classes": [{"id": "cash", "expected_return": 0.02, "volatility": 0.01}], '
     '"correlation": [[2.0]]}', "correlation[0][0]"),
])
def test_bad_cma_names_the_field(capsys, tmp_path, content, field):
    p = tmp_path / "cma.json"
    p.write_text(content, encoding="utf-8")
    rc, out, err = _plan(capsys, str(demo_path("demo-cn-chen")), "--cma", str(p), "--paths",
                         "10")
    assert rc == 2 and out == ""
    assert field in err and "Traceback" not in err


def test_cma_without_a_needed_currency(capsys, tmp_path):
    p = tmp_path / "cma.json"
    classes = ["cash", "gov_bond", "credit", "cn_equity", "hk_equity", "dm_equity", "em_equity",
               "real_estate", "gold", "hedge_funds", "private_equity"]
    doc = {"id": "nofx", "currency": "CNY", "inflation": {"mean": 0.02, "volatility": 0.01},
           "classes": [{"id": c, "expected_return": 0.05, "volatility": 0.1} for c in classes],
           "correlation": [[1.0 if i == j else 0.0 for j in classes] for i in classes]}
    p.write_text(json.dumps(doc), encoding="utf-8")
    rc, _, err = _plan(capsys, str(demo_path("demo-cn-chen")), "--cma", str(p), "--paths", "10")
    assert rc == 2 and "fx" in err and "USD" in err


def test_bad_paths(capsys):
    rc, _, err = _plan(capsys, str(demo_path("demo-cn-chen")), "--paths", "0")
    assert rc == 2 and "--paths" in err


@pytest.mark.parametrize("lang", ["en", "zh-Hant", "zh-Hans"])
def test_readable_report(capsys, lang):
    rc, out, _ = _plan(capsys, str(demo_path("demo-cn-chen")), "--paths", "100", "--lang", lang)
    assert rc == 0
    assert "p50" in out and "2026" in out
    assert {"en": "All essential goals", "zh-Hant": "全部必要目標",
            "zh-Hans": "全部必要目标"}[lang] in out
    assert "INTERNAL" not in out


def test_a_zero_standard_error_is_not_shown_as_certainty():
    from cli.plan import _with_se

    assert _with_se(1.0, 0.0, "en") == "100.0% (in every simulated path)"
    assert _with_se(0.0, 0.0, "zh-Hant") == "0.0% (無一模擬情境達成)"
    assert _with_se(0.981, 0.003, "en") == "98.1% ± 0.3%"
