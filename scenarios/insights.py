"""The banker's insight rules (公私聯動) as data: which opportunities a household shows, how large
each is, and the figures behind it. Pure and text-free: the app (``ui.insight_rules``) turns each
:class:`Finding` into sentences in the reader's language; the nightly book run ranks households by
their largest finding.

The rules follow the practice notes the product grew from: payroll and the other corporate
services a family's companies take from other banks (代發工資 first); executives and staff linked
to the companies who are not yet clients (private banking and personal loans for them); the owner's
exposure through personal guarantees; the estate tax that would fall due against the estate's cash
(insurance or a trust); foreign-currency goals (FX, overseas accounts, education abroad); the
concentration in the family business (diversification, or a pledge loan instead of a sale); assets
kept at other banks; family members who take part in the family's decisions but are not clients.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from household import BalanceSheet, Household, Role, deposits_at
from household.facts import facts_of

from .succession import SuccessionError, death_today

CONCENTRATION_THRESHOLD = 0.5
GUARANTEE_THRESHOLD = 0.5  # guarantees above half the guarantor's liquid assets
CATEGORIES = ("corporate", "people", "family", "guarantee", "succession", "fx", "concentration",
              "wallet")


@dataclass(frozen=True)
class EstateFigures:
    """What a death today would cost, from the succession engine (optional input)."""

    person: str
    tax: float
    liquid: float
    needed: float | None = None  # tax, costs, debts and claims payable in cash; None: the tax

    @property
    def cash_needed(self) -> float:
        return self.tax if self.needed is None else self.needed

    @property
    def gap(self) -> float:
        """The succession engine's liquidity gap: cash needed beyond the estate's liquid assets
        (the succession page shows the same figure)."""
        return max(self.cash_needed - self.liquid, 0.0)


@dataclass(frozen=True)
class Finding:
    """One insight: ``category`` (one of :data:`CATEGORIES`), ``subject`` (the id of the company
    or person it is about; the household id for household-wide ones), ``weight`` (base-currency
    size of the opportunity, for ordering) and ``values`` (the figures the text is made from,
    amounts in the household's base currency unless a currency is named beside them)."""

    category: str
    subject: str
    weight: float
    values: Mapping[str, Any] = field(default_factory=dict)


def estate_figures(hh: Household, people: list[str] | None = None
                   ) -> dict[str, EstateFigures]:
    """Tax and liquid estate at a death today (the household's own rules) of each living person
    with a business stake (or of ``people``); a person the rules cannot handle is left out."""
    if people is None:
        people = [p.id for p in hh.people
                  if p.alive and any(o.owner == p.id for o in hh.ownership)]
    out = {}
    for pid in people:
        try:
            r = death_today(hh, pid, None)
        except SuccessionError:
            continue
        out[pid] = figures_of(pid, r)
    return out


def figures_of(pid: str, r: Any) -> EstateFigures:
    """:class:`EstateFigures` of a ``SuccessionResult`` (or a dict with the same names)."""
    def get(name: str, default: Any) -> Any:
        return r.get(name, default) if isinstance(r, dict) else getattr(r, name, default)

    tax = float(get("tax", 0.0) or 0.0)
    needed = get("cash_needed", None)
    liquid = get("liquid_assets", None)
    if liquid is None:
        gap = float(get("liquidity_gap", 0.0) or 0.0)
        liquid = max((tax if needed is None else float(needed)) - gap, 0.0)
    return EstateFigures(pid, tax, float(liquid), None if needed is None else float(needed))


def find_insights(hh: Household, bs: BalanceSheet | None = None,
                  estates: Mapping[str, EstateFigures] | None = None) -> list[Finding]:
    """Every finding for ``hh``, largest first (ties: rule order, then file order)."""
    bs = bs or facts_of(hh).balance
    out: list[Finding] = []
    out += _corporate(hh, bs)
    out += _people(hh)
    out += _family(hh, bs)
    out += _guarantees(hh, bs)
    out += _succession(hh, bs, estates)
    out += _fx_goals(hh)
    out += _concentration(hh, bs)
    out += _wallet(hh, bs)
    return sorted(out, key=lambda i: -i.weight)


def _corporate(hh: Household, bs: BalanceSheet) -> list[Finding]:
    out = []
    for c in hh.companies:
        rel = bs.companies[c.id]
        elsewhere = tuple(s for s, who in (c.banking or {}).items() if who == "other")
        if not elsewhere and rel.deposits_other == 0 and rel.loans_other == 0:
            continue
        out.append(Finding("corporate", c.id,
                           rel.deposits_other + rel.loans_other + 1e4 * (c.employees or 0),
                           {"company": c.name, "services_elsewhere": elsewhere,
                            "employees": c.employees, "deposits_other": rel.deposits_other,
                            "loans_other": rel.loans_other, "deposits_us": rel.deposits_us,
                            "loans_us": rel.loans_us}))
    return out


def _people(hh: Household) -> list[Finding]:
    family = facts_of(hh).kinship.members
    rows = []
    for r in hh.relations:
        if isinstance(r, Role):
            p = hh.person(r.person)
            if not p.client and r.person not in family:
                rows.append((p.id, r.role, r.company))
    if not rows:
        return []
    referred = {r.to for r in hh.relations if getattr(r, "kind", "") == "referral"}
    return [Finding("people", hh.id, 5e6 * len(rows),
                    {"roles": tuple(rows), "introduced": len(referred)})]


def _family(hh: Household, bs: BalanceSheet) -> list[Finding]:
    family = facts_of(hh).kinship.members
    todo = [p.id for p in hh.people if p.id in family and p.alive and not p.client
            and hh.age(p.id) >= 18]
    if not todo:
        return []
    worth = {pid: bs.entities[pid].net_worth for pid in todo}
    return [Finding("family", hh.id, sum(worth.values()), {"people": tuple(todo),
                                                          "net_worth": worth})]


def _guarantees(hh: Household, bs: BalanceSheet) -> list[Finding]:
    out = []
    for e in bs.people():
        if e.contingent <= 0:
            continue
        ratio = e.contingent / e.liquid if e.liquid > 0 else float("inf")
        if ratio < GUARANTEE_THRESHOLD:
            continue
        loans = tuple(li.id for li in hh.liabilities if e.id in li.guarantors)
        out.append(Finding("guarantee", e.id, e.contingent,
                           {"contingent": e.contingent, "liquid": e.liquid, "ratio": ratio,
                            "liabilities": loans}))
    return out


def _succession(hh: Household, bs: BalanceSheet,
                estates: Mapping[str, EstateFigures] | None) -> list[Finding]:
    out = []
    for e in bs.people():
        p = hh.person(e.id)
        if not p.alive or e.business <= 0:
            continue
        est = (estates or {}).get(e.id)
        has_will = hh.will_of(e.id) is not None
        if est is not None:
            if est.gap <= 0 and has_will:
                continue
        elif has_will:
            continue
        out.append(Finding("succession", e.id, (est.gap if est else 0.0) + 0.1 * e.business,
                           {"net_worth": e.net_worth, "business": e.business, "will": has_will,
                            "estate": est}))
    return out


def _fx_goals(hh: Household) -> list[Finding]:
    goals = [g for g in hh.goals if g.currency != hh.base_currency]
    if not goals:
        return []
    total = sum(hh.to_base(g.amount * g.years, g.currency) for g in goals)
    return [Finding("fx", hh.id, total, {"goals": tuple(g.id for g in goals), "total": total,
                                         "kinds": frozenset(g.kind for g in goals)})]


def _concentration(hh: Household, bs: BalanceSheet) -> list[Finding]:
    if bs.concentration < CONCENTRATION_THRESHOLD:
        return []
    liquid = bs.total("liquid")
    business = bs.total("business")
    return [Finding("concentration", hh.id, business - liquid,
                    {"concentration": bs.concentration, "business": business, "liquid": liquid,
                     "payers": tuple(c.id for c in hh.companies if c.payout_ratio > 0)})]


def _wallet(hh: Household, bs: BalanceSheet) -> list[Finding]:
    owners = set(bs.entities)
    us, other = deposits_at(hh, owners, "us"), deposits_at(hh, owners, "other")
    if other <= 0:
        return []
    share = us / (us + other) if us + other > 0 else 0.0
    return [Finding("wallet", hh.id, other, {"at_us": us, "elsewhere": other,
                                             "wallet_share": share})]


__all__ = ["CATEGORIES", "CONCENTRATION_THRESHOLD", "GUARANTEE_THRESHOLD", "EstateFigures",
           "Finding", "estate_figures", "figures_of", "find_insights"]
