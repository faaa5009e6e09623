"""The family read from the household network: spouse, children, parents, siblings,
descendants, generations and heirs per stirpes, in one place.

Built from the ``parent`` and ``spouse`` edges of :func:`household.graph.build_graph` (kinship
edges are added in file order, so children and parents keep the order of the file's relations).
``Kinship.of(hh)`` reads the household's facts (built once per household version);
``without(dead)`` is the same family with some people counted as dead (a death in a scenario).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from .model import Household


@dataclass(frozen=True)
class Kinship:
    """Parent/child/spouse index of a household and who is alive."""

    children: dict[str, tuple[str, ...]]
    parents: dict[str, tuple[str, ...]]
    spouse: dict[str, str]
    alive: frozenset[str]

    @classmethod
    def from_graph(cls, g: nx.MultiDiGraph) -> Kinship:
        ch: dict[str, list[str]] = defaultdict(list)
        pa: dict[str, list[str]] = defaultdict(list)
        sp: dict[str, str] = {}
        for u, v, k in g.edges(keys=True):
            if k == "spouse":
                sp[u] = v  # both directions are edges; a later relation wins, as in the file
        for n, d in g.nodes(data=True):
            if d.get("kind") != "person":
                continue
            for _, v, k in g.out_edges(n, keys=True):
                if k == "parent":
                    ch[n].append(v)
            for u, _, k in g.in_edges(n, keys=True):
                if k == "parent":
                    pa[n].append(u)
        alive = frozenset(n for n, d in g.nodes(data=True)
                          if d.get("kind") == "person" and d.get("alive", True))
        return cls({k: tuple(v) for k, v in ch.items()}, {k: tuple(v) for k, v in pa.items()},
                   sp, alive)

    @classmethod
    def of(cls, hh: Household, dead: Iterable[str] = ()) -> Kinship:
        """The household's kinship (from its facts), with ``dead`` counted as dead."""
        from .facts import facts_of

        return facts_of(hh).kinship.without(dead)

    def without(self, dead: Iterable[str]) -> Kinship:
        gone = frozenset(dead)
        return replace(self, alive=self.alive - gone) if gone & self.alive else self

    @property
    def members(self) -> frozenset[str]:
        """People in a parent or spouse relation."""
        return frozenset(self.children) | frozenset(self.parents) | frozenset(self.spouse)

    # -- one person's relatives
    def spouse_of(self, pid: str) -> str | None:
        return self.spouse.get(pid)

    def living_spouse(self, pid: str) -> str | None:
        s = self.spouse.get(pid)
        return s if s in self.alive else None

    def children_of(self, pid: str) -> tuple[str, ...]:
        return self.children.get(pid, ())

    def parents_of(self, pid: str) -> tuple[str, ...]:
        return self.parents.get(pid, ())

    def living_children(self, pid: str) -> list[str]:
        return [c for c in self.children.get(pid, ()) if c in self.alive]

    def siblings(self, pid: str) -> list[str]:
        out: list[str] = []
        for par in self.parents.get(pid, ()):
            for c in self.children.get(par, ()):
                if c != pid and c not in out:
                    out.append(c)
        return out

    def descendants(self, pid: str) -> list[str]:
        """Every descendant of ``pid``, nearest generation first (file order within one)."""
        out: list[str] = []
        seen: set[str] = set()
        frontier = list(self.children.get(pid, ()))
        while frontier:
            nxt: list[str] = []
            for n in frontier:
                if n in seen:
                    continue
                seen.add(n)
                out.append(n)
                nxt.extend(self.children.get(n, ()))
            frontier = nxt
        return out

    def is_descendant(self, who: str, of: str) -> bool:
        frontier = list(self.children.get(of, ()))
        seen: set[str] = set()
        while frontier:
            n = frontier.pop()
            if n == who:
                return True
            if n not in seen:
                seen.add(n)
                frontier.extend(self.children.get(n, ()))
        return False

    def grandparents(self, pid: str) -> list[str]:
        return sorted({g for p in self.parents.get(pid, ()) for g in self.parents.get(p, ())})

    # -- heirs
    def stirpes(self, roots: list[str], represent: bool) -> list[dict[str, float]]:
        """One unit per root with someone alive: the root, or (if represented) its descendants
        per stirpes."""
        units = []
        for r in roots:
            if r in self.alive:
                units.append({r: 1.0})
            elif represent:
                sub = self.stirpes(list(self.children.get(r, ())), True)
                if sub:
                    merged: dict[str, float] = defaultdict(float)
                    for u in sub:
                        for k, w in u.items():
                            merged[k] += w / len(sub)
                    units.append(dict(merged))
        return units

    def heirs_by_class(self, pid: str, cls: str, represent: Iterable[str]
                       ) -> list[dict[str, float]]:
        """The units of one class of statutory heirs of ``pid`` (``represent``: the classes
        where predeceased relatives are represented by their descendants)."""
        rep = set(represent)
        if cls == "descendants":
            return self.stirpes(list(self.children.get(pid, ())), "descendants" in rep)
        if cls == "parents":
            return [{p: 1.0} for p in self.parents.get(pid, ()) if p in self.alive]
        if cls == "siblings":
            return self.stirpes(self.siblings(pid), "siblings" in rep)
        if cls == "grandparents":
            return [{g: 1.0} for g in self.grandparents(pid) if g in self.alive]
        raise ValueError(f"unknown class of heirs '{cls}'")

    def addback_circle(self, pid: str) -> frozenset[str]:
        """The spouse, every lineal descendant, the parents, grandparents and siblings (alive or
        not), and those relatives' spouses (TW EGTA Art. 15)."""
        out: set[str] = set(self.descendants(pid))
        parents = self.parents.get(pid, ())
        out.update(parents)
        for par in parents:
            out.update(self.parents.get(par, ()))
            out.update(c for c in self.children.get(par, ()) if c != pid)
        out.update(self.spouse[h] for h in list(out) if h in self.spouse)
        if pid in self.spouse:
            out.add(self.spouse[pid])
        out.discard(pid)
        return frozenset(out)


def generations(kin_pairs: Iterable[tuple[str, str]], spouse_pairs: Iterable[tuple[str, str]],
                members: Iterable[str]) -> dict[str, int]:
    """Generation of each member (0 = the eldest line), spouses on the same level."""
    gen = dict.fromkeys(members, 0)
    parents = [(p, c) for p, c in kin_pairs if p in gen and c in gen]
    spouses = [(a, b) for a, b in spouse_pairs if a in gen and b in gen]
    for _ in range(len(gen) + 1):  # a longest chain settles within len(gen) passes
        changed = False
        for p, c in parents:
            if gen[c] < gen[p] + 1:
                gen[c] = gen[p] + 1
                changed = True
        for a, b in spouses:
            m = max(gen[a], gen[b])
            if gen[a] != m or gen[b] != m:
                gen[a] = gen[b] = m
                changed = True
        if not changed:
            break
    return gen
