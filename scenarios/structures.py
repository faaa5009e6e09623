"""Structures a banker proposes, applied to a household: a will, a trust settlement, a new policy,
a lifetime gifting plan, a business handover with equalisation.

``apply_scenario`` returns the changed household; :func:`applied` also returns the lifetime gifts
(with dates, for clawback at death), the costs paid (trust setup, premiums, gift tax) and notes.
Gifts of a plan are made once a year from the plan's first year; a comparison assesses a death at
the end of the longest gifting plan, at today's values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from household.model import (
    BeneficiaryShare,
    BusinessTransfer,
    BuyPolicy,
    GiftPlan,
    Holding,
    Household,
    Ownership,
    Scenario,
    SettleTrust,
    SetWill,
    Will,
    WillItem,
)

from .after import bounded_parts
from .estate import company_values
from .family import Kin
from .rules import RuleSet, load_rules
from .tax import Gift, brackets_tax


class StructureError(ValueError):
    """A scenario that cannot be applied to this household."""


@dataclass(frozen=True)
class Applied:
    household: Household
    scenario: Scenario
    gifts: tuple[Gift, ...]
    costs: float  # paid out of the family's wealth: setup, premiums, gift tax (base currency)
    gift_tax: float
    on: dt.date  # the date up to which the scenario's dated steps have been carried out
    notes: tuple[str, ...]


def scenario_end(hh: Household, scenario: Scenario) -> dt.date:
    """Date by which every gift of the scenario's gifting plans has been made."""
    end = hh.as_of
    for ch in scenario.changes:
        if isinstance(ch, GiftPlan):
            last = max(hh.as_of.year, ch.start_year) + ch.years - 1
            end = max(end, _gift_date(hh, last))
    return end


def _gift_date(hh: Household, year: int) -> dt.date:
    if year <= hh.as_of.year:
        return hh.as_of
    return dt.date(year, 1, 1)


def _find(hh: Household, scenario: Scenario | str) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    for s in hh.scenarios:
        if s.id == scenario:
            return s
    known = ", ".join(s.id for s in hh.scenarios) or "none"
    raise StructureError(f"no scenario '{scenario}' in household {hh.id} (saved: {known})")


def apply_scenario(hh: Household, scenario: Scenario | str) -> Household:
    """The household with the scenario's changes made (see :func:`applied` for the detail)."""
    return applied(hh, scenario).household


class _Work:
    """Mutable lists while the changes are applied; frozen into a Household at the end."""

    def __init__(self, hh: Household):
        self.hh = hh
        self.holdings = list(hh.holdings)
        self.ownership = list(hh.ownership)
        self.policies = list(hh.policies)
        self.trusts = list(hh.trusts)
        self.wills = list(hh.wills)
        self.used = set(hh.id_kinds())
        self.notes: list[str] = []

    def uid(self, base: str) -> str:
        cand, n = base[:64], 1
        while cand in self.used:
            n += 1
            cand = f"{base[:58]}.{n}"
        self.used.add(cand)
        return cand

    def liquid_of(self, owner: str) -> float:
        return sum(self.hh.to_base(h.value, h.currency) for h in self.holdings
                   if h.owner == owner and h.liquid)

    def pay(self, owner: str, amount: float, what: str) -> float:
        """Take ``amount`` (base) from ``owner``'s liquid holdings pro rata; returns the amount
        paid."""
        if amount <= 0:
            return 0.0
        have = self.liquid_of(owner)
        paid = min(amount, have)
        if paid < amount - 0.5:
            self.notes.append(f"{owner} has {have:,.0f} in liquid assets, not enough for {what} "
                              f"({amount:,.0f}); only {paid:,.0f} is paid")
        if have > 0:
            k = 1 - paid / have
            self.holdings = [h.model_copy(update={"value": h.value * k})
                             if h.owner == owner and h.liquid else h for h in self.holdings]
        return paid

    def deposit(self, owner: str, amount: float, tag: str) -> None:
        if amount <= 0:
            return
        place = next((p.domicile for p in self.hh.people if p.id == owner), None) or \
            next((t.jurisdiction for t in self.trusts if t.id == owner), self.hh.jurisdiction)
        for part in bounded_parts(amount):
            self.holdings.append(Holding(id=self.uid(f"{tag}.{owner}"), owner=owner,
                                         asset_class="cash", value=part,
                                         currency=self.hh.base_currency, kind="deposit",
                                         liquid=True, situs=place, marital="separate"))

    def move_stake(self, owner: str, company: str, fraction: float, to: str) -> float:
        """Move ``fraction`` of ``owner``'s stake to ``to``; returns the value moved (base)."""
        values = company_values(self.hh)
        rows = [o for o in self.ownership if o.owner == owner and o.company == company]
        if not rows:
            raise StructureError(f"{owner} holds no stake in {company}")
        o = rows[0]
        moved = o.share * fraction
        out = []
        added = False
        for r in self.ownership:
            if r is o:
                if fraction < 1 - 1e-12:
                    out.append(r.model_copy(update={"share": r.share * (1 - fraction),
                                                    "voting": r.votes * (1 - fraction)}))
            elif r.owner == to and r.company == company:
                out.append(r.model_copy(update={"share": r.share + moved,
                                                "voting": r.votes + o.votes * fraction}))
                added = True
            else:
                out.append(r)
        if not added:
            out.append(Ownership(owner=to, company=company, share=moved,
                                 voting=o.votes * fraction, marital="separate"))
        self.ownership = out
        return moved * values[company]

    def done(self) -> Household:
        return self.hh.model_copy(update={
            "holdings": self.holdings, "ownership": self.ownership, "policies": self.policies,
            "trusts": self.trusts, "wills": self.wills})


