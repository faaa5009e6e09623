"""Generated VALID households pushed through every stage: load → network → look-through →
control → balance sheet → summary (JSON and text in three languages) → store → plan → succession
→ PDF proposal.

Counts: 300 generated households through the household stages, 40 through the storage round trip,
150 through succession (death today of up to two people each), 120 through the planner (64
paths), 18 through the PDF proposal.
Nothing may raise, every number must be finite, and every generated file must load.
"""

from __future__ import annotations

import json
import math

import numpy as np
from hypothesis import HealthCheck, given, settings

from cli.summary_text import summary_text
from household import balance_sheet, build_graph, controllers, from_dict, look_through, summary
from household.io import dumps, loads, sha256

from .strategies import household_docs

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _finite(obj) -> bool:
    if isinstance(obj, float):
        return math.isfinite(obj)
    if isinstance(obj, dict):
        return all(_finite(v) for v in obj.values())
    if isinstance(obj, list):
        return all(_finite(v) for v in obj)
    return True


@FUZZ
@given(household_docs())
def test_300_generated_households_pass_every_household_stage(doc):
    hh = from_dict(doc)
    g = build_graph(hh)
    assert g.number_of_nodes() >= len(hh.people)
    lt = look_through(hh)
    assert np.isfinite(lt.matrix).all()
    assert (lt.matrix >= -1e-9).all() and (lt.matrix <= 1 + 1e-6).all()
    ctrl = controllers(hh)
    assert set(ctrl) == {c.id for c in hh.companies}
    bs = balance_sheet(hh, lt)
    assert math.isfinite(bs.net_worth)
    doc_out = summary(hh)
    assert _finite(doc_out)
    json.dumps(doc_out, allow_nan=False)
    for lang in ("en", "zh-Hant", "zh-Hans"):
        assert summary_text(hh, lang)
    again = loads(dumps(hh))
    assert sha256(again) == sha256(hh)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(household_docs(max_people=5, max_companies=4, max_holdings=6))
def test_40_generated_households_survive_the_store_round_trip(tmp_path_factory, doc):
    from store.storage import Store

    store = Store(tmp_path_factory.mktemp("db") / "k.db")
    hh = from_dict(doc)
    info = store.save(hh, "fuzz")
    assert store.load(hh.id, info.version) == hh
    assert store.history(hh.id)[-1].sha256 == sha256(hh)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(household_docs(max_people=6, max_companies=4, max_holdings=10, years=(2024, 2030),
                      jurisdictions=("CN", "TW", "HK", "SG", "US", "UK"),
                      fx_always=("USD", "GBP", "CNY", "TWD", "HKD", "SGD")))
def test_150_generated_households_through_succession_death_today(doc):
    """Each living person (up to two per household) dies today under their own law: only the
    documented ``SuccessionError`` may be raised, and every figure is finite with
    estate = heirs + tax + costs."""
    from scenarios import SuccessionError, death_today

    hh = from_dict(doc)
    living = [p.id for p in hh.people if p.alive][:2]
    for pid in living:
        try:
            res = death_today(hh, pid)
        except SuccessionError as e:
            assert str(e)
            continue
        out = res.to_json()
        json.dumps(out, allow_nan=False)
        assert _finite(out)
        total = math.fsum(res.heirs.values()) + res.tax + res.costs
        assert math.isclose(res.estate, total, rel_tol=1e-6, abs_tol=1.0), (res.estate, total)


@settings(max_examples=18, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(household_docs(max_people=6, max_companies=4, max_holdings=10))
def test_18_generated_households_make_a_pdf_proposal(doc):
    """Hostile names (markup, control and bidi characters, emoji, 1e15 amounts) in a PDF in one of
    the three languages (rotating): a PDF, or the documented ``ProposalError``."""
    from proposal import ProposalError, build

    hh = from_dict(doc)
    lang = ("en", "zh-Hant", "zh-Hans")[int(sha256(hh)[:8], 16) % 3]
    try:
        pdf = build(hh, None, None, lang)
    except ProposalError as e:
        assert str(e)
        return
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(household_docs(max_people=6, max_companies=4, max_holdings=10))
def test_120_generated_households_through_the_planner_with_64_paths(doc):
    """``planner.run_plan`` with 64 paths (chunks of 32): only the documented ``PlanInputError``,
    probabilities in [0, 1], and a JSON result with finite numbers."""
    from planner import PlanConfig, PlanInputError, run_plan

    hh = from_dict(doc)
    seed = int(sha256(hh)[:8], 16)
    try:
        res = run_plan(hh, None, PlanConfig(paths=64, seed=seed, chunk=32))
    except PlanInputError as e:
        assert str(e)
        return
    out = res.to_json()
    json.dumps(out, allow_nan=False)
    assert _finite(out)
    assert 0 <= res.success_all_essential <= 1
    assert all(0 <= g.success <= 1 for g in res.goals)
    assert res.seed == seed and res.paths == 64
