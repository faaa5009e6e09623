"""Goals and probabilities, allocation with suitability, product sheets, assumptions,
disclaimers."""

from __future__ import annotations

from household.locale import money, pct

from . import charts
from .advice_text import probability
from .i18n import CLASS_RISKS, LIQUIDITY_NAMES, localized, pick
from .layout import GREEN, GREY, NAVY, PALE, RED, Column, Page
from .sections_family import Ctx

_PRIORITY_ORDER = {"essential": 0, "important": 1, "aspirational": 2}


def _class_name(c: Ctx, cls: str) -> str:
    from assets import ASSET_CLASS_INFO

    info = ASSET_CLASS_INFO.get(cls)
    return info.name(c.lang) if info is not None else cls


def _short(s: str, n: int) -> str:
    """The first words of a label, at most ``n`` characters (a CJK name keeps its Chinese part)."""
    head = s.split(" ")[0] if " " in s and not s.split(" ")[0].isascii() else s
    return head if len(head) <= n else head[: n - 1] + "…"


def _axis_money(c: Ctx):
    return lambda v: c.money(v, symbol=False, compact=True)


def goals(pdf: Page, c: Ctx) -> None:
    pdf.section(c.t("s_goals"))
    p = c.plan
    if p is None:
        pdf.para(c.t("plan_missing"), color=GREY)
        return
    pdf.para(c.t("goals_intro2", paths=f"{p.paths:,}"))
    both = p.recommended is not None and any(g.p_current is not None for g in p.goals)
    rows = []
    for g in sorted(p.goals, key=lambda g: (_PRIORITY_ORDER.get(g.priority, 9), g.start_year)):
        when = str(g.start_year) if g.years == 1 else f"{g.start_year}–{g.start_year + g.years - 1}"
        row = [g.name, c.t(g.priority) if g.priority in _PRIORITY_ORDER else g.priority, when,
               money(g.amount, g.currency, c.lang)]
        if both:
            row.append(probability(g.p_current, c.lang))
        row.append(probability(g.p_recommended, c.lang))
        rows.append(row)
    if p.all_essential is not None:
        row = [c.t("all_essential"), "", "", ""]
        if both:
            row.append(probability(p.all_essential_current, c.lang))
        row.append(probability(p.all_essential, c.lang))
        rows.append(row)
    cols = [Column(c.t("goal"), 28), Column(c.t("priority"), 14), Column(c.t("when"), 12),
            Column(c.t("per_year"), 13, "R")]
    if both:
        cols.append(Column(c.t("p_current"), 14, "R"))
    cols.append(Column(c.t("p_recommended") if both else c.t("probability"), 15, "R"))
    pdf.table(cols, rows, total_rows=1 if p.all_essential is not None else 0)
    _probability_bars(pdf, c)

    if p.years and p.wealth and all(k in p.wealth for k in ("p5", "p25", "p50", "p75", "p95")):
        pdf.ensure(90)  # the heading stays with its chart
        pdf.heading(c.t("wealth_chart_rec" if p.recommended is not None else "wealth_chart"))
        marks = [(g.start_year, _short(pdf.clean(c.text(g.name)), 14))
                 for g in sorted(p.goals, key=lambda g: g.start_year)]
        svg = charts.wealth_fan(p.years, p.wealth, pdf.fontset.primary, _axis_money(c),
                                c.t("median"), width_mm=pdf.content_width, marks=marks)
        pdf.svg(svg, height=72)
        pdf.para(c.t("wealth_chart_note"), size=8, color=GREY)


def _probability_bars(pdf: Page, c: Ctx) -> None:
    """Probability of each goal as a bar (drawn as vectors next to the goal's name)."""
    p = c.plan
    if p is None or not p.goals:
        return
    lh = 6.0
    pdf.ensure(lh * len(p.goals) + 10)
    pdf.para(c.t("bars_rec" if any(g.p_recommended is not None for g in p.goals)
                 else "bars_cur"), size=8, color=GREY, after=1)
    label_w = pdf.content_width * 0.42
    bar_w = pdf.content_width * 0.46
    for g in sorted(p.goals, key=lambda g: (_PRIORITY_ORDER.get(g.priority, 9), g.start_year)):
        v = g.p_recommended if g.p_recommended is not None else g.p_current
        if v is None:
            continue
        y = pdf.get_y()
        with pdf.style(8):
            line = pdf.lines(g.name, label_w - 2, keep_newlines=False)[0]
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(label_w, lh, line)
        x = pdf.l_margin + label_w
        pdf.set_fill_color(*PALE)
        pdf.rect(x, y + 1.5, bar_w, lh - 3, style="F")
        color = GREEN if v >= 0.8 else ((196, 130, 20) if v >= 0.5 else RED)
        pdf.set_fill_color(*color)
        pdf.rect(x, y + 1.5, bar_w * max(0.0, min(1.0, v)), lh - 3, style="F")
        with pdf.style(8, NAVY, bold=True):
            pdf.set_xy(x + bar_w + 2, y)
            pdf.cell(20, lh, probability(v, c.lang))
        pdf.set_y(y + lh)
    pdf.ln(3)


