"""Death today: who receives what, the tax, the cash to pay it and who controls the companies.

Order of the steps (DESIGN.md): marital property first (CN half of joint marital property to the
survivor; TW the survivor's residual claim, deducted from the estate); then the will (specific
gifts, then the residue) and intestacy for the rest, with representation; estate tax and
modelled costs paid from the estate before sharing (UK/US: borne by the non-exempt shares only);
forced shares on top; insurance with named beneficiaries and trust assets outside the estate.
Company stakes pass as stakes: control afterwards is computed on the household as it stands
after the death.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from household.errors import HouseholdError, Problem
from household.facts import facts_of
from household.model import Household

from .after import household_after
from .estate import Gathered, Lot, Outside, gather, scale_gathered
from .family import STATE, IntestacyPlan, Kin, intestacy_plan
from .history import HistoryError, household_carry, household_gifts
from .notes import note
from .rules import RuleError, RuleSet, load_rules
from .tax import Carry, Gift, TaxInput, TaxLine, TaxResult, estate_tax

_EPS = 0.005


class SuccessionError(ValueError):
    """A succession question that cannot be answered (unknown or dead person, missing fx)."""


@dataclass(frozen=True)
class SpecificGift:
    item: str
    label: str
    value: float  # value given (after abatement, before tax)
    to: dict[str, float]


@dataclass(frozen=True)
class ForcedClaim:
    heir: str
    entitled: float
    received: float  # before the claim
    top_up: float
    reference: str


@dataclass(frozen=True)
class Ledger:
    """One death in one reconciled account (base currency): every figure a page or the PDF shows
    about the death comes from here.

    ``property_in_name = marital_share + debts + estate - debts_unpaid`` and
    ``estate = heirs + tax + costs``; ``outside`` (insurance with named beneficiaries, trust
    assets) passes beside the estate and is never part of it. The household page's net worth of
    the deceased reconciles with it: ``net_worth = property_in_name - payouts_into_estate - debts
    + cash_values_paid_out`` (a policy on the deceased's own life stops being a cash value and
    pays out instead).
    """

    property_in_name: float  # gross: everything in the deceased's name entering the succession
    payouts_into_estate: float  # insurance with no living beneficiary, paid into the estate
    debts: float  # the deceased's own debts (CN: their share of the couple's joint debts)
    marital_share: float  # what the survivor's marital share takes out of it (CN net; TW claim)
    estate: float
    debts_unpaid: float  # debts beyond the assets (heirs are not liable)
    heirs: float
    tax: float
    costs: float
    outside_insurance: float
    outside_trusts: float
    cash_values_paid_out: float = 0.0

    @property
    def net_worth(self) -> float:
        """The deceased's balance-sheet net worth just before the death."""
        return self.property_in_name - self.payouts_into_estate - self.debts + \
            self.cash_values_paid_out

    @property
    def outside(self) -> float:
        return self.outside_insurance + self.outside_trusts

    def to_json(self) -> dict[str, float]:
        r = lambda x: round(float(x), 2)  # noqa: E731
        return {"property_in_name": r(self.property_in_name),
                "payouts_into_estate": r(self.payouts_into_estate),
                "net_worth": r(self.net_worth),
                "cash_values_paid_out": r(self.cash_values_paid_out), "debts": r(self.debts),
                "marital_share": r(self.marital_share), "estate": r(self.estate),
                "debts_unpaid": r(self.debts_unpaid), "heirs": r(self.heirs), "tax": r(self.tax),
                "costs": r(self.costs), "outside_insurance": r(self.outside_insurance),
                "outside_trusts": r(self.outside_trusts)}


