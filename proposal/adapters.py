"""Turn the planner's and the scenarios' results into the proposal's views."""

from __future__ import annotations

from household import Household

from .inputs import PlanView, SuccessionView


def plan_view(hh: Household, plan: object | None) -> PlanView | None:
    if plan is None or isinstance(plan, PlanView):
        return plan
    raise TypeError(f"cannot read a plan from {type(plan).__name__}")


def succession_view(hh: Household, scenarios: object | None) -> SuccessionView | None:
    if scenarios is None or isinstance(scenarios, SuccessionView):
        return scenarios
    raise TypeError(f"cannot read a succession comparison from {type(scenarios).__name__}")
