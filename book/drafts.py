"""Household drafts from ``relationships.csv``: families the bank knows of but has no household
file for, proposed for a banker to confirm. Nothing is guessed silently: every choice the rules
make that could be made otherwise is listed under ``ambiguous``.

Rules (in this order):

1. **Kin**: people joined by ``spouse`` edges, and by ``parent`` edges to an *unmarried* child (no
   spouse in the book), are one family: a couple or a single parent with the unmarried children
   and their lines.
2. **Married children**: a married person belongs to the family of the marriage. Their parents'
   family is not merged with it; the link is listed as ambiguous (``married_child``) naming both
   drafts, because a family may plan three generations together or apart.
3. **More than one spouse** in the book: kept together by rule 1, and listed as ambiguous
   (``several_spouses``).
4. **Companies**: a company is part of the family's network when the family's members together
   hold more than half of it (``shareholder`` edges), directly or through companies the family
   already controls. Smaller stakes are listed as ``stakes``, not members. A company held by two
   families with neither above half is listed as ambiguous (``no_controlling_family``).
5. **公私聯動 links, not members**: ``executive``, ``employee``, ``director``, ``signatory``
   edges to the family's companies, and ``guarantor`` and ``referral`` edges to or from its
   members, are listed as ``links`` of the draft; the people they name are not members unless
   rule 1 makes them.
6. A family drafts only when it has two people or more, or controls a company. A family some of
   whose members already have a household file is not drafted; it is listed under ``extends``
   with the members the household does not have yet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from household.model import Household

LINK_TO_COMPANY = ("executive", "employee", "director", "signatory")
LINK_PERSONAL = ("guarantor", "referral")


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def rules() -> list[str]:
    """The rules above, one string each (for the CLI and the app)."""
    text = __doc__.split("Rules (in this order):")[1]
    items = []
    for block in text.strip().split("\n\n")[0].split("\n"):
        line = block.strip()
        if line[:2].rstrip(".").isdigit():
            items.append(line[3:].strip())
        elif items:
            items[-1] += " " + line
    return [i.replace("**", "").replace("``", "").replace("*", "") for i in items]


_Rel = tuple[str, str, str, float | None]


def _families(kind: Mapping[str, str], rel: list[_Rel]
              ) -> tuple[_Union, dict[str, set[str]], list[tuple[str, str]], dict[str, list[str]]]:
    """Rules 1 and 2: families joined by marriage and by unmarried children; (families, spouses,
    married children as (parent, child), members by family root)."""
    spouses: dict[str, set[str]] = defaultdict(set)
    for a, b, k, _ in rel:
        if k == "spouse" and kind.get(a) == kind.get(b) == "person":
            spouses[a].add(b)
            spouses[b].add(a)
    fam = _Union()
    for cid, k in kind.items():
        if k == "person":
            fam.find(cid)
    married_children: list[tuple[str, str]] = []  # (parent, child)
    for a, b, k, _ in rel:
        if k == "spouse" and b in spouses[a]:
            fam.union(a, b)
        elif k == "parent" and kind.get(a) == kind.get(b) == "person":
            if spouses[b]:
                married_children.append((a, b))
            else:
                fam.union(a, b)
    members: dict[str, list[str]] = defaultdict(list)
    for cid, k in kind.items():
        if k == "person":
            members[fam.find(cid)].append(cid)
    return fam, spouses, married_children, members


def _control(kind: Mapping[str, str], rel: list[_Rel], fam: _Union
             ) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """Rule 4: control by family, through companies it controls, to a fixed point; (stakes by
    company and owner, controlling family root by company)."""
    stakes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))  # co -> owner
    for a, b, k, share in rel:
        if k == "shareholder" and kind.get(b) == "company" and share:
            stakes[b][a] += share
    controlled: dict[str, str] = {}  # company -> family root
    changed = True
    while changed:
        changed = False
        for co, owners in stakes.items():
            if co in controlled:
                continue
            by_family: dict[str, float] = defaultdict(float)
            for owner, share in owners.items():
                root = fam.find(owner) if kind.get(owner) == "person" else controlled.get(owner)
                if root is not None:
                    by_family[root] += share
            for root, share in by_family.items():
                if share > 0.5 + 1e-12:
                    controlled[co] = root
                    changed = True
    return stakes, controlled


def _linked(households: Mapping[str, Household]) -> dict[str, str]:
    """Client id -> the stored household that already holds it (first by household id)."""
    linked: dict[str, str] = {}
    for hid in sorted(households):
        for item in (*households[hid].people, *households[hid].companies):
            if item.client_id is not None:
                linked.setdefault(item.client_id, hid)
    return linked


def drafts(clients: pd.DataFrame, relationships: pd.DataFrame,
           households: Mapping[str, Household]) -> dict[str, Any]:
    """Drafts from a book's frames (``BookFrames.clients``, ``.relationships``, households)."""
    kind = dict(zip(clients.client_id, clients.kind.astype(str), strict=True))
    name = dict(zip(clients.client_id, clients.name, strict=True))
    banker = dict(zip(clients.client_id, clients.banker, strict=True))
    rel = [(str(r.from_client), str(r.to_client), str(r.kind),
            None if pd.isna(r.share) else float(r.share))
           for r in relationships.itertuples(index=False)]
    fam, spouses, married_children, members = _families(kind, rel)
    stakes, controlled = _control(kind, rel, fam)
    linked = _linked(households)

    roots = sorted({r for r, m in members.items()
                    if len(m) > 1 or r in set(controlled.values())})
    draft_id = {r: f"draft-{r}" for r in roots}
    out_drafts: list[dict[str, Any]] = []
    extends: list[dict[str, Any]] = []

    def entry(cid: str) -> dict[str, Any]:
        return {"client_id": cid, "kind": kind.get(cid), "name": name.get(cid)}

    def where(cid: str) -> str | None:
        if cid in linked:
            return linked[cid]
        root = fam.find(cid) if kind.get(cid) == "person" else controlled.get(cid)
        return draft_id.get(root) if root is not None else None

    for root in roots:
        people = sorted(members[root])
        companies = sorted(co for co, r in controlled.items() if r == root)
        ids = set(people) | set(companies)
        already = sorted({linked[c] for c in ids if c in linked})
        if already:
            for hid in already:
                extends.append({"household_id": hid, "draft_id": draft_id[root],
                                "missing": [entry(c) for c in sorted(ids) if c not in linked]})
            continue
        minority = []
        for co, owners in sorted(stakes.items()):
            if co in ids:
                continue
            share = sum(s for o, s in owners.items() if o in ids)
            if share > 0:
                minority.append({**entry(co), "share": round(share, 6)})
        links = []
        for a, b, k, _ in rel:
            if (k in LINK_TO_COMPANY and b in companies and a not in ids) or \
                    (k in LINK_PERSONAL and (a in ids) != (b in ids)):
                other = a if b in ids else b
                links.append({"kind": k, "from_client": a, "to_client": b,
                              "client": entry(other), "elsewhere": where(other)})
        bankers = Counter(banker[c] for c in people + companies)
        out_drafts.append({
            "draft_id": draft_id[root],
            "banker": sorted(bankers.items(), key=lambda kv: (-kv[1], kv[0]))[0][0],
            "people": [entry(c) for c in people],
            "companies": [{**entry(c), "family_share": round(sum(
                s for o, s in stakes[c].items() if o in ids), 6)} for c in companies],
            "stakes": minority, "links": links})
    ambiguous = _ambiguous(married_children, spouses, stakes, controlled, entry, where, name)
    return {"rules": rules(), "drafts": out_drafts, "extends": extends, "ambiguous": ambiguous}


