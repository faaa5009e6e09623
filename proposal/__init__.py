"""The client PDF proposal in English, 繁體中文 and 简体中文: ``build`` and ``build_for``.

The names below are imported on first use (PEP 562): the PDF machinery (matplotlib, fpdf) costs
over a second to import, and the package's light modules (``proposal.book_text``, whose alert
sentences the alerts inbox shows) must not pay it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .builder import SECTIONS, ProposalError, ProposalOptions, build, build_for
    from .inputs import GoalLine, Outcome, PlanView, ProductLine, RuleRef, SuccessionView

_WHERE = {
    "SECTIONS": "builder", "ProposalError": "builder", "ProposalOptions": "builder",
    "build": "builder", "build_for": "builder",
    "GoalLine": "inputs", "Outcome": "inputs", "PlanView": "inputs", "ProductLine": "inputs",
    "RuleRef": "inputs", "SuccessionView": "inputs",
}

__all__ = [
    "SECTIONS", "GoalLine", "Outcome", "PlanView", "ProductLine", "ProposalError",
    "ProposalOptions", "RuleRef", "SuccessionView", "build", "build_for",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{where}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
