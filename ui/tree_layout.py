"""Where each person, company, trust and policy of the network is drawn (pure, no plotting).

A layered layout in screen pixels (1 unit = 1 px of the plotted area, y grows downwards):

- family members by generation, top to bottom, spouses side by side as one unit, children ordered
  under their parents (barycentre ordering, as in Sugiyama-style layered drawing);
- then a band for policies (each beside its insured), one for trusts (between settlor and
  beneficiaries), one for companies (holding companies left of what they own) and a band for
  staff (people linked only by a role);
- every node is a box: its marker and its name underneath (at most two lines). A row wider than
  the drawing wraps onto a second row, so no two boxes ever overlap;
- an edge's label (an ownership percentage, a role, a guarantee) is put at the first point along
  the edge where it covers no node and no other label; a label that finds no such point is left
  out of the drawing (the edge's hover and the details table still carry it) and counted.

Nodes are kept in rows and packed by hand rather than by a force layout: a family reads
top-to-bottom, and the guarantee of no overlap is exact. ``networkx`` orders the companies (longest
ownership chain, cross-holdings cut).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from household import Household, Parent, Role

WIDTH = 760  # px of the plotted area: fits the main column at 1280x800 with the sidebar open
FONT = 11  # px, node and edge labels
MARK = 30  # px, the largest marker (a selected node)
ROW = 112  # px between bands
WRAP_ROW = 84  # px between the wrapped rows of one band
GAP = 14  # px, least horizontal gap between two boxes
COUPLE_GAP = 34  # px between spouses (the spouse line shows)
LABEL_MAX = 118  # px, widest node label line
LINE_H = FONT + 4  # px per label line
TOP = 16  # px above the first row


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        return not (self.x1 + pad <= other.x0 or other.x1 + pad <= self.x0
                    or self.y1 + pad <= other.y0 or other.y1 + pad <= self.y0)


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # person, staff, company, trust, policy
    x: float
    y: float
    lines: tuple[str, ...]

    @property
    def label_top(self) -> float:
        return self.y + MARK / 2 + 2

    @property
    def box(self) -> Box:
        w = max([MARK, *(text_width(s) for s in self.lines)]) + 4
        return Box(self.x - w / 2, self.y - MARK / 2, self.x + w / 2,
                   self.label_top + LINE_H * len(self.lines) + 2)


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    kind: str
    label: str
    points: tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class EdgeLabel:
    text: str
    x: float
    y: float
    kind: str

    @property
    def box(self) -> Box:
        w, h = text_width(self.text) + 6, LINE_H + 2
        return Box(self.x - w / 2, self.y - h / 2, self.x + w / 2, self.y + h / 2)


@dataclass(frozen=True)
class TreeLayout:
    nodes: dict[str, Node]
    edges: tuple[Edge, ...]
    labels: tuple[EdgeLabel, ...]
    left_out: tuple[Edge, ...]  # edges whose label found no free spot
    width: float
    height: float


# ----------------------------------------------------------------------------- text
def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def text_width(s: str) -> float:
    """Width in px of ``s`` at :data:`FONT` (CJK a full em, Latin about 0.62 em; generous)."""
    return sum(FONT * (1.05 if _wide(ch) else 0.64) for ch in s)


def short_name(name: str) -> str:
    """The first word of a bilingual name ("陈建国 Chen Jianguo" → "陈建国")."""
    head = name.split(" ")[0]
    return head if any(_wide(ch) for ch in head) else name


def wrap(name: str, limit: float = LABEL_MAX) -> tuple[str, ...]:
    """A node's label in at most two lines of at most ``limit`` px (the rest as "…")."""
    text = short_name(name).strip() or "?"
    lines: list[str] = []
    cur = ""
    tokens = text.split(" ") if " " in text else list(text)
    sep = " " if " " in text else ""
    for tok in tokens:
        trial = f"{cur}{sep}{tok}" if cur else tok
        if text_width(trial) <= limit or not cur:
            cur = trial
        else:
            lines.append(cur)
            cur = tok
    lines.append(cur)
    if len(lines) > 2:
        lines = [lines[0], sep.join(lines[1:])]
    out = []
    for ln in lines:
        while text_width(ln) > limit and len(ln) > 1:
            ln = ln[:-2] + "…"
        out.append(ln)
    return tuple(out)


# ----------------------------------------------------------------------------- rows
def _family(hh: Household) -> set[str]:
    from household.facts import facts_of

    return set(facts_of(hh).kinship.members)


