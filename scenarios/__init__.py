"""Succession under real law: rule sets as dated data, death today, structures, side-by-side
comparison and Monte Carlo succession (see DESIGN.md)."""

from .estate import Lot, Outside, company_values
from .family import IntestacyPlan, Kin, intestacy_plan
from .rules import JURISDICTION_CODES, RULE_SETS, RuleEntry, RuleError, RuleSet, load_rules
from .succession import (
    ForcedClaim,
    SpecificGift,
    SuccessionError,
    SuccessionResult,
    death_today,
    second_death,
)
from .tax import Carry, Gift, TaxLine, brackets_tax

__all__ = [
    "JURISDICTION_CODES", "RULE_SETS", "Carry", "ForcedClaim", "Gift", "IntestacyPlan", "Kin",
    "Lot", "Outside", "RuleEntry", "RuleError", "RuleSet", "SpecificGift", "SuccessionError",
    "SuccessionResult", "TaxLine", "brackets_tax", "company_values", "death_today",
    "intestacy_plan", "load_rules", "second_death",
]
