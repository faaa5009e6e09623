"""Readable breakdown of a succession result (the CLI's `succession` without --json)."""

from __future__ import annotations

from household.locale import money, table
from household.model import Household
from scenarios.succession import SuccessionResult

_T = {
    "title": {"en": "Succession on the death of", "zh-Hant": "身故傳承試算：",
              "zh-Hans": "身故传承试算："},
    "law": {"en": "Law applied", "zh-Hant": "適用法律", "zh-Hans": "适用法律"},
    "item": {"en": "Item", "zh-Hant": "項目", "zh-Hans": "项目"},
    "value": {"en": "Value", "zh-Hant": "金額", "zh-Hans": "金额"},
    "gross": {"en": "Gross estate (deceased's share)", "zh-Hant": "遺產總額",
              "zh-Hans": "遗产总额"},
    "debts": {"en": "Debts", "zh-Hant": "債務", "zh-Hans": "债务"},
    "marital": {"en": "Surviving spouse's marital share", "zh-Hant": "配偶夫妻財產分配",
                "zh-Hans": "配偶夫妻财产分割"},
    "joint": {"en": "Couple's joint marital property (both names)",
              "zh-Hant": "夫妻共同財產（雙方名下合計）", "zh-Hans": "夫妻共同财产（双方名下合计）"},
    "in_his": {"en": "  in the deceased's name", "zh-Hant": "  身故者名下",
               "zh-Hans": "  身故者名下"},
    "in_theirs": {"en": "  in the survivor's name", "zh-Hant": "  配偶名下",
                  "zh-Hans": "  配偶名下"},
    "half": {"en": "Surviving spouse's half, set aside first",
             "zh-Hant": "配偶應得之一半（先行分出）", "zh-Hans": "配偶应得的一半（先行析出）"},
    "other_half": {"en": "Other half (enters the estate, from both names)",
                   "zh-Hant": "另一半（自雙方名下列入遺產）",
                   "zh-Hans": "另一半（自双方名下列入遗产）"},
    "moved": {"en": "Net moving out of the deceased's name to the survivor",
              "zh-Hant": "自身故者名下移轉予配偶之淨額", "zh-Hans": "从身故者名下转移给配偶的净额"},
    "claim": {"en": "less: surviving spouse's residual property claim",
              "zh-Hant": "減：配偶剩餘財產差額分配請求權",
              "zh-Hans": "减：配偶剩余财产差额分配请求权"},
    "estate": {"en": "Estate passing by will or intestacy", "zh-Hant": "依遺囑或法定繼承之遺產",
               "zh-Hans": "按遗嘱或法定继承的遗产"},
    "tax": {"en": "Estate tax", "zh-Hant": "遺產稅", "zh-Hans": "遗产税"},
    "costs": {"en": "Modelled costs", "zh-Hant": "估計費用", "zh-Hans": "估计费用"},
    "heir": {"en": "Heir", "zh-Hant": "繼承人", "zh-Hans": "继承人"},
    "from_estate": {"en": "From the estate", "zh-Hant": "遺產所得", "zh-Hans": "遗产所得"},
    "insurance": {"en": "Insurance", "zh-Hant": "保險金", "zh-Hans": "保险金"},
    "total": {"en": "Total", "zh-Hant": "合計", "zh-Hans": "合计"},
    "outside": {"en": "Outside the estate", "zh-Hant": "遺產以外", "zh-Hans": "遗产以外"},
    "taxlines": {"en": "Tax computation", "zh-Hant": "稅額計算", "zh-Hans": "税额计算"},
    "liquidity": {"en": "Liquidity", "zh-Hant": "流動性", "zh-Hans": "流动性"},
    "liquid": {"en": "liquid assets in the estate", "zh-Hant": "遺產中流動資產",
               "zh-Hans": "遗产中流动资产"},
    "needed": {"en": "cash needed (tax, costs, debts, claims)", "zh-Hant": "所需現金（稅費債務）",
               "zh-Hans": "所需现金（税费债务）"},
    "gap": {"en": "liquidity gap", "zh-Hant": "資金缺口", "zh-Hans": "资金缺口"},
    "control": {"en": "Control of the companies", "zh-Hant": "企業控制權",
                "zh-Hans": "企业控制权"},
    "before": {"en": "before", "zh-Hant": "身故前", "zh-Hans": "身故前"},
    "after": {"en": "after", "zh-Hant": "身故後", "zh-Hans": "身故后"},
    "nobody": {"en": "no single controller", "zh-Hant": "無單一控制人",
               "zh-Hans": "无单一控制人"},
    "warnings": {"en": "Notes", "zh-Hant": "注意事項", "zh-Hans": "注意事项"},
    "then": {"en": "Then", "zh-Hant": "其後", "zh-Hans": "其后"},
    "ledger": {"en": "Ledger (one account of the death)", "zh-Hant": "總帳（本次身故的完整帳目）",
               "zh-Hans": "总账（本次身故的完整账目）"},
    "l_nw": {"en": "Net worth on the household page", "zh-Hant": "家族頁淨資產",
             "zh-Hans": "家族页净资产"},
    "l_cv": {"en": "less: cash values of own-life policies (paid out instead)",
             "zh-Hant": "減：本人壽險保單現金價值（改為理賠）",
             "zh-Hans": "减：本人寿险保单现金价值（改为理赔）"},
    "l_pay": {"en": "plus: payouts falling into the estate", "zh-Hant": "加：歸入遺產之保險金",
              "zh-Hans": "加：归入遗产之保险金"},
    "l_debts": {"en": "plus: own debts", "zh-Hant": "加：本人債務", "zh-Hans": "加：本人债务"},
    "l_prop": {"en": "Property in the deceased's name", "zh-Hant": "身故者名下財產",
               "zh-Hans": "身故者名下财产"},
    "l_marital": {"en": "less: spouse's marital share out of it",
                  "zh-Hant": "減：其中歸配偶之夫妻財產", "zh-Hans": "减：其中归配偶之夫妻财产"},
    "l_unpaid": {"en": "plus: debts beyond the assets (not payable)",
                 "zh-Hant": "加：超過資產之債務（無須清償）",
                 "zh-Hans": "加：超过资产之债务（无须清偿）"},
    "l_heirs": {"en": "to the heirs", "zh-Hant": "歸繼承人", "zh-Hans": "归继承人"},
    "l_out": {"en": "Beside the estate: insurance / trust assets",
              "zh-Hant": "遺產以外：保險金／信託資產", "zh-Hans": "遗产以外：保险金／信托资产"},
    "state": {"en": "the State", "zh-Hant": "國庫", "zh-Hans": "国家"},
}


