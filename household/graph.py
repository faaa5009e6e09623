"""The household as one network (networkx MultiDiGraph) and the family queries the rest needs.

Nodes carry ``kind`` (person, company, trust, holding, liability, policy), ``label`` and the file
item as ``item``. Edges are keyed by their kind: ``parent`` (parent -> child), ``spouse`` (both
ways), ``owns`` (share, voting), ``holds``, ``owes``, ``guarantees``, ``insures``, ``policyholder``,
``pays`` (policy -> beneficiary, share), ``settled`` (settlor -> trust), ``benefits`` (trust ->
beneficiary, share), ``role`` (person -> company, role) and ``referred``.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .model import Household, Parent, Referral, Role, Spouse


def build_graph(hh: Household) -> nx.MultiDiGraph:
    """Build the household network."""
    g = nx.MultiDiGraph(household=hh.id, name=hh.name)
    for p in hh.people:
        g.add_node(p.id, kind="person", label=p.name, alive=p.alive, item=p)
    for c in hh.companies:
        g.add_node(c.id, kind="company", label=c.name, item=c)
    for t in hh.trusts:
        g.add_node(t.id, kind="trust", label=t.name, item=t)
        g.add_edge(t.settlor, t.id, key="settled")
        for b in t.beneficiaries:
            g.add_edge(t.id, b.person, key="benefits", share=b.share)
    for h in hh.holdings:
        g.add_node(h.id, kind="holding", label=h.product or h.id, item=h)
        g.add_edge(h.owner, h.id, key="holds", value=h.value, currency=h.currency)
    for li in hh.liabilities:
        g.add_node(li.id, kind="liability", label=li.id, item=li)
        g.add_edge(li.borrower, li.id, key="owes", amount=li.amount, currency=li.currency)
        for gid in li.guarantors:
            g.add_edge(gid, li.id, key="guarantees", amount=li.amount, currency=li.currency)
    for pol in hh.policies:
        g.add_node(pol.id, kind="policy", label=pol.product or pol.id, item=pol)
        g.add_edge(pol.insured, pol.id, key="insures")
        g.add_edge(pol.policyholder, pol.id, key="policyholder")
        for b in pol.beneficiaries:
            g.add_edge(pol.id, b.target, key="pays", share=b.share)
    for o in hh.ownership:
        g.add_edge(o.owner, o.company, key="owns", share=o.share, voting=o.votes)
    # kinship first, in the file's order: a person's children and parents keep that order
    for r in hh.relations:
        if isinstance(r, Parent):
            g.add_edge(r.parent, r.child, key="parent", adopted=r.adopted)
        elif isinstance(r, Spouse):
            g.add_edge(r.a, r.b, key="spouse", regime=r.regime)
            g.add_edge(r.b, r.a, key="spouse", regime=r.regime)
    for r in hh.relations:
        if isinstance(r, Role):
            g.add_edge(r.person, r.company, key=f"role:{r.role}", role=r.role)
        elif isinstance(r, Referral):
            g.add_edge(r.from_, r.to, key="referred")
    return g


@dataclass(frozen=True, slots=True)
class Relative:
    id: str
    alive: bool
    generation: int  # 1 = child, 2 = grandchild, ...
    via: str | None  # the child of the ancestor through whom this descendant descends


def _edges(g: nx.MultiDiGraph, node: str, key: str, out: bool = True) -> list[str]:
    it = g.out_edges(node, keys=True) if out else g.in_edges(node, keys=True)
    return [v if out else u for u, v, k in it if k == key]


def spouse(g: nx.MultiDiGraph, pid: str) -> str | None:
    found = _edges(g, pid, "spouse")
    return found[0] if found else None


def children(g: nx.MultiDiGraph, pid: str) -> list[str]:
    return _edges(g, pid, "parent")


def parents(g: nx.MultiDiGraph, pid: str) -> list[str]:
    return _edges(g, pid, "parent", out=False)


def siblings(g: nx.MultiDiGraph, pid: str) -> list[str]:
    out: list[str] = []
    for par in parents(g, pid):
        for ch in children(g, par):
            if ch != pid and ch not in out:
                out.append(ch)
    return out


def is_alive(g: nx.MultiDiGraph, pid: str) -> bool:
    return bool(g.nodes[pid].get("alive", True))


def descendants(g: nx.MultiDiGraph, pid: str) -> list[Relative]:
    """Every descendant, nearest generation first, the living and the predeceased told apart."""
    out: list[Relative] = []
    frontier = [(c, c) for c in children(g, pid)]
    seen: set[str] = set()
    gen = 1
    while frontier:
        nxt = []
        for node, via in frontier:
            if node in seen:
                continue
            seen.add(node)
            out.append(Relative(node, is_alive(g, node), gen, via))
            nxt.extend((c, via) for c in children(g, node))
        frontier = nxt
        gen += 1
    return out


def owns(g: nx.MultiDiGraph, entity: str) -> dict[str, float]:
    """Companies an entity holds directly, with its economic share; holdings with their value."""
    out: dict[str, float] = {}
    for _, v, k, d in g.out_edges(entity, keys=True, data=True):
        if k == "owns":
            out[v] = d["share"]
        elif k == "holds":
            out[v] = d["value"]
    return out


def owners(g: nx.MultiDiGraph, entity: str) -> dict[str, float]:
    """Direct owners of a company (economic share) or the owner of a holding (1.0)."""
    out: dict[str, float] = {}
    for u, _, k, d in g.in_edges(entity, keys=True, data=True):
        if k == "owns":
            out[u] = d["share"]
        elif k == "holds":
            out[u] = 1.0
    return out


def nodes_of_kind(g: nx.MultiDiGraph, kind: str) -> list[str]:
    return [n for n, d in g.nodes(data=True) if d.get("kind") == kind]


def generations(hh, members: list[str] | None = None) -> dict[str, int]:
    """Generation of each person (0 = the eldest line), spouses on the same level, for drawing
    family trees; ``members`` restricts it to some people (default: everyone, from the
    household's facts)."""
    if members is None:
        from .facts import facts_of

        return dict(facts_of(hh).generations)
    return generations_of(hh, members)


def generations_of(hh, members: list[str]) -> dict[str, int]:
    from .kinship import generations as _generations

    return _generations(((r.parent, r.child) for r in hh.relations if isinstance(r, Parent)),
                        ((r.a, r.b) for r in hh.relations if isinstance(r, Spouse)), members)
