"""The client PDF proposal in English, 繁體中文 and 简体中文: ``build`` and ``build_for``."""

from .builder import SECTIONS, ProposalError, ProposalOptions, build, build_for
from .inputs import GoalLine, Outcome, PlanView, ProductLine, RuleRef, SuccessionView

__all__ = [
    "SECTIONS", "GoalLine", "Outcome", "PlanView", "ProductLine", "ProposalError",
    "ProposalOptions", "RuleRef", "SuccessionView", "build", "build_for",
]