def _portfolio_rows(c: Ctx) -> list[tuple[str, float, float | None]]:
    p = c.plan
    assert p is not None
    classes = list(dict.fromkeys([*p.current, *(p.recommended or {})]))
    out = []
    for cls in classes:
        cur = p.current.get(cls, 0.0)
        rec = p.recommended.get(cls, 0.0) if p.recommended is not None else None
        if cur > 1e-9 or (rec or 0) > 1e-9:
            out.append((cls, cur, rec))
    from assets import ASSET_CLASS_IDS

    order = {k: i for i, k in enumerate(ASSET_CLASS_IDS)}
    return sorted(out, key=lambda r: order.get(r[0], 99))


def allocation(pdf: Page, c: Ctx) -> None:
    pdf.section(c.t("s_allocation"))
    p = c.plan
    if p is None:
        pdf.para(c.t("plan_missing"), color=GREY)
        return
    liquid = p.liquid if p.liquid is not None else c.bs.total("liquid")
    pdf.para(c.t("alloc_intro", liquid=c.money(liquid)))
    rows = _portfolio_rows(c)
    if rows:
        labels = [_class_name(c, r[0]) for r in rows]
        svg = charts.allocation_bars(
            labels, [r[1] for r in rows],
            [r[2] or 0.0 for r in rows] if p.recommended is not None else None,
            (c.t("current"), c.t("recommended")), pdf.fontset.primary, width_mm=pdf.content_width)
        pdf.svg(svg, height=14 + 7.5 * len(rows))
        table = []
        for cls, cur, rec in rows:
            row = [_class_name(c, cls), pct(cur)]
            if rec is not None:
                d = rec - cur
                row += [pct(rec), ("+" if d > 0 else "") + pct(d)]
            table.append(row)
        cols = [Column(c.t("asset_class"), 30), Column(c.t("current"), 12, "R")]
        if p.recommended is not None:
            cols += [Column(c.t("recommended"), 12, "R"), Column(c.t("change"), 12, "R")]
        pdf.table(cols, table)
    _comparison(pdf, c)
    if p.products:
        pdf.heading(c.t("products_used"))
        rows2 = [[pr.product.name(c.lang), _class_name(c, pr.product.asset_class),
                  _risk(c, pr.product.risk), pct(pr.weight),
                  c.money(pr.amount) if pr.amount is not None else "—"] for pr in p.products]
        pdf.table([Column(c.t("product"), 36), Column(c.t("asset_class"), 22),
                   Column(c.t("risk_level"), 10, "C"), Column(c.t("weight"), 10, "R"),
                   Column(c.t("amount"), 16, "R")], rows2)
    _suitability(pdf, c)


def _risk(c: Ctx, risk: str) -> str:
    """A product risk level in the market's scale (Taiwan: RR1–RR5)."""
    from assets import risk_rank
    from planner import product_risk_label

    return product_risk_label(risk_rank(risk), c.hh.base_currency)


