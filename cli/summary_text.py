"""Readable text of the consolidated balance sheet (the CLI's `summary` without --json)."""

from __future__ import annotations

from household.facts import facts_of
from household.locale import money, pct, table
from household.model import Household
from i18n import catalog


def _t(key: str, lang: str) -> str:
    return catalog.text("summary." + key, lang)


def summary_text(hh: Household, lang: str = "en") -> str:
    facts = facts_of(hh)
    lt, bs = facts.look_through, facts.balance
    cur = hh.base_currency
    m = lambda x: money(x, None, lang)  # noqa: E731
    rows = [[_t(f"head.{i}", lang) for i in range(8)]]
    for e in bs.entities.values():
        if e.assets == 0 and e.liabilities == 0 and e.contingent == 0:
            continue
        rows.append([e.name, m(e.liquid), m(e.property + e.other_illiquid), m(e.business),
                     m(e.policies), m(e.liabilities), m(e.net_worth), m(e.contingent)])
    rows.append(["Σ", m(bs.total("liquid")), m(bs.total("property") + bs.total("other_illiquid")),
                 m(bs.total("business")), m(bs.total("policies")), m(bs.total("liabilities")),
                 m(bs.net_worth), m(bs.total("contingent"))])
    out = [f"{hh.name} — {_t('title', lang)} ({cur}, {hh.as_of.isoformat()})", "",
           table(rows, right=set(range(1, 8))), "",
           f"{_t('conc', lang)}: {pct(bs.concentration)}", "", _t("lt", lang) + ":"]
    names = {c.id: c.name for c in hh.companies}
    ctrl = {c: r.controller for c, r in bs.companies.items()}
    people = {p.id: p.name for p in hh.people} | {t.id: t.name for t in hh.trusts}
    for cid, cname in names.items():
        who = people.get(ctrl[cid] or "", _t("none", lang))
        out.append(f"  {cname} — {_t('ctrl', lang)}: {who}")
        for o in lt.owners:
            f = lt.share(o, cid)
            if f > 0:
                out.append(f"      {bs.entities[o].name}: {pct(f, 2)}")
    return "\n".join(out)
