"""Estate taxes by rule set: Taiwan, United States (citizens, domiciliaries and non-resident
aliens), United Kingdom; none in mainland China, Hong Kong and Singapore.

Every formula reads the values in force on the date of death and returns each deduction with its
legal reference, so a banker can show the client how the figure arises.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from .notes import note
from .rules import RuleSet


@dataclass(frozen=True)
class TaxLine:
    """One line of a tax computation. ``label`` is the English wording (the JSON output's);
    ``code`` and ``params`` are what the text side translates (catalog ``tax.<code>``)."""

    label: str
    amount: float
    reference: str
    code: str = ""
    params: tuple[tuple[str, object], ...] = ()


def _line(code: str, label: str, amount: float, reference: str, **params: object) -> TaxLine:
    return TaxLine(label, amount, reference, code, tuple(params.items()))


@dataclass(frozen=True)
class Gift:
    """A lifetime gift (base currency) made on ``date``; ``tax_paid`` at the time of the gift."""

    donor: str
    to: str
    amount: float
    date: dt.date
    heir: bool = True  # the recipient is the spouse or an heir (TW add-back)
    spouse: bool = False
    tax_paid: float = 0.0


@dataclass(frozen=True)
class Carry:
    """What a first death leaves to the surviving spouse's tax position."""

    dsue: float = 0.0  # US deceased spousal unused exclusion (base currency)
    nrb_fraction: float = 0.0  # UK transferable nil-rate band, as a fraction of one band
    rnrb_fraction: float = 0.0
    br_allowance: float = 0.0  # UK unused business relief allowance (base currency)


@dataclass(frozen=True)
class TaxInput:
    rules: RuleSet
    on: dt.date
    fx: float  # base units per one unit of the rule set's currency
    domiciled: bool  # taxed on worldwide assets
    us_person: bool
    lots: tuple  # estate lots in the tax scope (Lot)
    outside_taxable: float  # insurance/revocable trust counted in the tax base
    debts: float  # positive
    residual_claim: float
    costs: float
    spouse_alive: bool
    spouse_receipts: float  # pre-tax amount passing to the spouse from the estate
    spouse_exempt_ok: bool  # e.g. US: spouse is a US citizen
    descendant_heirs: tuple[int, ...] = ()  # ages of descendant heirs (TW)
    parents: int = 0
    disabled_heirs: int = 0
    residence_to_descendants: float = 0.0
    business_to_nonexempt: float = 0.0
    gifts: tuple[Gift, ...] = ()
    carry: Carry = field(default_factory=Carry)
    # JP: statutory fractions, what each recipient takes (estate + taxable insurance), who is
    # free of the surcharge, the spouse, and the insurance each recipient receives
    statutory: dict[str, float] = field(default_factory=dict)
    takes: dict[str, float] = field(default_factory=dict)
    surcharge_free: frozenset[str] = frozenset()
    spouse: str | None = None
    insurance_to: dict[str, float] = field(default_factory=dict)
    # TW: whose gifts within the add-back years count (spouse, heirs of every order, their spouses)
    addback_to: frozenset[str] | None = None


@dataclass(frozen=True)
class TaxResult:
    total: float
    lines: tuple[TaxLine, ...]
    taxable: float
    carry: Carry = field(default_factory=Carry)
    gift_tax_on_death: float = 0.0  # UK: tax on failed gifts, borne by the donees
    notes: tuple[str, ...] = ()
    by_recipient: dict[str, float] | None = None  # JP: tax each recipient bears


def brackets_tax(amount: float | np.ndarray, brackets: list) -> float | np.ndarray:
    """Tax on ``amount`` under cumulative brackets ``[[upper|None, rate], ...]``."""
    a = np.asarray(amount, dtype=np.float64)
    tax = np.zeros_like(a)
    lower = 0.0
    for upper, rate in brackets:
        hi = np.inf if upper is None else float(upper)
        tax += rate * np.clip(a - lower, 0.0, hi - lower)
        lower = hi
    return float(tax) if np.ndim(tax) == 0 else tax


def _scaled(brackets: list, fx: float) -> list:
    return [[None if u is None else u * fx, r] for u, r in brackets]


def estate_tax(t: TaxInput) -> TaxResult:
    law = t.rules.at(t.on)
    kind = law["estate_tax.kind"]
    if kind == "none":
        return TaxResult(0.0, (_line("no_estate_tax", "no estate tax", 0.0,
                                     law.reference("estate_tax.kind")),), 0.0)
    return {"tw": _tw, "us": _us, "uk": _uk, "jp": _jp}[kind](t)


def _gross(t: TaxInput) -> float:
    return sum(x.value for x in t.lots if x.value > 0) + t.outside_taxable


def _tw(t: TaxInput) -> TaxResult:
    law, on, fx = t.rules.at(t.on), t.on, t.fx
    ref = law.reference
    d = law["estate_tax.deductions"]
    gross = _gross(t)
    years = int(law["gift.clawback_years"])
    back = [g for g in t.gifts if _circle(t, g) and _within(g.date, on, years)]
    added = sum(g.amount for g in back)
    gift_tax_credit = sum(g.tax_paid for g in back)
    lines = [_line("gross_estate", "gross estate", gross, ref("estate_tax.kind"))]
    if added:
        lines.append(_line("gifts_added_back_tw", f"gifts to the spouse, heirs of every order and "
                           f"their spouses within {years} years added back", added,
                           ref("gift.clawback_years"), years=years))
    ded: list[TaxLine] = []
    if t.debts:
        ded.append(_line("less_debts", "debts", t.debts, ref("estate_tax.deductions")))
    if t.costs and law.get("costs.deductible", False):
        ded.append(_line("less_estate_costs",
                         "costs of executing the will and administering the estate", t.costs,
                         ref("costs.deductible")))
    if t.residual_claim and law["estate_tax.residual_claim_deductible"]:
        ded.append(_line("less_residual_claim", "spouse's residual marital property claim",
                         t.residual_claim, ref("estate_tax.residual_claim_deductible")))
    if t.spouse_alive:
        ded.append(_line("less_spouse_deduction", "spouse deduction", d["spouse"] * fx,
                         ref("estate_tax.deductions")))
    for age in t.descendant_heirs:
        extra = max(0, 18 - age) * d["minor_per_year"]
        amount, dref = (d["descendant"] + extra) * fx, ref("estate_tax.deductions")
        if extra:
            ded.append(_line("less_descendant_deduction_minor",
                             f"lineal descendant deduction (minor, {18 - age} years)", amount,
                             dref, years=18 - age))
        else:
            ded.append(_line("less_descendant_deduction", "lineal descendant deduction", amount,
                             dref))
    if t.parents:
        ded.append(_line("less_parents_deduction", f"parents deduction ×{t.parents}",
                         t.parents * d["parent"] * fx, ref("estate_tax.deductions"), n=t.parents))
    if t.disabled_heirs:
        ded.append(_line("less_disabled_heir", f"severely disabled heir ×{t.disabled_heirs}",
                         t.disabled_heirs * d["disabled"] * fx, ref("estate_tax.deductions"),
                         n=t.disabled_heirs))
    ded.append(_line("less_funeral_expenses", "funeral expenses", d["funeral"] * fx,
                     ref("estate_tax.deductions")))
    exemption = law["estate_tax.exemption"] * fx
    ded.append(_line("less_exemption", "exemption", exemption, ref("estate_tax.exemption")))
    taxable = max(0.0, gross + added - sum(x.amount for x in ded))
    tax = brackets_tax(taxable, _scaled(law["estate_tax.brackets"], fx))
    tax = max(0.0, tax - gift_tax_credit)
    lines += [TaxLine("less: " + x.label, -x.amount, x.reference, x.code, x.params)
              for x in ded]
    lines.append(_line("net_taxable_estate", "net taxable estate", taxable,
                       ref("estate_tax.brackets")))
    if gift_tax_credit:
        lines.append(_line("gift_tax_credited", "gift tax already paid, credited",
                           -gift_tax_credit, ref("gift.clawback_years")))
    lines.append(_line("estate_tax", "estate tax", tax, ref("estate_tax.brackets")))
    return TaxResult(tax, tuple(lines), taxable)


def _circle(t: TaxInput, g: Gift) -> bool:
    """TW: was the recipient the spouse, an heir of any order or an heir's spouse?"""
    if t.addback_to is not None:
        return g.to in t.addback_to
    return _heir(t, g)


def _heir(t: TaxInput, g: Gift) -> bool:
    """Was the recipient of a gift the spouse or a statutory heir at the death?"""
    if t.statutory:
        return g.to in t.statutory or g.to == t.spouse
    return g.heir


def _within(date: dt.date, on: dt.date, years: int) -> bool:
    return years > 0 and date <= on and (on - date).days < 365.25 * years


def _us(t: TaxInput) -> TaxResult:
    law, on, fx = t.rules.at(t.on), t.on, t.fx
    ref = law.reference
    table = _scaled(law["estate_tax.brackets"], fx)
    gross = _gross(t)
    lines = [_line("gross_estate", "gross estate", gross, ref("estate_tax.kind")) if t.domiciled
             else _line("gross_estate_us_situs", "gross estate (US-situs assets only)", gross,
                        ref("estate_tax.kind"))]
    costs = t.costs if law.get("costs.deductible", False) else 0.0
    ded = t.debts + costs
    lines.append(_line("less_debts_and_costs", "less: debts and administration costs", -ded,
                       ref("costs.deductible") if costs else ref("estate_tax.kind")))
    marital = 0.0
    notes = []
    if t.spouse_receipts > 0:
        if t.spouse_exempt_ok:
            marital = t.spouse_receipts
            lines.append(_line("less_marital_deduction", "less: marital deduction", -marital,
                               ref("estate_tax.spouse_exempt")))
        else:
            notes.append(note("spouse_not_citizen", "the surviving spouse is not a US "
                              "citizen: no marital deduction unless the property passes "
                              "through a QDOT"))
    taxable = max(0.0, gross - ded - marital)
    adjusted_gifts = 0.0
    gift_tax_paid = 0.0
    if law.get("gift.uses_exclusion", False):
        excl = (law["gift.annual_exclusion"] or 0) * fx
        # §2503(b): the annual exclusion is per donee per calendar year
        per: dict[tuple[str, int], float] = {}
        for g in t.gifts:
            if not g.spouse and g.date <= on:
                per[(g.to, g.date.year)] = per.get((g.to, g.date.year), 0.0) + g.amount
        adjusted_gifts = sum(max(0.0, v - excl) for v in per.values())
        # §2001(b)(2): the gift tax paid on those gifts comes off the tentative tax
        gift_tax_paid = sum(g.tax_paid for g in t.gifts if not g.spouse and g.date <= on)
        if adjusted_gifts:
            lines.append(_line("adjusted_taxable_gifts", "adjusted taxable gifts",
                               adjusted_gifts, ref("gift.uses_exclusion")))
    base = taxable + adjusted_gifts
    carry = Carry()
    if t.us_person:
        exclusion = law["estate_tax.exclusion"] * fx
        total_excl = exclusion + t.carry.dsue
        credit = brackets_tax(total_excl, table)
        lines.append(_line("basic_exclusion", "basic exclusion", exclusion,
                           ref("estate_tax.exclusion")))
        if t.carry.dsue:
            lines.append(_line("dsue", "deceased spousal unused exclusion (DSUE)",
                               t.carry.dsue, ref("estate_tax.portability")))
        if law.get("estate_tax.portability", False):
            carry = Carry(dsue=max(0.0, exclusion - base))
    else:
        credit = law["estate_tax.nra_credit"] * fx
        lines.append(_line("nra_credit", "unified credit (non-resident alien)", credit,
                           ref("estate_tax.nra_credit")))
    tax = max(0.0, brackets_tax(base, table) - credit - gift_tax_paid)
    if gift_tax_paid:
        lines.append(_line("less_gift_tax_paid", "less: gift tax paid on lifetime gifts",
                           -gift_tax_paid, ref("gift.uses_exclusion")))
    lines.append(_line("taxable_estate", "taxable estate", taxable, ref("estate_tax.brackets")))
    lines.append(_line("federal_estate_tax", "federal estate tax", tax,
                       ref("estate_tax.brackets")))
    return TaxResult(tax, tuple(lines), taxable, carry, notes=tuple(notes))


def _uk(t: TaxInput) -> TaxResult:
    law, on, fx = t.rules.at(t.on), t.on, t.fx
    ref = law.reference
    rate = law["estate_tax.rate"]
    gross = _gross(t)
    net_estate = max(0.0, gross - t.debts)
    lines = [_line("gross_estate", "gross estate", gross, ref("estate_tax.kind")) if t.domiciled
             else _line("gross_estate_uk_situs", "gross estate (UK assets only)", gross,
                        ref("estate_tax.kind")),
             _line("less_debts", "less: debts", -t.debts, ref("estate_tax.kind"))]
    # business relief on qualifying stakes
    br = law["estate_tax.business_relief"]
    allowance = br["allowance"]
    relief = 0.0
    relievable = 0.0
    used_allowance = 0.0
    for lot in t.lots:
        if lot.kind == "stake" and lot.relief and lot.value > 0:
            relievable += lot.value
    listed = sum(x.value for x in t.lots if x.kind == "stake" and x.relief and x.listed)
    unlisted = relievable - listed
    if allowance is None:
        relief = unlisted * br["within"] + listed * br["listed"]
    else:
        a = allowance * fx + t.carry.br_allowance
        used_allowance = min(unlisted, a)
        relief = used_allowance * br["within"] + max(0.0, unlisted - a) * br["above"]
        relief += listed * br["listed"]
    # relief follows the business: only the part going to non-exempt recipients reduces tax
    share_ne = (t.business_to_nonexempt / relievable) if relievable > 0 else 0.0
    relief_ne = relief * min(1.0, share_ne)
    if relief:
        lines.append(_line("less_business_relief", "less: business relief", -relief_ne,
                           ref("estate_tax.business_relief")))
    spouse = t.spouse_receipts if t.spouse_exempt_ok else 0.0
    if spouse:
        lines.append(_line("less_spouse_exemption", "less: spouse exemption", -spouse,
                           ref("estate_tax.spouse_exempt")))
    chargeable = max(0.0, net_estate - relief_ne - spouse)  # probate costs not deductible
    # residence nil-rate band, tapered
    band = law["estate_tax.residence_band"] * fx
    taper = law["estate_tax.residence_taper"]
    rnrb_avail = band * (1 + t.carry.rnrb_fraction)
    rnrb_avail = max(0.0, rnrb_avail - taper["ratio"] * max(0.0, net_estate - taper["threshold"]
                                                             * fx))
    rnrb = min(rnrb_avail, t.residence_to_descendants, chargeable)
    nrb_base = law["estate_tax.nil_rate_band"] * fx
    nrb = nrb_base * (1 + t.carry.nrb_fraction)
    # gifts within 7 years use the nil-rate band first
    years = int(law["gift.clawback_years"])
    excl = (law["gift.annual_exclusion"] or 0) * fx
    chargeable_gift = _uk_after_annual_exemption(t.gifts, excl, on)
    failed = [(g, v) for g, v in chargeable_gift if _within(g.date, on, years)]
    gifts_total = sum(v for _, v in failed)
    gift_tax = 0.0
    if gifts_total:
        taper_tab = law["gift.taper"]
        left = nrb
        for g, v in failed:
            over = max(0.0, v - left)
            left = max(0.0, left - v)
            yrs = (on - g.date).days / 365.25
            f = next((frac for lim, frac in taper_tab if yrs < lim), 0.0)
            gift_tax += over * rate * f
        lines.append(_line("gifts_within_7_years",
                           "gifts within 7 years (use the nil-rate band first)", gifts_total,
                           ref("gift.clawback_years")))
    nrb_left = max(0.0, nrb - gifts_total)
    lines.append(_line("nil_rate_band", "nil-rate band available", nrb_left,
                       ref("estate_tax.nil_rate_band")))
    if rnrb:
        lines.append(_line("residence_nil_rate_band", "residence nil-rate band", rnrb,
                           ref("estate_tax.residence_band")))
    taxable = max(0.0, chargeable - rnrb - nrb_left)
    tax = rate * taxable
    lines.append(_line("chargeable_above_bands", "chargeable above the bands", taxable,
                       ref("estate_tax.rate")))
    lines.append(_line("inheritance_tax", "inheritance tax", tax, ref("estate_tax.rate")))
    used_nrb = min(nrb, gifts_total + max(0.0, chargeable - rnrb))
    carry = Carry(
        nrb_fraction=min(1.0, max(0.0, nrb - used_nrb) / nrb_base) if nrb_base else 0.0,
        rnrb_fraction=min(1.0, max(0.0, rnrb_avail - rnrb) / band) if band else 0.0,
        br_allowance=max(0.0, (allowance * fx + t.carry.br_allowance) - used_allowance
                         * min(1.0, share_ne)) if allowance is not None else 0.0,
    )
    notes = ()
    if gift_tax:
        notes = (note("gift_tax_7y", "tax on gifts within 7 years, borne by the recipients: "
                      f"{gift_tax:,.0f}", amount=gift_tax),)
    return TaxResult(tax, tuple(lines), taxable, carry, gift_tax, notes)


def _uk_tax_year(d: dt.date) -> int:
    return d.year if (d.month, d.day) >= (4, 6) else d.year - 1


def _uk_after_annual_exemption(gifts: tuple[Gift, ...], excl: float,
                               on: dt.date) -> list[tuple[Gift, float]]:
    """IHTA s.19: each donor's £3,000 a tax year (6 April to 5 April) comes off their gifts in
    date order; what a year leaves unused is carried to the next year only, and used after that
    year's own exemption. The file is taken to list every gift of the donor: a tax year before
    the first one recorded gave nothing. Returns each non-spouse gift with its value after the
    exemption, in date order."""
    out: list[tuple[Gift, float]] = []
    by_donor: dict[str, list[Gift]] = {}
    for g in sorted(gifts, key=lambda x: x.date):
        if not g.spouse and g.date <= on:
            by_donor.setdefault(g.donor, []).append(g)
    for gs in by_donor.values():
        years = sorted({_uk_tax_year(g.date) for g in gs})
        carried, prev = excl, None
        for y in years:
            if prev is not None and y != prev + 1:
                carried = excl  # the year before gave nothing: its whole exemption carries
            mine = [g for g in gs if _uk_tax_year(g.date) == y]
            own, extra = excl, carried
            for g in mine:
                a = g.amount
                use = min(a, own)
                own -= use
                a -= use
                use = min(a, extra)
                extra -= use
                a -= use
                out.append((g, a))
            carried, prev = own, y
    return sorted(out, key=lambda x: x[0].date)


def _jp(t: TaxInput) -> TaxResult:
    """Japan: tax on the notional split by statutory shares, borne by each recipient in
    proportion to what they take; spouse relief; 20% surcharge beyond first-degree relatives."""
    law, on, fx = t.rules.at(t.on), t.on, t.fx
    ref = law.reference
    n = sum(1 for v in t.statutory.values() if v > 0)
    gross = sum(x.value for x in t.lots if x.value > 0)
    lines = [_line("gross_estate", "gross estate", gross, ref("estate_tax.kind"))]
    ins = t.outside_taxable
    ins_ex = min(ins, law["estate_tax.insurance_exemption_per_heir"] * fx * n)
    if ins:
        lines.append(_line("life_insurance_deemed_inherited", "life insurance deemed inherited",
                           ins, ref("estate_tax.kind")))
        lines.append(_line("less_insurance_exemption", "less: insurance exemption", -ins_ex,
                           ref("estate_tax.insurance_exemption_per_heir")))
    years = int(law["gift.clawback_years"])
    added = sum(g.amount for g in t.gifts if _heir(t, g) and _within(g.date, on, years))
    if added:
        lines.append(_line("gifts_added_back", f"gifts to heirs within {years} years added back",
                           added, ref("gift.clawback_years"), years=years))
    if t.debts:
        lines.append(_line("less_debts", "less: debts", -t.debts, ref("estate_tax.kind")))
    total = max(0.0, gross + ins - ins_ex + added - t.debts)
    bd = law["estate_tax.basic_deduction"]
    basic = (bd["fixed"] + bd["per_heir"] * n) * fx
    lines.append(_line("less_basic_deduction", f"less: basic deduction ({n} statutory heirs)",
                       -basic, ref("estate_tax.basic_deduction"), n=n))
    taxable = max(0.0, total - basic)
    table = [(None if u is None else u * fx, rate, d * fx)
             for u, rate, d in law["estate_tax.brackets_jp"]]

    def notional(x: float) -> float:
        for upper, rate, ded in table:
            if upper is None or x <= upper:
                return max(0.0, x * rate - ded)
        return 0.0

    T = sum(notional(taxable * f) for f in t.statutory.values())
    lines.append(_line("total_tax_notional_split",
                       "total tax on the notional split by statutory shares", T,
                       ref("estate_tax.brackets_jp")))
    takes = {k: v for k, v in t.takes.items() if v > 0}
    whole = sum(takes.values())
    by: dict[str, float] = {}
    sur = law["estate_tax.surcharge"]
    floor = law["estate_tax.spouse_relief"]["floor"] * fx
    for k, v in takes.items():
        tax_k = T * v / whole if whole > 0 else 0.0
        if k == t.spouse and whole > 0:
            cap = max(floor, t.statutory.get(k, 0.0) * total)
            relief = T * min(v, cap) / whole
            if relief:
                lines.append(_line("less_spouse_relief", "less: spouse relief",
                                   -min(relief, tax_k), ref("estate_tax.spouse_relief")))
            tax_k = max(0.0, tax_k - relief)
        if k not in t.surcharge_free and tax_k:
            lines.append(_line("surcharge_20", f"surcharge 20% ({k})", tax_k * sur,
                               ref("estate_tax.surcharge"), heir=k))
            tax_k *= 1 + sur
        by[k] = tax_k
    tax = sum(by.values())
    lines.append(_line("inheritance_tax", "inheritance tax", tax, ref("estate_tax.kind")))
    return TaxResult(tax, tuple(lines), taxable, by_recipient=by)
