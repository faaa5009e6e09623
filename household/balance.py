"""The consolidated balance sheet joining corporate and private wealth (公私聯動).

Person net worth = own holdings + look-through share of company equity values + cash values of the
policies they hold - own liabilities. A trust's assets are its holdings, its look-through company
equity and the cash values of policies it holds. A company's own accounts and loans are already
inside its ``equity_value``: they appear as its banking relationship and never in household wealth.
All amounts are in the household's base currency.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from .lookthrough import LookThrough, controllers, look_through
from .model import Household

_PROPERTY_KINDS = frozenset({"property", "residence"})


@dataclass(frozen=True)
class EntitySheet:
    """Balance sheet of one person or trust, in the base currency."""

    id: str
    name: str
    kind: str  # "person" or "trust"
    liquid: float
    property: float
    other_illiquid: float
    business: float
    policies: float
    liabilities: float
    contingent: float
    business_by_company: dict[str, float] = field(default_factory=dict)
    by_currency: dict[str, float] = field(default_factory=dict)

    @property
    def assets(self) -> float:
        return self.liquid + self.property + self.other_illiquid + self.business + self.policies

    @property
    def net_worth(self) -> float:
        return self.assets - self.liabilities

    @property
    def concentration(self) -> float:
        """Share of gross assets in the family companies."""
        return self.business / self.assets if self.assets > 0 else 0.0


@dataclass(frozen=True)
class CompanyRelationship:
    """What a company holds and owes, and where it banks: the corporate side of 公私聯動."""

    id: str
    name: str
    equity_value: float
    controller: str | None  # a person or a trust
    deposits_us: float
    deposits_other: float
    loans_us: float
    loans_other: float
    guaranteed_by: dict[str, float]
    services: dict[str, str]


@dataclass(frozen=True)
class BalanceSheet:
    base_currency: str
    entities: dict[str, EntitySheet]
    companies: dict[str, CompanyRelationship]
    look_through: LookThrough

    def people(self) -> list[EntitySheet]:
        return [e for e in self.entities.values() if e.kind == "person"]

    def trusts(self) -> list[EntitySheet]:
        return [e for e in self.entities.values() if e.kind == "trust"]

    def total(self, attr: str) -> float:
        return math.fsum(getattr(e, attr) for e in self.entities.values())

    @property
    def net_worth(self) -> float:
        return self.total("net_worth")

    @property
    def assets(self) -> float:
        return self.total("assets")

    @property
    def concentration(self) -> float:
        a = self.assets
        return self.total("business") / a if a > 0 else 0.0

    def by_currency(self) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for e in self.entities.values():
            for cur, v in e.by_currency.items():
                out[cur] += v
        return dict(sorted(out.items(), key=lambda kv: -abs(kv[1])))

    def contingent(self) -> dict[str, float]:
        return {e.id: e.contingent for e in self.people()}


def balance_sheet(hh: Household, lt: LookThrough | None = None,
                  ctrl: Mapping[str, str | None] | None = None) -> BalanceSheet:
    """Consolidate the household: people and trusts, with companies by look-through.
    ``lt``/``ctrl``: the household's look-through and controllers when the caller has them
    (stages take the balance sheet from :func:`household.facts.facts_of`, which passes them)."""
    lt = lt or look_through(hh)
    base = hh.to_base
    comp_value = {c.id: base(c.equity_value, c.currency) for c in hh.companies}
    comp_cur = {c.id: c.currency for c in hh.companies}
    acc: dict[str, dict[str, float]] = {
        o: defaultdict(float) for o in lt.owners
    }
    cur: dict[str, dict[str, float]] = {o: defaultdict(float) for o in lt.owners}
    biz: dict[str, dict[str, float]] = {o: {} for o in lt.owners}

    for h in hh.holdings:
        if h.owner not in acc:
            continue  # a company's account: inside its equity value
        v = base(h.value, h.currency)
        if h.liquid:
            bucket = "liquid"
        elif h.kind in _PROPERTY_KINDS:
            bucket = "property"
        else:
            bucket = "other_illiquid"
        acc[h.owner][bucket] += v
        cur[h.owner][h.currency] += v
    for i, o in enumerate(lt.owners):
        for j, c in enumerate(lt.companies):
            f = lt.matrix[i, j]
            if f > 0:
                v = f * comp_value[c]
                biz[o][c] = v
                acc[o]["business"] += v
                cur[o][comp_cur[c]] += v
    for pol in hh.policies:
        if pol.policyholder in acc and pol.cash_value > 0:
            v = base(pol.cash_value, pol.currency)
            acc[pol.policyholder]["policies"] += v
            cur[pol.policyholder][pol.currency] += v
    for li in hh.liabilities:
        v = base(li.amount, li.currency)
        if li.borrower in acc:
            acc[li.borrower]["liabilities"] += v
            cur[li.borrower][li.currency] -= v
        for gid in li.guarantors:
            if gid in acc and gid != li.borrower:
                acc[gid]["contingent"] += v  # joint and several: each guarantor for the whole

    names = {p.id: p.name for p in hh.people} | {t.id: t.name for t in hh.trusts}
    kinds = {p.id: "person" for p in hh.people} | {t.id: "trust" for t in hh.trusts}
    entities = {
        o: EntitySheet(
            id=o, name=names[o], kind=kinds[o],
            liquid=acc[o]["liquid"], property=acc[o]["property"],
            other_illiquid=acc[o]["other_illiquid"], business=acc[o]["business"],
            policies=acc[o]["policies"], liabilities=acc[o]["liabilities"],
            contingent=acc[o]["contingent"], business_by_company=biz[o],
            by_currency={k: v for k, v in cur[o].items() if v != 0},
        )
        for o in lt.owners
    }
    return BalanceSheet(hh.base_currency, entities,
                        _relationships(hh, comp_value, controllers(hh) if ctrl is None else ctrl),
                        lt)


def deposits_at(hh: Household, owners: str | set[str] | frozenset[str], bank: str) -> float:
    """Deposits and investments ``owners`` keep at ``bank`` ("us" or "other"): their LIQUID
    holdings there, in the base currency. Property, a residence or private equity is not a
    deposit, whatever bank its title deeds mention. The one definition for the household page, the
    insights and the company relationships."""
    who = {owners} if isinstance(owners, str) else set(owners)
    return sum(hh.to_base(h.value, h.currency) for h in hh.holdings
               if h.owner in who and h.at_bank == bank and h.is_liquid)


def _relationships(hh: Household, comp_value: dict[str, float],
                   ctrl: Mapping[str, str | None]) -> dict[str, CompanyRelationship]:
    dep: dict[tuple[str, str], float] = defaultdict(float)
    loan: dict[tuple[str, str], float] = defaultdict(float)
    guar: dict[str, dict[str, float]] = defaultdict(dict)
    for h in hh.holdings:
        if h.is_liquid:  # deposits_at(): property is not a deposit
            dep[(h.owner, h.at_bank)] += hh.to_base(h.value, h.currency)
    for li in hh.liabilities:
        v = hh.to_base(li.amount, li.currency)
        loan[(li.borrower, li.lender)] += v
        for gid in li.guarantors:
            guar[li.borrower][gid] = guar[li.borrower].get(gid, 0.0) + v
    return {
        c.id: CompanyRelationship(
            id=c.id, name=c.name, equity_value=comp_value[c.id], controller=ctrl[c.id],
            deposits_us=dep[(c.id, "us")], deposits_other=dep[(c.id, "other")],
            loans_us=loan[(c.id, "us")], loans_other=loan[(c.id, "other")],
            guaranteed_by=guar.get(c.id, {}), services=dict(c.banking or {}),
        )
        for c in hh.companies
    }


def summary(hh: Household) -> dict:
    """The `kinfolio summary --json` document (spec keys plus the consolidated detail)."""
    from .facts import facts_of

    facts = facts_of(hh)
    lt, bs = facts.look_through, facts.balance
    r = lambda x: round(float(x), 2)  # noqa: E731 - money to the cent for the JSON output
    return {
        "household": hh.id,
        "name": hh.name,
        "as_of": hh.as_of.isoformat(),
        "base_currency": hh.base_currency,
        "net_worth": r(bs.net_worth),
        "assets": r(bs.assets),
        "concentration": round(bs.concentration, 6),
        "people": {
            e.id: {"name": e.name, "net_worth": r(e.net_worth), "liquid": r(e.liquid),
                   "property": r(e.property), "other_illiquid": r(e.other_illiquid),
                   "business": r(e.business), "policies": r(e.policies),
                   "liabilities": r(e.liabilities), "contingent": r(e.contingent)}
            for e in bs.people()
        },
        "trusts": {e.id: {"name": e.name, "assets": r(e.assets)} for e in bs.trusts()},
        "look_through": {o: {c: round(f, 10) for c, f in lt.of(o).items()} for o in lt.owners},
        "controller": dict(facts.person_controllers),
        "contingent_liabilities": {pid: r(v) for pid, v in bs.contingent().items()},
        "by_currency": {k: r(v) for k, v in bs.by_currency().items()},
        "companies": {
            c.id: {"equity_value": r(c.equity_value), "controller": c.controller,
                   "deposits": {"us": r(c.deposits_us), "other": r(c.deposits_other)},
                   "loans": {"us": r(c.loans_us), "other": r(c.loans_other)},
                   "services": c.services}
            for c in bs.companies.values()
        },
    }