def _rules_for(hh: Household, pid: str) -> RuleSet:
    p = next((x for x in hh.people if x.id == pid), None)
    return load_rules(p.domicile if p and p.domicile else hh.jurisdiction)


def _fx(hh: Household, rules: RuleSet) -> float:
    if rules.currency == hh.base_currency:
        return 1.0
    return hh.fx.get(rules.currency, 0.0)


def _gift_tax(hh: Household, donor: str, year_total: float, to_trust: bool,
              on: dt.date) -> float:
    """Gift tax due at the time of the gifts of one donor in one year (base currency)."""
    rules = _rules_for(hh, donor)
    fx = _fx(hh, rules)
    if not fx:
        return 0.0
    law = rules.at(on)
    kind = law.estate_tax.kind
    if kind == "tw":
        excl = law.gift.annual_exclusion * fx
        brackets = [[None if u is None else u * fx, r] for u, r in law.gift.brackets]
        return float(brackets_tax(max(0.0, year_total - excl), brackets))
    if kind == "uk" and to_trust:  # a chargeable lifetime transfer: half the death rate
        nrb = law.estate_tax.nil_rate_band * fx
        return 0.5 * law.estate_tax.rate * max(0.0, year_total - nrb)
    return 0.0


def applied(hh: Household, scenario: Scenario | str, on: dt.date | None = None) -> Applied:
    """Apply a scenario (a :class:`Scenario` or the ID of one saved in ``hh.scenarios``).

    Dated steps (gifts, premiums) are carried out up to ``on`` (default: the end of the longest
    gifting plan, or the as-of date)."""
    sc = _find(hh, scenario)
    on = on or scenario_end(hh, sc)
    w = _Work(hh)
    kin = Kin.of(hh)
    gifts: list[Gift] = []
    costs = 0.0
    gift_tax = 0.0
    for ch in sc.changes:
        if isinstance(ch, SetWill):
            w.wills = [x for x in w.wills if x.testator != ch.will.testator] + [ch.will]
        elif isinstance(ch, SettleTrust):
            t = ch.trust
            if any(x.id == t.id for x in w.trusts):
                raise StructureError(f"trust ID '{t.id}' is already used")
            w.trusts.append(t)
            w.used.add(t.id)
            hid = {h.id for h in w.holdings}
            for h_id in ch.holdings:
                if h_id not in hid:
                    raise StructureError(f"holding '{h_id}' does not exist")
            # costs and gift tax are paid by the settlor before the assets move
            values = company_values(w.hh)
            planned = sum(hh.to_base(h.value, h.currency) for h in w.holdings
                          if h.id in ch.holdings)
            for s in ch.stakes:
                planned += sum(o.share * s.fraction * values[o.company] for o in w.ownership
                               if o.owner == s.owner and o.company == s.company)
            costs += w.pay(t.settlor, ch.setup_cost, f"the setup cost of {t.id}")
            tax = _gift_tax(hh, t.settlor, planned, True, hh.as_of) if not t.revocable else 0.0
            tax = w.pay(t.settlor, tax, "gift tax on the settlement")
            gift_tax += tax
            moved = 0.0
            new_h = []
            for h in w.holdings:
                if h.id in ch.holdings:
                    moved += hh.to_base(h.value, h.currency)
                    h = h.model_copy(update={"owner": t.id, "marital": "separate",
                                             "situs": h.situs})
                new_h.append(h)
            w.holdings = new_h
            for s in ch.stakes:
                moved += w.move_stake(s.owner, s.company, s.fraction, t.id)
            minimum = _trust_minimum(hh, t.jurisdiction, on)
            if minimum and moved < minimum:
                w.notes.append(f"trust {t.id}: {moved:,.0f} settled is below the regulatory "
                               f"minimum of {minimum:,.0f} for a family trust")
            if not t.revocable and moved > 0:
                gifts.append(Gift(t.settlor, t.id, moved, hh.as_of, heir=False, tax_paid=tax))
        elif isinstance(ch, BuyPolicy):
            p = ch.policy
            w.policies.append(p)
            w.used.add(p.id)
            years = max(1, on.year - hh.as_of.year + 1)
            if p.premium_end_year is not None:
                years = max(1, min(years, p.premium_end_year - hh.as_of.year + 1))
            prem = hh.to_base(p.annual_premium, p.currency) * years
            costs += w.pay(p.policyholder, prem, f"{years} year(s) of premiums on {p.id}")
        elif isinstance(ch, GiftPlan):
            amount = hh.to_base(ch.annual_amount, ch.currency)
            spouse = kin.spouse.get(ch.donor)
            for k in range(ch.years):
                year = max(hh.as_of.year, ch.start_year) + k
                date = _gift_date(hh, year)
                if date > on:
                    break
                paid = w.pay(ch.donor, amount, f"the {year} gifts")
                taxable = sum(paid * r.share for r in ch.recipients if r.person != spouse)
                tax = _gift_tax(hh, ch.donor, taxable, False, date)
                gift_tax += w.pay(ch.donor, tax, f"gift tax for {year}")
                for r in ch.recipients:
                    v = paid * r.share
                    w.deposit(r.person, v, f"gift.{ch.donor}.{year}")
                    gifts.append(Gift(ch.donor, r.person, v, date, heir=True,
                                      spouse=r.person == spouse,
                                      tax_paid=tax * v / taxable if taxable and
                                      r.person != spouse else 0.0))
        elif isinstance(ch, BusinessTransfer):
            gifts_bt, tax_bt = _business(w, hh, kin, ch)
            gifts.extend(gifts_bt)
            gift_tax += tax_bt
    return Applied(w.done(), sc, tuple(gifts), costs + gift_tax, gift_tax, on, tuple(w.notes))


