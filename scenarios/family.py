"""Statutory heirs: orders, representation of predeceased relatives, the surviving spouse's share.

An intestacy plan splits an amount ``A`` as the rule set says: the spouse takes
``min(A, legacy) + fraction * max(A - legacy, 0)`` and the other heirs share the rest by weight
(per stirpes where representation applies). The split is linear in pieces, so it vectorises over
simulated paths unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from household.kinship import Kinship
from household.model import Household

from .rules import RuleSet

STATE = "state"


#: the family index of a household (who is whose parent, child, spouse; who is alive), read from
#: the household's network once per version: ``Kin.of(hh, dead)``
Kin = Kinship


@dataclass(frozen=True)
class IntestacyPlan:
    """Who takes an intestate amount and how. ``weights`` sum to 1 over the non-spouse heirs."""

    spouse: str | None
    spouse_fraction: float
    legacy: float  # in the household's base currency
    weights: dict[str, float]
    classes: dict[str, str] = field(default_factory=dict)  # heir -> spouse/descendants/...
    references: str = ""
    notes: tuple[str, ...] = ()  # e.g. a step-family share where state law may differ

    def split(self, amount: float) -> dict[str, float]:
        """Amounts per heir for a scalar ``amount``."""
        out = self.split_array(np.asarray([max(amount, 0.0)], dtype=np.float64))
        return {k: float(v[0]) for k, v in out.items()}

    def split_array(self, amount: np.ndarray) -> dict[str, np.ndarray]:
        """Amounts per heir for an array of amounts (vectorised over paths)."""
        a = np.maximum(amount, 0.0)
        out: dict[str, np.ndarray] = {}
        rest = a
        if self.spouse is not None:
            above = np.maximum(a - self.legacy, 0.0)
            s = np.minimum(a, self.legacy) + self.spouse_fraction * above
            if not self.weights:
                s = a
            out[self.spouse] = s
            rest = a - s
        for k, w in self.weights.items():
            out[k] = out.get(k, 0.0) + w * rest
        if not out:
            out[STATE] = a
        return out


_CLASS_ORDER = ("descendants", "parents", "siblings", "grandparents")


def intestacy_plan(hh: Household, kin: Kin, pid: str, rules: RuleSet, on: dt.date,
                   fx: float = 1.0) -> IntestacyPlan:
    """The statutory heirs of ``pid`` dying on ``on``.

    ``fx``: base units per one unit of the rule set's currency."""
    orders = rules.value("intestacy.orders", on)
    spec = rules.value("intestacy.spouse", on)
    represent = rules.value("intestacy.representation", on)
    units: list[dict[str, float]] = []
    classes: dict[str, str] = {}
    key = "none"
    for group in orders:
        for cls in group:
            u = kin.heirs_by_class(pid, cls, represent)
            if u and key == "none":
                key = cls
            for unit in u:
                for h in unit:
                    classes.setdefault(h, cls)
            units.extend(u)
        if units:
            break
    spouse = kin.living_spouse(pid)
    s = spec.get(key, spec["none"])
    ref = rules.reference("intestacy.spouse", on)
    notes: tuple[str, ...] = ()
    if spouse is not None and "step_families" in s:
        s, notes = _step_family(kin, pid, spouse, s, rules.jurisdiction)
    if spouse is not None:
        classes[spouse] = "spouse"
        if s.get("per_head"):
            n = len(units) + 1
            weights = _merge(units)
            return IntestacyPlan(spouse, 1.0 / n, 0.0, weights, classes, ref, notes)
        return IntestacyPlan(spouse, float(s["fraction"]), float(s.get("legacy", 0.0)) * fx,
                             _merge(units) if s["fraction"] < 1 else {}, classes, ref, notes)
    return IntestacyPlan(None, 0.0, 0.0, _merge(units), classes, ref)


def _step_family(kin: Kin, pid: str, spouse: str, s: dict,
                 jurisdiction: str) -> tuple[dict, tuple[str, ...]]:
    """UPC §2-102: the spouse's share when the family is a step-family. A parent relation says
    whose child a person is: a child of the deceased who is not the survivor's (§2-102(4)), else
    a child of the survivor who is not the deceased's (§2-102(3)); only lines with someone alive
    count."""
    from .notes import note

    def lines(of: str, not_of: str) -> list[str]:
        other = set(kin.children.get(not_of, ()))
        return [c for c in kin.children.get(of, ()) if c not in other and
                kin.stirpes([c], True)]

    mine, theirs = lines(pid, spouse), lines(spouse, pid)
    case = "deceased_has_other" if mine else "survivor_has_other" if theirs else None
    if case is None:
        return s, ()
    found = s["step_families"][case]
    who = mine or theirs
    whose = ("a child of the deceased but not of the surviving spouse" if mine else
             "a child of the surviving spouse but not of the deceased")
    text = (f"step-family: {', '.join(who)} is {whose}; the spouse takes the first "
            f"{found.get('legacy', 0):,.0f} and "
            f"{found['fraction']:.0%} of the rest (UPC §2-102); the law of the state of "
            "domicile may differ")
    return found, (note("step_family", text, people=tuple(who), case=case,
                        jurisdiction=jurisdiction),)


def _merge(units: list[dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for u in units:
        for k, w in u.items():
            out[k] += w / len(units)
    return dict(out)
