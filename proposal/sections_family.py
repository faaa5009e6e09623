"""Cover, executive summary, the family and its companies, and the consolidated balance sheet."""

from __future__ import annotations

import datetime as dt

from household import Household
from household.facts import facts_of
from household.kinship import Kinship
from household.locale import date_text, money, pct

from .diagrams import family_diagram, family_members
from .i18n import JURISDICTION_NAMES, pick, t_market
from .inputs import PlanView, SuccessionView
from .layout import GOLD, GREY, MARGIN, NAVY, Column, Page
from .script import to_script


class Ctx:
    """What every section needs: the household, language, results and formatting helpers."""

    def __init__(self, hh: Household, lang: str, plan: PlanView | None,
                 succession: SuccessionView | None, prepared_on: dt.date) -> None:
        self.hh = hh
        self.lang = lang
        self.plan = plan
        self.succession = succession
        self.prepared_on = prepared_on
        self.facts = facts_of(hh)
        self.lt = self.facts.look_through
        self.bs = self.facts.balance
        self.names = {k: self.text(v) for k, v in
                      (dict(succession.names) if succession is not None else {}).items()}
        self.names |= self.facts.names(lang)

    def t(self, key: str, **kw: object) -> str:
        return t_market(key, self.lang, self.hh.jurisdiction, **kw)

    def text(self, s: str) -> str:
        """User text (a goal's or the household's name) in the reader's script."""
        return to_script(s, self.lang, self.hh.jurisdiction)

    def money(self, amount: float | None, symbol: bool = True, compact: bool = True) -> str:
        if amount is None:
            return "—"
        return money(amount, self.hh.base_currency if symbol else None, self.lang,
                     compact=compact)

    def name(self, entity_id: str | None) -> str:
        if entity_id is None:
            return self.t("no_controller")
        return self.names.get(entity_id, entity_id)

    def date(self, d: dt.date) -> str:
        return date_text(d, self.lang)

    def jurisdiction(self, code: str) -> str:
        return pick(JURISDICTION_NAMES[code], self.lang) if code in JURISDICTION_NAMES else code


def cover(pdf: Page, c: Ctx, sections: list[str]) -> None:
    pdf.add_page()
    pdf.bare_pages.add(pdf.page_no())
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, pdf.w, 108, style="F")
    pdf.set_fill_color(*GOLD)
    pdf.rect(MARGIN, 92, 30, 1.2, style="F")
    width = pdf.w - 2 * MARGIN
    bank = getattr(c, "bank", None)
    brand = bank.text("name", c.lang) if bank is not None else "KINFOLIO"
    if bank is not None and bank.logo is not None:
        pdf.image(str(bank.logo), x=MARGIN, y=14, h=13)
    with pdf.style(11 if bank is not None else 10, (214, 222, 235), bold=bank is not None):
        pdf.set_xy(MARGIN + (16 if bank is not None and bank.logo is not None else 0), 30)
        pdf.cell(width, 6, brand)
    with pdf.style(24, (255, 255, 255), bold=True):
        pdf.set_y(44)
        pdf.write_lines(pdf.lines(c.t("title"), width), MARGIN, width)
    with pdf.style(11, (214, 222, 235)):
        pdf.set_y(pdf.get_y() + 2)
        pdf.write_lines(pdf.lines(c.t("subtitle"), width), MARGIN, width)

    pdf.set_y(122)
    with pdf.style(9, GREY):
        pdf.write_lines([c.t("prepared_for")], MARGIN, width)
    with pdf.style(18, NAVY, bold=True):
        pdf.write_lines(pdf.lines(c.text(c.hh.name), width), MARGIN, width)
    pdf.ln(6)
    rows = [(c.t("valuation_date"), c.date(c.hh.as_of)),
            (c.t("prepared_on"), c.date(c.prepared_on)),
            (c.t("base_currency"), c.hh.base_currency)]
    if bank is not None:
        rows.append((c.t("bank_label"), " · ".join(x for x in (
            bank.text("legal_entity", c.lang), bank.text("licence", c.lang)) if x)))
    rm = bank.text("rm_name", c.lang) if bank is not None else ""
    if rm or c.hh.banker:
        rows.append((c.t("prepared_by"), rm or c.hh.banker))
    for label, value in rows:
        y = pdf.get_y()
        with pdf.style(9, GREY):
            pdf.set_xy(MARGIN, y)
            pdf.cell(55, 6, label)
        with pdf.style(10.5, (40, 40, 46)):
            lines = pdf.lines(value, width - 55)
            pdf.set_y(y)
            pdf.write_lines(lines, MARGIN + 55, width - 55, size=10.5)
        pdf.ln(1.5)
    c.contents_y = pdf.get_y() + 10
    c.contents = sections


