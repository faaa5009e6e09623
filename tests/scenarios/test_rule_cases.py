"""Rule cases per jurisdiction: hand-computed expected values with their legal references
(tests/scenarios/cases/<CODE>.json)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from household import from_dict
from scenarios import death_today, load_rules

CASES_DIR = Path(__file__).parent / "cases"
MINIMUM = {"CN": 6, "TW": 6, "HK": 3, "SG": 3, "US": 3, "UK": 3, "JP": 3}
TOL = 0.02  # money compared to the cent (a third of a sum may round either way)


def _load(code: str) -> list[dict]:
    return json.loads((CASES_DIR / f"{code}.json").read_text(encoding="utf-8"))["cases"]


ALL = [(code, c) for code in MINIMUM for c in _load(code)]


@pytest.mark.parametrize("code", sorted(MINIMUM))
def test_each_jurisdiction_has_enough_referenced_cases(code):
    cases = _load(code)
    assert len(cases) >= MINIMUM[code]
    for c in cases:
        assert c["reference"].strip() and c["working"].strip(), c["id"]


def _check(res, exp: dict, where: str) -> None:
    for key in ("estate", "spouse_marital_share", "marital_transfer_from_deceased", "tax",
                "costs"):
        if key in exp:
            assert getattr(res, key) == pytest.approx(exp[key], abs=TOL), f"{where}: {key}"
    if "heirs" in exp:
        got = {k: round(v, 2) for k, v in res.heirs.items()}
        assert set(got) == set(exp["heirs"]), f"{where}: heirs {got}"
        for k, v in exp["heirs"].items():
            assert got[k] == pytest.approx(v, abs=TOL), f"{where}: heir {k}"
    if "insurance" in exp:
        assert set(res.insurance) == set(exp["insurance"]), f"{where}: insurance"
        for k, v in exp["insurance"].items():
            assert res.insurance[k] == pytest.approx(v, abs=TOL), f"{where}: insurance {k}"
    for key in ("control_before", "control_after"):
        if key in exp:
            assert {k: getattr(res, key)[k] for k in exp[key]} == exp[key], f"{where}: {key}"


@pytest.mark.parametrize(("code", "case"), ALL, ids=[c["id"] for _, c in ALL])
def test_rule_case(code, case):
    hh = from_dict(case["household"])
    jur = case.get("jurisdiction") or code
    rules = load_rules(jur)
    if case.get("rules"):
        rules = rules.with_values(**{k.replace(".", "__"): v for k, v in case["rules"].items()})
    on = dt.date.fromisoformat(case["on"]) if case.get("on") else None
    res = death_today(hh, case["deceased"], jur, on, rules=rules, then=case.get("then"))
    _check(res, case["expected"], case["id"])
    # the spec identity holds in every case
    assert res.estate == pytest.approx(sum(res.heirs.values()) + res.tax + res.costs, abs=0.01)
    if "then" in case["expected"]:
        assert res.then is not None
        _check(res.then, case["expected"]["then"], case["id"] + " (second death)")
