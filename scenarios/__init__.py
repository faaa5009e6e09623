"""Succession under real law: rule sets as dated data, death today, structures, side-by-side
comparison and Monte Carlo succession (see DESIGN.md)."""

from .compare import (
    BASE_ID,
    MAX_SCENARIOS,
    METRICS,
    Comparison,
    Outcome,
    compare,
    principal,
    suggest_scenarios,
)
from .estate import Lot, Outside, company_values
from .family import IntestacyPlan, Kin, intestacy_plan
from .history import household_carry, household_gifts
from .household_plan import (
    household_policy,
    plan_household,
    recommend_household,
    succession_label,
)
from .insights import EstateFigures, Finding, estate_figures, find_insights
from .montecarlo import MCSuccession, RulesPolicy, monte_carlo_succession
from .notes import CODES as NOTE_CODES
from .notes import Note
from .rules import (
    JURISDICTION_CODES,
    RULE_SETS,
    RuleEntry,
    RuleError,
    RuleSet,
    load_rules,
    localized_reference,
)
from .structures import Applied, StructureError, applied, apply_scenario, scenario_end
from .succession import (
    ForcedClaim,
    Ledger,
    SpecificGift,
    SuccessionError,
    SuccessionResult,
    death_today,
    second_death,
)
from .tax import Carry, Gift, TaxLine, brackets_tax

__all__ = [
    "BASE_ID",
    "JURISDICTION_CODES",
    "MAX_SCENARIOS",
    "METRICS",
    "NOTE_CODES",
    "RULE_SETS",
    "Applied",
    "Carry",
    "Comparison",
    "EstateFigures",
    "Finding",
    "ForcedClaim",
    "Gift",
    "IntestacyPlan",
    "Kin",
    "Ledger",
    "Lot",
    "MCSuccession",
    "Note",
    "Outcome",
    "Outside",
    "RuleEntry",
    "RuleError",
    "RuleSet",
    "RulesPolicy",
    "SpecificGift",
    "StructureError",
    "SuccessionError",
    "SuccessionResult",
    "TaxLine",
    "applied",
    "apply_scenario",
    "brackets_tax",
    "company_values",
    "compare",
    "death_today",
    "estate_figures",
    "find_insights",
    "household_carry",
    "household_gifts",
    "household_policy",
    "intestacy_plan",
    "load_rules",
    "localized_reference",
    "monte_carlo_succession",
    "plan_household",
    "principal",
    "recommend_household",
    "scenario_end",
    "second_death",
    "succession_label",
    "suggest_scenarios",
]
