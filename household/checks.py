"""Whole-file rules of the household format: one ID namespace, references, fx, ownership sums,
loops of companies, kinship cycles. Each rule adds :class:`Problem` rows; nothing raises."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from .errors import Problem
from .model import (
    BusinessTransfer,
    BuyPolicy,
    GiftPlan,
    Household,
    Parent,
    Referral,
    Role,
    SettleTrust,
    SetWill,
    Spouse,
    Will,
)

_TOL = 1e-6


def semantic_problems(hh: Household) -> list[Problem]:
    """Every whole-file problem of a structurally valid household, in file order."""
    out: list[Problem] = []
    kinds = _check_ids(hh, out)
    _check_refs(hh, kinds, out)
    _check_fx(hh, out)
    _check_ownership(hh, out)
    _check_kinship(hh, out)
    return out


def _check_ids(hh: Household, out: list[Problem]) -> dict[str, str]:
    kinds: dict[str, str] = {}
    seen: dict[str, str] = {}
    for section in ("people", "companies", "trusts", "holdings", "liabilities", "policies",
                    "cash_flows", "goals", "scenarios"):
        kind = {"people": "person", "companies": "company", "trusts": "trust",
                "holdings": "holding", "liabilities": "liability", "policies": "policy",
                "cash_flows": "cash_flow", "goals": "goal", "scenarios": "scenario"}[section]
        for i, item in enumerate(getattr(hh, section)):
            path = f"{section}[{i}].id"
            if item.id in seen:
                out.append(Problem(path, f"duplicate ID '{item.id}' "
                                         f"(already used at {seen[item.id]})"))
            else:
                seen[item.id] = path
                kinds[item.id] = kind
    return kinds


class _Refs:
    def __init__(self, kinds: dict[str, str], out: list[Problem]):
        self.kinds = kinds
        self.out = out

    def __call__(self, path: str, ref: str | None, *allowed: str) -> bool:
        if ref is None:
            return True
        kind = self.kinds.get(ref)
        if kind is None:
            wanted = " or ".join(allowed)
            self.out.append(Problem(path, f"unknown ID '{ref}' (expected a {wanted})"))
            return False
        if kind not in allowed:
            self.out.append(
                Problem(path, f"'{ref}' is a {kind}, but a {' or '.join(allowed)} is expected here")
            )
            return False
        return True


def _check_refs(hh: Household, kinds: dict[str, str], out: list[Problem]) -> None:
    ref = _Refs(kinds, out)
    for i, t in enumerate(hh.trusts):
        ref(f"trusts[{i}].settlor", t.settlor, "person")
        for j, b in enumerate(t.beneficiaries):
            ref(f"trusts[{i}].beneficiaries[{j}].person", b.person, "person")
    for i, r in enumerate(hh.relations):
        _relation_refs(ref, f"relations[{i}]", r)
    for i, o in enumerate(hh.ownership):
        ref(f"ownership[{i}].owner", o.owner, "person", "company", "trust")
        ref(f"ownership[{i}].company", o.company, "company")
    for i, h in enumerate(hh.holdings):
        ref(f"holdings[{i}].owner", h.owner, "person", "company", "trust")
    for i, li in enumerate(hh.liabilities):
        ref(f"liabilities[{i}].borrower", li.borrower, "person", "company")
        for j, g in enumerate(li.guarantors):
            ref(f"liabilities[{i}].guarantors[{j}]", g, "person")
    for i, pol in enumerate(hh.policies):
        _policy_refs(ref, f"policies[{i}]", pol)
    for i, cf in enumerate(hh.cash_flows):
        ref(f"cash_flows[{i}].person", cf.person, "person")
    for i, g in enumerate(hh.goals):
        ref(f"goals[{i}].beneficiary", g.beneficiary, "person")
    for i, w in enumerate(hh.wills):
        _will_refs(ref, f"wills[{i}]", w)
    _past_event_refs(hh, ref, out)
    _client_ids(hh, out)
    for i, sc in enumerate(hh.scenarios):
        _scenario_refs(hh, kinds, out, f"scenarios[{i}]", sc)


def _relation_refs(ref: _Refs, p: str, r: object) -> None:
    if isinstance(r, Spouse):
        ref(f"{p}.a", r.a, "person")
        ref(f"{p}.b", r.b, "person")
    elif isinstance(r, Parent):
        ref(f"{p}.parent", r.parent, "person")
        ref(f"{p}.child", r.child, "person")
    elif isinstance(r, Role):
        ref(f"{p}.person", r.person, "person")
        ref(f"{p}.company", r.company, "company")
    elif isinstance(r, Referral):
        ref(f"{p}.from", r.from_, "person")
        ref(f"{p}.to", r.to, "person")


def _past_event_refs(hh: Household, ref: _Refs, out: list[Problem]) -> None:
    """Gifts and prior deaths: who, and dated on or before as_of."""
    for i, gift in enumerate(hh.gifts):
        ref(f"gifts[{i}].donor", gift.donor, "person")
        ref(f"gifts[{i}].to", gift.to, "person", "trust")
        if gift.date > hh.as_of:
            out.append(Problem(f"gifts[{i}].date", f"a past gift must be dated on or before "
                                                   f"as_of ({hh.as_of.isoformat()})"))
    for i, pd_ in enumerate(hh.prior_deaths):
        if ref(f"prior_deaths[{i}].person", pd_.person, "person") and hh.person(pd_.person).alive:
            out.append(Problem(f"prior_deaths[{i}].person",
                               f"'{pd_.person}' is alive: a prior death needs alive: false"))
        if pd_.date > hh.as_of:
            out.append(Problem(f"prior_deaths[{i}].date", f"must be on or before as_of "
                                                          f"({hh.as_of.isoformat()})"))


def _client_ids(hh: Household, out: list[Problem]) -> None:
    """A bank client id names one person or company of the file."""
    seen_client_ids: dict[str, str] = {}
    for section in ("people", "companies"):
        for i, item in enumerate(getattr(hh, section)):
            if item.client_id is None:
                continue
            if item.client_id in seen_client_ids:
                out.append(Problem(f"{section}[{i}].client_id",
                                   f"client_id '{item.client_id}' is already used by "
                                   f"'{seen_client_ids[item.client_id]}'"))
            seen_client_ids.setdefault(item.client_id, item.id)


def _policy_refs(ref: _Refs, p: str, pol) -> None:
    ref(f"{p}.insured", pol.insured, "person")
    ref(f"{p}.policyholder", pol.policyholder, "person", "trust", "company")
    for j, b in enumerate(pol.beneficiaries):
        field = "person" if b.person is not None else "trust"
        ref(f"{p}.beneficiaries[{j}].{field}", b.target, field)


def _will_refs(ref: _Refs, p: str, w: Will) -> None:
    ref(f"{p}.testator", w.testator, "person")
    for j, s in enumerate(w.specific):
        if s.company is not None:
            ref(f"{p}.specific[{j}].item.company", s.company, "company")
        else:
            ref(f"{p}.specific[{j}].item", s.holding, "holding")
        for k, b in enumerate(s.to):
            field = "person" if b.person is not None else "trust"
            ref(f"{p}.specific[{j}].to[{k}].{field}", b.target, field)
    for j, b in enumerate(w.residue):
        field = "person" if b.person is not None else "trust"
        ref(f"{p}.residue[{j}].{field}", b.target, field)


def _scenario_refs(hh: Household, kinds: dict[str, str], out: list[Problem], p: str, sc) -> None:
    local = dict(kinds)
    for ch in sc.changes:  # IDs a scenario introduces may be used by its other changes
        if isinstance(ch, SettleTrust):
            local.setdefault(ch.trust.id, "trust")
        elif isinstance(ch, BuyPolicy):
            local.setdefault(ch.policy.id, "policy")
    ref = _Refs(local, out)
    for j, ch in enumerate(sc.changes):
        q = f"{p}.changes[{j}]"
        if isinstance(ch, SetWill):
            _will_refs(ref, f"{q}.will", ch.will)
        elif isinstance(ch, SettleTrust):
            if ch.trust.id in kinds:
                out.append(Problem(f"{q}.trust.id", f"ID '{ch.trust.id}' is already used"))
            ref(f"{q}.trust.settlor", ch.trust.settlor, "person")
            for k, b in enumerate(ch.trust.beneficiaries):
                ref(f"{q}.trust.beneficiaries[{k}].person", b.person, "person")
            for k, h in enumerate(ch.holdings):
                ref(f"{q}.holdings[{k}]", h, "holding")
            for k, s in enumerate(ch.stakes):
                ref(f"{q}.stakes[{k}].owner", s.owner, "person", "company", "trust")
                ref(f"{q}.stakes[{k}].company", s.company, "company")
        elif isinstance(ch, BuyPolicy):
            if ch.policy.id in kinds:
                out.append(Problem(f"{q}.policy.id", f"ID '{ch.policy.id}' is already used"))
            _policy_refs(ref, f"{q}.policy", ch.policy)
            _need_fx(hh, f"{q}.policy.currency", ch.policy.currency, out)
        elif isinstance(ch, GiftPlan):
            ref(f"{q}.donor", ch.donor, "person")
            for k, r in enumerate(ch.recipients):
                ref(f"{q}.recipients[{k}].person", r.person, "person")
            _need_fx(hh, f"{q}.currency", ch.currency, out)
        elif isinstance(ch, BusinessTransfer):
            ref(f"{q}.company", ch.company, "company")
            ref(f"{q}.owner", ch.owner, "person", "trust")
            ref(f"{q}.successor", ch.successor, "person", "trust")


def _need_fx(hh: Household, path: str, cur: str, out: list[Problem]) -> None:
    if cur != hh.base_currency and cur not in hh.fx:
        out.append(Problem(path, f"currency {cur} needs an fx rate: add fx.{cur} "
                                 f"(units of {hh.base_currency} per one {cur})"))


def _check_fx(hh: Household, out: list[Problem]) -> None:
    for section in ("companies", "holdings", "liabilities", "policies", "cash_flows", "goals",
                    "gifts"):
        for i, item in enumerate(getattr(hh, section)):
            _need_fx(hh, f"{section}[{i}].currency", item.currency, out)


def _check_ownership(hh: Household, out: list[Problem]) -> None:
    companies = {c.id for c in hh.companies}
    shares: dict[str, list[float]] = defaultdict(list)
    votes: dict[str, list[float]] = defaultdict(list)
    seen_pairs: dict[tuple[str, str], int] = {}
    for i, o in enumerate(hh.ownership):
        if o.owner == o.company:
            out.append(Problem(f"ownership[{i}].owner", f"company '{o.company}' cannot own itself"))
            continue
        pair = (o.owner, o.company)
        if pair in seen_pairs:
            out.append(Problem(f"ownership[{i}]", f"'{o.owner}' already holds a stake in "
                               f"'{o.company}' at ownership[{seen_pairs[pair]}]; merge the two"))
        seen_pairs.setdefault(pair, i)
        shares[o.company].append(o.share)
        votes[o.company].append(o.votes)
    for cid in sorted(shares):
        s, v = math.fsum(shares[cid]), math.fsum(votes[cid])
        if s > 1 + _TOL:
            out.append(Problem(f"company '{cid}'", f"ownership shares sum to {s:.6g}, above 1"))
        if v > 1 + _TOL:
            out.append(Problem(f"company '{cid}'", f"voting rights sum to {v:.6g}, above 1"))
    # A set of companies each wholly owned by companies of the same set has no owner outside it.
    # Removing companies until none is left wholly owned inside the set; a removal can only
    # lower the inside share of the companies the removed one holds, so only those are looked at
    # again (linear in the stakes: 5,000 companies took 15 s with a full rescan per pass).
    stakes: dict[str, list[tuple[str, float]]] = defaultdict(list)
    holds: dict[str, set[str]] = defaultdict(set)
    for o in hh.ownership:
        if o.owner != o.company:
            stakes[o.company].append((o.owner, o.share))
            holds[o.owner].add(o.company)
    closed = set(companies)
    todo = sorted(closed)
    while todo:
        cid = todo.pop()
        if cid not in closed:
            continue
        inside = math.fsum(share for owner, share in stakes[cid] if owner in closed)
        if inside < 1 - _TOL:
            closed.discard(cid)
            todo.extend(c for c in holds[cid] if c in closed)
    if closed:
        ids = ", ".join(sorted(closed))
        out.append(Problem(f"companies {ids}", "form a loop of companies owned only by each other "
                           "(no person, trust or outside holder)"))


def _check_kinship(hh: Household, out: list[Problem]) -> None:
    g = nx.DiGraph()
    spouses: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(hh.relations):
        if isinstance(r, Parent):
            if r.parent == r.child:
                out.append(Problem(f"relations[{i}]", f"'{r.parent}' cannot be their own parent"))
            else:
                g.add_edge(r.parent, r.child, index=i)
        elif isinstance(r, Spouse):
            if r.a == r.b:
                out.append(Problem(f"relations[{i}]", f"'{r.a}' cannot be their own spouse"))
            else:
                spouses[r.a].append(i)
                spouses[r.b].append(i)
    for pid, idx in sorted(spouses.items()):
        if len(idx) > 1:
            where = ", ".join(f"relations[{i}]" for i in idx)
            out.append(Problem(where, f"'{pid}' has more than one spouse; record the current "
                                      "marriage only"))
    for cycle in _cycles(g):
        out.append(Problem("people " + ", ".join(cycle),
                           "are their own ancestors (a loop of parent relations)"))


def _cycles(g: nx.DiGraph) -> Iterable[list[str]]:
    for comp in nx.strongly_connected_components(g):
        if len(comp) > 1:
            yield sorted(comp)