def _trust_minimum(hh: Household, jurisdiction: str, on: dt.date) -> float:
    try:
        rules = load_rules(jurisdiction)
    except ValueError:
        return 0.0
    v = rules.at(on).get("trust.family_trust_minimum")
    fx = _fx(hh, rules)
    return float(v) * fx if v and fx else 0.0


def _business(w: _Work, hh: Household, kin: Kin, ch: BusinessTransfer
              ) -> tuple[list[Gift], float]:
    children = [c for c in kin.children.get(ch.owner, ()) if c in kin.alive]
    others = [c for c in children if c != ch.successor]
    if ch.when == "now":
        value = w.move_stake(ch.owner, ch.company, ch.fraction, ch.successor)
        tax = _gift_tax(hh, ch.owner, value, False, hh.as_of)
        tax = w.pay(ch.owner, tax, "gift tax on the business transfer")
        gifts = [Gift(ch.owner, ch.successor, value, hh.as_of, tax_paid=tax)]
        if ch.equalise and others:
            each = min(value, w.liquid_of(ch.owner) / len(others))
            if each < value - 0.5:
                w.notes.append(f"equalisation: {ch.owner}'s liquid assets give each other child "
                               f"{each:,.0f} instead of {value:,.0f}")
            for c in others:
                paid = w.pay(ch.owner, each, f"equalisation for {c}")
                t2 = _gift_tax(hh, ch.owner, paid, False, hh.as_of)
                tax += w.pay(ch.owner, t2, "gift tax on the equalisation")
                w.deposit(c, paid, f"equalisation.{ch.owner}")
                gifts.append(Gift(ch.owner, c, paid, hh.as_of, tax_paid=t2))
        return gifts, tax
    # at death: the will gives the stake to the successor; the residue equalises the others
    old = next((x for x in w.wills if x.testator == ch.owner), None)
    specific = [s for s in (old.specific if old else []) if s.company != ch.company]
    to = [BeneficiaryShare(person=ch.successor, share=ch.fraction)]
    if ch.fraction < 1 - 1e-9:
        rest = [c for c in children if c != ch.successor] or [ch.successor]
        to += [BeneficiaryShare(person=c, share=(1 - ch.fraction) / len(rest)) for c in rest]
    specific.append(WillItem(item={"company": ch.company}, to=_merge_shares(to)))
    residue = _equalising_residue(w, hh, kin, ch, children, specific)
    will = Will(testator=ch.owner, specific=specific, residue=residue,
                signed_on=hh.as_of)
    w.wills = [x for x in w.wills if x.testator != ch.owner] + [will]
    return [], 0.0


