"""The deceased's property item by item: what enters the estate, the surviving spouse's marital
share, and what stays outside (insurance with named beneficiaries, trust assets).

A *lot* is a fraction of one item of the file (a holding, a stake, a policy's cash value, a debt)
valued in the base currency. Company stakes are valued with the company's own equity plus its
stakes in other companies of the file, so a stake carries everything beneath it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from household.facts import facts_of
from household.model import Household

from .family import Kin
from .notes import note
from .rules import RuleSet


@dataclass(frozen=True)
class Lot:
    """A fraction of one item of the file entering the estate (debts are negative)."""

    key: str  # "holding:<id>", "stake:<company>", "policy:<id>", "debt:<id>", "payout:<id>"
    item: str  # the file ID (company ID for a stake)
    owner: str  # who held it before the death (the deceased, or the survivor for CN)
    fraction: float  # of the owner's item
    value: float  # base currency, after ``fraction``
    label: str
    kind: str  # holding, stake, policy, debt, payout
    liquid: bool
    situs: str
    marital: str
    business: bool = False
    residence: bool = False
    relief: bool = False  # UK business relief qualifying
    listed: bool = False


@dataclass(frozen=True)
class Outside:
    """Value passing outside the estate."""

    kind: str  # "insurance" or "trust"
    item: str
    to: dict[str, float]
    value: float
    label: str
    taxable: bool = False  # counted in the tax base all the same (US §2042, revocable trusts)


@dataclass(frozen=True)
class Gathered:
    lots: tuple[Lot, ...]
    marital_share: float  # the survivor's marital share: CN half the joint pool; TW the claim
    joint_marital: float  # CN: the couple's joint marital property (net), of which half is theirs
    marital_lots: tuple[Lot, ...]  # deceased's items (fractions) passing to the survivor in kind
    residual_claim: float  # TW: monetary claim paid from the estate
    regime: str
    survivor: str | None
    outside: tuple[Outside, ...]
    warnings: tuple[str, ...]
    # what the survivor's share takes out of the deceased's name, net of what the estate takes
    # from the survivor's name (CN: negative when the survivor holds more than their half)
    marital_transfer: float = 0.0
    survivor_marital: float = 0.0  # CN: the joint marital property (net) in the survivor's name


def company_values(hh: Household) -> dict[str, float]:
    """Value of 100% of each company: own equity plus its stakes in other companies (base)."""
    ids = [c.id for c in hh.companies]
    if not ids:
        return {}
    idx = {c: i for i, c in enumerate(ids)}
    e = np.array([hh.to_base(c.equity_value, c.currency) for c in hh.companies])
    m = np.zeros((len(ids), len(ids)))
    for o in hh.ownership:
        if o.owner in idx:
            m[idx[o.owner], idx[o.company]] += o.share
    full = np.linalg.solve(np.eye(len(ids)) - m, e)
    return {c: float(full[i]) for c, i in idx.items()}


def regime_of(hh: Household, pid: str, rules: RuleSet, on: dt.date) -> str:
    """The marital regime applying to ``pid``'s marriage at death."""
    default = rules.at(on)["marital.regime"]
    for _, _, kind, regime in facts_of(hh).graph.out_edges(pid, keys=True, data="regime"):
        if kind == "spouse":  # one spouse at most (the file check)
            return regime if regime in ("separate", "community") else default
    return "separate"