def _company_depth(hh: Household) -> dict[str, int]:
    """0 for a company no other company owns, else one more than its deepest corporate owner
    (cross-holdings cut at their weakest stake)."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(c.id for c in hh.companies)
    ids = set(g.nodes)
    for o in sorted(hh.ownership, key=lambda o: -o.share):  # strongest stakes first
        if o.owner in ids and o.company in ids and o.owner != o.company:
            g.add_edge(o.owner, o.company)
            if not nx.is_directed_acyclic_graph(g):
                g.remove_edge(o.owner, o.company)
    depth = dict.fromkeys(g.nodes, 0)
    for n in nx.topological_sort(g):
        for m in g.successors(n):
            depth[m] = max(depth[m], depth[n] + 1)
    return depth


def _bands(hh: Household) -> list[tuple[str, list[list[str]]]]:
    """(kind, units) per band, top to bottom; a unit is one node or a couple."""
    from household.facts import facts_of

    fam = _family(hh)
    has_role = {r.person for r in hh.relations if isinstance(r, Role)}
    facts = facts_of(hh)
    gen = dict(facts.generations)
    spouse_of = facts.kinship.spouse  # one spouse per person (the file check)
    rows: dict[int, list[list[str]]] = defaultdict(list)
    staff: list[list[str]] = []
    seen: set[str] = set()
    for p in hh.people:
        if p.id in seen:
            continue
        if p.id not in fam and p.id in has_role:
            staff.append([p.id])
            continue
        unit = [p.id]
        s = spouse_of.get(p.id)
        if s is not None and s not in seen and gen.get(s) == gen.get(p.id):
            unit.append(s)
        seen.update(unit)
        rows[gen[p.id]].append(unit)
    bands: list[tuple[str, list[list[str]]]] = [("person", rows[g]) for g in sorted(rows)]
    if hh.policies:
        bands.append(("policy", [[p.id] for p in hh.policies]))
    if hh.trusts:
        bands.append(("trust", [[t.id] for t in hh.trusts]))
    depth = _company_depth(hh)  # holding companies first (left), what they own after them
    order = sorted(range(len(hh.companies)), key=lambda i: (depth[hh.companies[i].id], i))
    if hh.companies:
        bands.append(("company", [[hh.companies[i].id] for i in order]))
    if staff:
        bands.append(("staff", staff))
    return bands


def _neighbours(hh: Household) -> dict[str, set[str]]:
    nb: dict[str, set[str]] = defaultdict(set)

    def link(a: str, b: str) -> None:
        nb[a].add(b)
        nb[b].add(a)

    for r in hh.relations:
        if isinstance(r, Parent):
            link(r.parent, r.child)
        elif isinstance(r, Role):
            link(r.person, r.company)
    for o in hh.ownership:
        link(o.owner, o.company)
    for t in hh.trusts:
        link(t.settlor, t.id)
        for b in t.beneficiaries:
            link(t.id, b.person)
    for p in hh.policies:
        link(p.insured, p.id)
    return nb


def _place(widths: Sequence[float], gaps: Sequence[float], ideal: Sequence[float]
           ) -> list[float]:
    """Centres for boxes of ``widths`` in order, each as near its ``ideal`` centre as the order,
    the ``gaps`` (before each box) and the drawing's width allow. The boxes must fit."""
    n = len(widths)
    x = [0.0] * n
    for i in range(n):
        lo = widths[i] / 2 if i == 0 else x[i - 1] + widths[i - 1] / 2 + gaps[i] + widths[i] / 2
        x[i] = max(ideal[i], lo)
    for i in range(n - 1, -1, -1):
        hi = WIDTH - widths[i] / 2 if i == n - 1 else (x[i + 1] - widths[i + 1] / 2 - gaps[i + 1]
                                                       - widths[i] / 2)
        x[i] = min(x[i], hi)
    return x


def _node_width(lines: tuple[str, ...]) -> float:
    return max([MARK, *(text_width(s) for s in lines)]) + 4


def _key(kind: str, unit: list[str], order: int, n: int, xs: dict[str, float],
         nb: dict[str, set[str]], insured: dict[str, str]) -> float:
    """Where a unit would like to be: companies in their given (ownership depth) order, a policy
    at its insured, anything else at the mean of its neighbours already placed."""
    if kind == "company":
        return float(order)
    if kind == "policy":
        near = [xs[insured[unit[0]]]] if insured.get(unit[0]) in xs else []
    else:
        near = [xs[m] for u in unit for m in nb.get(u, ()) if m in xs]
    return sum(near) / len(near) if near else WIDTH * (order + 0.5) / n