def contents(pdf: Page, c: Ctx) -> None:
    """The list of sections with their pages, written on the cover once pages are known."""
    entries = [(s.name, s.page_number) for s in pdf._outline]  # fpdf2's outline
    if not entries:
        return
    pdf.page = 1
    pdf.set_auto_page_break(False)
    y = c.contents_y
    width = pdf.w - 2 * MARGIN
    with pdf.style(11, NAVY, bold=True):
        pdf.set_xy(MARGIN, y)
        pdf.cell(width, 6, c.t("contents"))
    y += 9
    with pdf.style(9.5):
        for name, page in entries:
            pdf.set_xy(MARGIN, y)
            pdf.cell(width - 15, 5.6, name, link=pdf.add_link(page=page))
            pdf.set_xy(MARGIN + width - 15, y)
            pdf.cell(15, 5.6, str(page), align="R")
            pdf.set_draw_color(230, 232, 236)
            pdf.set_line_width(0.15)
            pdf.line(MARGIN, y + 5.8, MARGIN + width, y + 5.8)
            y += 6.6
    with pdf.style(8, GREY):
        pdf.set_xy(MARGIN, pdf.h - 22)
        pdf.cell(width, 5, c.t("confidential", name=pdf.clean(c.text(c.hh.name))))
    pdf.set_auto_page_break(True, margin=20)


def summary(pdf: Page, c: Ctx) -> None:
    pdf.section(c.t("s_summary"))
    bs = c.bs
    figures = [(c.t("k_net_worth"), c.money(bs.net_worth)),
               (c.t("k_liquid"), c.money(bs.total("liquid"))),
               (c.t("k_business"), pct(bs.concentration, 0))]
    if c.plan is not None and c.plan.all_essential is not None:
        figures.append((c.t("k_essential"), pct(c.plan.all_essential, 0)))
    pdf.key_figures(figures)
    contingent = bs.total("contingent")
    pdf.para(c.t("sum_wealth", nw=c.money(bs.net_worth), date=c.date(c.hh.as_of),
                 cur=c.hh.base_currency, assets=c.money(bs.assets), conc=pct(bs.concentration, 0),
                 liquid=c.money(bs.total("liquid")),
                 property=c.money(bs.total("property") + bs.total("other_illiquid"))))
    if bs.concentration >= 0.5:
        pdf.para(c.t("sum_concentrated", contingent=c.money(contingent)))
    elif contingent > 0:
        pdf.para(c.t("sum_guarantees", contingent=c.money(contingent)))
    p = c.plan
    if p is not None and p.all_essential is not None:
        if p.all_essential_current is not None and p.recommended is not None:
            cmp_ = c.t("sum_goals_cmp", p=pct(p.all_essential_current, 0))
            pdf.para(c.t("sum_goals", paths=f"{p.paths:,}", p=pct(p.all_essential, 0), cmp=cmp_))
        else:
            pdf.para(c.t("sum_goals_plain", paths=f"{p.paths:,}", p=pct(p.all_essential, 0)))
    if p is not None and p.recommended is not None and p.portfolio_name:
        pdf.para(c.t("sum_allocation", name=pdf.clean(p.portfolio_name),
                     ret=pct(p.expected_return or 0.0), risk=p.portfolio_risk or "—",
                     level=p.client_level or c.t("risk_unknown")))
        if p.comparison is not None:
            if p.comparison.override:
                pdf.para(c.t("banker_proposal"))
            pdf.para(p.comparison.reason)
    s = c.succession
    if s is not None and s.outcomes:
        base = s.outcomes[0]
        pdf.para(c.t("sum_succession", person=pdf.clean(c.name(s.deceased)),
                     tax=c.money(base.tax), estate=c.money(base.estate),
                     cash=c.money(base.liquid)))
        best = s.best()
        if best is not None and len(s.outcomes) > 1:
            pdf.para(c.t("sum_best_scenario", name=pdf.clean(best.name),
                         net=c.money(best.to_family)))
    pdf.para(c.t("sum_next"))


def _relation(c: Ctx, pid: str, principal: str | None, sex: str, kin: Kinship) -> str:
    """How ``pid`` relates to the head of the family ``principal`` (or to their own parent or
    spouse)."""
    sp = kin.spouse_of(pid)
    parents, children = kin.parents_of(pid), kin.children_of(pid)
    if pid == principal or principal is None:
        return ""
    if sp == principal:
        return c.t(f"rel_spouse_{sex}", name=c.name(principal))
    if principal in parents or (kin.spouse_of(principal) in parents):
        return c.t(f"rel_child_{sex}", name=c.name(principal))
    if principal in children:
        return c.t(f"rel_parent_{sex}", name=c.name(principal))
    if parents:
        return c.t(f"rel_child_{sex}", name=c.name(parents[0]))
    if sp:
        return c.t(f"rel_spouse_{sex}", name=c.name(sp))
    return ""


