"""Results cached per household version and settings, shared by every page and the proposal.

Every cached function is keyed by (database URL, household id, version, settings, seed): a version
never changes once saved, so a page, the side-by-side comparison and the PDF built from the same key
always show the same numbers. The engines live below the UI (planner, scenarios, proposal); when an
engine is not installed yet, :class:`Unavailable` is raised and the page says so calmly.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import streamlit as st

from . import state

if TYPE_CHECKING:  # the succession engine is imported when a page needs it
    from . import insight_rules


class Unavailable(RuntimeError):
    """An engine the page needs is not part of this installation (yet)."""


def _api(module: str, name: str) -> Callable[..., Any]:
    try:
        mod = importlib.import_module(module)
    except ImportError as e:
        raise Unavailable(f"{module} is not installed") from e
    fn = getattr(mod, name, None)
    if fn is None:
        raise Unavailable(f"{module}.{name} is not available")
    return fn


def available(module: str, name: str) -> bool:
    try:
        _api(module, name)
    except Unavailable:
        return False
    return True


# ----------------------------------------------------------------------------- assumptions
@st.cache_resource(show_spinner=False)
def assumptions(cma_id: str | None = None) -> Any:
    """The assumption set of that id; ``None`` gives ``None`` so that the engines use the
    household's own house set (``assets.assumptions_for(base_currency)``)."""
    if not cma_id:
        return None
    return _api("assets", "load_assumptions")(cma_id)


def assumption_ids() -> list[str]:
    try:
        fn = _api("assets", "assumption_ids")
        return list(fn())
    except Unavailable:
        a = assumptions()
        return [getattr(a, "id", "default")]


# ----------------------------------------------------------------------------- plan
def plan_key(hid: str, version: int, cma: str | None, risk: str | None, paths: int,
             seed: int) -> tuple:
    return (state.db_url(), hid, version, cma, risk, int(paths), int(seed))


def _config(risk: str | None, paths: int, seed: int) -> Any:
    planner = importlib.import_module("planner")
    return planner.PlanConfig(paths=paths, seed=seed, risk_level=risk)


@st.cache_resource(show_spinner=False, max_entries=32)
def _plan(url: str, hid: str, version: int, cma: str | None, risk: str | None, paths: int,
          seed: int) -> Any:
    # the household's real succession rules at every simulated death (same call as the CLI)
    run_plan = _api("scenarios", "plan_household")
    return run_plan(state._load(url, hid, version), assumptions(cma), _config(risk, paths, seed))


@st.cache_resource(show_spinner=False, max_entries=32)
def _recommend(url: str, hid: str, version: int, cma: str | None, risk: str | None, paths: int,
               seed: int) -> Any:
    recommend = _api("scenarios", "recommend_household")
    return recommend(state._load(url, hid, version), assumptions(cma),
                     _config(risk, paths, seed))


@st.cache_resource(show_spinner=False, max_entries=32)
def _stress(url: str, hid: str, version: int) -> Any:
    stress = _api("planner", "stress_tests")
    return stress(state._load(url, hid, version))


def plan_stages(hid: str, version: int, cma: str | None, risk: str | None, paths: int,
                seed: int, progress: Callable[[float, str], None] | None = None
                ) -> dict[str, Any]:
    """{"plan": PlanResult, "recommendation": ... or None, "stress": ... or None}; ``progress``
    is told before each stage that is not cached yet."""
    state.require(hid)
    key = plan_key(hid, version, cma, risk, paths, seed)
    out: dict[str, Any] = {}
    stages = (("plan", lambda: _plan(*key), 0.05),
              ("recommendation", lambda: _recommend(*key), 0.45),
              ("stress", lambda: _stress(key[0], hid, version), 0.9))
    for name, fn, at in stages:
        if progress is not None:
            progress(at, name)
        try:
            out[name] = fn()
        except Unavailable:
            if name == "plan":
                raise
            out[name] = None
    return out


# ----------------------------------------------------------------------------- succession
@st.cache_resource(show_spinner=False, max_entries=64)
def _death_today(url: str, hid: str, version: int, deceased: str, jurisdiction: str | None
                 ) -> Any:
    fn = _api("scenarios", "death_today")
    return fn(state._load(url, hid, version), deceased, jurisdiction)


def death_today(hid: str, version: int, deceased: str, jurisdiction: str | None) -> Any:
    state.require(hid)
    _api("scenarios", "death_today")
    return _death_today(state.db_url(), hid, version, deceased, jurisdiction)


def scenario_choices(hid: str, version: int, deceased: str) -> dict[str, Any]:
    """Scenarios saved with the household, then the suggested structures for ``deceased`` (by
    id; suggestions are recomputed from the same version, so an id always means the same)."""
    hh = state.load(hid, version)
    out: dict[str, Any] = {s.id: s for s in hh.scenarios}
    try:
        suggest = _api("scenarios", "suggest_scenarios")
        for s in suggest(hh, deceased):
            out.setdefault(s.id, s)
    except Unavailable:
        pass
    return out


@st.cache_resource(show_spinner=False, max_entries=64)
def _compare(url: str, hid: str, version: int, scenario_ids: tuple[str, ...], deceased: str,
             jurisdiction: str | None) -> Any:
    fn = _api("scenarios", "compare")
    hh = state._load(url, hid, version)
    saved = {s.id for s in hh.scenarios}
    suggested = {}
    if not set(scenario_ids) <= saved:
        suggested = {s.id: s for s in _api("scenarios", "suggest_scenarios")(hh, deceased)}
    chosen = [sid if sid in saved else suggested[sid] for sid in scenario_ids]
    return fn(hh, chosen, deceased, jurisdiction)


