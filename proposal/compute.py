"""The results a proposal shows, computed with the same engine calls and seed as the app."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from household import Household
from household.facts import facts_of

#: Largest household (people in the file) a proposal is computed for. Its plans apply the
#: household's real succession rules at every simulated death, and that work grows faster than
#: the number of people: measured on synthetic households (5 holdings and 0.2 companies per
#: person), 200 paths took 8.5 s for 100 people, 50 s for 200 and over 250 s for 300 (50 paths,
#: 200 companies). Larger households are refused with a clear message instead of running for
#: many minutes.
MAX_PROPOSAL_PEOPLE = 150


@dataclass(frozen=True)
class Results:
    plan: Any  # planner.PlanResult, current allocation
    recommendation: Any  # planner.Recommendation or None
    recommended: Any  # planner.PlanResult of the recommended allocation or None
    succession: Any  # list of (id, name, scenarios.SuccessionResult) or compare() result
    assumptions: Any
    deceased: str | None


def check_size(hh: Household) -> None:
    """Refuse, with a message naming the size, a household too large for a proposal."""
    if len(hh.people) > MAX_PROPOSAL_PEOPLE:
        from .builder import ProposalError

        raise ProposalError(
            f"this household has {len(hh.people):,} people; proposals are limited to "
            f"{MAX_PROPOSAL_PEOPLE} people (the simulated successions of a larger family take "
            "too long)")


def succession_results(hh: Household, deceased: str) -> Any:
    """``scenarios.compare`` over the household's saved and suggested scenarios when the scenarios
    package offers it; else the death today as things stand and under each saved scenario."""
    import scenarios

    compare = getattr(scenarios, "compare", None)
    if compare is not None:
        chosen: list = [s.id for s in hh.scenarios]
        suggest = getattr(scenarios, "suggest_scenarios", None)
        if suggest is not None:
            chosen += [s for s in suggest(hh, deceased) if s.id not in chosen]
        limit = getattr(scenarios, "MAX_SCENARIOS", 4)
        return compare(hh, chosen[:limit], deceased, None)
    from scenarios.structures import apply_scenario

    out = [("base", "", scenarios.death_today(hh, deceased))]
    for s in hh.scenarios:
        out.append((s.id, s.name, scenarios.death_today(apply_scenario(hh, s), deceased)))
    return out


def results(hh: Household, paths: int = 10_000, seed: int | None = None,
            assumptions: Any = None, override: Any = None) -> Results:
    """Everything the proposal shows; ``override``: the banker's ``{"weights", "products"}``
    in place of the model's recommendation (see :func:`planner.override`)."""
    import planner
    from assets import assumptions_for
    from scenarios import plan_household, recommend_household

    check_size(hh)
    a = assumptions if assumptions is not None else assumptions_for(hh.base_currency)
    config = planner.PlanConfig(paths=paths, seed=planner.DEFAULT_SEED if seed is None else seed)
    # the household's real succession rules at every simulated death: the same calls as the app
    # and `kinfolio plan`, so the same settings and seed print the same numbers
    plan = plan_household(hh, a, config)
    rec = recommend_household(hh, a, config)
    if override:
        from planner import OverrideError
        from scenarios import household_policy

        try:
            rec = planner.override(hh, rec, override.get("weights"), override.get("products"),
                                   a, config, succession=household_policy(hh))
        except OverrideError as e:
            from .builder import ProposalError

            raise ProposalError(f"banker's proposal: {e}") from None
    recommended = plan_household(hh, a, replace(config, allocation=dict(rec.recommended.weights)))
    deceased = facts_of(hh).head
    succ = None
    if deceased is not None:
        from scenarios import SuccessionError

        try:
            succ = succession_results(hh, deceased)
        except SuccessionError:
            succ = None  # e.g. no rule set for the domicile: the section says it is missing
    return Results(plan, rec, recommended, succ, a, deceased)
