"""公私聯動 at book level: corporate-private opportunities, ranked across the book.

For each company client: its staff paid through us (salaries it pays into our clients' accounts,
and employees in relationships.csv) against its head count; its executives and directors who are
not yet private clients (in relationships.csv without an account of their own, or in the
household file's roles without a ``client_id``); the owner family's household and its wallet
share (assets with us over known assets). Scored with the dated weights of
``watch_ledger.json`` (``linkage``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from book.frames import BookFrames
from book.ledger import _staff, assets_with_us, ledger_rules


@dataclass(frozen=True)
class LinkageOpportunity:
    company_id: str
    name: str
    banker: str
    household_id: str | None
    score: float
    employees: int | None
    staff_with_us: int
    payroll_with_us: bool
    executives_not_clients: tuple[str, ...]  # client ids or household people's names
    owner_wallet_share: float | None
    owner_known_assets: float | None
    currency: str
    opportunities: tuple[tuple[str, MappingProxyType], ...]  # codes and parameters

    def as_json(self) -> dict:
        return {"company_id": self.company_id, "name": self.name, "banker": self.banker,
                "household_id": self.household_id, "score": round(self.score, 2),
                "employees": self.employees, "staff_with_us": self.staff_with_us,
                "payroll_with_us": self.payroll_with_us,
                "executives_not_clients": list(self.executives_not_clients),
                "owner_wallet_share": None if self.owner_wallet_share is None else
                round(self.owner_wallet_share, 3),
                "owner_known_assets": None if self.owner_known_assets is None else
                round(self.owner_known_assets, 2), "currency": self.currency,
                "opportunities": [{"code": c, "params": dict(p)} for c, p in self.opportunities]}


@dataclass(frozen=True)
class Linkage:
    as_of: dt.date
    companies: tuple[LinkageOpportunity, ...]

    def as_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "companies": [c.as_json()
                                                             for c in self.companies]}


def linkage(frames: BookFrames, as_of: dt.date | None = None,
            banker: str | None = None) -> Linkage:
    """Every company client with its corporate-private opportunities, highest score first."""
    from household.balance import balance_sheet

    as_of = as_of or frames.meta.as_of
    w = ledger_rules(as_of)["linkage"]
    meta = frames.meta
    c = frames.clients.assign(client_id=frames.clients["client_id"].astype(str))
    comps = c[c["kind"] == "company"]
    if banker is not None:
        comps = comps[comps["banker"].astype(str) == banker]
    acc = frames.accounts
    open_acc = acc[acc["closed"].isna() | (acc["closed"] > pd.Timestamp(as_of))]
    payroll = set(open_acc.loc[open_acc["kind"] == "payroll_agency", "client_id"].astype(str))
    with_accounts = set(open_acc["client_id"].astype(str))
    staff = _staff(frames, set(comps["client_id"]))
    rel = frames.relationships
    execs = rel[rel["kind"].isin(("executive", "director"))]
    held = assets_with_us(frames, as_of)
    hh_of = frames.client_households()
    out = []
    for r in comps.itertuples(index=False):
        cid = r.client_id
        emp = None if pd.isna(r.employees) else int(r.employees)
        n_staff = len(staff.get(cid, ()))
        not_clients = sorted(str(x) for x in execs.loc[execs["to_client"].astype(str) == cid,
                                                        "from_client"].astype(str)
                             if x not in with_accounts)
        hid = hh_of.get(cid)
        share = known = None
        opps: list[tuple[str, MappingProxyType]] = []
        if hid is not None:
            hh = frames.households[hid]
            to_book = meta.rate(hh.base_currency) if (hh.base_currency == meta.base_currency
                                                      or hh.base_currency in meta.fx) else 1.0
            comp = next(x for x in hh.companies if x.client_id == cid)
            roles = [x for x in hh.relations if getattr(x, "kind", None) == "role"
                     and x.company == comp.id]
            people = {p.id: p for p in hh.people}
            not_clients += sorted(people[x.person].name for x in roles
                                  if x.person in people and not people[x.person].client_id)
            known = balance_sheet(hh).assets * to_book
            members = [p.client_id for p in hh.people if p.client_id]
            with_us = sum(held.get(m, 0.0) for m in members)
            share = min(1.0, with_us / known) if known > 0 else None
        score = 0.0
        has_payroll = cid in payroll
        if emp:
            uncovered = max(emp - n_staff, 0)
            score += float(w["staff_uncovered"]) * min(uncovered, float(w["staff_cap"])) / \
                float(w["staff_cap"])
            if uncovered:
                opps.append(("linkage.staff_uncovered", MappingProxyType(
                    {"employees": emp, "staff_with_us": n_staff, "uncovered": uncovered})))
        if not has_payroll:
            score += float(w["no_payroll"])
            opps.append(("linkage.no_payroll", MappingProxyType({})))
        if not_clients:
            score += float(w["executive"]) * min(len(not_clients), int(w["executive_cap"]))
            opps.append(("linkage.executives", MappingProxyType(
                {"count": len(not_clients), "who": tuple(not_clients)})))
        if share is not None and known:
            wealth = min(1.0, math.log1p(known) / math.log1p(float(w["wealth_scale"])))
            score += float(w["owner_wallet"]) * (1.0 - share) * wealth
            if share < 0.5:
                opps.append(("linkage.owner_wallet", MappingProxyType(
                    {"wallet_share": round(share, 3), "known_assets": round(known, 2),
                     "currency": meta.base_currency, "household_id": hid})))
        out.append(LinkageOpportunity(cid, str(r.name), str(r.banker), hid, score, emp,
                                      n_staff, has_payroll, tuple(not_clients), share, known,
                                      meta.base_currency, tuple(opps)))
    out.sort(key=lambda x: (-x.score, x.company_id))
    return Linkage(as_of, tuple(out))
