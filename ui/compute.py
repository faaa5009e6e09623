"""Results cached per household version and settings, shared by every page and the proposal.

Every cached function is keyed by (database URL, household id, version, settings, seed): a version
never changes once saved, so a page, the side-by-side comparison and the PDF built from the same key
always show the same numbers. The engines live below the UI (planner, scenarios, proposal) and are
imported plainly; :class:`Unavailable` is what a page shows calmly when a result cannot be made
(the banker's own weights refused).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypedDict

import streamlit as st

from assets import Assumptions, load_assumptions
from assets import assumption_ids as _assumption_ids
from household.model import Scenario
from planner import (
    OverrideError,
    PlanConfig,
    PlanResult,
    Recommendation,
    StressResult,
    stress_tests,
)
from planner import (
    override as override_allocation,
)
from scenarios import (
    Comparison,
    MCSuccession,
    SuccessionResult,
    household_policy,
    monte_carlo_succession,
    plan_household,
    recommend_household,
    suggest_scenarios,
)
from scenarios import compare as compare_scenarios
from scenarios import death_today as scenarios_death_today
from scenarios.insights import figures_of

from . import insight_rules, state

if TYPE_CHECKING:  # the PDF machinery is imported only when a PDF is asked for
    from proposal.bank import BankProfile


class Unavailable(RuntimeError):
    """A result the page asked for cannot be made (the banker's own weights refused)."""


class PlanStages(TypedDict):
    plan: PlanResult
    recommendation: Recommendation | None
    stress: list[StressResult] | None


# ----------------------------------------------------------------------------- assumptions
@st.cache_resource(show_spinner=False)
def assumptions(cma_id: str | None = None) -> Assumptions | None:
    """The assumption set of that id; ``None`` gives ``None`` so that the engines use the
    household's own house set (``assets.assumptions_for(base_currency)``)."""
    if not cma_id:
        return None
    return load_assumptions(cma_id)


def assumption_ids() -> list[str]:
    return list(_assumption_ids())


# ----------------------------------------------------------------------------- plan
def plan_key(hid: str, version: int, cma: str | None, risk: str | None, paths: int,
             seed: int) -> tuple:
    return (state.db_url(), hid, version, cma, risk, int(paths), int(seed))


def _config(risk: str | None, paths: int, seed: int) -> PlanConfig:
    return PlanConfig(paths=paths, seed=seed, risk_level=risk)


@st.cache_resource(show_spinner=False, max_entries=32)
def _plan(url: str, hid: str, version: int, cma: str | None, risk: str | None, paths: int,
          seed: int) -> PlanResult:
    # the household's real succession rules at every simulated death (same call as the CLI)
    return plan_household(state._load(url, hid, version), assumptions(cma),
                          _config(risk, paths, seed))


@st.cache_resource(show_spinner=False, max_entries=32)
def _recommend(url: str, hid: str, version: int, cma: str | None, risk: str | None, paths: int,
               seed: int) -> Recommendation:
    return recommend_household(state._load(url, hid, version), assumptions(cma),
                               _config(risk, paths, seed))


@st.cache_resource(show_spinner=False, max_entries=32)
def _stress(url: str, hid: str, version: int) -> list[StressResult]:
    return stress_tests(state._load(url, hid, version))


def plan_stages(hid: str, version: int, cma: str | None, risk: str | None, paths: int,
                seed: int, progress: Callable[[float, str], None] | None = None
                ) -> PlanStages:
    """The plan, the recommendation and the stress tests; ``progress`` is told before each
    stage (cached stages return at once)."""
    state.require(hid)
    url = state.db_url()
    if progress is not None:
        progress(0.05, "plan")
    plan = _plan(url, hid, version, cma, risk, int(paths), int(seed))
    if progress is not None:
        progress(0.45, "recommendation")
    rec = _recommend(url, hid, version, cma, risk, int(paths), int(seed))
    if progress is not None:
        progress(0.9, "stress")
    stress = _stress(url, hid, version)
    return {"plan": plan, "recommendation": rec, "stress": stress}


# ----------------------------------------------------------------------------- succession
@st.cache_resource(show_spinner=False, max_entries=64)
def _death_today(url: str, hid: str, version: int, deceased: str, jurisdiction: str | None
                 ) -> SuccessionResult:
    return scenarios_death_today(state._load(url, hid, version), deceased, jurisdiction)


def death_today(hid: str, version: int, deceased: str, jurisdiction: str | None
                ) -> SuccessionResult:
    state.require(hid)
    return _death_today(state.db_url(), hid, version, deceased, jurisdiction)


def scenario_choices(hid: str, version: int, deceased: str) -> dict[str, Scenario]:
    """Scenarios saved with the household, then the suggested structures for ``deceased`` (by
    id; suggestions are recomputed from the same version, so an id always means the same)."""
    hh = state.load(hid, version)
    out: dict[str, Scenario] = {s.id: s for s in hh.scenarios}
    for s in suggest_scenarios(hh, deceased):
        out.setdefault(s.id, s)
    return out


@st.cache_resource(show_spinner=False, max_entries=64)
def _compare(url: str, hid: str, version: int, scenario_ids: tuple[str, ...], deceased: str,
             jurisdiction: str | None) -> Comparison:
    hh = state._load(url, hid, version)
    saved = {s.id for s in hh.scenarios}
    suggested: dict[str, Scenario] = {}
    if not set(scenario_ids) <= saved:
        suggested = {s.id: s for s in suggest_scenarios(hh, deceased)}
    chosen: list[str | Scenario] = [sid if sid in saved else suggested[sid]
                                    for sid in scenario_ids]
    return compare_scenarios(hh, chosen, deceased, jurisdiction)


def compare(hid: str, version: int, scenario_ids: tuple[str, ...], deceased: str,
            jurisdiction: str | None) -> Comparison:
    state.require(hid)
    return _compare(state.db_url(), hid, version, tuple(scenario_ids), deceased, jurisdiction)


@st.cache_resource(show_spinner=False, max_entries=16)
def _mc_succession(url: str, hid: str, version: int, cma: str | None, paths: int, seed: int,
                   scenario: str | None, jurisdiction: str | None, real: bool = True
                   ) -> MCSuccession:
    hh = state._load(url, hid, version)
    sc: str | Scenario | None = scenario
    if scenario is not None and scenario not in {s.id for s in hh.scenarios}:
        sc = next(s for s in suggest_scenarios(hh) if s.id == scenario)
    return monte_carlo_succession(hh, assumptions(cma),
                                  PlanConfig(paths=paths, seed=seed, real=real),
                                  scenario=sc, jurisdiction=jurisdiction)


def mc_succession(hid: str, version: int, paths: int, seed: int, scenario: str | None,
                  jurisdiction: str | None) -> MCSuccession:
    """Deaths drawn across simulated futures with the real rules (scenarios + planner)."""
    state.require(hid)
    # in today's money unless the app shows nominal amounts, like the plan
    return _mc_succession(state.db_url(), hid, version, None, int(paths), int(seed), scenario,
                          jurisdiction, not state.nominal())


def estate_figures(hid: str, version: int) -> dict[str, insight_rules.EstateFigures]:
    """Tax and liquid estate at a death today of each living person with a business stake, for
    the insights."""
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
                      paths: int, seed: int) -> PlanResult:
    """The plan of the recommended allocation on the same seed (goal chances after the change)."""
    rec = _recommend(url, hid, version, cma, risk, paths, seed)
    config = PlanConfig(paths=paths, seed=seed, risk_level=risk,
                        allocation=dict(rec.recommended.weights))
    return plan_household(state._load(url, hid, version), assumptions(cma), config)


