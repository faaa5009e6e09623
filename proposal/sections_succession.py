"""Succession comparison (who receives what, tax, liquidity, control, flow chart) and the action
plan."""

from __future__ import annotations

from .diagrams import Flow, flow_chart
from .inputs import Outcome
from .layout import GREY, Column, Page
from .sections_family import Ctx


def received(o: Outcome) -> dict[str, float]:
    """What each person receives (see :meth:`Outcome.received`)."""
    return o.received()


def gap(o: Outcome) -> float:
    if o.gap is not None:
        return float(o.gap)
    return max(0.0, o.tax - o.liquid) if o.liquid is not None else 0.0


def succession(pdf: Page, c: Ctx) -> None:
    pdf.section(c.t("s_succession"))
    s = c.succession
    if s is None or not s.outcomes:
        pdf.para(c.t("succ_missing"), color=GREY)
        return
    pdf.para(c.t("succ_intro", person=pdf.clean(c.name(s.deceased))))
    m = lambda x: c.money(x, symbol=False)  # noqa: E731
    rows = []
    for o in s.outcomes:
        rows.append([o.name, m(o.estate), m(o.spouse_share), m(o.tax),
                     m(sum(o.insurance.values()) + sum(o.trust.values())
                       + sum(o.gifts.values())),
                     m(o.liquid) if o.liquid is not None else "—", m(gap(o)),
                     m(sum(received(o).values()))])
    cols = [Column(c.t("scenario"), 26)] + [Column(c.t(k), 12, "R") for k in (
        "estate", "spouse_share", "tax", "outside", "liquidity", "liquidity_gap", "to_family")]
    pdf.table(cols, rows, size=7.8)
    pdf.para(c.t("amounts_in", cur=c.hh.base_currency), size=8, color=GREY)

    pdf.heading(c.t("receives"))
    recips: list[str] = []
    per = [received(o) for o in s.outcomes]
    for r in per:
        for k in r:
            if k not in recips:
                recips.append(k)
    rows = [[c.name(k)] + [m(r.get(k, 0.0)) for r in per] for k in recips]
    rows.append([c.t("tax")] + [m(o.tax) for o in s.outcomes])
    cols = [Column(c.t("recipient"), 26)] + [Column(o.name, 16, "R") for o in s.outcomes]
    pdf.table(cols, rows, size=7.8, total_rows=1)

    companies = [co.id for co in c.hh.companies]
    if companies and any(o.control for o in s.outcomes):
        pdf.heading(c.t("control_after"))
        rows = [[c.name(cid)] + [c.name(o.control.get(cid)) if cid in o.control else "—"
                                 for o in s.outcomes] for cid in companies]
        cols = [Column(c.t("company"), 26)] + [Column(o.name, 16) for o in s.outcomes]
        pdf.table(cols, rows, size=7.8)

    shown = [s.outcomes[0]]
    best = s.best()
    if best is not None and best is not s.outcomes[0]:
        shown.append(best)
    for o in shown:
        pdf.ensure(95)  # the heading stays with its chart
        pdf.heading(c.t("flow_title", name=pdf.clean(o.name)))
        _flow(pdf, c, o)
    for r in s.rule_sets:
        pdf.para(c.t("rule_set", id=c.jurisdiction(r.id),
                     date=c.date(r.since) if r.since else "—"), size=8, color=GREY)


def _flow(pdf: Page, c: Ctx, o: Outcome) -> None:
    sources = [("marital", c.t("spouse_share"), o.spouse_share),
               ("estate", c.t("estate"), o.estate),
               ("insurance", c.t("insurance"), sum(o.insurance.values())),
               ("trust", c.t("trust_interest"), sum(o.trust.values())),
               ("gifts", c.t("lifetime_gifts"), sum(o.gifts.values()))]
    flows = []
    if o.spouse and o.spouse_share > 0:
        flows.append(Flow("marital", c.name(o.spouse), o.spouse_share))
    for k, v in o.heirs.items():
        flows.append(Flow("estate", c.name(k), v))
    if o.tax > 0:
        flows.append(Flow("estate", "tax", o.tax))
    for key, src in (("insurance", o.insurance), ("trust", o.trust), ("gifts", o.gifts)):
        for k, v in src.items():
            flows.append(Flow(key, c.name(k), v))
    flow_chart(pdf, c.t("flow_deceased", name=pdf.clean(c.name(c.succession.deceased))),
               sources, flows, lambda x: c.money(x), c.t("tax"))
    # reconcile the chart with the household page's net worth (the current arrangement only:
    # a scenario's household is not the one the household page shows)
    if o.net_worth is not None and o is c.succession.outcomes[0]:
        own = o.spouse_share + o.estate
        d = own - o.net_worth
        pdf.para(c.t("flow_reconcile", name=pdf.clean(c.name(c.succession.deceased)),
                     own=c.money(own), nw=c.money(o.net_worth),
                     diff=c.t("flow_reconcile_diff", d=c.money(abs(d))) if abs(d) >= 0.5
                     else "",
                     out=c.money(sum(o.insurance.values()) + sum(o.trust.values())
                                 + sum(o.gifts.values()))),
                 size=8, color=GREY)


