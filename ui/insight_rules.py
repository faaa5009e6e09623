"""The banker's insights (公私聯動): opportunities computed from one household, each with the
figures behind it. Pure: no streamlit; text in the language asked for.

The rules follow the practice notes the product grew from: payroll and the other corporate
services a family's companies take from other banks (代發工資 first); executives and staff linked
to the companies who are not yet clients (private banking and personal loans for them); the owner's
exposure through personal guarantees; the estate tax that would fall due against the estate's cash
(insurance or a trust); foreign-currency goals (FX, overseas accounts, education abroad); the
concentration in the family business (diversification, or a pledge loan instead of a sale); assets
kept at other banks; family members who take part in the family's decisions but are not clients.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from household import BalanceSheet, Household, Parent, Role, Spouse, balance_sheet
from household.locale import money, pct

from .i18n import role_name, tr, tr_count

CONCENTRATION_THRESHOLD = 0.5
GUARANTEE_THRESHOLD = 0.5  # guarantees above half the guarantor's liquid assets


@dataclass(frozen=True)
class Insight:
    category: str  # corporate, people, family, guarantee, succession, fx, concentration, wallet
    title: str
    detail: str
    action: str
    figures: list[tuple[str, str]] = field(default_factory=list)
    weight: float = 0.0  # base-currency size of the opportunity, for ordering


@dataclass(frozen=True)
class EstateFigures:
    """What a death today would cost, from the succession engine (optional input)."""

    person: str
    tax: float
    liquid: float
    needed: float | None = None  # tax, costs, debts and claims payable in cash; None: the tax

    @property
    def cash_needed(self) -> float:
        return self.tax if self.needed is None else self.needed

    @property
    def gap(self) -> float:
        """The succession engine's liquidity gap: cash needed beyond the estate's liquid assets
        (the succession page shows the same figure)."""
        return max(self.cash_needed - self.liquid, 0.0)


def _T(lang: str) -> Callable[..., str]:
    return lambda key, **kw: tr(key, lang, **kw)


def insights(hh: Household, lang: str = "en", bs: BalanceSheet | None = None,
             estates: Mapping[str, EstateFigures] | None = None) -> list[Insight]:
    """Every insight for ``hh``, largest opportunity first."""
    bs = bs or balance_sheet(hh)
    out: list[Insight] = []
    out += _corporate(hh, bs, lang)
    out += _people(hh, lang)
    out += _family(hh, bs, lang)
    out += _guarantees(hh, bs, lang)
    out += _succession(hh, bs, lang, estates)
    out += _fx_goals(hh, lang)
    out += _concentration(hh, bs, lang)
    out += _wallet(hh, bs, lang)
    return sorted(out, key=lambda i: -i.weight)


def _m(hh: Household, v: float, lang: str) -> str:
    return money(v, hh.base_currency, lang)


def _corporate(hh: Household, bs: BalanceSheet, lang: str) -> list[Insight]:
    t = _T(lang)
    out = []
    for c in hh.companies:
        rel = bs.companies[c.id]
        elsewhere = [s for s, who in (c.banking or {}).items() if who == "other"]
        if not elsewhere and rel.deposits_other == 0 and rel.loans_other == 0:
            continue
        sep = ", " if lang == "en" else "、"
        names = sep.join(t(f"svc.{s}") if f"svc.{s}" in _svc_keys() else s for s in elsewhere)
        figures = [(t("col.deposits_other"), _m(hh, rel.deposits_other, lang)),
                   (t("col.loans_other"), _m(hh, rel.loans_other, lang)),
                   (t("col.deposits_us"), _m(hh, rel.deposits_us, lang)),
                   (t("col.loans_us"), _m(hh, rel.loans_us, lang))]
        if c.employees:
            figures.insert(0, (t("in.f.employees"), f"{c.employees:,}"))
        actions = []
        if "payroll" in elsewhere:
            actions.append(t("in.a.payroll", n=f"{c.employees or 0:,}"))
        if {"operating_account", "cash_management"} & set(elsewhere) or rel.deposits_other:
            actions.append(t("in.a.operating"))
        if "loans" in elsewhere or rel.loans_other:
            actions.append(t("in.a.loans"))
        if "fx" in elsewhere:
            actions.append(t("in.a.fx_corp"))
        out.append(Insight(
            "corporate", t("in.t.corporate", company=c.name),
            t("in.d.corporate", services=names or "—"), " ".join(actions), figures,
            weight=rel.deposits_other + rel.loans_other + 1e4 * (c.employees or 0)))
    return out


def _svc_keys() -> set[str]:
    return {"svc.operating_account", "svc.payroll", "svc.loans", "svc.fx",
            "svc.cash_management"}


def _family_ids(hh: Household) -> set[str]:
    ids = {x for r in hh.relations if isinstance(r, Parent) for x in (r.parent, r.child)}
    return ids | {x for r in hh.relations if isinstance(r, Spouse) for x in (r.a, r.b)}


def _people(hh: Household, lang: str) -> list[Insight]:
    t = _T(lang)
    family = _family_ids(hh)
    rows = []
    for r in hh.relations:
        if isinstance(r, Role):
            p = hh.person(r.person)
            if not p.client and r.person not in family:
                rows.append((p.name, r.role, hh.company(r.company).name))
    if not rows:
        return []
    referred = {r.to for r in hh.relations if getattr(r, "kind", "") == "referral"}
    figures = [(f"{n} ({role_name(role, lang)})", c) for n, role, c in rows]
    if referred:
        figures.append((t("in.f.introduced"), str(len(referred))))
    return [Insight("people", tr_count("in.t.executives", lang, len(rows)), t("in.d.executives"),
                    t("in.a.executives"), figures, weight=5e6 * len(rows))]


def _family(hh: Household, bs: BalanceSheet, lang: str) -> list[Insight]:
    t = _T(lang)
    family = _family_ids(hh)
    todo = [p for p in hh.people if p.id in family and p.alive and not p.client
            and hh.age(p.id) >= 18]
    if not todo:
        return []
    figures = [(p.name, _m(hh, bs.entities[p.id].net_worth, lang)) for p in todo]
    return [Insight("family", t("in.t.family", n=len(todo)), t("in.d.family"), t("in.a.family"),
                    figures, weight=sum(bs.entities[p.id].net_worth for p in todo))]


def _guarantees(hh: Household, bs: BalanceSheet, lang: str) -> list[Insight]:
    t = _T(lang)
    out = []
    for e in bs.people():
        if e.contingent <= 0:
            continue
        ratio = e.contingent / e.liquid if e.liquid > 0 else float("inf")
        loans = [li for li in hh.liabilities if e.id in li.guarantors]
        figures = [(t("col.contingent"), _m(hh, e.contingent, lang)),
                   (t("col.liquid"), _m(hh, e.liquid, lang)),
                   (t("in.f.ratio"), "∞" if ratio == float("inf") else f"{ratio:.1f}×")]
        figures += [(_debt_name(hh, li, lang), f"{money(li.amount, li.currency, lang)} · "
                     f"{t('svc.us') if li.lender == 'us' else t('svc.other')}")
                    for li in loans]
        if ratio < GUARANTEE_THRESHOLD:
            continue
        out.append(Insight("guarantee", t("in.t.guarantee", name=e.name), t("in.d.guarantee"),
                           t("in.a.guarantee"), figures, weight=e.contingent))
    return out


def _succession(hh: Household, bs: BalanceSheet, lang: str,
                estates: Mapping[str, EstateFigures] | None) -> list[Insight]:
    t = _T(lang)
    out = []
    for e in bs.people():
        p = hh.person(e.id)
        if not p.alive or e.business <= 0:
            continue
        est = (estates or {}).get(e.id)
        figures = [(t("col.net_worth"), _m(hh, e.net_worth, lang)),
                   (t("col.business"), _m(hh, e.business, lang)),
                   (t("in.f.will"), t("yes") if hh.will_of(e.id) else t("no"))]
        if est is not None:
            figures += [(t("su.tax"), _m(hh, est.tax, lang)),
                        (t("in.f.cash_needed"), _m(hh, est.cash_needed, lang)),
                        (t("in.f.estate_liquid"), _m(hh, est.liquid, lang)),
                        (t("in.f.gap"), _m(hh, est.gap, lang))]
            if est.gap <= 0 and hh.will_of(e.id):
                continue
            detail = t("in.d.gap", gap=_m(hh, est.gap, lang)) if est.gap > 0 else t(
                "in.d.no_will")
        elif hh.will_of(e.id):
            continue
        else:
            detail = t("in.d.no_will")
        out.append(Insight("succession", t("in.t.succession", name=p.name), detail,
                           t("in.a.succession"), figures,
                           weight=(est.gap if est else 0.0) + 0.1 * e.business))
    return out


def _fx_goals(hh: Household, lang: str) -> list[Insight]:
    t = _T(lang)
    goals = [g for g in hh.goals if g.currency != hh.base_currency]
    if not goals:
        return []
    total = sum(hh.to_base(g.amount * g.years, g.currency) for g in goals)
    figures = [(g.name, f"{money(g.amount, g.currency, lang)} × {g.years} · {g.start_year}")
               for g in goals]
    kinds = {g.kind for g in goals}
    action = t("in.a.fx")
    if kinds & {"education", "immigration"}:
        action += " " + t("in.a.abroad")
    return [Insight("fx", tr_count("in.t.fx", lang, len(goals)),
                    t("in.d.fx", total=_m(hh, total, lang)), action, figures, weight=total)]


def _concentration(hh: Household, bs: BalanceSheet, lang: str) -> list[Insight]:
    t = _T(lang)
    if bs.concentration < CONCENTRATION_THRESHOLD:
        return []
    liquid = bs.total("liquid")
    business = bs.total("business")
    figures = [(t("col.concentration"), pct(bs.concentration, 0)),
               (t("col.business"), _m(hh, business, lang)), (t("col.liquid"), _m(hh, liquid, lang))]
    figures += [(c.name, f"{money(c.annual_profit * c.payout_ratio, c.currency, lang)} "
                         f"{t('in.f.dividends')}") for c in hh.companies if c.payout_ratio > 0]
    return [Insight("concentration", t("in.t.concentration", share=pct(bs.concentration, 0)),
                    t("in.d.concentration"), t("in.a.concentration"), figures,
                    weight=business - liquid)]


def _wallet(hh: Household, bs: BalanceSheet, lang: str) -> list[Insight]:
    t = _T(lang)
    owners = set(bs.entities)
    us = sum(hh.to_base(h.value, h.currency) for h in hh.holdings
             if h.owner in owners and h.at_bank == "us" and h.is_liquid)
    other = sum(hh.to_base(h.value, h.currency) for h in hh.holdings
                if h.owner in owners and h.at_bank == "other" and h.is_liquid)
    if other <= 0:
        return []
    share = us / (us + other) if us + other > 0 else 0.0
    figures = [(t("col.at_us"), _m(hh, us, lang)), (t("col.elsewhere"), _m(hh, other, lang)),
               (t("in.f.wallet"), pct(share, 0))]
    return [Insight("wallet", t("in.t.wallet", amount=_m(hh, other, lang)), t("in.d.wallet"),
                    t("in.a.wallet"), figures, weight=other)]


def internal_notes(hh: Household) -> list[tuple[str, str]]:
    """(whose, note) for every internal note in the file."""
    out = []
    if hh.notes:
        out.append((hh.name, hh.notes))
    for section in ("people", "companies", "trusts", "holdings", "liabilities", "policies"):
        for it in getattr(hh, section):
            if getattr(it, "notes", None):
                out.append((getattr(it, "name", None) or it.id, it.notes))
    return out


def _debt_name(hh: Household, li, lang: str) -> str:
    """A guaranteed loan named by its kind and borrower, never by its id."""
    from .i18n import choice_label

    who = next((x.name for x in (*hh.people, *hh.companies) if x.id == li.borrower), "")
    return f"{choice_label('kind', li.kind, lang)} · {who}" if who else choice_label(
        "kind", li.kind, lang)
