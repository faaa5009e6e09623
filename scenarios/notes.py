"""Warnings of a succession result with a code and parameters, so the app can translate them.

A :class:`Note` *is* its English text (a ``str``: the CLI, the JSON and every caller that joins
or prints warnings keep working unchanged) and also carries ``code`` and ``params``. The app
formats ``params`` in the reader's language (names for ids, money for amounts) with its own
templates per code; :data:`CODES` lists every code and the parameters it carries.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

# code -> parameters (amounts are in the result's currency; ids are ids of the household file)
CODES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "policy_no_beneficiary": ("policy",),
    "trust_revocable": ("trust",),
    "guarantee": ("liability", "borrower"),
    "debts_exceed": ("amount",),
    "will_item_missing": ("person", "item"),
    "will_recipient_died": ("person", "item"),
    "residue_lapses": ("person", "share"),
    "spouse_not_citizen": (),
    "not_domiciled": ("person", "jurisdiction"),
    "tax_on_insurance": ("amount",),
    "tax_exceeds_estate": ("tax", "available"),
    "forced_share": ("heir", "amount", "reference"),
    # reasons: tuple of ("holder_not_insured", None) | ("age_at_issue", age) |
    # ("shortly_before_death", None)
    "substance_over_form": ("policy", "reasons", "reference"),
    "gift_tax_7y": ("amount",),
    "rules_fallback": ("person", "error"),
    # case: "deceased_has_other" (UPC §2-102(4)) or "survivor_has_other" (§2-102(3))
    "step_family": ("people", "case", "jurisdiction"),
})


class Note(str):
    """English warning text with a translation ``code`` and its ``params``."""

    code: str
    params: Mapping[str, Any]

    def __new__(cls, text: str, code: str, **params: Any) -> Note:
        if code not in CODES:
            raise ValueError(f"unknown note code {code!r}")
        self = super().__new__(cls, text)
        self.code = code
        self.params = MappingProxyType(dict(params))
        return self

    def __reduce__(self) -> tuple:
        return (_make, (str(self), self.code, dict(self.params)))


def _make(text: str, code: str, params: dict[str, Any]) -> Note:
    return Note(text, code, **params)


def note(code: str, text: str, **params: Any) -> Note:
    """A warning: ``text`` in English (what the CLI prints), ``code`` and ``params`` for
    translation."""
    return Note(text, code, **params)


__all__ = ["CODES", "Note", "note"]