@dataclass(frozen=True)
class SuccessionResult:
    """Everything a death on ``on`` sets in motion (amounts in ``currency``, the base currency)."""

    deceased: str
    jurisdiction: str
    on: dt.date
    currency: str
    lots: tuple[Lot, ...]
    gross_estate: float
    debts: float
    spouse: str | None
    marital_regime: str
    # the survivor's marital share, never negative: CN half of the couple's WHOLE joint marital
    # pool (whoever's name it is in); TW the residual property claim; 0 elsewhere
    spouse_marital_share: float
    residual_claim: float
    estate: float
    outside: tuple[Outside, ...]
    will_applied: bool
    specific: tuple[SpecificGift, ...]
    residue: float
    intestate: dict[str, float]
    heir_classes: dict[str, str]
    forced: tuple[ForcedClaim, ...]
    tax: float
    tax_lines: tuple[TaxLine, ...]
    costs: float
    heirs: dict[str, float]
    insurance: dict[str, float]
    liquid_assets: float
    cash_needed: float
    liquidity_gap: float
    gap_after_insurance: float
    forced_business_sale: bool
    control_before: dict[str, str | None]
    control_after: dict[str, str | None]
    warnings: tuple[str, ...]
    carry: Carry = field(default_factory=Carry)
    gift_tax_on_death: float = 0.0
    tax_outside_estate: float = 0.0  # JP: tax the recipients of insurance pay from the payouts
    joint_marital_property: float = 0.0  # CN: the couple's joint marital property (net)
    # what the marital share takes out of the deceased's name, net of what the estate takes from
    # the survivor's name (CN: negative when the survivor's name holds more than their half)
    marital_transfer_from_deceased: float = 0.0
    survivor_marital_property: float = 0.0  # CN: the part of the joint pool in the survivor's name
    # the deceased's own name, before the marital share: property (with payouts falling into the
    # estate) and debts; what the ledger starts from
    property_in_name: float = 0.0
    debts_in_name: float = 0.0
    payouts_into_estate: float = 0.0
    cash_values_paid_out: float = 0.0
    household_after: Household | None = field(default=None, repr=False, compare=False)
    then: SuccessionResult | None = None

    def ledger(self) -> Ledger:
        """The reconciled account of this death (see :class:`Ledger`)."""
        net = self.property_in_name - self.debts_in_name - self.marital_transfer_from_deceased
        return Ledger(
            property_in_name=self.property_in_name, payouts_into_estate=self.payouts_into_estate,
            debts=self.debts_in_name, marital_share=self.marital_transfer_from_deceased,
            estate=self.estate, debts_unpaid=max(0.0, self.estate - net),
            heirs=sum(self.heirs.values()), tax=self.tax, costs=self.costs,
            outside_insurance=sum(o.value for o in self.outside if o.kind == "insurance"),
            outside_trusts=sum(o.value for o in self.outside if o.kind == "trust"),
            cash_values_paid_out=self.cash_values_paid_out)

    @property
    def trust_assets(self) -> dict[str, float]:
        return {o.item: o.value for o in self.outside if o.kind == "trust"}

    def received(self) -> dict[str, float]:
        """Estate plus insurance received by each person or trust."""
        out: dict[str, float] = defaultdict(float)
        for k, v in self.heirs.items():
            out[k] += v
        for k, v in self.insurance.items():
            out[k] += v
        return dict(out)

    def to_json(self) -> dict[str, Any]:
        r = lambda x: round(float(x), 2)  # noqa: E731
        doc: dict[str, Any] = {
            "deceased": self.deceased,
            "jurisdiction": self.jurisdiction,
            "date_of_death": self.on.isoformat(),
            "currency": self.currency,
            "estate": r(self.estate),
            "spouse_marital_share": r(self.spouse_marital_share),
            "tax": r(self.tax),
            "costs": r(self.costs),
            "heirs": {k: r(v) for k, v in self.heirs.items()},
            "insurance": {k: r(v) for k, v in self.insurance.items()},
            "spouse": self.spouse,
            "marital_regime": self.marital_regime,
            "residual_claim": r(self.residual_claim),
            "joint_marital_property": r(self.joint_marital_property),
            "survivor_half_of_joint_property": r(self.spouse_marital_share
                                                 if self.marital_regime == "community" else 0.0),
            "survivor_marital_property": r(self.survivor_marital_property),
            "marital_transfer_from_deceased": r(self.marital_transfer_from_deceased),
            "gross_estate": r(self.gross_estate),
            "debts": r(self.debts),
            "items": [{"item": x.key, "label": x.label, "value": r(x.value),
                       "fraction": round(x.fraction, 6), "owner": x.owner, "liquid": x.liquid}
                      for x in self.lots],
            "outside_estate": [{"kind": o.kind, "item": o.item, "label": o.label,
                                "value": r(o.value), "to": {k: r(v) for k, v in o.to.items()},
                                "taxable": o.taxable} for o in self.outside],
            "will_applied": self.will_applied,
            "specific_gifts": [{"item": s.item, "label": s.label, "value": r(s.value),
                                "to": {k: r(v) for k, v in s.to.items()}}
                               for s in self.specific],
            "residue": r(self.residue),
            "intestacy": {k: r(v) for k, v in self.intestate.items()},
            "heir_classes": dict(self.heir_classes),
            "forced_shares": [{"heir": f.heir, "entitled": r(f.entitled),
                               "received_before": r(f.received), "top_up": r(f.top_up),
                               "reference": f.reference} for f in self.forced],
            "tax_lines": [{"label": t.label, "amount": r(t.amount), "reference": t.reference}
                          for t in self.tax_lines],
            "liquidity": {"liquid_assets": r(self.liquid_assets),
                          "cash_needed": r(self.cash_needed), "gap": r(self.liquidity_gap),
                          "gap_after_insurance": r(self.gap_after_insurance),
                          "forced_business_sale": self.forced_business_sale},
            "control_before": dict(self.control_before),
            "control_after": dict(self.control_after),
            "warnings": list(self.warnings),
            "ledger": self.ledger().to_json(),
        }
        if self.gift_tax_on_death:
            doc["gift_tax_on_death"] = r(self.gift_tax_on_death)
        if self.tax_outside_estate:
            doc["tax_outside_estate"] = r(self.tax_outside_estate)
        if self.then is not None:
            doc["then"] = self.then.to_json()
        return doc


def rules_fx(hh: Household, rules: RuleSet) -> float:
    if rules.currency == hh.base_currency:
        return 1.0
    if rules.currency not in hh.fx:
        raise SuccessionError(f"the {rules.jurisdiction} rule set is in {rules.currency}: add "
                              f"fx.{rules.currency} (units of {hh.base_currency} per one "
                              f"{rules.currency}) to the household")
    return hh.fx[rules.currency]


