"""Who owns what: the household file format, the network, look-through and control, the
consolidated balance sheet and storage."""

from .balance import BalanceSheet, CompanyRelationship, EntitySheet, balance_sheet, summary
from .demo import DEMO_IDS, demo, demo_path
from .errors import HouseholdError, Problem, StaleVersionError
from .graph import build_graph, children, descendants, owners, owns, parents, siblings, spouse
from .io import dumps, from_dict, load, loads, problems, sha256, to_dict
from .lookthrough import LookThrough, controllers, look_through, person_controllers
from .model import (
    ASSET_CLASSES,
    FORMAT,
    JURISDICTIONS,
    BusinessTransfer,
    BuyPolicy,
    CashFlow,
    Company,
    Gift,
    GiftPlan,
    Goal,
    Holding,
    Household,
    Liability,
    Ownership,
    Parent,
    Person,
    Policy,
    PriorDeath,
    Referral,
    Role,
    Scenario,
    SettleTrust,
    SetWill,
    Spouse,
    Trust,
    Will,
)

__all__ = [
    "ASSET_CLASSES", "DEMO_IDS", "FORMAT", "JURISDICTIONS", "BalanceSheet", "BusinessTransfer",
    "BuyPolicy", "CashFlow", "Company", "CompanyRelationship", "EntitySheet", "Gift", "GiftPlan",
    "Goal", "Holding", "Household", "HouseholdError", "Liability", "LookThrough", "Ownership",
    "Parent", "Person", "Policy", "PriorDeath", "Problem", "Referral", "Role", "Scenario",
    "SetWill", "SettleTrust", "Spouse", "StaleVersionError", "Trust", "Will", "balance_sheet",
    "build_graph", "children", "controllers", "demo", "demo_path", "descendants", "dumps",
    "from_dict", "load", "loads", "look_through", "owners", "owns", "parents",
    "person_controllers", "problems", "sha256", "siblings", "spouse", "summary", "to_dict",
]