def family(pdf: Page, c: Ctx) -> None:
    pdf.section(c.t("s_family"))
    pdf.para(c.t("family_intro"))
    labels = {"deceased": c.t("deceased_mark"), "trust": c.t("trusts"),
              "company": c.t("company"), "legend": c.t("diagram_legend"),
              "more": c.t("diagram_more", n="{n}"), "age": c.t("age_n"),
              "settlor": c.t("key_settlor"), "beneficiary": c.t("key_beneficiary")}
    family_diagram(pdf, c.hh, c.lang, labels, names=c.names)

    pdf.heading(c.t("people"))
    rows = []
    # the head of the family and the kinship from the household's facts (computed once)
    principal, kin = c.facts.head, c.facts.kinship
    people = {p.id: p for p in c.hh.people}
    for pid in family_members(c.hh):
        p = people[pid]
        age = c.t("deceased_mark") if not p.alive else str(c.hh.age(pid))
        rows.append([p.name, _relation(c, pid, principal, p.sex, kin), age,
                     c.jurisdiction(p.domicile or ""),
                     p.risk_level or "—"])
    pdf.table([Column(c.t("name"), 30), Column(c.t("relation"), 28), Column(c.t("age"), 9, "R"),
               Column(c.t("domicile"), 15), Column(c.t("risk_profile"), 14, "C")], rows)

    if c.hh.companies:
        pdf.heading(c.t("companies"))
        rows = []
        col = {cid: j for j, cid in enumerate(c.lt.companies)}
        for co in c.hh.companies:
            fam = sum(float(v) for v in c.lt.matrix[:, col[co.id]])  # every owner's share
            rel = c.bs.companies[co.id]
            rows.append([co.name, c.jurisdiction(co.jurisdiction),
                         money(co.equity_value, co.currency, c.lang), pct(fam, 1),
                         c.name(rel.controller)])
        pdf.table([Column(c.t("company"), 36), Column(c.t("jurisdiction"), 13),
                   Column(c.t("equity_value"), 15, "R"), Column(c.t("family_share"), 14, "R"),
                   Column(c.t("controller"), 22)], rows)
    if c.hh.trusts:
        pdf.heading(c.t("trusts"))
        rows = []
        for tr in c.hh.trusts:
            bens = "、".join if c.lang != "en" else ", ".join
            ben = bens(f"{c.name(b.person)} {pct(b.share, 0)}" for b in tr.beneficiaries)
            kind = c.t("revocable") if tr.revocable else c.t("irrevocable")
            rows.append([f"{tr.name} ({kind})", c.name(tr.settlor), tr.trustee, ben])
        pdf.table([Column(c.t("trusts"), 26), Column(c.t("settlor"), 16),
                   Column(c.t("trustee"), 20), Column(c.t("beneficiaries"), 38)], rows)


def balance(pdf: Page, c: Ctx) -> None:
    pdf.section(c.t("s_balance"))
    pdf.para(c.t("bs_intro"))
    bs = c.bs
    m = lambda x: c.money(x, symbol=False)  # noqa: E731
    rows = []
    for e in bs.entities.values():
        if e.assets == 0 and e.liabilities == 0 and e.contingent == 0:
            continue
        rows.append([e.name, m(e.liquid), m(e.property + e.other_illiquid), m(e.business),
                     m(e.policies), m(e.liabilities), m(e.net_worth), m(e.contingent)])
    rows.append([c.t("total"), m(bs.total("liquid")),
                 m(bs.total("property") + bs.total("other_illiquid")), m(bs.total("business")),
                 m(bs.total("policies")), m(bs.total("liabilities")), m(bs.net_worth),
                 m(bs.total("contingent"))])
    cols = [Column(c.t("who"), 26)] + [Column(c.t(k), 11, "R") for k in (
        "liquid", "property", "business", "policies", "liabilities", "net_worth", "guarantees")]
    pdf.table(cols, rows, size=8.0, total_rows=1)
    pdf.para(c.t("amounts_in", cur=c.hh.base_currency) + " "
             + c.t("concentration", p=pct(bs.concentration, 1)), size=8, color=GREY)

    by_cur = bs.by_currency()
    if by_cur:
        pdf.heading(c.t("by_currency"))
        total = sum(by_cur.values()) or 1.0
        rows = [[cur, c.money(v, symbol=False), pct(v / total, 1)] for cur, v in by_cur.items()]
        pdf.table([Column(c.t("currency"), 20), Column(c.t("amount_base", cur=c.hh.base_currency),
                                                       30, "R"), Column(c.t("share"), 20, "R")],
                  rows)
    if c.hh.policies:
        pdf.heading(c.t("policies_table"))
        rows = []
        for pol in c.hh.policies:
            ben = ", ".join(c.name(b.target) for b in pol.beneficiaries) or "—"
            rows.append([c.name(pol.insured), c.name(pol.policyholder), ben,
                         money(pol.sum_assured, pol.currency, c.lang),
                         money(pol.cash_value, pol.currency, c.lang)])
        pdf.table([Column(c.t("insured"), 22), Column(c.t("policyholder"), 22),
                   Column(c.t("beneficiaries"), 30), Column(c.t("sum_assured"), 14, "R"),
                   Column(c.t("cash_value"), 14, "R")], rows)
