"""The household as a death leaves it: the deceased's items gone, the survivor's marital share,
each heir's inheritance in kind (company stakes and policies pass as they are; other holdings are
shared out in proportion, net of tax and costs), insurance payouts as new deposits.

Used for control after the death and for a second death after the first.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from household.model import MAX_AMOUNT, Holding, Household, Liability, Ownership

from .estate import Gathered, Lot
from .family import STATE, IntestacyPlan


def _uid(base: str, used: set[str]) -> str:
    cand = base[:64]
    n = 1
    while cand in used:
        n += 1
        cand = f"{base[:58]}.{n}"
    used.add(cand)
    return cand


def bounded_parts(amount: float) -> list[float]:
    """``amount`` in pieces of at most :data:`household.model.MAX_AMOUNT` (one item's bound).

    Receipts converted to the base currency can pass the bound a single input amount obeys; the
    household after a death stays valid by holding them as several deposits.
    """
    n = max(1, math.ceil(amount / MAX_AMOUNT))
    return [amount / n] * n


def household_after(hh: Household, pid: str, g: Gathered, alloc: Any,
                    receipts: dict[str, float], insurance: dict[str, float],
                    plan: IntestacyPlan) -> Household:
    people = {p.id for p in hh.people}
    trusts = {t.id for t in hh.trusts}
    recipients = {k: v for k, v in receipts.items()
                  if v > 0 and k != STATE and (k in people or k in trusts)}
    if g.residual_claim > 0 and g.survivor:  # TW: the claim is paid to the survivor in money
        recipients[g.survivor] = recipients.get(g.survivor, 0.0) + g.residual_claim
    m = _Marital(g)
    inkind, divisible = _in_kind(pid, g, alloc, recipients)
    new = _NewItems(hh, set(hh.id_kinds()))
    holdings = _kept_holdings(hh, pid, g, m, new)
    for t, lst in inkind.items():
        for x, f in lst:
            if x.kind == "holding":
                new.give(x.item, t, x.fraction * f)
    inkind_value = {t: sum(x.value * f for x, f in lst) for t, lst in inkind.items()}
    cash = {t: recipients[t] - inkind_value.get(t, 0.0) for t in recipients}
    _pay_cash(pid, cash, divisible, people, new)
    for t, v in insurance.items():
        if t in people or t in trusts:
            new.cash_holding(t, v, f"payout.{pid}")
    people_after = [p.model_copy(update={"alive": False}) if p.id == pid else p
                    for p in hh.people]
    cash_flows = [c for c in hh.cash_flows if not (c.person == pid and c.stops_at_death)]
    wills = [w for w in hh.wills if w.testator != pid]
    return hh.model_copy(update={
        "people": people_after, "holdings": holdings + new.holdings,
        "ownership": _ownership_after(hh, pid, g, m, inkind),
        "policies": _policies_after(hh, pid, m, inkind),
        "liabilities": new.liabilities + _liabilities_after(hh, pid, m),
        "cash_flows": cash_flows, "wills": wills})


class _Marital:
    """The survivor's marital position: under community property, the fraction of each of the
    survivor's items that the estate takes (by lot key)."""

    def __init__(self, g: Gathered) -> None:
        self.survivor = g.survivor
        self.community = g.regime == "community" and g.survivor is not None
        self.frac = {x.key: x.fraction for x in g.lots if x.owner == g.survivor}

    def takes(self, owner: str, key: str) -> bool:
        """Whether the estate takes part of ``owner``'s item ``key`` (the survivor's, under
        community property)."""
        return self.community and owner == self.survivor and key in self.frac

    def left(self, owner: str, key: str) -> float:
        """The fraction of an item ``owner`` keeps."""
        return 1 - self.frac[key] if self.takes(owner, key) else 1.0

    def kept(self, item: Any, owner: str, key: str, amount: str) -> Any:
        """``item`` (a holding or a debt) with its ``amount`` less what the estate takes."""
        if not self.takes(owner, key):
            return item
        return item.model_copy(update={amount: getattr(item, amount) * self.left(owner, key)})


def _in_kind(pid: str, g: Gathered, alloc: Any, recipients: dict[str, float]
             ) -> tuple[dict[str, list[tuple[Lot, float]]], list[Lot]]:
    """Lots passing as they are (specific gifts, policies, company stakes), per recipient with
    the fraction each takes; the other lots are shared out in proportion."""
    survivor = g.survivor
    spec = {s.item: s for s in alloc.specific}
    res_w = {k: v for k, v in alloc.residue_to.items() if k in recipients and v > 0}
    tot_w = sum(res_w.values())
    top = max(recipients, key=recipients.get) if recipients else None
    inkind: dict[str, list[tuple[Lot, float]]] = defaultdict(list)  # recipient -> (lot, frac)
    divisible: list[Lot] = []
    for x in g.lots:
        if x.value <= 0:
            continue
        s = spec.get(x.key) if x.owner == pid else None
        tot = sum(s.to.values()) if s is not None else 0.0
        if tot > 0:  # a gift abated to nothing (estate eaten by debts) places no lot
            for t, v in s.to.items():
                if t in recipients:
                    inkind[t].append((x, v / tot))
        elif x.kind == "policy":
            owner = survivor if (x.owner == survivor and survivor in recipients) else top
            if owner is not None:
                inkind[owner].append((x, 1.0))
        elif x.kind == "stake":
            if tot_w > 0:
                for t, w in res_w.items():
                    inkind[t].append((x, w / tot_w))
            elif top is not None:
                inkind[top].append((x, 1.0))
        else:
            divisible.append(x)
    return inkind, divisible


class _NewItems:
    """Holdings and loans the death creates, with IDs unique in the household."""

    def __init__(self, hh: Household, used: set[str]) -> None:
        self.hh = hh
        self.used = used
        self.by_id = {h.id: h for h in hh.holdings}
        self.holdings: list[Holding] = []
        self.liabilities: list[Liability] = []

    def uid(self, base: str) -> str:
        return _uid(base, self.used)

    def give(self, holding: str, owner: str, frac: float) -> None:
        """A fraction of one of the deceased's holdings, as a new holding of ``owner``."""
        h = self.by_id[holding]
        if frac * h.value <= 0.005:
            return
        self.holdings.append(h.model_copy(update={
            "id": self.uid(f"{h.id}.{owner}"), "owner": owner, "value": h.value * frac,
            "marital": "separate", "situs": h.situs}))

    def cash_holding(self, owner: str, amount: float, tag: str) -> None:
        if amount <= 0.005:
            return
        for part in bounded_parts(amount):
            self.holdings.append(Holding(id=self.uid(f"{tag}.{owner}"), owner=owner,
                                         asset_class="cash", value=part,
                                         currency=self.hh.base_currency, kind="deposit",
                                         liquid=True, situs=_place(self.hh, owner),
                                         marital="separate"))

    def advance(self, pid: str, borrower: str, amount: float) -> None:
        """A loan from the estate: ``borrower`` received in kind more than their share."""
        for part in bounded_parts(amount):
            self.liabilities.append(Liability(id=self.uid(f"estate-advance.{pid}.{borrower}"),
                                              borrower=borrower, amount=part,
                                              currency=self.hh.base_currency, kind="loan"))


def _kept_holdings(hh: Household, pid: str, g: Gathered, m: _Marital, new: _NewItems
                   ) -> list[Holding]:
    """Everyone else's holdings (the survivor's less what the estate takes under community
    property), then the survivor's half of the deceased's marital holdings."""
    holdings = [m.kept(h, h.owner, f"holding:{h.id}", "value") for h in hh.holdings
                if h.owner != pid]
    for x in g.marital_lots:
        if x.kind == "holding":
            h = new.by_id[x.item]
            holdings.append(h.model_copy(update={
                "id": new.uid(f"{h.id}.m"), "owner": m.survivor,
                "value": h.value * x.fraction, "marital": "marital"}))
    return holdings


def _pay_cash(pid: str, cash: dict[str, float], divisible: list[Lot], people: set[str],
              new: _NewItems) -> None:
    """What each recipient is owed beyond their lots in kind, from the divisible lots in
    proportion (or in cash); a recipient who took more in kind owes the estate the difference."""
    v_div = sum(x.value for x in divisible)
    for t, c in cash.items():
        if c > 0:
            if v_div >= 1.0:  # below one unit the ratio could overflow: pay in cash instead
                k = c / v_div
                for x in divisible:
                    if x.kind == "holding":
                        new.give(x.item, t, x.fraction * k)
                    else:
                        new.cash_holding(t, x.value * k, f"estate.{pid}")
            else:
                new.cash_holding(t, c, f"estate.{pid}")
        elif c < -0.005 and t in people:
            new.advance(pid, t, -c)


def _ownership_after(hh: Household, pid: str, g: Gathered, m: _Marital,
                     inkind: dict[str, list[tuple[Lot, float]]]) -> list[Ownership]:
    """The deceased's stakes pass; the survivor keeps the rest of a marital stake."""
    stakes: dict[tuple[str, str], list] = {}

    def add(owner: str, company: str, share: float, votes: float, marital: str) -> None:
        if share <= 1e-12:
            return
        cur = stakes.setdefault((owner, company), [0.0, 0.0, marital])
        cur[0] += share
        cur[1] += votes

    own_rows = {(o.owner, o.company): o for o in hh.ownership}
    for o in hh.ownership:
        if o.owner == pid:
            continue
        f = m.left(o.owner, f"stake:{o.company}") if m.community else 1.0
        add(o.owner, o.company, o.share * f, o.votes * f, o.marital or "separate")
    for x in g.marital_lots:
        if x.kind == "stake":
            o = own_rows[(pid, x.item)]
            add(m.survivor, x.item, o.share * x.fraction, o.votes * x.fraction, "marital")
    for t, lst in inkind.items():
        for x, f in lst:
            if x.kind == "stake":
                o = own_rows[(x.owner, x.item)]
                add(t, x.item, o.share * x.fraction * f, o.votes * x.fraction * f, "separate")
    return [Ownership(owner=k[0], company=k[1], share=min(1.0, v[0]), voting=min(1.0, v[1]),
                      marital=v[2]) for k, v in stakes.items()]


def _policies_after(hh: Household, pid: str, m: _Marital,
                    inkind: dict[str, list[tuple[Lot, float]]]) -> list:
    """Policies on the deceased's life are paid out; those the deceased held pass to the
    recipient of the lot."""
    policies = []
    policy_owner = {x.item: t for t, lst in inkind.items() for x, _ in lst if x.kind == "policy"}
    for p in hh.policies:
        if p.insured == pid:
            continue
        if p.policyholder == pid or (p.id in policy_owner and p.policyholder == m.survivor):
            new_owner = policy_owner.get(p.id)
            if new_owner is None:
                continue
            p = p.model_copy(update={"policyholder": new_owner})
        policies.append(p)
    return policies


def _liabilities_after(hh: Household, pid: str, m: _Marital) -> list[Liability]:
    """Everyone else's debts (the survivor's less what the estate takes under community
    property); the deceased no longer guarantees anything."""
    out: list[Liability] = []
    for li in hh.liabilities:
        if li.borrower == pid:
            continue
        li = m.kept(li, li.borrower, f"debt:{li.id}", "amount")
        if pid in li.guarantors:
            li = li.model_copy(update={"guarantors": [x for x in li.guarantors if x != pid]})
        out.append(li)
    return out


def _place(hh: Household, owner: str) -> str:
    for p in hh.people:
        if p.id == owner:
            return p.domicile or hh.jurisdiction
    for t in hh.trusts:
        if t.id == owner:
            return t.jurisdiction
    return hh.jurisdiction
