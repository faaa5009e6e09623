"""Readable text of the consolidated balance sheet (the CLI's `summary` without --json)."""

from __future__ import annotations

from household.facts import facts_of
from household.locale import money, pct, table
from household.model import Household

_HEAD = {
    "en": ("Person / trust", "Liquid", "Property", "Business", "Policies", "Liabilities",
           "Net worth", "Guarantees"),
    "zh-Hant": ("成員／信託", "流動資產", "不動產", "企業權益", "保單現金值", "負債", "淨資產",
                "擔保責任"),
    "zh-Hans": ("成员／信托", "流动资产", "不动产", "企业权益", "保单现金值", "负债", "净资产",
                "担保责任"),
}
_TITLE = {"en": "Consolidated balance sheet", "zh-Hant": "公私合併資產負債表",
          "zh-Hans": "公私合并资产负债表"}
_LT = {"en": "Look-through ownership", "zh-Hant": "穿透持股", "zh-Hans": "穿透持股"}
_CTRL = {"en": "controlled by", "zh-Hant": "控制人", "zh-Hans": "控制人"}
_NONE = {"en": "no single controller", "zh-Hant": "無單一控制人", "zh-Hans": "无单一控制人"}
_CONC = {"en": "Concentration in the family business", "zh-Hant": "家族企業集中度",
         "zh-Hans": "家族企业集中度"}


def summary_text(hh: Household, lang: str = "en") -> str:
    facts = facts_of(hh)
    lt, bs = facts.look_through, facts.balance
    cur = hh.base_currency
    m = lambda x: money(x, None, lang)  # noqa: E731
    rows = [list(_HEAD[lang])]
    for e in bs.entities.values():
        if e.assets == 0 and e.liabilities == 0 and e.contingent == 0:
            continue
        rows.append([e.name, m(e.liquid), m(e.property + e.other_illiquid), m(e.business),
                     m(e.policies), m(e.liabilities), m(e.net_worth), m(e.contingent)])
    rows.append(["Σ", m(bs.total("liquid")), m(bs.total("property") + bs.total("other_illiquid")),
                 m(bs.total("business")), m(bs.total("policies")), m(bs.total("liabilities")),
                 m(bs.net_worth), m(bs.total("contingent"))])
    out = [f"{hh.name} — {_TITLE[lang]} ({cur}, {hh.as_of.isoformat()})", "",
           table(rows, right=set(range(1, 8))), "",
           f"{_CONC[lang]}: {pct(bs.concentration)}", "", _LT[lang] + ":"]
    names = {c.id: c.name for c in hh.companies}
    ctrl = {c: r.controller for c, r in bs.companies.items()}
    people = {p.id: p.name for p in hh.people} | {t.id: t.name for t in hh.trusts}
    for cid, cname in names.items():
        who = people.get(ctrl[cid] or "", _NONE[lang])
        out.append(f"  {cname} — {_CTRL[lang]}: {who}")
        for o in lt.owners:
            f = lt.share(o, cid)
            if f > 0:
                out.append(f"      {bs.entities[o].name}: {pct(f, 2)}")
    return "\n".join(out)
