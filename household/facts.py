"""What the rest of Kinfolio needs to know about one household version, computed once.

``facts_of(hh)`` returns the :class:`HouseholdFacts` of a household: its network (the model:
people, companies, trusts, holdings, liabilities and policies as nodes; kinship, ownership with
share and votes, roles, guarantees and beneficiaries as typed edges), look-through ownership,
controllers, the consolidated balance sheet, the kinship index, generations, the head of the
family and the display names per language. Each fact is computed the first time a stage asks
for it and then kept; the facts of a version are kept in a small cache keyed by the household's
content digest, so every stage (planner inputs, scenarios, the app, the proposal, the book)
shares one computation per household version instead of recomputing it.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

import networkx as nx

from . import balance as _balance
from . import graph as _graph
from . import lookthrough as _lookthrough
from .kinship import Kinship
from .model import Household

CACHE_SIZE = 64


@dataclass(frozen=True, eq=False)
class HouseholdFacts:
    """The facts of one household version (each computed on first use, then kept)."""

    household: Household = field(repr=False)
    digest: str
    _names: dict[str, Mapping[str, str]] = field(default_factory=dict, repr=False)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The household network (frozen: read it, never change it)."""
        return nx.freeze(_graph.build_graph(self.household))

    @cached_property
    def look_through(self) -> _lookthrough.LookThrough:
        return _lookthrough.look_through(self.household)

    @cached_property
    def controllers(self) -> Mapping[str, str | None]:
        """The person or trust controlling each company, or None."""
        return _lookthrough.controllers(self.household)

    @cached_property
    def person_controllers(self) -> Mapping[str, str | None]:
        """The controller of each company as a person's ID or None (a trust counts as none)."""
        people = {p.id for p in self.household.people}
        return MappingProxyType({c: (who if who in people else None)
                                 for c, who in self.controllers.items()})

    @cached_property
    def balance(self) -> _balance.BalanceSheet:
        return _balance.balance_sheet(self.household, self.look_through, ctrl=self.controllers)

    @cached_property
    def kinship(self) -> Kinship:
        return Kinship.from_graph(self.graph)

    @cached_property
    def generations(self) -> Mapping[str, int]:
        hh = self.household
        return MappingProxyType(_graph.generations_of(hh, [p.id for p in hh.people]))

    @cached_property
    def principals(self) -> tuple[str, ...]:
        """The living person with the largest net worth (the first in file order on a tie),
        and their living spouse."""
        return tuple(principals_from(self.household, self.balance))

    @property
    def head(self) -> str | None:
        """The head of the family: the first of :attr:`principals`, or None (nobody alive)."""
        return self.principals[0] if self.principals else None

    def names(self, lang: str) -> Mapping[str, str]:
        """Display name of every person, company and trust in the reader's language."""
        found = self._names.get(lang)
        if found is None:
            from .script import display_name

            hh = self.household
            found = MappingProxyType({e.id: display_name(e, lang, hh.jurisdiction)
                                      for e in [*hh.people, *hh.companies, *hh.trusts]})
            self._names[lang] = found
        return found


def principals_from(hh: Household, bs: _balance.BalanceSheet) -> list[str]:
    """The living person with the largest net worth on ``bs`` (file order on a tie) and their
    living spouse: the one rule for the head of the family."""
    alive = [(i, p) for i, p in enumerate(hh.people) if p.alive]
    if not alive:
        return []
    _, top = max(alive, key=lambda ip: (bs.entities[ip[1].id].net_worth, -ip[0]))
    out = [top.id]
    sp = hh.spouse_of(top.id)
    if sp and hh.person(sp).alive:
        out.append(sp)
    return out


_lock = threading.Lock()
_by_digest: OrderedDict[str, HouseholdFacts] = OrderedDict()
# the digest of a household object already seen (its content cannot change: models are frozen)
_digest_of: dict[int, tuple[weakref.ref, str]] = {}


def _digest(hh: Household) -> str:
    key = id(hh)
    seen = _digest_of.get(key)
    if seen is not None and seen[0]() is hh:
        return seen[1]
    # a content key for this cache, not the file's digest (io.sha256): pydantic's own JSON is
    # a third of the cost, and a Monte Carlo plan meets hundreds of households left by deaths
    digest = hashlib.sha256(hh.model_dump_json().encode()).hexdigest()
    try:
        ref = weakref.ref(hh, lambda _r, k=key: _digest_of.pop(k, None))
    except TypeError:  # not weak-referenceable: the digest is recomputed next time
        return digest
    _digest_of[key] = (ref, digest)
    return digest


def facts_of(hh: Household) -> HouseholdFacts:
    """The facts of this household version (the same object for the same content)."""
    digest = _digest(hh)
    with _lock:
        found = _by_digest.get(digest)
        if found is not None:
            _by_digest.move_to_end(digest)
            return found
        found = HouseholdFacts(hh, digest)
        _by_digest[digest] = found
        while len(_by_digest) > CACHE_SIZE:
            _by_digest.popitem(last=False)
        return found


def clear_facts() -> None:
    """Forget every household's facts (tests; memory)."""
    with _lock:
        _by_digest.clear()
        _digest_of.clear()


__all__ = ["CACHE_SIZE", "HouseholdFacts", "clear_facts", "facts_of", "principals_from"]