def compare(hid: str, version: int, scenario_ids: tuple[str, ...], deceased: str,
            jurisdiction: str | None) -> Any:
    _api("scenarios", "compare")
    state.require(hid)
    return _compare(state.db_url(), hid, version, tuple(scenario_ids), deceased, jurisdiction)


@st.cache_resource(show_spinner=False, max_entries=16)
def _mc_succession(url: str, hid: str, version: int, cma: str | None, paths: int, seed: int,
                   scenario: str | None, jurisdiction: str | None, real: bool = True) -> Any:
    fn = _api("scenarios", "monte_carlo_succession")
    hh = state._load(url, hid, version)
    sc: Any = scenario
    if scenario is not None and scenario not in {s.id for s in hh.scenarios}:
        suggest = _api("scenarios", "suggest_scenarios")
        sc = next(s for s in suggest(hh) if s.id == scenario)
    planner = importlib.import_module("planner")
    return fn(hh, assumptions(cma), planner.PlanConfig(paths=paths, seed=seed, real=real),
              scenario=sc, jurisdiction=jurisdiction)


def mc_succession(hid: str, version: int, paths: int, seed: int, scenario: str | None,
                  jurisdiction: str | None) -> Any:
    """Deaths drawn across simulated futures with the real rules (scenarios + planner)."""
    state.require(hid)
    _api("scenarios", "monte_carlo_succession")
    # in today's money unless the app shows nominal amounts, like the plan
    return _mc_succession(state.db_url(), hid, version, None, int(paths), int(seed), scenario,
                          jurisdiction, not state.nominal())


def estate_figures(hid: str, version: int) -> dict[str, insight_rules.EstateFigures]:
    """Tax and liquid estate at a death today of each living person with a business stake, for
    the insights (empty when the succession engine is not installed)."""
    if not available("scenarios", "death_today"):
        return {}
    from scenarios.insights import figures_of

    hh = state.load(hid, version)
    out = {}
    for p in hh.people:
        if not p.alive or not any(o.owner == p.id for o in hh.ownership):
            continue
        try:
            r = death_today(hid, version, p.id, None)
        except Exception:  # an insight is optional; the page must still show
            continue
        out[p.id] = figures_of(p.id, r)
    return out


# ----------------------------------------------------------------------------- proposal
@st.cache_resource(show_spinner=False, max_entries=16)
def _plan_recommended(url: str, hid: str, version: int, cma: str | None, risk: str | None,
                      paths: int, seed: int) -> Any:
    """The plan of the recommended allocation on the same seed (goal chances after the change)."""
    rec = _recommend(url, hid, version, cma, risk, paths, seed)
    planner = importlib.import_module("planner")
    config = planner.PlanConfig(paths=paths, seed=seed, risk_level=risk,
                                allocation=dict(rec.recommended.weights))
    plan_household = _api("scenarios", "plan_household")
    return plan_household(state._load(url, hid, version), assumptions(cma), config)


@st.cache_data(show_spinner=False, max_entries=16)
def _proposal_pdf(url: str, hid: str, version: int, lang: str, sections: tuple[str, ...],
                  cma: str | None, risk: str | None, paths: int, seed: int,
                  deceased: str | None, scenario_ids: tuple[str, ...],
                  jurisdiction: str | None, override: tuple = ()) -> bytes:
    from .audience import client_view

    build = _api("proposal", "build")
    hh = client_view(state._load(url, hid, version))  # a proposal is always client-facing
    plan = rec = recommended = None
    if available("scenarios", "plan_household"):
        plan = _plan(url, hid, version, cma, risk, paths, seed)
        if available("scenarios", "recommend_household"):
            rec = _recommend(url, hid, version, cma, risk, paths, seed)
            recommended = _plan_recommended(url, hid, version, cma, risk, paths, seed)
    comp = None
    if deceased and available("scenarios", "compare"):
        comp = _compare(url, hid, version, scenario_ids, deceased, jurisdiction)
    if override and rec is not None:  # the banker's own weights (planner.override)
        planner = importlib.import_module("planner")
        full = state._load(url, hid, version)
        config = planner.PlanConfig(paths=paths, seed=seed, risk_level=risk)
        policy = _api("scenarios", "household_policy")(full)
        try:
            rec = planner.override(full, rec, dict(override), None, assumptions(cma), config,
                                   succession=policy)
        except planner.OverrideError as e:
            raise Unavailable(str(e)) from None
        recommended = _api("scenarios", "plan_household")(
            full, assumptions(cma), replace(config, allocation=dict(rec.recommended.weights)))
    options = {"sections": list(sections), "recommendation": rec, "recommended": recommended,
               "assumptions": assumptions(cma), "bank": _bank()}
    return build(hh, plan, comp, lang, options)


def _bank() -> Any:
    """The bank profile of the app's proposals: KINFOLIO_BANK, else the shipped example."""
    try:
        return importlib.import_module("proposal.bank").default_bank()
    except (ImportError, ValueError, OSError):
        return None  # no usable profile: the proposal carries no bank identity


def proposal_pdf(hid: str, version: int, lang: str, sections: tuple[str, ...],
                 cma: str | None, risk: str | None, paths: int, seed: int,
                 deceased: str | None, scenario_ids: tuple[str, ...],
                 jurisdiction: str | None, override: tuple = ()) -> bytes:
    """The PDF built from the same cached results the Plan and Succession pages show;
    ``override``: the banker's (class, weight) pairs in place of the model's allocation."""
    state.require(hid)
    return _proposal_pdf(state.db_url(), hid, version, lang, tuple(sections), cma, risk,
                         int(paths), int(seed), deceased, tuple(scenario_ids), jurisdiction,
                         tuple(override))