def layout(hh: Household, names: dict[str, str]) -> TreeLayout:
    """The layered layout of ``hh``; ``names`` gives every node's display name."""
    nb = _neighbours(hh)
    insured = {p.id: p.insured for p in hh.policies}
    lines = {nid: wrap(names.get(nid, nid)) for nid in names}
    xs: dict[str, float] = {}
    nodes: dict[str, Node] = {}
    y = TOP + MARK / 2
    for kind, units in _bands(hh):
        if not units:
            continue

        keyed = sorted(((_key(kind, u, i, len(units), xs, nb, insured), i, u)
                        for i, u in enumerate(units)), key=lambda k: k[:2])
        # wrap the band into rows that fit the drawing
        rows: list[list[tuple[float, list[str]]]] = [[]]
        used = 0.0
        for k, _, u in keyed:
            w = sum(_node_width(lines[n]) for n in u) + COUPLE_GAP * (len(u) - 1)
            if rows[-1] and used + GAP + w > WIDTH:
                rows.append([])
                used = 0.0
            used += (GAP if rows[-1] else 0.0) + w
            rows[-1].append((k, u))
        for r, row in enumerate(rows):
            widths, gaps, ideal, ids = [], [], [], []
            for i, (k, u) in enumerate(row):
                # units keep their barycentre order and spread over the width (as networkx's
                # multipartite layout does): lines fan out and labels find room
                centre = WIDTH * (i + 0.5) / len(row)
                if kind in ("policy", "trust", "staff"):  # next to what it is attached to; a
                    # policy beside its insured (not under: the insured's other lines go there)
                    centre = k + (64.0 if kind == "policy" else 0.0)
                offs = 0.0
                total = sum(_node_width(lines[n]) for n in u) + COUPLE_GAP * (len(u) - 1)
                for j, n in enumerate(u):
                    w = _node_width(lines[n])
                    widths.append(w)
                    gaps.append(GAP if j == 0 else COUPLE_GAP)
                    ideal.append(centre - total / 2 + offs + w / 2)
                    ids.append(n)
                    offs += w + COUPLE_GAP
            for n, x in zip(ids, _place(widths, gaps, ideal), strict=True):
                xs[n] = x
                nodes[n] = Node(n, kind, x, y, lines[n])
            y += WRAP_ROW if r < len(rows) - 1 else ROW
    height = y - ROW + MARK / 2 + 2 * LINE_H + 12
    return TreeLayout(nodes, (), (), (), WIDTH, max(height, 160))


def with_edges(lay: TreeLayout, edges: Sequence[tuple[str, str, str, str]]) -> TreeLayout:
    """``lay`` with its edges (from, to, kind, label) drawn and their labels placed."""
    nodes = lay.nodes
    couples = {frozenset((a, b)) for a, b, k, _ in edges if k == "spouse"}
    parents: dict[str, list[str]] = defaultdict(list)
    for a, b, k, _ in edges:
        if k == "parent":
            parents[b].append(a)
    out: list[Edge] = []
    done: set[tuple[str, str]] = set()
    for a, b, k, lab in edges:
        if a not in nodes or b not in nodes:
            continue
        pa, pb = (nodes[a].x, nodes[a].y), (nodes[b].x, nodes[b].y)
        if k == "parent":  # from the middle of the parents' spouse line when both are here
            both = [p for p in parents[b] if p in nodes]
            if len(both) == 2 and frozenset(both) in couples:
                if (b, "couple") in done:
                    continue
                done.add((b, "couple"))
                m, n = nodes[both[0]], nodes[both[1]]
                pa = ((m.x + n.x) / 2, (m.y + n.y) / 2)
        out.append(Edge(a, b, k, lab, (pa, pb)))
    out = _spread_parallel(out)
    placed: list[EdgeLabel] = []
    left: list[Edge] = []
    boxes = [n.box for n in nodes.values()]
    along = sorted((k / 20 for k in range(2, 19)), key=lambda f: abs(f - 0.5))
    for e in sorted(out, key=lambda e: e.kind != "owns"):  # percentages first
        if not e.label:
            continue
        (x0, y0), (x1, y1) = e.points
        spot = None
        for f in along:
            for dx, dy in ((0.0, 0.0), (0.0, -9.0), (0.0, 9.0), (-14.0, 0.0), (14.0, 0.0)):
                cand = EdgeLabel(e.label, x0 + f * (x1 - x0) + dx, y0 + f * (y1 - y0) + dy,
                                 e.kind)
                b = cand.box
                if b.x0 < 0 or b.x1 > lay.width or b.y0 < 0 or b.y1 > lay.height:
                    continue
                if any(b.overlaps(o, 1.0) for o in boxes) or any(
                        b.overlaps(p.box, 1.0) for p in placed):
                    continue
                spot = cand
                break
            if spot is not None:
                break
        if spot is None:
            left.append(e)
        else:
            placed.append(spot)
    return TreeLayout(nodes, tuple(out), tuple(placed), tuple(left), lay.width, lay.height)


def _spread_parallel(edges: list[Edge], step: float = 7.0) -> list[Edge]:
    """Edges joining the same two nodes (owns, a role, a guarantee) drawn side by side rather than
    one over the other."""
    import math

    groups: dict[frozenset, list[int]] = defaultdict(list)
    for i, e in enumerate(edges):
        groups[frozenset((e.a, e.b))].append(i)
    out = list(edges)
    for idx in groups.values():
        if len(idx) < 2:
            continue
        for k, i in enumerate(idx):
            e = edges[i]
            (x0, y0), (x1, y1) = e.points
            length = math.hypot(x1 - x0, y1 - y0) or 1.0
            nx_, ny_ = -(y1 - y0) / length, (x1 - x0) / length
            if (e.a, e.b) != tuple(sorted((e.a, e.b))):  # the same side whichever way round
                nx_, ny_ = -nx_, -ny_
            d = (k - (len(idx) - 1) / 2) * step
            out[i] = Edge(e.a, e.b, e.kind, e.label, ((x0 + d * nx_, y0 + d * ny_),
                                                      (x1 + d * nx_, y1 + d * ny_)))
    return out