def _check_person(hh: Household, pid: str) -> None:
    ids = {p.id: p for p in hh.people}
    if pid not in ids:
        raise SuccessionError(f"'{pid}' is not a person of household {hh.id}")
    if not ids[pid].alive:
        raise SuccessionError(f"'{pid}' has already died in this household")


def death_today(hh: Household, deceased: str, jurisdiction: str | None = None,
                on: dt.date | None = None, *, rules: RuleSet | None = None,
                gifts: tuple[Gift, ...] = (), carry: Carry | None = None,
                then: str | None = None) -> SuccessionResult:
    """Succession on the death of ``deceased`` on ``on`` (default: the household's as-of date).

    ``jurisdiction`` defaults to the deceased's domicile. ``then`` names a second death (e.g. the
    surviving spouse) right after the first, on the household as the first death leaves it;
    its result is ``result.then``. The household's past ``gifts`` are always counted (``gifts``
    adds a scenario's planned ones); ``carry=None`` takes the allowances of the household's
    ``prior_deaths``.
    """
    _check_person(hh, deceased)
    person = hh.person(deceased)
    code = jurisdiction or person.domicile or hh.jurisdiction
    try:
        rules = rules or load_rules(code)
    except RuleError as e:
        raise SuccessionError(str(e)) from None
    on = on or hh.as_of
    try:
        past = household_gifts(hh, deceased)
        carried = household_carry(hh, deceased) if carry is None else carry
        res = _succession(hh, deceased, rules, on, past + tuple(gifts), carried)
    except (RuleError, HistoryError) as e:
        raise SuccessionError(str(e)) from None
    if then is not None:
        if then == deceased:
            raise SuccessionError("the second death must be another person")
        after = res.household_after
        assert after is not None
        second = death_today(after, then, jurisdiction, on,
                             rules=rules if jurisdiction else None,
                             gifts=tuple(g for g in gifts if g.donor == then),
                             carry=res.carry if res.spouse == then else None)
        res = _replace(res, then=second)
    return res


def scaled_succession(hh: Household, deceased: str, rules: RuleSet, on: dt.date,
                      scale: float, cache: dict | None = None,
                      years_later: int = 0) -> SuccessionResult:
    """Death today with every asset and debt multiplied by ``scale`` (insurance sums unchanged);
    no household after and no control (used to tabulate the rules over simulated wealth).
    ``cache``: a dict kept by the caller for repeated calls on the same household and person.
    ``years_later``: how many years after ``on`` the simulated death falls; the household's past
    gifts are dated that many years earlier, so the add-back and taper windows see the time
    elapsed while the rules stay those of ``on``."""
    gifts = household_gifts(hh, deceased)
    if years_later:
        gifts = tuple(replace(g, date=_years_before(g.date, years_later)) for g in gifts)
    try:
        return _succession(hh, deceased, rules, on, gifts, household_carry(hh, deceased), scale,
                           light=True, cache=cache)
    except (RuleError, HistoryError) as e:
        raise SuccessionError(str(e)) from None