def _comparison(pdf: Page, c: Ctx) -> None:
    """Band, current and recommended side by side, the reason, and what would secure the
    essential goals when the band cannot."""
    p = c.plan
    cmp_ = p.comparison if p is not None else None
    if cmp_ is None:
        if p is not None and p.expected_return is not None:
            pdf.para(f"{c.t('expected_return')}: {pct(p.expected_return or 0.0)}    "
                     f"{c.t('volatility')}: {pct(p.volatility or 0.0)}", color=NAVY)
        return
    b = cmp_.band
    if cmp_.override:
        pdf.para(c.t("banker_proposal"), color=NAVY)
    pdf.para(c.t("band_line", level=b.level, lo=pct(b.volatility_min), hi=pct(b.volatility_max),
                 risk=b.max_product_risk), color=NAVY)
    cur, rec = cmp_.current, cmp_.recommended
    rows = [[c.t("cmp_exp"), pct(cur.expected_return), pct(rec.expected_return)],
            [c.t("cmp_vol"), pct(cur.volatility), pct(rec.volatility)],
            [c.t("cmp_bad"), pct(-cur.bad_year_loss) if cur.bad_year_loss else "0.0%",
             pct(-rec.bad_year_loss) if rec.bad_year_loss else "0.0%"],
            [c.t("cmp_ess"), probability(cur.success, c.lang),
             probability(rec.success, c.lang)]]
    for g in sorted(p.goals, key=lambda g: (_PRIORITY_ORDER.get(g.priority, 9), g.start_year)):
        if g.id in cur.goals:
            rows.append([c.t("cmp_goal", name=c.text(g.name)),
                         probability(cur.goals.get(g.id), c.lang),
                         probability(rec.goals.get(g.id), c.lang)])
    rows.append([c.t("cmp_legacy"), c.money(cur.expected_legacy_real),
                 c.money(rec.expected_legacy_real)])
    pdf.ensure(8 * len(rows) + 20)
    pdf.heading(c.t("cmp_title"))
    pdf.table([Column(c.t("cmp_measure"), 44), Column(c.t("current"), 18, "R"),
               Column(c.t("s_allocation_banker") if cmp_.override else c.t("recommended"), 18,
                      "R")], rows)
    pdf.heading(c.t("why"))
    pdf.para(cmp_.reason)
    if cmp_.remedies:
        pdf.heading(c.t("remedies"))
        pdf.bullets(list(cmp_.remedies))
    if cmp_.frontier:
        pts = sorted(cmp_.frontier, key=lambda q: q.volatility)
        svg = charts.frontier([q.volatility for q in pts], [q.expected_return for q in pts],
                              (cur.volatility, cur.expected_return),
                              (rec.volatility, rec.expected_return),
                              (b.volatility_min, b.volatility_max),
                              ("", "", c.t("current"), c.t("recommended")),
                              pdf.fontset.primary,
                              width_mm=pdf.content_width)
        pdf.ensure(92)
        pdf.heading(c.t("frontier_title"))
        # the axis titles are document text (searchable, and far cheaper than glyph outlines)
        with pdf.style(7.5, GREY):
            pdf.write_lines(["↑ " + c.t("frontier_y")], pdf.l_margin, pdf.content_width)
        pdf.svg(svg, height=68)
        with pdf.style(7.5, GREY):
            pdf.set_y(pdf.get_y() - 3)
            pdf.write_lines([c.t("frontier_x") + " →"], pdf.l_margin, pdf.content_width,
                            align="C")
        pdf.ln(2)
        pdf.para(c.t("frontier_note"), size=8, color=GREY)


def _suitability(pdf: Page, c: Ctx) -> None:
    from assets import suitable

    p = c.plan
    assert p is not None
    pdf.ensure(40)
    pdf.heading(c.t("suitability"))
    level = p.client_level
    if level is None:
        verdict = ""
    else:
        over = [pr for pr in p.products if not suitable(pr.product.risk, level)]
        verdict = c.t("suitable_yes") if not over else c.t(
            "suitable_no", items=", ".join(
                f"{pr.product.name(c.lang)} ({_risk(c, pr.product.risk)})" for pr in over))
    from planner import risk_band

    scale = risk_band("C1", c.hh.base_currency, c.hh.as_of).product_scale
    pdf.para(c.t("suitability_text2", risk=p.portfolio_risk or "—", verdict=verdict,
                 scale=scale))
    if p.levels:
        sep = ", " if c.lang == "en" else "、"
        who = sep.join(f"{c.name(pid)} {lv}" for pid, lv in p.levels)
        pdf.para(c.t("levels_text", levels=who, level=level or c.t("risk_unknown")))