@dataclass(frozen=True)
class ProposalSettings:
    """The settings the Plan and Succession pages use now, for the PDF built from the same
    cached results; ``override``: the banker's (class, weight) pairs in place of the model's
    allocation."""

    cma: str | None
    risk: str | None
    paths: int
    seed: int
    deceased: str | None = None
    scenario_ids: tuple[str, ...] = ()
    jurisdiction: str | None = None
    override: tuple[tuple[str, float], ...] = ()


@st.cache_data(show_spinner=False, max_entries=16)
def _proposal_pdf(url: str, hid: str, version: int, lang: str, sections: tuple[str, ...],
                  s: ProposalSettings) -> bytes:
    from proposal import build  # the PDF machinery, imported when a PDF is asked for

    from .audience import client_view

    hh = client_view(state._load(url, hid, version))  # a proposal is always client-facing
    key = (url, hid, version, s.cma, s.risk, s.paths, s.seed)
    plan = _plan(*key)
    rec = _recommend(*key)
    recommended = _plan_recommended(*key)
    comp = None
    if s.deceased:
        comp = _compare(url, hid, version, s.scenario_ids, s.deceased, s.jurisdiction)
    if s.override:  # the banker's own weights (planner.override)
        rec, recommended = _overridden(url, hid, version, s, rec)
    options = {"sections": list(sections), "recommendation": rec, "recommended": recommended,
               "assumptions": assumptions(s.cma), "bank": _bank()}
    return build(hh, plan, comp, lang, options)


def _overridden(url: str, hid: str, version: int, s: ProposalSettings, rec: Recommendation
                ) -> tuple[Recommendation, PlanResult]:
    """The recommendation with the banker's own weights, and the plan of those weights."""
    full = state._load(url, hid, version)
    config = PlanConfig(paths=s.paths, seed=s.seed, risk_level=s.risk)
    policy = household_policy(full)
    try:
        rec = override_allocation(full, rec, dict(s.override), None, assumptions(s.cma), config,
                                  succession=policy)
    except OverrideError as e:
        raise Unavailable(str(e)) from None
    recommended = plan_household(
        full, assumptions(s.cma), replace(config, allocation=dict(rec.recommended.weights)))
    return rec, recommended


def _bank() -> BankProfile | None:
    """The bank profile of the app's proposals: KINFOLIO_BANK, else the shipped example."""
    from proposal.bank import default_bank

    try:
        return default_bank()
    except (ValueError, OSError):
        return None  # no usable profile: the proposal carries no bank identity


def proposal_pdf(hid: str, version: int, lang: str, sections: tuple[str, ...],
                 settings: ProposalSettings) -> bytes:
    """The PDF built from the same cached results the Plan and Succession pages show."""
    state.require(hid)
    s = replace(settings, paths=int(settings.paths), seed=int(settings.seed),
                scenario_ids=tuple(settings.scenario_ids), override=tuple(settings.override))
    return _proposal_pdf(state.db_url(), hid, version, lang, tuple(sections), s)