def _years_before(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def second_death(hh: Household, first: str, second: str, jurisdiction: str | None = None,
                 on: dt.date | None = None) -> tuple[SuccessionResult, SuccessionResult]:
    """Both deaths in order: the second on the household the first leaves behind."""
    res = death_today(hh, first, jurisdiction, on, then=second)
    assert res.then is not None
    return res, res.then


def _replace(res: SuccessionResult, **kw: Any) -> SuccessionResult:
    from dataclasses import replace

    return replace(res, **kw)


@dataclass
class _Alloc:
    receipts: dict[str, float]
    specific: list[SpecificGift]
    specific_by: dict[str, float]
    residue: float
    intestate: dict[str, float]
    residue_to: dict[str, float]  # residue (will and intestacy) per recipient


@dataclass
class _Death:
    """One death being settled: what every step of :func:`_succession` reads, and the warnings
    the steps add in order."""

    hh: Household
    pid: str
    rules: RuleSet
    on: dt.date
    fx: float
    kin: Kin
    g: Gathered
    plan: IntestacyPlan
    warnings: list[str]

    @property
    def lots(self) -> tuple[Lot, ...]:
        return self.g.lots

    def value(self, name: str, *default: Any) -> Any:
        return self.rules.value(name, self.on, *default)


@dataclass(frozen=True)
class _WillPlan:
    """The will as it can be carried out: specific gifts (key, label, value, recipients), the
    residue's recipients and the part of the residue that lapses into intestacy."""

    has_will: bool
    specific: tuple[tuple[str, str, float, dict[str, float]], ...] = ()
    residue_shares: dict[str, float] = field(default_factory=dict)
    lapsed: float = 1.0


@dataclass(frozen=True)
class _Settled:
    """The estate after tax: the allocation, each recipient's amount, the tax and its notes."""

    final: _Alloc
    receipts: dict[str, float]
    tax: float
    tax_outside: float
    forced: list[ForcedClaim]
    tr: TaxResult


def _succession(hh: Household, pid: str, rules: RuleSet, on: dt.date, gifts: tuple[Gift, ...],
                carry: Carry, scale: float = 1.0, light: bool = False,
                cache: dict | None = None) -> SuccessionResult:
    d = _prepare(hh, pid, rules, on, scale, cache)
    lots = d.lots
    gross = sum(x.value for x in lots if x.value > 0)
    debts = -sum(x.value for x in lots if x.value < 0)
    estate, costs = _estate_and_costs(d, gross, debts)
    will = _read_will(d)
    st = _settle(d, will, estate, costs, gross, debts, gifts, carry)
    insurance: dict[str, float] = defaultdict(float)
    for o in d.g.outside:
        if o.kind == "insurance":
            for k, v in o.to.items():
                insurance[k] += v
    sof = d.value("insurance.substance_over_form", None)
    if sof:
        d.warnings.extend(_substance_over_form(hh, pid, on, sof, rules))
    liq = _liquidity(d, st.tax, costs, gross, insurance)
    if light:  # tabulating the rules: no household after, no control
        after, before_ctrl, after_ctrl = None, {}, {}
    else:
        after = household_after(hh, pid, d.g, st.final, st.receipts, dict(insurance), d.plan)
        before_ctrl = dict(facts_of(hh).controllers)
        after_ctrl = dict(facts_of(after).controllers)
    return _result(d, st, will, scale, amounts=(gross, debts, estate, costs),
                   insurance=dict(insurance), liq=liq, after=after,
                   control=(before_ctrl, after_ctrl))


def _prepare(hh: Household, pid: str, rules: RuleSet, on: dt.date, scale: float,
             cache: dict | None) -> _Death:
    """The rule set's fx, the family, the deceased's lots and the intestacy plan (from the
    caller's ``cache`` when it holds them: the lots scaled)."""
    if cache is not None and "g" in cache:
        fx, kin, plan = cache["fx"], cache["kin"], cache["plan"]
        g = scale_gathered(cache["g"], scale)
    else:
        fx = rules_fx(hh, rules)
        kin = Kin.of(hh, frozenset({pid}))
        g = gather(hh, pid, rules, on, kin, scale)
        plan = intestacy_plan(hh, kin, pid, rules, on, fx)
        if cache is not None:
            cache.update(fx=fx, kin=kin, plan=plan, g=scale_gathered(g, 1.0 / scale)
                         if scale > 0 else gather(hh, pid, rules, on, kin, 1.0))
    return _Death(hh, pid, rules, on, fx, kin, g, plan, list(g.warnings) + list(plan.notes))


def _estate_and_costs(d: _Death, gross: float, debts: float) -> tuple[float, float]:
    """The estate (never negative: heirs are not liable for debts beyond it) and the modelled
    settlement costs."""
    net = gross - debts - d.g.residual_claim
    if net < 0:
        d.warnings.append(note("debts_exceed", f"debts exceed the assets by {-net:,.0f}: heirs "
                               "are not liable beyond the estate", amount=-net))
    estate = max(0.0, net)
    rate = d.hh.settlement_costs_rate
    if rate is None:
        rate = float(d.value("costs.administration_rate"))
    return estate, min(estate, rate * gross)


def _read_will(d: _Death) -> _WillPlan:
    """The will's specific gifts of the deceased's lots and its residue, to the recipients alive
    (or trusts); what fails or lapses is noted."""
    pid, will = d.pid, d.hh.will_of(d.pid)
    if will is None:
        return _WillPlan(False)
    trusts = {t.id for t in d.hh.trusts}

    def live(target: str) -> bool:
        return target in d.kin.alive or target in trusts

    specific: list[tuple[str, str, float, dict[str, float]]] = []
    for s in will.specific:
        key = f"stake:{s.company}" if s.company else f"holding:{s.holding}"
        found = [x for x in d.lots if x.key == key and x.owner == pid]
        if not found:
            d.warnings.append(note("will_item_missing", f"will of {pid}: item "
                                   f"{key.split(':')[1]} is not in the estate; the gift fails",
                                   person=pid, item=key.split(':')[1]))
            continue
        value = sum(x.value for x in found)
        to = {b.target: b.share for b in s.to if live(b.target)}
        gone = 1.0 - sum(to.values())
        if gone > 1e-9:
            d.warnings.append(note("will_recipient_died", f"will of {pid}: a recipient of "
                                   f"{key} has died; that part falls into the residue",
                                   person=pid, item=key.split(':')[1]))
        specific.append((key, found[0].label, value * (1 - gone), to))
    residue_shares = {b.target: b.share for b in will.residue if live(b.target)}
    lapsed = max(0.0, 1.0 - sum(residue_shares.values()))
    if lapsed > 1e-9:
        d.warnings.append(note("residue_lapses", f"will of {pid}: part of the residue lapses "
                               f"({lapsed:.0%}) and passes by intestacy", person=pid,
                               share=lapsed))
    return _WillPlan(True, tuple(specific), residue_shares, lapsed)


def _allocate(plan: IntestacyPlan, will: _WillPlan, pool: float) -> _Alloc:
    """``pool`` shared out: specific gifts first (abated in proportion when the pool is short),
    then the residue by the will and intestacy."""
    pool = max(0.0, pool)
    total_spec = sum(v for _, _, v, _ in will.specific)
    k = min(1.0, pool / total_spec) if total_spec > 0 else 1.0
    receipts: dict[str, float] = defaultdict(float)
    spec_by: dict[str, float] = defaultdict(float)
    spec_out = []
    for key, label, v, to in will.specific:
        tot = sum(to.values())
        given = {t: k * v * s / tot for t, s in to.items()} if tot > 0 else {}
        for t, a in given.items():
            receipts[t] += a
            spec_by[t] += a
        spec_out.append(SpecificGift(key, label, k * v, given))
    residue = max(0.0, pool - total_spec * k)
    res_to: dict[str, float] = defaultdict(float)
    intest: dict[str, float] = {}
    if will.has_will:
        for t, s in will.residue_shares.items():
            res_to[t] += residue * s
        intest = plan.split(residue * will.lapsed) if will.lapsed > 1e-9 else {}
    else:
        intest = plan.split(residue)
    for t, a in intest.items():
        res_to[t] += a
    for t, a in res_to.items():
        receipts[t] += a
    return _Alloc(dict(receipts), spec_out, dict(spec_by), residue, intest, dict(res_to))


def _settle(d: _Death, will: _WillPlan, estate: float, costs: float, gross: float,
            debts: float, gifts: tuple[Gift, ...], carry: Carry) -> _Settled:
    """The law's shares first (will, intestacy) on the estate before costs and tax, the costs
    out of every share in proportion; then the tax, borne as the rule set says, and the forced
    shares."""
    shares = _allocate(d.plan, will, estate)
    borne = d.value("estate_tax.borne_by")
    forced: list[ForcedClaim] = []
    if borne == "recipients":
        # JP: the forced-share claim settles the takes the tax follows (spouse relief included);
        # the forced shares are computed on the estate before tax
        claimed = dict(shares.receipts)
        forced = _forced_shares(d.hh, d.rules, d.on, d.fx, d.plan, claimed, will.has_will)
        shares = _with_receipts(shares, claimed)
    pool0 = estate - costs
    pre = _scaled(shares, pool0 / estate if estate > 0 else 0.0)
    spouse, spouse_ok = _spouse_exemption(d, pre)
    tax_in = _tax_input(d, shares, pre, spouse, spouse_ok, debts=debts, costs=costs,
                        gross=gross, gifts=gifts, carry=carry)
    tr: TaxResult = estate_tax(tax_in)
    tax = min(tr.total, max(0.0, pool0))
    d.warnings.extend(tr.notes)
    tax_outside = 0.0
    if borne == "recipients" and tr.by_recipient is not None:
        final = pre
        receipts, tax, tax_outside = _tax_by_recipient(d, pre, tr.by_recipient)
    elif borne == "estate" or tax == 0:
        after_tax = max(0.0, estate - tax)
        final = _scaled(_allocate(d.plan, will, after_tax), (after_tax - costs) / after_tax
                        if after_tax > 0 else 0.0)
        receipts = dict(final.receipts)
    else:
        final = pre
        receipts, tax = _tax_from_shares(d, pre, tax, {spouse} if spouse_ok else set())
    if borne != "recipients":
        forced = _forced_shares(d.hh, d.rules, d.on, d.fx, d.plan, receipts, will.has_will)
    for claim in forced:
        # the claim is already in the heirs' amounts: the note says so, it adds nothing
        d.warnings.append(note("forced_share", f"forced share: {claim.heir}'s amount includes "
                               f"{claim.top_up:,.0f} claimed beyond what the will gives "
                               f"({claim.reference})", heir=claim.heir,
                               amount=claim.top_up, reference=claim.reference))
    return _Settled(final, receipts, tax, tax_outside, forced, tr)


def _spouse_exemption(d: _Death, pre: _Alloc) -> tuple[str | None, bool]:
    """The living spouse and whether their share is exempt (US: a citizen spouse only)."""
    spouse = d.kin.living_spouse(d.pid)
    exempt_kind = d.value("estate_tax.spouse_exempt", None)
    spouse_ok = bool(spouse) and (exempt_kind == "any_spouse" or (
        exempt_kind == "citizen_spouse" and d.hh.person(spouse).us_citizen))
    if spouse and exempt_kind == "citizen_spouse" and not spouse_ok and \
            pre.receipts.get(spouse, 0) > 0:
        d.warnings.append(note("spouse_not_citizen", "the surviving spouse is not a US citizen: "
                               "no marital deduction unless the property passes through a "
                               "qualified domestic trust (QDOT)"))
    return spouse, spouse_ok


def _tax_input(d: _Death, shares: _Alloc, pre: _Alloc, spouse: str | None, spouse_ok: bool, *,
               debts: float, costs: float, gross: float, gifts: tuple[Gift, ...],
               carry: Carry) -> TaxInput:
    """What the estate tax formulas read about this death."""
    hh, pid, rules, on, fx, plan, kin, g = d.hh, d.pid, d.rules, d.on, d.fx, d.plan, d.kin, d.g
    lots = g.lots
    person = hh.person(pid)
    domiciled = _domiciled(hh, pid, rules)
    tax_lots = lots if domiciled else tuple(x for x in lots if x.situs == rules.jurisdiction)
    if not domiciled:
        d.warnings.append(note("not_domiciled", f"{pid} is not domiciled in "
                               f"{rules.jurisdiction}: only assets situated there are taxed",
                               person=pid, jurisdiction=rules.jurisdiction))
    scope = sum(x.value for x in tax_lots if x.value > 0) / gross if gross > 0 else 0.0
    outside_taxable = sum(o.value for o in g.outside if o.taxable)
    statutory = plan.split(1.0)
    ins_tax_to = _taxable_insurance_to(g)
    takes = _takes(d, shares, ins_tax_to, statutory, domiciled)
    costs_deductible = bool(d.value("costs.deductible", False))
    return TaxInput(
        rules=rules, on=on, fx=fx, domiciled=domiciled,
        us_person=person.us_citizen or person.domicile == "US",
        lots=tax_lots, outside_taxable=outside_taxable if domiciled else 0.0,
        debts=debts * scope, residual_claim=g.residual_claim, costs=costs * scope,
        spouse_alive=spouse is not None,
        # where costs are deductible (US §2053) the marital deduction is the spouse's share net
        # of them; elsewhere the costs are no transfer and the whole share is exempt
        spouse_receipts=(pre if costs_deductible else shares).receipts.get(spouse, 0.0)
        if spouse else 0.0, spouse_exempt_ok=spouse_ok,
        descendant_heirs=tuple(hh.age(h, on) for h, c in plan.classes.items()
                               if c == "descendants"),
        parents=sum(1 for p in kin.parents.get(pid, ()) if p in kin.alive),
        disabled_heirs=sum(1 for h in plan.classes if hh.person(h).disabled_dependent),
        residence_to_descendants=_to_descendants(lots, pre, kin, pid, "residence"),
        business_to_nonexempt=_business_to_nonexempt(lots, pre, spouse if spouse_ok else None),
        gifts=tuple(x for x in gifts if x.donor == pid), carry=carry,
        statutory=statutory, takes=takes, spouse=spouse,
        surcharge_free=frozenset(k for k, c in plan.classes.items()
                                 if c in ("spouse", "descendants", "parents")),
        insurance_to=dict(ins_tax_to), addback_to=kin.addback_circle(pid))


def _taxable_insurance_to(g: Gathered) -> dict[str, float]:
    """Taxable insurance payouts outside the estate, per recipient."""
    out: dict[str, float] = defaultdict(float)
    for o in g.outside:
        if o.taxable and o.kind == "insurance":
            for k, v in o.to.items():
                out[k] += v
    return out


def _takes(d: _Death, shares: _Alloc, ins_tax_to: dict[str, float],
           statutory: dict[str, float], domiciled: bool) -> dict[str, float]:
    """JP: what each recipient takes before any modelled settlement costs, with the taxable
    insurance above the statutory heirs' exemption."""
    takes = dict(shares.receipts)
    if ins_tax_to and domiciled and d.rules.has("estate_tax.insurance_exemption_per_heir"):
        n_heirs = sum(1 for v in statutory.values() if v > 0)
        ex = min(sum(ins_tax_to.values()), n_heirs * d.fx *
                 d.value("estate_tax.insurance_exemption_per_heir"))
        heirs_ins = sum(v for k, v in ins_tax_to.items() if k in statutory)
        for k, v in ins_tax_to.items():
            cut = ex * v / heirs_ins if k in statutory and heirs_ins > 0 else 0.0
            takes[k] = takes.get(k, 0.0) + v - cut
    return takes


def _tax_by_recipient(d: _Death, pre: _Alloc, by_recipient: dict[str, float]
                      ) -> tuple[dict[str, float], float, float]:
    """Each recipient pays their own tax from what they receive (JP); what exceeds it falls on
    insurance payouts received outside the estate. (receipts, tax, tax outside the estate)"""
    receipts = dict(pre.receipts)
    tax = tax_outside = 0.0
    for k, v in by_recipient.items():
        paid = min(v, receipts.get(k, 0.0))
        if k in receipts:
            receipts[k] -= paid
        tax += paid
        tax_outside += v - paid
    if tax_outside > _EPS:
        d.warnings.append(note("tax_on_insurance", f"{tax_outside:,.0f} of inheritance tax "
                               "falls on insurance payouts received outside the estate",
                               amount=tax_outside))
    return receipts, tax, tax_outside


def _tax_from_shares(d: _Death, pre: _Alloc, tax: float, exempt: set[str | None]
                     ) -> tuple[dict[str, float], float]:
    """UK/US: the tax borne by the non-exempt shares, then (if they cannot) by the exempt
    ones; never more than the estate can pay. (receipts, tax)"""
    receipts = dict(pre.receipts)
    avail = sum(receipts.values())
    if tax > avail:
        d.warnings.append(note("tax_exceeds_estate", f"tax of {tax:,.0f} exceeds what the "
                               f"estate can pay ({avail:,.0f}); the rest falls on the "
                               "recipients of the assets taxed outside it", tax=tax,
                               available=avail))
        tax = avail
    base = sum(v for k, v in receipts.items() if k not in exempt)
    take = min(tax, base)
    if base > 0:
        for k in receipts:
            if k not in exempt:
                receipts[k] -= take * receipts[k] / base
    rest, left = tax - take, sum(v for k, v in receipts.items() if k in exempt)
    if rest > 0 and left > 0:
        for k in receipts:
            if k in exempt:
                receipts[k] -= rest * receipts[k] / left
    return receipts, tax


@dataclass(frozen=True)
class _Liquidity:
    liquid: float
    needed: float
    gap: float
    gap_after: float
    forced_sale: bool


def _liquidity(d: _Death, tax: float, costs: float, gross: float,
               insurance: dict[str, float]) -> _Liquidity:
    """The cash the death calls for against the liquid assets, before and after insurance paid
    to living people, and whether the business would have to be sold."""
    lots = d.lots
    liquid = sum(x.value for x in lots if x.value > 0 and x.liquid)
    # cash falls due for the deceased's own debts only: the half of a joint debt in the
    # survivor's name (CN) reduces the estate but is not repaid at the death
    due = -sum(x.value for x in lots if x.value < 0 and x.owner == d.pid)
    needed = tax + costs + min(due, gross) + d.g.residual_claim
    gap = max(0.0, needed - liquid)
    ins_people = sum(v for k, v in insurance.items() if k in d.kin.alive)
    gap_after = max(0.0, gap - ins_people)
    other_illiquid = sum(x.value for x in lots if x.value > 0 and not x.liquid and not x.business)
    has_business = any(x.business and x.value > 0 for x in lots)
    return _Liquidity(liquid, needed, gap, gap_after,
                      has_business and gap_after > other_illiquid + 1e-6)


def _result(d: _Death, st: _Settled, will: _WillPlan, scale: float, *,
            amounts: tuple[float, float, float, float], insurance: dict[str, float],
            liq: _Liquidity, after: Household | None,
            control: tuple[dict[str, str | None], dict[str, str | None]]) -> SuccessionResult:
    hh, pid, g, lots = d.hh, d.pid, d.g, d.lots
    before_ctrl, after_ctrl = control
    gross, debts, estate, costs = amounts
    # the deceased's own items before the marital share: their lots and the part of their
    # marital items passing to the survivor in kind (CN)
    own = [x for x in lots if x.owner == pid] + list(g.marital_lots)
    # keep sub-cent shares too: estate = heirs + tax + costs must hold to the cent
    heirs = {k: v for k, v in st.receipts.items() if v > 1e-9}
    return SuccessionResult(
        deceased=pid, jurisdiction=d.rules.jurisdiction, on=d.on, currency=hh.base_currency,
        lots=lots, gross_estate=gross, debts=debts, spouse=d.kin.living_spouse(pid),
        marital_regime=g.regime, spouse_marital_share=g.marital_share,
        residual_claim=g.residual_claim, estate=estate, outside=g.outside,
        will_applied=will.has_will, specific=tuple(st.final.specific),
        residue=st.final.residue,
        intestate={k: v for k, v in st.final.intestate.items() if v > 0},
        heir_classes=dict(d.plan.classes), forced=tuple(st.forced), tax=st.tax,
        tax_lines=st.tr.lines, costs=costs, heirs=heirs, insurance=insurance,
        liquid_assets=liq.liquid, cash_needed=liq.needed, liquidity_gap=liq.gap,
        gap_after_insurance=liq.gap_after, forced_business_sale=liq.forced_sale,
        control_before=before_ctrl, control_after=after_ctrl, warnings=tuple(d.warnings),
        carry=st.tr.carry, gift_tax_on_death=st.tr.gift_tax_on_death, household_after=after,
        tax_outside_estate=st.tax_outside, joint_marital_property=g.joint_marital,
        marital_transfer_from_deceased=g.marital_transfer,
        survivor_marital_property=g.survivor_marital,
        property_in_name=sum(x.value for x in own if x.value > 0),
        debts_in_name=-sum(x.value for x in own if x.value < 0),
        payouts_into_estate=sum(x.value for x in own if x.kind == "payout" and x.value > 0),
        cash_values_paid_out=scale * sum(hh.to_base(p.cash_value, p.currency)
                                         for p in hh.policies
                                         if p.policyholder == pid and p.insured == pid))


def _scaled(a: _Alloc, k: float) -> _Alloc:
    """Every amount of an allocation times ``k`` (costs out of every share in proportion)."""
    return _Alloc({t: v * k for t, v in a.receipts.items()},
                  [SpecificGift(g.item, g.label, g.value * k, {t: v * k for t, v in g.to.items()})
                   for g in a.specific],
                  {t: v * k for t, v in a.specific_by.items()}, a.residue * k,
                  {t: v * k for t, v in a.intestate.items()},
                  {t: v * k for t, v in a.residue_to.items()})


def _with_receipts(a: _Alloc, receipts: dict[str, float]) -> _Alloc:
    from dataclasses import replace

    return replace(a, receipts=receipts)


def _domiciled(hh: Household, pid: str, rules: RuleSet) -> bool:
    p = hh.person(pid)
    if rules.jurisdiction == "US":
        return p.us_citizen or p.domicile == "US"
    return (p.domicile or hh.jurisdiction) == rules.jurisdiction


def _to_descendants(lots: tuple[Lot, ...], a: _Alloc, kin: Kin, pid: str, what: str) -> float:
    total_res = sum(a.residue_to.values())
    desc = {k for k in a.receipts if kin.is_descendant(k, pid)}
    res_frac = sum(v for k, v in a.residue_to.items() if k in desc) / total_res \
        if total_res > 0 else 0.0
    spec = {s.item: s for s in a.specific}
    out = 0.0
    for x in lots:
        if what == "residence" and not x.residence:
            continue
        s = spec.get(x.key)
        if s is not None and x.owner == pid:
            tot = sum(s.to.values())
            out += x.value * (sum(v for k, v in s.to.items() if k in desc) / tot if tot else 0)
        else:
            out += x.value * res_frac
    return out


def _business_to_nonexempt(lots: tuple[Lot, ...], a: _Alloc, exempt: str | None) -> float:
    total_res = sum(a.residue_to.values())
    res_frac = sum(v for k, v in a.residue_to.items() if k != exempt) / total_res \
        if total_res > 0 else 0.0
    spec = {s.item: s for s in a.specific}
    out = 0.0
    for x in lots:
        if not (x.kind == "stake" and x.relief and x.value > 0):
            continue
        s = spec.get(x.key)
        if s is not None:
            tot = sum(s.to.values())
            out += x.value * (sum(v for k, v in s.to.items() if k != exempt) / tot if tot else 0)
        else:
            out += x.value * res_frac
    return out


def _forced_shares(hh: Household, rules: RuleSet, on: dt.date, fx: float, plan: IntestacyPlan,
                   receipts: dict[str, float], has_will: bool) -> list[ForcedClaim]:
    """Top up heirs whose will-given share is below their forced share (in place)."""
    if not has_will:
        return []
    fractions = rules.value("forced_share.fractions", on)
    needs = float(rules.value("forced_share.needs_amount", on, 0) or 0) * fx
    total = sum(receipts.values())
    statutory = plan.split(total)
    entitled: dict[str, float] = {}
    for h, cls in plan.classes.items():
        if cls in fractions:
            entitled[h] = fractions[cls] * statutory.get(h, 0.0)
        elif needs and hh.person(h).disabled_dependent:
            entitled[h] = min(needs, total)
    if not entitled:
        return []
    ref = rules.reference("forced_share.fractions" if fractions else "forced_share.needs_amount",
                          on)
    # claims under half a cent are not made, and what is not claimed is not taken from others
    short = {h: e - receipts.get(h, 0.0) for h, e in entitled.items()
             if e - receipts.get(h, 0.0) > _EPS}
    need = sum(short.values())
    if not short:
        return []
    excess = {k: max(0.0, v - entitled.get(k, 0.0)) for k, v in receipts.items()}
    avail = sum(excess.values())
    f = min(1.0, avail / need) if need > 0 else 0.0
    claims = []
    before = dict(receipts)
    for k, e in excess.items():
        if avail > 0:
            receipts[k] -= need * f * e / avail
    for h, s in short.items():
        receipts[h] = receipts.get(h, 0.0) + s * f
        claims.append(ForcedClaim(h, entitled[h], before.get(h, 0.0), s * f, ref))
    return claims


def _substance_over_form(hh: Household, pid: str, on: dt.date, sof: dict,
                         rules: RuleSet) -> list[str]:
    out = []
    for pol in hh.policies:
        if pol.insured != pid or not pol.beneficiaries:
            continue
        reasons = []
        codes: list[tuple[str, int | None]] = []
        if sof.get("policyholder_not_insured") and pol.policyholder != pid:
            reasons.append("the policyholder is not the insured")
            codes.append(("holder_not_insured", None))
        if pol.issued_on is not None:
            if hh.age(pid, pol.issued_on) >= sof.get("age_at_issue", 200):
                reasons.append(f"bought at age {hh.age(pid, pol.issued_on)}")
                codes.append(("age_at_issue", hh.age(pid, pol.issued_on)))
            if (on - pol.issued_on).days < 365.25 * sof.get("years_before_death", 0):
                reasons.append("bought shortly before death")
                codes.append(("shortly_before_death", None))
        if reasons:
            ref = rules.reference("insurance.substance_over_form", on)
            out.append(note("substance_over_form", f"policy {pol.id}: the tax office may pull "
                            "the payout back into the estate on substance-over-form grounds "
                            f"({'; '.join(reasons)}) — {ref}", policy=pol.id,
                            reasons=tuple(codes), reference=ref))
    return out


def problem(message: str) -> HouseholdError:
    return HouseholdError([Problem("--deceased", message)])


__all__ = ["STATE", "ForcedClaim", "Gathered", "Ledger", "SpecificGift", "SuccessionError",
           "SuccessionResult", "death_today", "second_death"]