def actions(pdf: Page, c: Ctx) -> None:
    pdf.section(c.t("s_actions"))
    steps: list[tuple[str, str, str]] = []
    p = c.plan
    cmp_ = p.comparison if p is not None else None
    if cmp_ is not None and (not cmp_.secured or cmp_.remedies):
        steps.append((c.t("act_options"), c.t("bank_side"), c.t("within_1m")))
    elif p is not None and p.recommended is not None:
        deltas = sorted(((p.recommended.get(k, 0.0) - p.current.get(k, 0.0), k)
                         for k in set(p.recommended) | set(p.current)), reverse=True)
        if deltas and deltas[0][0] > 0.005:
            from .sections_plan import _class_name

            steps.append((c.t("act_rebalance", first=_class_name(c, deltas[0][1])),
                          c.t("bank_side"), c.t("within_1m")))
    principal = c.facts.head
    unassessed = [pp.id for pp in c.hh.people if pp.alive and pp.risk_level is None
                  and (pp.client or pp.id == principal)]
    if unassessed:
        sep = ", " if c.lang == "en" else "、"
        steps.append((c.t("act_risk", names=sep.join(c.name(x) for x in unassessed)),
                      c.t("bank_side"), c.t("within_1m")))
    s = c.succession
    if s is not None and s.outcomes:
        best = s.best()
        if best is not None and best is not s.outcomes[0]:
            steps.append((c.t("act_scenario", name=best.name), c.t("advisers"),
                          c.t("within_3m")))
        g = gap(s.outcomes[0])
        if g > 0:
            steps.append((c.t("act_liquidity", gap=c.money(g)), c.t("family_side"),
                          c.t("within_3m")))
    if principal is not None and c.hh.will_of(principal) is None and c.hh.companies:
        steps.append((c.t("act_will", name=c.name(principal)), c.t("advisers"),
                      c.t("within_3m")))
    contingent = c.bs.total("contingent")
    if contingent > 0:
        steps.append((c.t("act_guarantees", contingent=c.money(contingent)),
                      c.t("family_side"), c.t("within_3m")))
    steps.append((c.t("act_review"), c.t("bank_side"), c.t("yearly")))
    rows = [[f"{i}", step, who, when] for i, (step, who, when) in enumerate(steps, 1)]
    pdf.table([Column("#", 4, "C"), Column(c.t("step"), 56), Column(c.t("who_acts"), 18),
               Column(c.t("by_when"), 12)], rows)
    signature(pdf, c)


def signature(pdf: Page, c: Ctx) -> None:
    """The relationship manager's and the client's signature block (names from the bank
    profile and the household)."""
    bank = getattr(c, "bank", None)
    rm = bank.text("rm_name", c.lang) if bank is not None else ""
    rm = rm or (c.hh.banker or "")
    pdf.ensure(48)
    pdf.ln(8)
    half = pdf.content_width / 2
    y = pdf.get_y()
    blocks = [(c.t("signature"), [rm, bank.text("name", c.lang) if bank is not None else "",
                                  (f"{c.t('phone')}: {bank.rm_phone}" if bank is not None
                                   and bank.rm_phone else ""),
                                  (f"{c.t('email')}: {bank.rm_email}" if bank is not None
                                   and bank.rm_email else "")]),
              (c.t("signature_client"), [c.text(c.hh.name)])]
    for i, (title, lines) in enumerate(blocks):
        x = pdf.l_margin + i * half
        with pdf.style(8.5, GREY):
            pdf.set_xy(x, y)
            pdf.cell(half - 6, 5, title)
        pdf.set_draw_color(150, 150, 150)
        pdf.line(x, y + 20, x + half - 10, y + 20)
        with pdf.style(7.5, GREY):
            pdf.set_xy(x, y + 21)
            pdf.cell(half - 6, 4, c.t("sign_date"))
        yy = y + 26
        with pdf.style(9):
            for ln in [s for s in lines if s]:
                pdf.set_xy(x, yy)
                pdf.cell(half - 6, 4.6, pdf.lines(ln, half - 8)[0])
                yy += 4.8
    pdf.set_y(y + 48)
