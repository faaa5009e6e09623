"""The household's plan under its real law: the planner run with :class:`RulesPolicy`.

One entry point for every caller (the app, the proposal, ``kinfolio plan``), so the same household,
settings and seed give the same numbers everywhere. At each simulated death the rule set of the
deceased's domicile (else the household's jurisdiction) in force on the date of death applies:
marital property, wills, intestacy, forced shares, estate tax. The result's ``succession`` label
names the rule sets and ``succession_provisional`` is False.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from household.model import Household

from .montecarlo import RulesPolicy
from .rules import RuleError, load_rules


def _codes(hh: Household, jurisdiction: str | None) -> list[str]:
    if jurisdiction:
        return [jurisdiction.upper()]
    found = []
    for p in hh.people:
        code = (p.domicile or hh.jurisdiction or "").upper()
        if p.alive and code and code not in found:
            found.append(code)
    return found


def succession_label(hh: Household, jurisdiction: str | None = None) -> str:
    """Which rules apply at the simulated deaths: each jurisdiction with its rule set's name."""
    parts = []
    for code in _codes(hh, jurisdiction):
        try:
            parts.append(f"{code} ({load_rules(code).name})")
        except RuleError:
            parts.append(f"{code} (no rule set: provisional equal split)")
    where = f"rules of {jurisdiction.upper()}" if jurisdiction else \
        "rules of each deceased's domicile"
    return (f"succession {where}: {'; '.join(parts) or 'none'}; values in force on each date "
            "of death (marital property, wills, intestacy, forced shares, estate tax)")


def household_policy(hh: Household, jurisdiction: str | None = None) -> RulesPolicy:
    """The real-law policy for ``hh`` (records nothing: safe for variants and recommendations)."""
    policy = RulesPolicy(jurisdiction, record=False)
    policy.label = succession_label(hh, jurisdiction)
    return policy


def _noted(result: Any, policy: RulesPolicy) -> Any:
    if not policy.warnings:
        return result
    return replace(result, succession=result.succession + " | " + "; ".join(policy.warnings))


def _assumptions(hh: Household, assumptions: Any) -> Any:
    """``None``: the house assumption set of the household's base currency (as the app and the
    proposal choose it)."""
    if assumptions is not None:
        return assumptions
    from assets import assumptions_for

    return assumptions_for(hh.base_currency)


def plan_household(hh: Household, assumptions: Any = None, config: Any = None,
                   jurisdiction: str | None = None) -> Any:
    """``planner.run_plan`` with the household's real succession rules -> ``PlanResult``;
    ``assumptions=None``: the house set of the household's base currency.

    Where a person's rules cannot apply (no rule set, no FX), that death falls back to the equal
    split and the label says so."""
    from planner import PlanConfig, check_household_work, run_plan

    check_household_work(hh, (config or PlanConfig()).paths)
    policy = household_policy(hh, jurisdiction)
    a = _assumptions(hh, assumptions)
    return _noted(run_plan(hh, a, config, succession=policy), policy)


def recommend_household(hh: Household, assumptions: Any = None, config: Any = None,
                        n_points: int = 8, jurisdiction: str | None = None) -> Any:
    """``planner.recommend`` with every candidate simulated under the real succession rules."""
    from planner import PlanConfig, check_household_work, recommend

    check_household_work(hh, (config or PlanConfig()).paths)
    return recommend(hh, _assumptions(hh, assumptions), config, n_points,
                     succession=household_policy(hh, jurisdiction),
                     liquidity_need=tax_at_death(hh, jurisdiction))


def tax_at_death(hh: Household, jurisdiction: str | None = None) -> float:
    """Tax and costs due if the head of the family died today (base money): a liquidity need the
    recommendation keeps in classes sold within days. 0 when it cannot be computed."""
    from .compare import principal
    from .succession import death_today

    try:
        r = death_today(hh, principal(hh), jurisdiction)
    except ValueError:  # RuleError, SuccessionError, StructureError: no rule set, nobody alive
        return 0.0  # no need stated rather than no advice
    return float(getattr(r, "tax", 0.0) or 0.0) + float(getattr(r, "costs", 0.0) or 0.0)


__all__ = ["household_policy", "plan_household", "recommend_household", "succession_label"]
