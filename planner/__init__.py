"""The Monte Carlo planner of Kinfolio: "Will we make it, and how should the money be invested?"

``run_plan(hh, assumptions, config, succession=None) -> PlanResult`` simulates the household year
by year (monthly as an option), vectorised over paths in chunks: correlated returns of the 11 asset
classes, inflation, FX and each family company (from :mod:`assets`); incomes and expenses per
person; goals by priority; dividends by look-through share; loan service and premiums; rebalancing
of liquid wealth; mortality from the China 2010–2013 life tables; succession at each death.

Succession-policy protocol (the planner never imports ``scenarios``)
--------------------------------------------------------------------
Pass any object with

* ``label: str`` and ``provisional: bool`` (shown with the results), and
* ``__call__(event: DeathEvent) -> SuccessionOutcome``.

``DeathEvent`` describes one person's death in ``m`` paths at once (vectorised): ``household``,
``deceased`` (person id), ``year`` (calendar) and ``year_index``, ``paths`` (m,) indices within
the current chunk and ``path_offset`` (the chunk's first global path: global index = offset +
paths), ``owners``
(people in file order, then trusts: the columns of the share matrix), ``companies``, ``estate``
(m,) = everything the deceased owned in base currency (their part of the family pool plus their
look-through company stakes), ``liquid`` (m,), ``business`` (m, n_companies) and ``alive``
(m, n_people) = who is alive just after this death.

``SuccessionOutcome(tax, shares)``: ``tax`` (m,) taxes and costs paid out of the estate, and
``shares`` (m, n_owners) the fraction of the estate after tax going to each owner; a row may sum to
less than one, the rest leaves the household. The default :class:`EqualSplit` (no tax, equal split
among surviving spouse and children) is labelled provisional.

When what-if variants run together (``run_variants``, ``recommend``) the event's rows are the
affected paths of every variant, variant-major (``paths`` then repeats). A policy may set
``value_free = True`` to promise that its outcome depends only on who died and who is alive, not
on amounts; it is then called once for all variants. Taxes are paid from liquid wealth; the
deceased's part of the family pool and company stakes pass as ``shares`` say.

Other entry points: ``run_variants`` (what-ifs on common random numbers), ``recommend``
(efficient frontier under suitability caps), ``stress_tests`` (historical shocks).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .allocation import (
        ESSENTIAL_TARGET,
        Frontier,
        FrontierPoint,
        OverrideError,
        Recommendation,
        Remedy,
        client_risk_level,
        efficient_frontier,
        override,
        recommend,
    )
    from .bands import RiskBand, class_max, product_risk_label, risk_band
    from .config import DEFAULT_PATHS, DEFAULT_SEED, PlanConfig, Variant
    from .cost import WorkEstimate, check_household_work, check_work
    from .inputs import (
        PLAN_WORK_LIMIT,
        PlanInputError,
        check_plan_work,
        current_allocation,
        horizon,
        principals,
    )
    from .mortality import DEFAULT_TABLE, TABLES, LifeTable, death_years, life_table
    from .plan import VariantResult, run_plan, run_variants
    from .result import GoalResult, PlanResult
    from .stress import SCENARIOS, StressResult, stress_tests
    from .succession import DeathEvent, EqualSplit, SuccessionOutcome, SuccessionPolicy

_EXPORTS: dict[str, str] = {  # name -> submodule: imported on first use (PEP 562)
    "DEFAULT_PATHS": "config",
    "DEFAULT_SEED": "config",
    "DEFAULT_TABLE": "mortality",
    "DeathEvent": "succession",
    "ESSENTIAL_TARGET": "allocation",
    "EqualSplit": "succession",
    "Frontier": "allocation",
    "FrontierPoint": "allocation",
    "GoalResult": "result",
    "LifeTable": "mortality",
    "OverrideError": "allocation",
    "PLAN_WORK_LIMIT": "inputs",
    "PlanConfig": "config",
    "PlanInputError": "inputs",
    "PlanResult": "result",
    "Recommendation": "allocation",
    "Remedy": "allocation",
    "RiskBand": "bands",
    "SCENARIOS": "stress",
    "StressResult": "stress",
    "SuccessionOutcome": "succession",
    "SuccessionPolicy": "succession",
    "TABLES": "mortality",
    "Variant": "config",
    "VariantResult": "plan",
    "WorkEstimate": "cost",
    "check_household_work": "cost",
    "check_plan_work": "inputs",
    "check_work": "cost",
    "class_max": "bands",
    "client_risk_level": "allocation",
    "current_allocation": "inputs",
    "death_years": "mortality",
    "efficient_frontier": "allocation",
    "horizon": "inputs",
    "life_table": "mortality",
    "override": "allocation",
    "principals": "inputs",
    "product_risk_label": "bands",
    "recommend": "allocation",
    "risk_band": "bands",
    "run_plan": "plan",
    "run_variants": "plan",
    "stress_tests": "stress",
}


def __getattr__(name: str) -> Any:
    """The public names, each imported from its submodule when first asked for: ``import
    planner`` (or ``planner.config``) stays cheap, and the first page of the app does not load the
    allocation search and scipy it never uses."""
    mod = _EXPORTS.get(name)
    if mod is None:
        raise AttributeError(f"module 'planner' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{mod}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = [
    "DEFAULT_PATHS",
    "DEFAULT_SEED",
    "DEFAULT_TABLE",
    "ESSENTIAL_TARGET",
    "PLAN_WORK_LIMIT",
    "SCENARIOS",
    "TABLES",
    "DeathEvent",
    "EqualSplit",
    "Frontier",
    "FrontierPoint",
    "GoalResult",
    "LifeTable",
    "OverrideError",
    "PlanConfig",
    "PlanInputError",
    "PlanResult",
    "Recommendation",
    "Remedy",
    "RiskBand",
    "StressResult",
    "SuccessionOutcome",
    "SuccessionPolicy",
    "Variant",
    "VariantResult",
    "WorkEstimate",
    "check_household_work",
    "check_plan_work",
    "check_work",
    "class_max",
    "client_risk_level",
    "current_allocation",
    "death_years",
    "efficient_frontier",
    "horizon",
    "life_table",
    "override",
    "principals",
    "product_risk_label",
    "recommend",
    "risk_band",
    "run_plan",
    "run_variants",
    "stress_tests",
]