def products(pdf: Page, c: Ctx) -> None:
    pdf.section(c.t("s_products"))
    p = c.plan
    items = list(p.products) if p is not None else []
    if not items:
        pdf.para(c.t("no_products"), color=GREY)
        return
    pdf.para(c.t("products_intro"), size=8.5, color=GREY)
    from assets import ASSET_CLASS_INFO

    for pr in items:
        prod = pr.product
        pdf.ensure(100)  # a sheet (title and about a dozen lines) stays on one page
        y = pdf.get_y()
        pdf.set_fill_color(*PALE)
        pdf.rect(pdf.l_margin, y, pdf.content_width, 11, style="F")
        with pdf.style(11.5, NAVY, bold=True):
            pdf.set_xy(pdf.l_margin + 3, y + 2)
            title = pdf.lines(prod.name(c.lang), pdf.content_width - 40, keep_newlines=False)[0]
            pdf.cell(pdf.content_width - 40, 7, title)
        _risk_badge(pdf, _risk(c, prod.risk), pdf.l_margin + pdf.content_width - 30, y + 2)
        pdf.set_y(y + 14)
        info = ASSET_CLASS_INFO.get(prod.asset_class)
        fees = [c.t("fee_management", p=pct(prod.management_fee, 2))]
        if prod.subscription_fee:
            fees.append(c.t("fee_subscription", p=pct(prod.subscription_fee, 2)))
        extra = getattr(prod, "other_fees", None) or {}
        fees += [c.t("fee_other", name=localized(k, c.lang), p=pct(v, 2))
                 for k, v in dict(extra).items()]
        sep = "；" if c.lang != "en" else "; "
        risks = getattr(prod, "risks", None)
        risk_text = risks(c.lang) if callable(risks) else localized(risks, c.lang, "")
        risk_text = risk_text or pick(CLASS_RISKS.get(prod.asset_class, ("", "", "")), c.lang)
        level = _risk(c, prod.risk)
        rows = [(c.t("what_it_is"), prod.description(c.lang))]
        if getattr(prod, "issuer_en", ""):
            rows.append((c.t("issuer"), prod.issuer(c.lang)))
        rows += [
            (c.t("asset_class"), _class_name(c, prod.asset_class)),
            (c.t("product_currency"), prod.currency or c.hh.base_currency),
        ]
        if getattr(prod, "minimum", 0.0):
            rows.append((c.t("minimum"), money(prod.minimum, prod.currency or None, c.lang)))
        rows += [
            (c.t("fees"), sep.join(fees)),
            (c.t("risks"), risk_text),
            (c.t("risk_level"), f"{level} · " + c.t("suitable_for", level="C" + level[-1])),
        ]
        liq = getattr(prod, "liquidity", "") or (info.liquidity if info is not None else "")
        if liq:
            rows.append((c.t("liquidity_label"), pick(LIQUIDITY_NAMES.get(liq, (liq,) * 3),
                                                      c.lang)))
        rows.append((c.t("protection"), c.t("deposit_insured_yes")
                     if getattr(prod, "deposit_insured", False) else c.t("deposit_insured_no")))
        rows.append((c.t("amount_in_product"),
                     (c.money(pr.amount) + " · " if pr.amount is not None else "")
                     + pct(pr.weight)))
        _definition_list(pdf, rows)
        pdf.ln(4)


def _risk_badge(pdf: Page, risk: str, x: float, y: float) -> None:
    level = int(risk[-1]) if risk[-1:].isdigit() else 3
    colors = {1: (46, 125, 80), 2: (86, 140, 70), 3: (196, 150, 20), 4: (210, 110, 30),
              5: (178, 54, 54)}
    pdf.set_fill_color(*colors.get(level, GREY))
    pdf.rect(x, y, 26, 7, style="F", round_corners=True, corner_radius=1.5)
    with pdf.style(9, (255, 255, 255), bold=True):
        pdf.set_xy(x, y)
        pdf.cell(26, 7, risk, align="C")


def _definition_list(pdf: Page, rows: list[tuple[str, str]], label_w: float = 34) -> None:
    width = pdf.content_width - label_w
    for label, value in rows:
        lines = pdf.lines(value, width)
        pdf.ensure(pdf.line_height() * min(3, len(lines)) + 1)
        y = pdf.get_y()
        with pdf.style(8.5, GREY):
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(label_w, pdf.line_height(), pdf.lines(label, label_w - 2)[0])
        pdf.set_y(y)
        with pdf.style():
            pdf.write_lines(lines, pdf.l_margin + label_w, width)
        pdf.ln(1.2)


