"""Turn the planner's and the scenarios' results into the proposal's views.

Accepted plan inputs: a :class:`PlanView`; a ``planner.PlanResult`` (the current allocation),
optionally with a ``planner.Recommendation`` and the ``PlanResult`` of the recommended allocation
(passed in the options, or together as a mapping ``{"plan", "recommendation", "recommended"}``).
Accepted succession inputs: a :class:`SuccessionView`; one ``scenarios.SuccessionResult``; a
sequence of ``(name, SuccessionResult)`` pairs or a mapping name -> result (first = as things
stand); or an object with such pairs in ``.results``/``.outcomes`` (``scenarios.compare``).
Numbers are copied, never recomputed, so the PDF shows what the app shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from household import Household
from i18n import catalog

from .inputs import Comparison, GoalLine, Outcome, PlanView, ProductLine, RuleRef, SuccessionView

_EQUITY = frozenset({"cn_equity", "hk_equity", "dm_equity", "em_equity", "private_equity",
                     "hedge_funds"})
#: the recommended portfolio's name by its kind (key -> (en, zh-Hant, zh-Hans), the catalog's)
PORTFOLIO_NAMES = catalog.table("portfolio.")


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    for n in names:
        if isinstance(obj, Mapping):
            if n in obj:
                return obj[n]
        elif hasattr(obj, n):
            return getattr(obj, n)
    return default


def portfolio_kind(weights: Mapping[str, float]) -> str:
    eq = sum(w for c, w in weights.items() if c in _EQUITY)
    if eq < 0.2:
        return "income"
    if eq < 0.45:
        return "balanced"
    if eq < 0.7:
        return "growth"
    return "dynamic"


def _wealth(result: Any) -> dict[str, tuple[float, ...]]:
    w = _get(result, "wealth", default={}) or {}
    basis = "real" if _get(result, "real", default=True) else "nominal"
    if "total" in w and isinstance(w["total"], Mapping):
        w = w["total"].get(basis) or next(iter(w["total"].values()))
    return {k: tuple(float(x) for x in v) for k, v in dict(w).items()}


def _assumptions(result: Any, given: Any) -> Any:
    if given is not None:
        return given
    a = _get(result, "assumptions")
    if a is None or not isinstance(a, str):
        return a
    try:
        from assets import available_assumptions, load_assumptions

        return load_assumptions(a) if a in available_assumptions() else None
    except Exception:  # an assumption set we cannot find is reported as missing, not fatal
        return None


def plan_view(hh: Household, plan: object | None, recommendation: Any = None,
              recommended: Any = None, assumptions: Any = None, lang: str = "en"
              ) -> PlanView | None:
    if plan is None or isinstance(plan, PlanView):
        return plan
    if isinstance(plan, Mapping) and ("plan" in plan or "current" in plan):
        recommendation = plan.get("recommendation", recommendation)
        recommended = plan.get("recommended", recommended)
        assumptions = plan.get("assumptions", assumptions)
        plan = plan.get("plan", plan.get("current"))
    elif isinstance(plan, tuple):
        plan, recommendation, *rest = (*plan, None)
        recommended = rest[0] if rest and rest[0] is not None else recommended
    if plan is None:
        return None

    success = dict(_get(plan, "success", default={}) or {})
    rec_success = dict(_get(recommended, "success", default={}) or {}) if recommended else {}
    goals = tuple(
        GoalLine(g.id, g.name, g.priority, g.start_year, g.years, g.amount, g.currency,
                 success.get(g.id), rec_success.get(g.id))
        for g in hh.goals
    )
    current = dict(_get(plan, "current_allocation", "allocation", default={}) or {})
    all_cur = _get(plan, "success_all_essential")
    all_rec = None
    weights = None
    products: list[ProductLine] = []
    level = holders = risk = name = exp = vol = None
    comparison = None
    liquid = _get(plan, "start_liquid")
    if recommended is not None:
        all_rec = _get(recommended, "success_all_essential")
    if recommendation is not None:
        point = _get(recommendation, "recommended")
        weights = dict(_get(point, "weights", default={}) or {})
        exp = _get(point, "expected_return")
        vol = _get(point, "volatility")
        if all_rec is None:
            all_rec = _get(point, "success")
            cur_point = _get(recommendation, "current")
            if _get(cur_point, "success") is not None:
                all_cur = _get(cur_point, "success")  # the paired comparison of the app
        level = _get(recommendation, "risk_level")
        if _get(recommendation, "risk_level_assumed", default=False):
            level = None
        products = _products(_get(recommendation, "products", default={}) or {}, weights,
                             liquid, hh.base_currency)
        risk = _portfolio_risk(weights, products, hh.base_currency)
        from .i18n import pick

        name = pick(PORTFOLIO_NAMES[portfolio_kind(weights)], lang)
        holders = _holders(hh)
        comparison = _comparison(recommendation, lang, hh.base_currency)
    wealth = _wealth(recommended if recommended is not None else plan)
    return PlanView(
        paths=int(_get(plan, "paths", default=0)), seed=int(_get(plan, "seed", default=0)),
        years=tuple(_get(plan, "years", default=())), goals=goals,
        all_essential=all_rec if all_rec is not None else all_cur,
        all_essential_current=all_cur if (all_rec is not None) else None,
        wealth=wealth, current=current, recommended=weights, portfolio_name=name,
        expected_return=exp, volatility=vol, portfolio_risk=risk, client_level=level,
        level_holders=tuple(holders or ()), products=tuple(products),
        assumptions=_assumptions(plan, assumptions), real=bool(_get(plan, "real", default=True)),
        liquid=liquid, comparison=comparison,
        levels=tuple((p, hh.person(p).risk_level) for p in _holders(hh)),
    )


def _comparison(rec: Any, lang: str, currency: str) -> Comparison | None:
    cur, best = _get(rec, "current"), _get(rec, "recommended")
    if cur is None or best is None or _get(rec, "band") is None:
        return None
    from .advice_text import reason_sentence, remedy_lines

    return Comparison(cur, best, rec.band, reason_sentence(rec, lang, currency),
                      tuple(remedy_lines(rec, lang, currency)),
                      bool(_get(rec, "secured", default=True)),
                      bool(_get(rec, "worse_than_current", default=False)),
                      bool(_get(rec, "override", default=False)),
                      tuple(_get(rec, "frontier", default=()) or ()))


def _holders(hh: Household) -> list[str]:
    from planner import principals

    return [p for p in principals(hh) if hh.person(p).risk_level]


#: products named per class: the class's amount is split evenly among them
PRODUCTS_PER_CLASS = 2


def _products(by_class: Mapping[str, Sequence[str]], weights: Mapping[str, float],
              liquid: float | None = None, currency: str = "") -> list[ProductLine]:
    """The products of each class with the amount put in each (the class's weight split evenly
    among at most :data:`PRODUCTS_PER_CLASS` of its products)."""
    from assets import product_shelf

    shelf = {p.id: p for p in product_shelf()}
    out = []
    for cls, ids in by_class.items():
        w = float(weights.get(cls, 0.0))
        found = [shelf[pid] for pid in ids if pid in shelf][:PRODUCTS_PER_CLASS]
        if w <= 1e-9 or not found:
            continue
        share = w / len(found)
        for prod in found:
            out.append(ProductLine(prod, share, share * liquid if liquid is not None else None))
    return out


def _portfolio_risk(weights: Mapping[str, float], products: Sequence[ProductLine],
                    currency: str = "") -> str | None:
    from assets import ASSET_CLASS_INFO, risk_rank

    levels = [p.product.risk for p in products]
    levels += [ASSET_CLASS_INFO[c].risk for c, w in weights.items()
               if w > 1e-9 and c in ASSET_CLASS_INFO and not any(
                   p.product.asset_class == c for p in products)]
    if not levels:
        return None
    from planner import product_risk_label

    return product_risk_label(max(risk_rank(x) for x in levels), currency or "USD")


# ----------------------------------------------------------------------------- succession
def _outcome(oid: str, name: str, r: Any) -> Outcome:
    outside = _get(r, "outside", default=()) or ()
    insurance: dict[str, float] = {}
    trust: dict[str, float] = {}
    if outside:
        for o in outside:
            target = trust if _get(o, "kind") == "trust" else insurance
            for k, v in dict(_get(o, "to", default={})).items():
                target[k] = target.get(k, 0.0) + float(v)
    else:
        insurance = {k: float(v) for k, v in dict(_get(r, "insurance", default={})).items()}
    tax = float(_get(r, "tax", default=0.0) or 0.0) + float(_get(r, "costs", default=0.0) or 0.0)
    return Outcome(
        id=oid, name=name, estate=float(_get(r, "estate", default=0.0)),
        # the ledger's marital share: what moves out of the deceased's property to the survivor
        # (CN: their half of the joint pool less what already stands in their name), as the
        # app's table and flow chart show it
        spouse_share=_spouse_share(r),
        tax=tax, heirs={k: float(v) for k, v in dict(_get(r, "heirs", default={})).items()},
        insurance=insurance, trust=trust, spouse=_get(r, "spouse"),
        liquid=_get(r, "liquid_assets", "liquid"),
        gap=_get(r, "liquidity_gap"),
        control=dict(_get(r, "control_after", default={}) or {}),
        net_worth=float(r.ledger().net_worth) if callable(getattr(r, "ledger", None)) else None,
    )


def _spouse_share(r: Any) -> float:
    ledger = getattr(r, "ledger", None)
    if callable(ledger):
        return max(0.0, float(ledger().marital_share))
    return float(_get(r, "spouse_marital_share", default=0.0) or 0.0)


def _pairs(scenarios: Any) -> list[tuple[str, str, Any]]:
    inner = _get(scenarios, "results", "outcomes", default=None)
    if inner is not None and not isinstance(scenarios, Mapping | Sequence):
        scenarios = inner
    if isinstance(scenarios, Mapping):
        return [(str(k), str(k), v) for k, v in scenarios.items()]
    if isinstance(scenarios, Sequence) and not isinstance(scenarios, str):
        out = []
        for i, item in enumerate(scenarios):
            if isinstance(item, tuple):
                if len(item) == 3:
                    out.append((str(item[0]), str(item[1]), item[2]))
                else:
                    out.append((f"s{i}", str(item[0]), item[1]))
            else:
                out.append((_get(item, "id", default=f"s{i}"),
                            _get(item, "name", "label", default=f"#{i + 1}"),
                            _get(item, "result", default=item)))
        return out
    return [("base", "", scenarios)]


def rule_refs(jurisdiction: str, on: dt.date, lang: str = "en") -> tuple[RuleRef, ...]:
    try:
        from scenarios import load_rules

        rs = load_rules(jurisdiction)
    except Exception:  # a missing rule set is shown as missing
        return ()
    since = None
    for entries in rs.values.values():
        for e in entries:
            if e.since <= on and (since is None or e.since > since):
                since = e.since
    refs = tuple(rs.title(k, lang) for k in rs.references)
    return (RuleRef(rs.jurisdiction, rs.display_name(lang), since, refs),)


def _suggested_name(hh: Household, sid: str, name: str, lang: str) -> str:
    """The name of a scenario Kinfolio suggested, in the proposal's language; a scenario the
    banker saved keeps the name it was given."""
    from .i18n import T, t

    if any(s.id == sid for s in hh.scenarios) or f"sc_{sid}" not in T:
        return name
    if sid == "current":
        return t("sc_current", lang)
    try:
        from scenarios import suggest_scenarios

        found = {s.id: s for s in suggest_scenarios(hh)}
    except Exception:  # no suggestions for this household: keep the engine's name
        return name
    sc = found.get(sid)
    if sc is None or sc.name != name:
        return name
    if sid == "business-handover":
        ch = sc.changes[0]
        return t("sc_business-handover", lang, company=hh.company(ch.company).name,
                 successor=hh.person(ch.successor).name)
    return t(f"sc_{sid}", lang)


def _from_comparison(hh: Household, comp: Any, lang: str) -> SuccessionView:
    outcomes = []
    for o in comp.outcomes:
        base = _outcome(o.id, _suggested_name(hh, o.id, o.name, lang), o.result)
        outcomes.append(Outcome(
            id=base.id, name=base.name, estate=base.estate, spouse_share=base.spouse_share,
            tax=float(o.tax_and_costs), heirs=base.heirs, insurance=base.insurance,
            trust=dict(o.trust_interest), spouse=base.spouse, liquid=base.liquid,
            gap=float(o.liquidity_gap), control=base.control,
            # settling a trust is a gift to it, but its value is already 'held in trust':
            # counted once, never also as a lifetime gift
            gifts={k: v for k, v in o.gifts.items() if k not in {
                x.item for x in o.result.outside if x.kind == "trust"}},
            net_to=dict(o.net_to), net_worth=base.net_worth))
    return SuccessionView(deceased=comp.deceased, jurisdiction=comp.jurisdiction,
                          outcomes=tuple(outcomes),
                          rule_sets=rule_refs(comp.jurisdiction, comp.on, lang),
                          names=dict(getattr(comp, "names", {}) or {}))


def succession_view(hh: Household, scenarios: object | None, base_name: str = "",
                    lang: str = "en") -> SuccessionView | None:
    if scenarios is None or isinstance(scenarios, SuccessionView):
        return scenarios
    outs = _get(scenarios, "outcomes", default=None)
    if outs and all(hasattr(o, "result") and hasattr(o, "net_to") for o in outs):
        return _from_comparison(hh, scenarios, lang)
    pairs = _pairs(scenarios)
    if not pairs:
        return None
    outcomes = tuple(_outcome(oid, name or base_name, r) for oid, name, r in pairs)
    first = pairs[0][2]
    deceased = _get(first, "deceased", default="")
    code = _get(first, "jurisdiction", default=hh.jurisdiction)
    on = _get(first, "on", default=hh.as_of)
    return SuccessionView(deceased=deceased, jurisdiction=code, outcomes=outcomes,
                          rule_sets=rule_refs(code, on, lang))