_TAX_LABELS = {  # English label prefix -> (zh-Hant, zh-Hans)
    "no estate tax": ("無遺產稅", "无遗产税"),
    "gross estate": ("遺產總額", "遗产总额"),
    "gifts to heirs within": ("死亡前贈與繼承人之財產併入", "死亡前赠与继承人之财产并入"),
    "less: debts": ("減：債務", "减：债务"),
    "less: spouse's residual marital property claim": ("減：配偶剩餘財產差額分配請求權",
                                                       "减：配偶剩余财产差额分配请求权"),
    "less: spouse deduction": ("減：配偶扣除額", "减：配偶扣除额"),
    "less: lineal descendant deduction": ("減：直系血親卑親屬扣除額", "减：直系血亲卑亲属扣除额"),
    "less: parents deduction": ("減：父母扣除額", "减：父母扣除额"),
    "less: severely disabled heir": ("減：重度身心障礙扣除額", "减：重度身心障碍扣除额"),
    "less: funeral expenses": ("減：喪葬費扣除額", "减：丧葬费扣除额"),
    "less: exemption": ("減：免稅額", "减：免税额"),
    "net taxable estate": ("課稅遺產淨額", "课税遗产净额"),
    "gift tax already paid": ("已納贈與稅扣抵", "已纳赠与税扣抵"),
    "estate tax": ("遺產稅", "遗产税"),
    "less: marital deduction": ("減：配偶扣除（婚姻扣除）", "减：配偶扣除（婚姻扣除）"),
    "less: business relief": ("減：營業資產減免", "减：营业资产减免"),
    "less: spouse exemption": ("減：配偶免稅", "减：配偶免税"),
    "basic exclusion": ("基本免稅額", "基本免税额"),
    "deceased spousal unused exclusion": ("亡故配偶未用免稅額", "亡故配偶未用免税额"),
    "unified credit (non-resident alien)": ("統一抵免額（非居民外國人）",
                                            "统一抵免额（非居民外国人）"),
    "taxable estate": ("應稅遺產", "应税遗产"),
    "federal estate tax": ("聯邦遺產稅", "联邦遗产税"),
    "adjusted taxable gifts": ("調整後應稅贈與", "调整后应税赠与"),
    "gifts within 7 years": ("七年內贈與（先用免稅額度）", "七年内赠与（先用免税额度）"),
    "nil-rate band available": ("可用零稅率額度", "可用零税率额度"),
    "residence nil-rate band": ("自住房產零稅率額度", "自住房产零税率额度"),
    "chargeable above the bands": ("超過免稅額度之應稅額", "超过免税额度之应税额"),
    "inheritance tax": ("繼承稅", "继承税"),
    "life insurance deemed inherited": ("視為遺產之壽險金", "视为遗产之寿险金"),
    "less: insurance exemption": ("減：壽險金免稅額", "减：寿险金免税额"),
    "less: basic deduction": ("減：基礎扣除額", "减：基础扣除额"),
    "total tax on the notional split": ("按法定應繼分計算之稅額合計", "按法定应继分计算之税额合计"),
    "less: spouse relief": ("減：配偶稅額減輕", "减：配偶税额减轻"),
    "surcharge 20%": ("加算兩成", "加算两成"),
}


def tax_label(label: str, lang: str) -> str:
    """A tax line's label in ``lang`` (the longest known English prefix is translated)."""
    if lang == "en":
        return label
    best = max((k for k in _TAX_LABELS if label.startswith(k)), key=len, default=None)
    if best is None:
        return label
    zh = _TAX_LABELS[best][0 if lang == "zh-Hant" else 1]
    return zh + label[len(best):]


def _names(hh: Household) -> dict[str, str]:
    out = {p.id: p.name for p in hh.people} | {t.id: t.name for t in hh.trusts}
    out |= {c.id: c.name for c in hh.companies}
    return out


def succession_text(hh: Household, res: SuccessionResult, lang: str = "en") -> str:
    t = {k: v[lang] for k, v in _T.items()}
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
        rows = [[t["item"], t["value"]]] + [[tax_label(x.label, lang), m(x.amount)]
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
