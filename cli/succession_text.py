"""Readable breakdown of a succession result (the CLI's `succession` without --json)."""

from __future__ import annotations

from household.locale import money, table
from household.model import Household
from i18n import catalog
from scenarios.succession import SuccessionResult
from scenarios.tax import TaxLine


def tax_label(line: TaxLine, lang: str) -> str:
    """A tax line's label in ``lang``, from its code and parameters (the English label as it is
    for a line without a code)."""
    if not line.code:
        return line.label
    return catalog.render("tax." + line.code, lang, **dict(line.params))


def _names(hh: Household) -> dict[str, str]:
    out = {p.id: p.name for p in hh.people} | {t.id: t.name for t in hh.trusts}
    out |= {c.id: c.name for c in hh.companies}
    return out


def succession_text(hh: Household, res: SuccessionResult, lang: str = "en") -> str:
    t = {k.removeprefix("succession."): catalog.text(k, lang) for k in catalog.keys("succession.")}
    names = _names(hh)
    names["state"] = t["state"]
    m = lambda x: money(x, None, lang, compact=False)  # tables: full amounts  # noqa: E731
    cur = res.currency
    out = [f"{t['title']} {names.get(res.deceased, res.deceased)} — {res.on.isoformat()} ({cur})",
           f"{t['law']}: {res.jurisdiction}", ""]
    if res.spouse and res.marital_regime == "community":
        # CN: the survivor's half of the WHOLE joint pool comes off first; the items below are
        # what remains for the estate (the other half, from both names, and separate property)
        theirs = res.survivor_marital_property
        rows = [[t["item"], t["value"]], [t["joint"], m(res.joint_marital_property)],
                [t["in_his"], m(res.joint_marital_property - theirs)],
                [t["in_theirs"], m(theirs)],
                [t["half"], m(res.spouse_marital_share)],
                [t["other_half"], m(res.joint_marital_property - res.spouse_marital_share)],
                [t["moved"], m(res.marital_transfer_from_deceased)]]
        out += [t["marital"] + ":", table(rows, right={1}), ""]
    rows = [[t["item"], t["value"]]]
    for x in res.lots:
        label = x.label if x.fraction >= 0.999 else f"{x.label} ×{x.fraction:.0%}"
        if x.owner != res.deceased:
            label += f" ({names.get(x.owner, x.owner)})"
        rows.append([label, m(x.value)])
    rows += [[t["gross"], m(res.gross_estate)], [t["debts"], m(-res.debts)]]
    if res.residual_claim:  # TW: the claim is paid from the estate before it is shared
        rows.append([t["claim"], m(-res.residual_claim)])
    rows += [[t["estate"], m(res.estate)], [t["tax"], m(-res.tax)], [t["costs"], m(-res.costs)]]
    out += [table(rows, right={1}), ""]
    rows = [[t["heir"], t["from_estate"], t["insurance"], t["total"]]]
    for k, v in res.received().items():
        rows.append([names.get(k, k), m(res.heirs.get(k, 0.0)), m(res.insurance.get(k, 0.0)),
                     m(v)])
    out += [table(rows, right={1, 2, 3}), ""]
    led = res.ledger()
    rows = [[t["item"], t["value"]], [t["l_nw"], m(led.net_worth)],
            [t["l_cv"], m(-led.cash_values_paid_out)], [t["l_pay"], m(led.payouts_into_estate)],
            [t["l_debts"], m(led.debts)], [t["l_prop"], m(led.property_in_name)],
            [t["l_marital"], m(-led.marital_share)], [t["debts"], m(-led.debts)]]
    if led.debts_unpaid:
        rows.append([t["l_unpaid"], m(led.debts_unpaid)])
    rows += [[t["estate"], m(led.estate)], ["  " + t["l_heirs"], m(led.heirs)],
             ["  " + t["tax"], m(led.tax)], ["  " + t["costs"], m(led.costs)],
             [t["l_out"], f"{m(led.outside_insurance)} / {m(led.outside_trusts)}"]]
    out += [t["ledger"] + ":", table(rows, right={1}), ""]
    if res.outside:
        out.append(t["outside"] + ":")
        for o in res.outside:
            out.append(f"  {o.label} ({o.kind}): {m(o.value)}")
        out.append("")
    if res.tax_lines:
        out.append(t["taxlines"] + ":")
        rows = [[t["item"], t["value"]]] + [[tax_label(x, lang), m(x.amount)]
                                          for x in res.tax_lines]
        out += [table(rows, right={1}), ""]
    out += [f"{t['liquidity']}: {t['liquid']} {m(res.liquid_assets)}; {t['needed']} "
            f"{m(res.cash_needed)}; {t['gap']} {m(res.liquidity_gap)}", "", t["control"] + ":"]
    for cid, who in res.control_after.items():
        before = names.get(res.control_before.get(cid) or "", t["nobody"])
        after = names.get(who or "", t["nobody"])
        out.append(f"  {names.get(cid, cid)}: {t['before']} {before} → {t['after']} {after}")
    if res.warnings:
        out += ["", t["warnings"] + ":"] + [f"  - {w}" for w in res.warnings]
    if res.then is not None and res.household_after is not None:
        out += ["", "=" * 40, t["then"] + ":", succession_text(res.household_after, res.then,
                                                              lang)]
    return "\n".join(out)
