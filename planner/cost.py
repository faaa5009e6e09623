"""What a simulated plan costs, from a model measured on real runs, and the refusal of work too
large to finish — before any of it starts.

The model and its measurements are data (``planner/data/work-cost.json``): seconds grow with
people, companies (each simulated death solves the company look-through), holdings and paths.
A plan estimated above the limit is refused with its size and the way out (fewer paths when that
is enough, else fewer companies), in the time it takes to count the household.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from household import Household

from .inputs import PlanInputError, check_plan_work

MIN_PATHS = 100


@cache
def cost_model() -> dict:
    text = (resources.files("planner") / "data" / "work-cost.json").read_text(encoding="utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class WorkEstimate:
    """An estimated plan: its size, seconds and peak memory (bytes) on the reference machine."""

    people: int
    companies: int
    holdings: int
    paths: int
    seconds: float
    memory_bytes: float

    @property
    def too_large(self) -> bool:
        m = cost_model()
        return self.seconds > m["limit_seconds"] or \
            self.memory_bytes > m["memory"]["limit_bytes"]


def estimate_counts(people: int, companies: int, holdings: int, paths: int) -> WorkEstimate:
    m = cost_model()
    c = m["companies"]
    seconds = m["overhead_seconds"] + m["people"]["a"] * people * people * paths \
        + m["holdings"]["a"] * holdings * paths
    if companies:
        seconds += c["a"] * max(people, 1) ** c["people_exp"] * companies ** c["companies_exp"] \
            * paths ** c["paths_exp"]
    memory = m["memory"]["bytes_per_company_squared"] * float(companies) ** 2
    return WorkEstimate(people, companies, holdings, paths, seconds, memory)


def estimate(hh: Household, paths: int) -> WorkEstimate:
    """The estimated cost of a plan of ``hh`` with ``paths`` paths (counts only: instant)."""
    return estimate_counts(len(hh.people), len(hh.companies), len(hh.holdings), paths)


def _fits(people: int, companies: int, holdings: int, paths: int) -> bool:
    return not estimate_counts(people, companies, holdings, paths).too_large


def check_work(hh: Household, paths: int) -> WorkEstimate:
    """The estimate when the plan fits the limit; :class:`PlanInputError` naming the size and
    the way out otherwise."""
    est = estimate(hh, paths)
    if not est.too_large:
        return est
    p, c, h = est.people, est.companies, est.holdings
    size = (f"this household has {p:,} people, {c:,} companies and {h:,} holdings; a plan of "
            f"{paths:,} paths is estimated at {_duration(est.seconds)}"
            + (f" and {est.memory_bytes / 1e9:.1f} GB" if est.memory_bytes >= 1e9 else "")
            + f" (the limit is {_duration(cost_model()['limit_seconds'])})")
    if _fits(p, c, h, MIN_PATHS):
        lo, hi = MIN_PATHS, paths  # the most paths that fit
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if _fits(p, c, h, mid) else (lo, mid)
        raise PlanInputError("paths", f"{size}: use at most {lo:,} paths")
    lo, hi = 0, c  # the most companies that fit with the fewest paths
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if _fits(p, mid, h, MIN_PATHS) else (lo, mid)
    raise PlanInputError("companies", (
        f"{size}, even with {MIN_PATHS} paths: the simulated plan can follow at most about "
        f"{lo:,} companies for this family — enter the companies held through one holding as "
        "that holding (its value), or plan without the company web"))


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def check_household_work(hh: Household, paths: int) -> WorkEstimate:
    """Every work limit of a simulated plan of ``hh``: people² x paths
    (:func:`planner.inputs.check_plan_work`) and the measured cost model (:func:`check_work`)."""
    check_plan_work(len(hh.people), paths)
    return check_work(hh, paths)
