"""What the proposal prints, gathered in frozen views independent of how the engine returns it.

``build()`` accepts the planner's and the scenarios' own results and turns them into these views
(:mod:`proposal.adapters`), so the sections read one stable shape. Every number in a view is the
engine's number, unrounded: rounding happens only when it is printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GoalLine:
    id: str
    name: str
    priority: str
    start_year: int
    years: int
    amount: float
    currency: str
    p_current: float | None
    p_recommended: float | None


@dataclass(frozen=True)
class ProductLine:
    product: Any  # assets.Product
    weight: float  # share of the liquid portfolio in this product
    amount: float | None = None  # base money in this product


@dataclass(frozen=True)
class Comparison:
    """Current and recommended portfolio side by side (the planner's figures, unrounded)."""

    current: Any       # planner.FrontierPoint, evaluated
    recommended: Any   # planner.FrontierPoint, evaluated
    band: Any          # planner.RiskBand
    reason: str        # one sentence in the reader's language
    remedies: tuple[str, ...] = ()
    secured: bool = True
    worse: bool = False
    override: bool = False  # the banker's own proposal
    frontier: tuple[Any, ...] = ()


@dataclass(frozen=True)
class PlanView:
    paths: int
    seed: int
    years: tuple[int, ...]
    goals: tuple[GoalLine, ...]
    all_essential: float | None
    all_essential_current: float | None
    wealth: Mapping[str, tuple[float, ...]]  # p5, p25, p50, p75, p95 (recommended, else current)
    current: Mapping[str, float]
    recommended: Mapping[str, float] | None = None
    portfolio_name: str | None = None
    expected_return: float | None = None
    volatility: float | None = None
    portfolio_risk: str | None = None
    client_level: str | None = None
    level_holders: tuple[str, ...] = ()
    products: tuple[ProductLine, ...] = ()
    assumptions: Any = None  # assets.Assumptions
    real: bool = True
    liquid: float | None = None
    comparison: Comparison | None = None
    levels: tuple[tuple[str, str], ...] = ()  # (person id, own risk level) of the principals


@dataclass(frozen=True)
class Outcome:
    """One succession arrangement at one death, in the base currency."""

    id: str
    name: str
    estate: float
    spouse_share: float
    tax: float
    heirs: Mapping[str, float]  # person or trust id -> received from the estate after tax
    insurance: Mapping[str, float] = field(default_factory=dict)  # outside the estate
    trust: Mapping[str, float] = field(default_factory=dict)  # via trusts, outside the estate
    spouse: str | None = None
    liquid: float | None = None  # liquid assets in the estate
    gap: float | None = None  # cash needed at death beyond the estate's liquid assets
    gifts: Mapping[str, float] = field(default_factory=dict)  # lifetime gifts received
    net_to: Mapping[str, float] | None = None  # the engine's total per person, when it gives one
    control: Mapping[str, str | None] = field(default_factory=dict)  # company -> controller
    # the deceased's net worth as the household page counts it (the engine's ledger), so the
    # flow chart's 'wealth of' can be reconciled with it
    net_worth: float | None = None

    def received(self) -> dict[str, float]:
        """What each person receives: the engine's own total when it gives one (estate,
        insurance, lifetime gifts and trust interests, as the app shows it), else the sum of
        those parts."""
        if self.net_to is not None:
            return dict(self.net_to)
        out: dict[str, float] = {}
        for src in (self.heirs, self.insurance, self.trust, self.gifts):
            for k, v in src.items():
                out[k] = out.get(k, 0.0) + v
        return out

    @property
    def to_family(self) -> float:
        """The 'received by the family' column of the comparison table."""
        return sum(self.received().values())


@dataclass(frozen=True)
class RuleRef:
    id: str
    name: str
    since: dt.date | None
    references: tuple[str, ...]


@dataclass(frozen=True)
class SuccessionView:
    deceased: str
    jurisdiction: str
    outcomes: tuple[Outcome, ...]
    rule_sets: tuple[RuleRef, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)  # e.g. trusts a scenario creates

    def best(self) -> Outcome | None:
        if not self.outcomes:
            return None
        # the option that leaves the most is the one with the largest figure in the table's
        # 'received by the family' column (the same sum, so the summary matches the table)
        return max(self.outcomes, key=lambda o: o.to_family)