def _merge_shares(items: list[BeneficiaryShare]) -> list[BeneficiaryShare]:
    acc: dict[str, float] = {}
    for b in items:
        acc[b.target] = acc.get(b.target, 0.0) + b.share
    total = sum(acc.values())
    return [BeneficiaryShare(person=k, share=v / total) for k, v in acc.items()]


def _equalising_residue(w: _Work, hh: Household, kin: Kin, ch: BusinessTransfer,
                        children: list[str], specific: list[WillItem]
                        ) -> list[BeneficiaryShare]:
    """Residue shares so that, as far as the residue allows, every child ends up with the same
    value (the successor's stake counted); the spouse keeps any residue share an existing will
    gave them."""
    from .succession import death_today

    if not children:
        raise StructureError(f"{ch.owner} has no living child to hand the business to")
    spouse = kin.living_spouse(ch.owner)
    old = next((x for x in w.wills if x.testator == ch.owner), None)
    sp_share = 0.0
    if old and spouse:
        sp_share = sum(b.share for b in old.residue if b.target == spouse)
        if sp_share > 0.5:
            w.notes.append("equalisation: the spouse's residue share is reduced to one half so "
                           "that the residue can equalise the children")
            sp_share = 0.5
    if not ch.equalise or len(children) == 1:
        base = [BeneficiaryShare(person=c, share=(1 - sp_share) / len(children))
                for c in children]
    else:
        trial = Will(testator=ch.owner, specific=specific,
                     residue=[BeneficiaryShare(person=c, share=1 / len(children))
                              for c in children])
        probe = w.done().model_copy(update={"wills": [x for x in w.wills
                                                      if x.testator != ch.owner] + [trial]})
        res = death_today(probe, ch.owner)
        spec = {k: 0.0 for k in children}
        for s in res.specific:
            for k, v in s.to.items():
                if k in spec:
                    spec[k] += v
        residue = res.residue * (1 - sp_share)
        total = residue + sum(spec.values())
        target = total / len(children)
        want = {c: max(0.0, target - spec[c]) for c in children}
        tot_want = sum(want.values())
        if residue <= 0 or tot_want <= 0:
            want = {c: 1.0 for c in children if c != ch.successor} or {ch.successor: 1.0}
            tot_want = sum(want.values())
        short = max(0.0, spec[ch.successor] - target)
        if short > 0.5:
            w.notes.append(f"equalisation: the business given to {ch.successor} exceeds an equal "
                           f"share by about {short:,.0f}; the residue cannot make the others "
                           "equal (consider insurance or an equalisation payment)")
        base = [BeneficiaryShare(person=c, share=(1 - sp_share) * v / tot_want)
                for c, v in want.items() if v > 0]
    if sp_share > 0 and spouse:
        base.append(BeneficiaryShare(person=spouse, share=sp_share))
    return _merge_shares(base)
