"""Side-by-side comparison of succession structures, each number with a plain sentence in English,
繁體中文 and 简体中文; and typical structures to propose for a household.

The base case ``current`` is the household as it is (its wills, else intestacy). Up to four
scenarios are compared on the same death (same person, same law, same date: the end of the longest
gifting plan among them, at today's values).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from household.facts import facts_of
from household.locale import check_lang, money, pct
from household.model import (
    BeneficiaryShare,
    BusinessTransfer,
    BuyPolicy,
    GiftPlan,
    Household,
    PersonShare,
    Policy,
    Role,
    Scenario,
    SettleTrust,
    SetWill,
    StakeTransfer,
    Trust,
    Will,
)
from i18n import catalog

from .rules import load_rules
from .structures import Applied, StructureError, applied, scenario_end
from .succession import SuccessionResult, death_today

BASE_ID = "current"
MAX_SCENARIOS = 4
METRICS = ("net_to_heirs", "tax_and_costs", "liquidity_gap", "control_after", "fairness")


@dataclass(frozen=True)
class Outcome:
    """One column of the comparison."""

    id: str
    name: str
    result: SuccessionResult
    lifetime_costs: float
    gifts: dict[str, float]  # lifetime gifts received by each person or trust
    trust_interest: dict[str, float]  # value held in the deceased's trusts for each beneficiary
    net_to: dict[str, float]  # estate + insurance + gifts + trust interest, per person
    notes: tuple[str, ...] = ()

    @property
    def tax(self) -> float:
        return self.result.tax

    @property
    def tax_and_costs(self) -> float:
        return self.result.tax + self.result.costs + self.lifetime_costs

    @property
    def liquidity_gap(self) -> float:
        return self.result.liquidity_gap


@dataclass(frozen=True)
class Comparison:
    household: str
    deceased: str
    jurisdiction: str
    on: dt.date
    currency: str
    children: tuple[str, ...]
    outcomes: tuple[Outcome, ...]
    names: dict[str, str] = field(repr=False, default_factory=dict)

    def outcome(self, sid: str) -> Outcome:
        for o in self.outcomes:
            if o.id == sid:
                return o
        raise KeyError(f"no scenario '{sid}' in this comparison")

    def fairness(self, sid: str) -> float:
        """Least-served child's total over the best-served child's (1 = equal; NaN without two
        children)."""
        o = self.outcome(sid)
        vals = [o.net_to.get(c, 0.0) for c in self.children]
        if len(vals) < 2 or max(vals) <= 0:
            return float("nan")
        return min(vals) / max(vals)

    def value(self, metric: str, sid: str, subject: str | None = None) -> Any:
        o = self.outcome(sid)
        if metric == "net_to_heirs":
            return o.net_to.get(subject, 0.0) if subject else dict(o.net_to)
        if metric == "tax_and_costs":
            return o.tax_and_costs
        if metric == "liquidity_gap":
            return o.liquidity_gap
        if metric == "control_after":
            return o.result.control_after.get(subject) if subject else dict(
                o.result.control_after)
        if metric == "fairness":
            return self.fairness(sid)
        if metric == "spouse_marital_share":
            return o.result.spouse_marital_share
        raise KeyError(f"unknown metric '{metric}' (one of {', '.join(METRICS)})")

    def explain(self, metric: str, lang: str = "en", scenario: str = BASE_ID,
                subject: str | None = None) -> str:
        """One plain sentence explaining ``metric`` for ``scenario`` in ``lang``."""
        check_lang(lang)
        return _explain(self, metric, lang, self.outcome(scenario), subject)

    def explanations(self, lang: str = "en") -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for o in self.outcomes:
            d: dict[str, Any] = {
                "net_to_heirs": {p: self.explain("net_to_heirs", lang, o.id, p)
                                 for p in o.net_to},
                "tax_and_costs": self.explain("tax_and_costs", lang, o.id),
                "liquidity_gap": self.explain("liquidity_gap", lang, o.id),
                "control_after": {c: self.explain("control_after", lang, o.id, c)
                                  for c in o.result.control_after},
                "fairness": self.explain("fairness", lang, o.id),
            }
            if o.result.spouse:
                d["spouse_marital_share"] = self.explain("spouse_marital_share", lang, o.id)
            out[o.id] = d
        return out

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        r = lambda x: round(float(x), 2)  # noqa: E731
        ex = self.explanations(lang)
        return {
            "household": self.household, "deceased": self.deceased,
            "jurisdiction": self.jurisdiction, "date_of_death": self.on.isoformat(),
            "currency": self.currency, "children": list(self.children),
            "scenarios": [{
                "id": o.id, "name": o.name,
                "net_to_heirs": {k: r(v) for k, v in o.net_to.items()},
                "estate": r(o.result.estate),
                "spouse_marital_share": r(o.result.spouse_marital_share),
                "marital_transfer_from_deceased": r(o.result.marital_transfer_from_deceased),
                "tax": r(o.result.tax), "costs": r(o.result.costs + o.lifetime_costs),
                "tax_and_costs": r(o.tax_and_costs),
                "liquidity_gap": r(o.liquidity_gap),
                "control_after": dict(o.result.control_after),
                "fairness": None if self.fairness(o.id) != self.fairness(o.id)
                else round(self.fairness(o.id), 4),
                "explanations": ex[o.id], "notes": list(o.notes),
            } for o in self.outcomes],
        }


def compare(hh: Household, scenario_ids: list[str | Scenario], deceased: str,
            jurisdiction: str | None = None, on: dt.date | None = None) -> Comparison:
    """The base case plus up to four scenarios side by side, for the death of ``deceased``."""
    if len(scenario_ids) > MAX_SCENARIOS:
        raise StructureError(f"compare at most {MAX_SCENARIOS} scenarios side by side "
                             f"(got {len(scenario_ids)})")
    from .structures import _find

    scs = [_find(hh, s) for s in scenario_ids]
    on = on or max([hh.as_of] + [scenario_end(hh, s) for s in scs])
    base = Applied(hh, Scenario(id=BASE_ID, name="Current will / intestacy"), (), 0.0, 0.0, on,
                   ())
    outcomes = [_outcome(hh, base, deceased, jurisdiction, on)]
    for s in scs:
        outcomes.append(_outcome(hh, applied(hh, s, on), deceased, jurisdiction, on))
    children = tuple(facts_of(hh).kinship.without({deceased}).living_children(deceased))
    names = {p.id: p.name for p in hh.people} | {t.id: t.name for t in hh.trusts}
    names |= {c.id: c.name for c in hh.companies}
    for s in scs:
        for ch in s.changes:
            if isinstance(ch, SettleTrust):
                names[ch.trust.id] = ch.trust.name
    return Comparison(hh.id, deceased, outcomes[0].result.jurisdiction, on, hh.base_currency,
                      children, tuple(outcomes), names)


def _outcome(hh: Household, ap: Applied, deceased: str, jurisdiction: str | None,
             on: dt.date) -> Outcome:
    res = death_today(ap.household, deceased, jurisdiction, on, gifts=ap.gifts)
    gifts: dict[str, float] = defaultdict(float)
    for g in ap.gifts:
        gifts[g.to] += g.amount
    interest: dict[str, float] = defaultdict(float)
    for t in ap.household.trusts:
        if t.settlor != deceased:
            continue
        value = res.trust_assets.get(t.id, 0.0) + res.insurance.get(t.id, 0.0) + \
            res.heirs.get(t.id, 0.0)
        for b in t.beneficiaries:
            interest[b.person] += value * b.share
    people = {p.id for p in hh.people}
    net: dict[str, float] = defaultdict(float)
    for src in (res.heirs, res.insurance, gifts, interest):
        for k, v in src.items():
            if k in people:
                net[k] += v
    return Outcome(ap.scenario.id, ap.scenario.name, res, ap.costs, dict(gifts), dict(interest),
                   dict(net), ap.notes)


# ----------------------------------------------------------------------------- plain sentences


def _explain(c: Comparison, metric: str, lang: str, o: Outcome, subject: str | None) -> str:
    m = lambda x: money(x, c.currency, lang)  # noqa: E731
    name = lambda k: c.names.get(k, k) if k else ""  # noqa: E731
    if metric == "net_to_heirs":
        if subject is None:
            raise ValueError("net_to_heirs needs a subject (a person ID)")
        return catalog.render(
            "compare.net", lang, who=name(subject), total=m(o.net_to.get(subject, 0.0)),
            estate=m(o.result.heirs.get(subject, 0.0)), ins=m(o.result.insurance.get(subject, 0)),
            gifts=m(o.gifts.get(subject, 0.0)), trust=m(o.trust_interest.get(subject, 0.0)))
    if metric == "tax_and_costs":
        return catalog.render("compare.tax", lang, total=m(o.tax_and_costs),
                              tax=m(o.result.tax), costs=m(o.result.costs),
                              life=m(o.lifetime_costs))
    if metric == "liquidity_gap":
        r = o.result
        # the ledger's parts of the cash needed, each named, so the sum can be checked
        debts_due = max(0.0, r.cash_needed - r.tax - r.costs - r.residual_claim)
        labels = [catalog.text(f"compare.need_parts.{i}", lang) for i in range(4)]
        sep = catalog.text("compare.need_parts.4", lang)
        parts = sep.join(lab.format(m(v)) for lab, v in zip(
            labels, (r.tax, r.costs, debts_due, r.residual_claim), strict=True) if v > 0.005)
        parts = parts or labels[0].format(m(0.0))
        if r.liquidity_gap > 0:
            return catalog.render("compare.gap", lang, gap=m(r.liquidity_gap),
                                  needed=m(r.cash_needed), parts=parts)
        return catalog.render("compare.nogap", lang, liquid=m(r.liquid_assets),
                              needed=m(r.cash_needed), parts=parts)
    if metric == "control_after":
        companies = [subject] if subject else list(o.result.control_after)
        parts = []
        for cid in companies:
            who = o.result.control_after.get(cid)
            key = "ctrl" if who else "noctrl"
            parts.append(catalog.render("compare." + key, lang, company=name(cid), who=name(who)))
        return (" " if lang == "en" else "").join(parts)
    if metric == "spouse_marital_share":
        return _marital_sentence(c, lang, o, name, m)
    if metric == "fairness":
        f = c.fairness(o.id)
        if f != f:
            return catalog.text("compare.nofair", lang)
        return catalog.render("compare.fair", lang, ratio=pct(f, 0))
    raise KeyError(f"unknown metric '{metric}' (one of {', '.join(METRICS)})")


def _marital_sentence(c: Comparison, lang: str, o: Outcome, name: Any, m: Any) -> str:
    r = o.result
    if not r.spouse:
        return catalog.text("compare.m_none", lang)
    who, dead = name(r.spouse), name(c.deceased)
    if r.marital_regime == "community":
        moved = r.marital_transfer_from_deceased
        key = "m_cn" if moved >= 0 else "m_cn_back"
        return catalog.render("compare." + key, lang, who=who, dead=dead,
                              share=m(r.spouse_marital_share), joint=m(r.joint_marital_property),
                              moved=m(abs(moved)))
    if r.marital_regime == "residual_claim":
        if r.residual_claim > 0:
            return catalog.render("compare.m_tw", lang, who=who, share=m(r.residual_claim))
        return catalog.render("compare.m_tw_none", lang, who=who)
    return catalog.render("compare.m_sep", lang, who=who)


# ----------------------------------------------------------------------------- typical structures
def principal(hh: Household) -> str:
    """The head of the family (the household's facts: the living person with the largest net
    worth, ties in file order)."""
    head = facts_of(hh).head
    if head is None:
        raise StructureError("the household has no living person")
    return head


def suggest_scenarios(hh: Household, person: str | None = None) -> list[Scenario]:
    """Typical structures for the principal: a will, a family trust, a policy, a gifting plan and
    a business handover (as many as apply to the household)."""
    pid = person or principal(hh)
    facts = facts_of(hh)
    kin = facts.kinship
    spouse = kin.living_spouse(pid)
    children = kin.living_children(pid)
    bs = facts.balance
    me = bs.entities[pid]
    base = hh.base_currency
    rules = load_rules(hh.person(pid).domicile or hh.jurisdiction)
    fx = hh.fx.get(rules.currency, 0.0) if rules.currency != base else 1.0
    out: list[Scenario] = []
    heirs = ([spouse] if spouse else []) + children
    if heirs:
        residue = [BeneficiaryShare(person=h, share=1 / len(heirs)) for h in heirs]
        if spouse and children:
            residue = [BeneficiaryShare(person=spouse, share=0.5)] + [
                BeneficiaryShare(person=c, share=0.5 / len(children)) for c in children]
        out.append(Scenario(id="will", name="Will: half to the spouse, half to the children",
                            changes=[SetWill(kind="set_will", will=Will(
                                testator=pid, residue=residue, signed_on=hh.as_of))]))
    liquid_ids = [h.id for h in hh.holdings if h.owner == pid and h.liquid]
    stakes = [o for o in hh.ownership if o.owner == pid]
    if children and (liquid_ids or stakes):
        tid = _free_id(hh, "family_trust")
        bens = [PersonShare(person=c, share=1 / len(children)) for c in children]
        moved = sum(hh.to_base(h.value, h.currency) for h in hh.holdings if h.id in liquid_ids)
        moved += me.business
        out.append(Scenario(
            id="family-trust", name="Irrevocable family trust holding the liquid assets and the "
                                    "company stakes",
            changes=[SettleTrust(
                kind="settle_trust",
                trust=Trust(id=tid, name="Family trust 家族信託", settlor=pid,
                            trustee="Trust company (to be chosen)", jurisdiction=hh.jurisdiction,
                            revocable=False, beneficiaries=bens),
                holdings=liquid_ids,
                stakes=[StakeTransfer(owner=pid, company=o.company) for o in stakes],
                setup_cost=round(0.005 * moved, 2), annual_cost_rate=0.003)]))
    try:
        probe = death_today(hh, pid) if children else None
    except ValueError:  # no usable rule set for this person (e.g. a missing fx rate)
        probe = None
    if children and probe is not None:
        need = max(probe.tax + probe.costs, 0.1 * probe.estate)
        sum_assured = float(max(1.0, round(need, -4)))
        holder = spouse or pid
        out.append(Scenario(
            id="insurance", name="Life policy sized to the tax and costs, paid to the children",
            changes=[BuyPolicy(kind="buy_policy", policy=Policy(
                id=_free_id(hh, "succession_policy"), insured=pid, policyholder=holder,
                beneficiaries=[BeneficiaryShare(person=c, share=1 / len(children))
                               for c in children],
                sum_assured=sum_assured, currency=base,
                annual_premium=round(sum_assured * 0.045, 2),
                premium_end_year=hh.as_of.year + 9, kind="whole_life"))]))
    if children:
        excl = rules.at(hh.as_of).get("gift.annual_exclusion")
        if excl and fx:
            per_donee = rules.jurisdiction == "US"
            annual = excl * fx * (len(children) if per_donee else 1)
        else:
            annual = 0.05 * me.liquid
        if annual > 0:
            out.append(Scenario(
                id="gift-plan", name="Five years of gifts to the children",
                changes=[GiftPlan(kind="gift_plan", donor=pid,
                                  recipients=[PersonShare(person=c, share=1 / len(children))
                                              for c in children],
                                  annual_amount=round(annual, 2), currency=base,
                                  start_year=hh.as_of.year, years=5)]))
    if children and stakes:
        main = max(stakes, key=lambda o: me.business_by_company.get(o.company, 0.0) or o.share)
        roles = {r.person for r in hh.relations
                 if isinstance(r, Role) and r.company == main.company}
        successor = next((c for c in children if c in roles), None)
        if successor is None:
            successor = min(children, key=lambda c: hh.person(c).birth_date)
        out.append(Scenario(
            id="business-handover",
            name=f"Hand {hh.company(main.company).name} to {hh.person(successor).name}, "
                 "equalising the other children",
            changes=[BusinessTransfer(kind="business_transfer", company=main.company, owner=pid,
                                      successor=successor, equalise=True, when="at_death")]))
    return out


def _free_id(hh: Household, base: str) -> str:
    used = set(hh.id_kinds())
    cand, n = base, 1
    while cand in used:
        n += 1
        cand = f"{base}_{n}"
    return cand