def _items_of(hh: Household, owner: str, values: dict[str, float], frac: float = 1.0,
              scale: float = 1.0) -> list[Lot]:
    frac_v = frac * scale
    out: list[Lot] = []
    comps = {c.id: c for c in hh.companies}
    for h in hh.holdings:
        if h.owner == owner and h.value > 0:
            out.append(Lot(f"holding:{h.id}", h.id, owner, frac, frac_v * hh.to_base(h.value,
                           h.currency), h.product or h.id, "holding", bool(h.liquid),
                           h.situs or hh.jurisdiction, h.marital or "separate",
                           residence=h.kind == "residence"))
    for o in hh.ownership:
        if o.owner == owner:
            c = comps[o.company]
            out.append(Lot(f"stake:{c.id}", c.id, owner, frac, frac_v * o.share * values[c.id],
                           c.name, "stake", False, c.jurisdiction, o.marital or "separate",
                           business=True, relief=c.business_relief, listed=c.listed))
    for li in hh.liabilities:
        if li.borrower == owner and li.amount > 0:
            out.append(Lot(f"debt:{li.id}", li.id, owner, frac,
                           -frac_v * hh.to_base(li.amount, li.currency), li.id, "debt", True,
                           hh.jurisdiction, "marital"))
    return out


def gather(hh: Household, pid: str, rules: RuleSet, on: dt.date, kin: Kin,
           scale: float = 1.0) -> Gathered:
    """Collect the estate of ``pid``: lots, the marital share, and what passes outside.

    ``scale`` multiplies every asset and debt (not insurance sums): the same family with more
    or less wealth, used to tabulate the rules for Monte Carlo paths."""
    values = company_values(hh)
    warnings: list[str] = []
    survivor = kin.living_spouse(pid)
    regime = regime_of(hh, pid, rules, on) if survivor else "separate"
    own = _items_of(hh, pid, values, scale=scale)
    # policies the deceased held on someone else's life: the cash value is an asset
    for pol in hh.policies:
        if pol.policyholder == pid and pol.insured != pid and pol.cash_value > 0:
            own.append(Lot(f"policy:{pol.id}", pol.id, pid, 1.0,
                           scale * hh.to_base(pol.cash_value, pol.currency),
                           pol.product or pol.id, "policy", False, hh.jurisdiction,
                           "marital" if survivor else "separate"))
    outside: list[Outside] = []
    named_outside = rules.at(on)["insurance.named_outside_estate"]
    taxable_owned = rules.at(on)["insurance.taxable_if_owned"]
    for pol in hh.policies:
        if pol.insured != pid or pol.kind == "annuity":
            continue
        payout = hh.to_base(pol.sum_assured, pol.currency)
        live = [b for b in pol.beneficiaries
                if b.trust is not None or b.person in kin.alive]
        total = sum(b.share for b in live)
        if live and named_outside:
            to = {b.target: payout * b.share / total for b in live}
            outside.append(Outside("insurance", pol.id, to, payout, pol.product or pol.id,
                                   taxable=bool(taxable_owned) and pol.policyholder == pid))
        else:
            own.append(Lot(f"payout:{pol.id}", pol.id, pid, 1.0, payout, pol.product or pol.id,
                           "payout", True, hh.jurisdiction, "separate"))
            if pol.beneficiaries:
                warnings.append(note("policy_no_beneficiary",
                                     f"policy {pol.id}: no living beneficiary; the payout falls "
                                     "into the estate", policy=pol.id))
    for t in hh.trusts:
        assets = _items_of(hh, t.id, values, scale=scale)
        # the trust's policies on other lives keep their cash value (the balance sheet's trust
        # assets); one on the deceased's life pays out instead
        value = sum(lot.value for lot in assets) + scale * sum(
            hh.to_base(p.cash_value, p.currency) for p in hh.policies
            if p.policyholder == t.id and p.insured != pid)
        outside.append(Outside("trust", t.id, {t.id: value}, value, t.name,
                               taxable=t.revocable and t.settlor == pid
                               and bool(rules.at(on)["trust.revocable_in_estate"])))
        if t.revocable and t.settlor == pid:
            warnings.append(note("trust_revocable", f"trust {t.id} is revocable: its assets "
                                 "count in the taxable estate where the rule set says so",
                                 trust=t.id))
    for li in hh.liabilities:
        if pid in li.guarantors and li.borrower != pid:
            warnings.append(note("guarantee", f"guarantee of {li.id} ({li.borrower}): a "
                                 "contingent liability of the estate, not deducted",
                                 liability=li.id, borrower=li.borrower))

    marital_share = 0.0
    transfer = 0.0
    joint = 0.0
    theirs_net = 0.0
    residual_claim = 0.0
    marital_lots: list[Lot] = []
    lots: list[Lot] = []
    if regime == "community" and survivor:
        # Art. 1153: the survivor's fraction f of the WHOLE joint pool, whoever's name it is in;
        # the estate takes the other 1 - f of the pool, from both names
        f = float(rules.at(on).get("marital.fraction", 0.5))
        for lot in own:
            if lot.marital == "marital" and lot.kind != "payout":
                lots.append(_scaled(lot, 1 - f))
                marital_lots.append(_scaled(lot, f))
                joint += lot.value
            else:
                lots.append(lot)
        theirs = _items_of(hh, survivor, values, scale=scale)
        for pol in hh.policies:
            if pol.policyholder == survivor and pol.insured != pid and pol.cash_value > 0:
                theirs.append(Lot(f"policy:{pol.id}", pol.id, survivor, 1.0,
                                  scale * hh.to_base(pol.cash_value, pol.currency),
                                  pol.product or pol.id, "policy", False, hh.jurisdiction,
                                  "marital"))
        for lot in theirs:
            if lot.marital == "marital":
                lots.append(_scaled(lot, 1 - f))
                theirs_net += lot.value
        mine_net = joint
        joint += theirs_net
        marital_share = max(0.0, f * joint)
        transfer = f * mine_net - (1 - f) * theirs_net
    else:
        lots = own
        if regime == "residual_claim" and survivor:
            # Art. 1030-1: half the difference of the post-marriage net property, claimed from
            # the estate only when the deceased had more
            f = float(rules.at(on).get("marital.fraction", 0.5))
            mine = sum(x.value for x in own if x.marital == "marital" and x.kind != "payout")
            mine += sum(x.value for x in own if x.kind == "debt" and x.marital != "marital")
            theirs_v = sum(x.value for x in _items_of(hh, survivor, values, scale=scale)
                           if x.marital == "marital")
            theirs_v += sum(scale * hh.to_base(p.cash_value, p.currency) for p in hh.policies
                            if p.policyholder == survivor and p.insured != pid)
            residual_claim = max(0.0, f * (mine - theirs_v))
            marital_share = transfer = residual_claim
    return Gathered(tuple(lots), marital_share, joint, tuple(marital_lots), residual_claim,
                    regime, survivor, tuple(outside), tuple(warnings), transfer, theirs_net)


