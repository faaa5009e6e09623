"""The banker's insights (公私聯動) as text: the rules (which opportunities a household shows, how
large, the figures behind them) are ``scenarios.insights``, shared with the nightly book run;
this module writes each one in the language asked for. Pure: no streamlit.

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

from household import BalanceSheet, Household, facts_of
from household.locale import money, pct
from scenarios.insights import (
    CONCENTRATION_THRESHOLD,
    GUARANTEE_THRESHOLD,
    EstateFigures,
    Finding,
    find_insights,
)

from .i18n import role_name, tr, tr_count

__all__ = ["CONCENTRATION_THRESHOLD", "GUARANTEE_THRESHOLD", "EstateFigures", "Insight",
           "insights", "internal_notes"]


@dataclass(frozen=True)
class Insight:
    category: str  # corporate, people, family, guarantee, succession, fx, concentration, wallet
    title: str
    detail: str
    action: str
    figures: list[tuple[str, str]] = field(default_factory=list)
    weight: float = 0.0  # base-currency size of the opportunity, for ordering


def _T(lang: str) -> Callable[..., str]:
    return lambda key, **kw: tr(key, lang, **kw)


def insights(hh: Household, lang: str = "en", bs: BalanceSheet | None = None,
             estates: Mapping[str, EstateFigures] | None = None) -> list[Insight]:
    """Every insight for ``hh``, largest opportunity first (the rules are
    ``scenarios.insights``; this module writes them in ``lang``)."""
    bs = bs or facts_of(hh).balance
    return [_TEXT[f.category](hh, bs, f, lang) for f in find_insights(hh, bs, estates)]


def _m(hh: Household, v: float, lang: str) -> str:
    return money(v, hh.base_currency, lang)


def _corporate(hh: Household, bs: BalanceSheet, f: Finding, lang: str) -> Insight:
    t = _T(lang)
    v = f.values
    elsewhere = v["services_elsewhere"]
    sep = ", " if lang == "en" else "、"
    names = sep.join(t(f"svc.{s}") if f"svc.{s}" in _svc_keys() else s for s in elsewhere)
    figures = [(t("col.deposits_other"), _m(hh, v["deposits_other"], lang)),
               (t("col.loans_other"), _m(hh, v["loans_other"], lang)),
               (t("col.deposits_us"), _m(hh, v["deposits_us"], lang)),
               (t("col.loans_us"), _m(hh, v["loans_us"], lang))]
    if v["employees"]:
        figures.insert(0, (t("in.f.employees"), f"{v['employees']:,}"))
    actions = []
    if "payroll" in elsewhere:
        actions.append(t("in.a.payroll", n=f"{v['employees'] or 0:,}"))
    if {"operating_account", "cash_management"} & set(elsewhere) or v["deposits_other"]:
        actions.append(t("in.a.operating"))
    if "loans" in elsewhere or v["loans_other"]:
        actions.append(t("in.a.loans"))
    if "fx" in elsewhere:
        actions.append(t("in.a.fx_corp"))
    return Insight("corporate", t("in.t.corporate", company=v["company"]),
                   t("in.d.corporate", services=names or "—"), " ".join(actions), figures,
                   weight=f.weight)


def _svc_keys() -> set[str]:
    return {"svc.operating_account", "svc.payroll", "svc.loans", "svc.fx",
            "svc.cash_management"}


def _people(hh: Household, bs: BalanceSheet, f: Finding, lang: str) -> Insight:
    t = _T(lang)
    rows = f.values["roles"]
    figures = [(f"{hh.person(pid).name} ({role_name(role, lang)})", hh.company(cid).name)
               for pid, role, cid in rows]
    if f.values["introduced"]:
        figures.append((t("in.f.introduced"), str(f.values["introduced"])))
    return Insight("people", tr_count("in.t.executives", lang, len(rows)), t("in.d.executives"),
                   t("in.a.executives"), figures, weight=f.weight)


def _family(hh: Household, bs: BalanceSheet, f: Finding, lang: str) -> Insight:
    t = _T(lang)
    todo = f.values["people"]
    figures = [(hh.person(pid).name, _m(hh, f.values["net_worth"][pid], lang)) for pid in todo]
    return Insight("family", t("in.t.family", n=len(todo)), t("in.d.family"), t("in.a.family"),
                   figures, weight=f.weight)


def _guarantees(hh: Household, bs: BalanceSheet, f: Finding, lang: str) -> Insight:
    t = _T(lang)
    v = f.values
    ratio = v["ratio"]
    figures = [(t("col.contingent"), _m(hh, v["contingent"], lang)),
               (t("col.liquid"), _m(hh, v["liquid"], lang)),
               (t("in.f.ratio"), "∞" if ratio == float("inf") else f"{ratio:.1f}×")]
    loans = {li.id: li for li in hh.liabilities}
    figures += [(_debt_name(hh, loans[lid], lang),
                 f"{money(loans[lid].amount, loans[lid].currency, lang)} · "
                      f"{t('svc.us') if loans[lid].lender == 'us' else t('svc.other')}")
                for lid in v["liabilities"]]
    return Insight("guarantee", t("in.t.guarantee", name=bs.entities[f.subject].name),
                   t("in.d.guarantee"), t("in.a.guarantee"), figures, weight=f.weight)


def _succession(hh: Household, bs: BalanceSheet, f: Finding, lang: str) -> Insight:
    t = _T(lang)
    v = f.values
    est = v["estate"]
    figures = [(t("col.net_worth"), _m(hh, v["net_worth"], lang)),
               (t("col.business"), _m(hh, v["business"], lang)),
               (t("in.f.will"), t("yes") if v["will"] else t("no"))]
    if est is not None:
        figures += [(t("su.tax"), _m(hh, est.tax, lang)),
                    (t("in.f.cash_needed"), _m(hh, est.cash_needed, lang)),
                    (t("in.f.estate_liquid"), _m(hh, est.liquid, lang)),
                    (t("in.f.gap"), _m(hh, est.gap, lang))]
    detail = t("in.d.gap", gap=_m(hh, est.gap, lang)) if est is not None and est.gap > 0 \
        else t("in.d.no_will")
    return Insight("succession", t("in.t.succession", name=hh.person(f.subject).name), detail,
                   t("in.a.succession"), figures, weight=f.weight)


def _fx_goals(hh: Household, bs: BalanceSheet, f: Finding, lang: str) -> Insight:
    t = _T(lang)
    ids = set(f.values["goals"])
    goals = [g for g in hh.goals if g.id in ids]
    figures = [(g.name, f"{money(g.amount, g.currency, lang)} × {g.years} · {g.start_year}")
               for g in goals]
    action = t("in.a.fx")
    if f.values["kinds"] & {"education", "immigration"}:
        action += " " + t("in.a.abroad")
    return Insight("fx", tr_count("in.t.fx", lang, len(goals)),
                   t("in.d.fx", total=_m(hh, f.values["total"], lang)), action, figures,
                   weight=f.weight)


def _concentration(hh: Household, bs: BalanceSheet, f: Finding, lang: str) -> Insight:
    t = _T(lang)
    v = f.values
    figures = [(t("col.concentration"), pct(v["concentration"], 0)),
               (t("col.business"), _m(hh, v["business"], lang)),
               (t("col.liquid"), _m(hh, v["liquid"], lang))]
    payers = set(v["payers"])
    figures += [(c.name, f"{money(c.annual_profit * c.payout_ratio, c.currency, lang)} "
                         f"{t('in.f.dividends')}") for c in hh.companies if c.id in payers]
    return Insight("concentration", t("in.t.concentration", share=pct(v["concentration"], 0)),
                   t("in.d.concentration"), t("in.a.concentration"), figures, weight=f.weight)


def _wallet(hh: Household, bs: BalanceSheet, f: Finding, lang: str) -> Insight:
    t = _T(lang)
    v = f.values
    figures = [(t("col.at_us"), _m(hh, v["at_us"], lang)),
               (t("col.elsewhere"), _m(hh, v["elsewhere"], lang)),
               (t("in.f.wallet"), pct(v["wallet_share"], 0))]
    return Insight("wallet", t("in.t.wallet", amount=_m(hh, v["elsewhere"], lang)),
                   t("in.d.wallet"), t("in.a.wallet"), figures, weight=f.weight)


_TEXT: dict[str, Callable[[Household, BalanceSheet, Finding, str], Insight]] = {
    "corporate": _corporate, "people": _people, "family": _family, "guarantee": _guarantees,
    "succession": _succession, "fx": _fx_goals, "concentration": _concentration,
    "wallet": _wallet,
}


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