def _in_lang(a: object, name: str, lang: str) -> str:
    """An assumption set's source or method in the reader's language when the set has it."""
    text = getattr(a, "text", None)
    return text(name, lang) if callable(text) else str(getattr(a, name, ""))


def assumptions(pdf: Page, c: Ctx) -> None:
    """What the figures rest on, for the client: the model in words and the expected returns."""
    pdf.section(c.t("s_assumptions"))
    p = c.plan
    a = p.assumptions if p is not None else None
    if p is not None:
        pdf.para(c.t("model_text"))
    if a is not None:
        pdf.para(c.t("house_view", vintage=_month(c, a.vintage)), size=8.5, color=GREY)
        pdf.heading(c.t("returns_table"))
        trows = [[_class_name(c, cls), pct(float(a.means[i])), pct(float(a.vols[i]))]
                 for i, cls in enumerate(a.classes)]
        pdf.table([Column(c.t("asset_class"), 30), Column(c.t("expected_return"), 14, "R"),
                   Column(c.t("volatility"), 14, "R")], trows)
        pdf.para(c.t("inflation") + ": " + f"{pct(a.inflation_mean)} / {pct(a.inflation_vol)}",
                 size=8.5)


def _month(c: Ctx, vintage: str) -> str:
    """A vintage ``YYYY-MM`` written the reader's way (January 2026, 2026年1月)."""
    import datetime as dt

    try:
        d = dt.date.fromisoformat(f"{vintage[:7]}-01")
    except ValueError:
        return vintage
    return f"{d:%B} {d.year}" if c.lang == "en" else f"{d.year}年{d.month}月"


def appendix(pdf: Page, c: Ctx) -> None:
    """The technical appendix for the bank's own files (only when asked for): method, sources,
    settings and version."""
    pdf.section(c.t("s_appendix"))
    pdf.para(c.t("appendix_intro"), size=8.5, color=GREY)
    p = c.plan
    a = p.assumptions if p is not None else None
    rows: list[tuple[str, str]] = []
    if a is not None:
        rows += [(c.t("assumption_set"), a.id), (c.t("vintage"), a.vintage),
                 (c.t("source"), _in_lang(a, "source", c.lang))]
        if getattr(a, "method", ""):
            rows.append((c.t("method"), _in_lang(a, "method", c.lang)))
    if p is not None:
        rows += [(c.t("paths"), f"{p.paths:,}"), (c.t("seed"), str(p.seed))]
    cmp_ = p.comparison if p is not None else None
    if cmp_ is not None:
        b = cmp_.band
        rows.append((c.t("band_label"), f"{b.market} {b.level} ({b.since.isoformat()}): "
                                        f"{b.source}; {b.volatility_source}"))
    try:
        from importlib.metadata import version

        rows.append((c.t("version"), f"Kinfolio {version('kinfolio')}"))
    except Exception:  # not installed as a package: no version to state
        pass
    if rows:
        _definition_list(pdf, rows)
        pdf.ln(2)
    s = c.succession
    if s is not None and s.rule_sets:
        pdf.ensure(80)  # the references make a tall first row: keep the heading with it
        pdf.heading(c.t("rule_sets"))
        rrows = [[f"{r.id} — {r.name}" if r.name else r.id,
                  r.since.isoformat() if r.since else "—", "\n".join(r.references) or "—"]
                 for r in s.rule_sets]
        pdf.table([Column(c.t("rules_id"), 22), Column(c.t("in_force"), 12),
                   Column(c.t("references"), 50)], rrows, size=7.8)
    pdf.para(c.t("reproduce"), size=8.5, color=GREY)


def disclaimers(pdf: Page, c: Ctx) -> None:
    pdf.section(c.t("s_disclaimers"))
    for part in c.t("disclaimer").split("\n"):
        pdf.para(part, size=8.5)
    bank = getattr(c, "bank", None)
    if bank is None:
        return
    name = bank.text("name", c.lang)
    text = bank.disclosure(c.hh.jurisdiction, c.lang)
    if text:
        pdf.heading(c.t("bank_disclosures", bank=name))
        pdf.para(text, size=8.5)
    who = [x for x in (bank.text("legal_entity", c.lang), bank.text("licence", c.lang),
                       bank.text("address", c.lang)) if x]
    if who:
        pdf.para(" · ".join(who), size=8, color=GREY)
