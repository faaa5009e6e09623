"""The succession-policy protocol the planner calls at each simulated death.

The planner does not import ``scenarios``: ``scenarios`` supplies a real policy (rule sets, wills,
marital property, tax) by passing an object that satisfies :class:`SuccessionPolicy`. Until then
:class:`EqualSplit` (provisional) shares the estate equally among the surviving spouse and children.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from household import Household
from household.facts import facts_of


@dataclass(frozen=True)
class DeathEvent:
    """One person's death in a set of paths (all arrays have one row per affected path).

    ``owners`` are the columns of the share matrix the policy returns: the household's people (in
    file order) then its trusts. Amounts are nominal, in the base currency, at the end of the
    year of death, after that year's flows and before any tax.
    """

    household: Household
    deceased: str
    year: int                  # calendar year of death
    year_index: int            # 0 = first simulated year
    paths: np.ndarray          # (m,) indices of the paths (within the current chunk)
    owners: tuple[str, ...]
    companies: tuple[str, ...]
    estate: np.ndarray = field(repr=False)    # (m,) everything the deceased owned
    liquid: np.ndarray = field(repr=False)    # (m,) the liquid part of it
    business: np.ndarray = field(repr=False)  # (m, n_companies) value of their company stakes
    alive: np.ndarray = field(repr=False)     # (m, n_people) alive just after this death
    path_offset: int = 0       # global index of the chunk's first path: global = offset + paths
    # (m,) price index at the end of the year of death (1 today): today's money = nominal / index
    index: np.ndarray | None = field(default=None, repr=False)


@dataclass(frozen=True)
class SuccessionOutcome:
    """``tax``: (m,) taxes and costs paid out of the estate (leave the household).
    ``shares``: (m, n_owners) fraction of the estate after tax going to each owner; a row may sum
    to less than 1, the rest leaves the household (heirs outside the file, charity)."""

    tax: np.ndarray
    shares: np.ndarray


@runtime_checkable
class SuccessionPolicy(Protocol):
    """Anything with a ``label``, a ``provisional`` flag and ``__call__(DeathEvent) ->
    SuccessionOutcome``. Must be vectorised over the event's paths and deterministic.

    Optional: ``value_free = True`` promises that the outcome (tax and shares) depends only on
    who has died and who is alive, never on the amounts; the planner then calls the policy once
    for all what-if variants instead of once per variant."""

    label: str
    provisional: bool

    def __call__(self, event: DeathEvent) -> SuccessionOutcome: ...


class EqualSplit:
    """Provisional default: no tax; the estate shared equally among the surviving spouse and
    children; if none survive, the surviving parents; else it leaves the household."""

    label = "provisional: equal split among surviving spouse and children, no tax"
    provisional = True
    value_free = True  # the outcome depends on who is alive, not on amounts

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], list[list[int]]] = {}

    def _tiers(self, hh: Household, pid: str) -> list[list[int]]:
        key = (hh.id, pid)
        if key not in self._cache:
            ids = [p.id for p in hh.people]
            kin = facts_of(hh).kinship
            spouse = kin.spouse_of(pid)
            kids = list(kin.children_of(pid))
            parents = kin.parents_of(pid)
            first = [ids.index(x) for x in ([spouse] if spouse else []) + kids if x in ids]
            second = [ids.index(x) for x in parents if x in ids]
            self._cache[key] = [first, second]
        return self._cache[key]

    def __call__(self, event: DeathEvent) -> SuccessionOutcome:
        m = len(event.paths)
        shares = np.zeros((m, len(event.owners)))
        first, second = self._tiers(event.household, event.deceased)
        todo = None
        if first:
            alive = event.alive[:, first]
            count = alive.sum(axis=1)
            shares[:, first] = alive / np.maximum(count, 1)[:, None]
            todo = count == 0
        if second and (todo is None or todo.any()):
            rows = np.arange(m) if todo is None else np.flatnonzero(todo)
            alive = event.alive[np.ix_(rows, second)]
            count = alive.sum(axis=1)
            shares[np.ix_(rows, second)] = alive / np.maximum(count, 1)[:, None]
        return SuccessionOutcome(np.zeros(m), shares)