def _scaled(lot: Lot, f: float) -> Lot:
    return Lot(lot.key, lot.item, lot.owner, lot.fraction * f, lot.value * f, lot.label, lot.kind,
               lot.liquid, lot.situs, lot.marital, lot.business, lot.residence, lot.relief,
               lot.listed)


def scale_gathered(g: Gathered, s: float) -> Gathered:
    """``g`` with every asset and debt multiplied by ``s`` (insurance payouts unchanged): the same
    as gathering with ``scale=s``, without walking the household again."""
    from dataclasses import replace

    def lot(x: Lot) -> Lot:
        if x.kind == "payout":
            return x
        return Lot(x.key, x.item, x.owner, x.fraction, x.value * s, x.label, x.kind, x.liquid,
                   x.situs, x.marital, x.business, x.residence, x.relief, x.listed)

    outside = tuple(o if o.kind == "insurance" else
                    replace(o, value=o.value * s, to={k: v * s for k, v in o.to.items()})
                    for o in g.outside)
    return Gathered(tuple(lot(x) for x in g.lots), g.marital_share * s, g.joint_marital * s,
                    tuple(lot(x) for x in g.marital_lots), g.residual_claim * s, g.regime,
                    g.survivor, outside, g.warnings, g.marital_transfer * s,
                    g.survivor_marital * s)