def _ambiguous(married_children: list[tuple[str, str]], spouses: Mapping[str, set[str]],
               stakes: Mapping[str, Mapping[str, float]], controlled: Mapping[str, str],
               entry: Callable[[str], dict[str, Any]], where: Callable[[str], str | None],
               name: Mapping[str, str]) -> list[dict[str, Any]]:
    """The cases a banker decides (rules 2 and 3: married children, several spouses; and
    companies no family controls)."""
    ambiguous: list[dict[str, Any]] = []
    for parent, child in sorted(married_children):
        ambiguous.append({"code": "married_child", "client": entry(child),
                          "parent": entry(parent), "by_marriage": where(child),
                          "by_birth": where(parent),
                          "reason": f"{name.get(child)} is married and also the child of "
                                    f"{name.get(parent)}: kept with the marriage; add to the "
                                    f"parents' household if they plan together"})
    for cid in sorted(c for c, s in spouses.items() if len(s) > 1):
        ambiguous.append({"code": "several_spouses", "client": entry(cid),
                          "spouses": [entry(s) for s in sorted(spouses[cid])],
                          "by_marriage": where(cid),
                          "reason": f"{name.get(cid)} has {len(spouses[cid])} spouses in the "
                                    f"book: check which marriage is current"})
    for co, owners in sorted(stakes.items()):
        if co in controlled:
            continue
        fams = sorted({w for o in owners if (w := where(o)) is not None})
        if len(fams) > 1:
            ambiguous.append({"code": "no_controlling_family", "client": entry(co),
                              "families": fams,
                              "reason": f"{name.get(co)} is held by {len(fams)} families, none "
                                        f"above half"})
    return ambiguous
