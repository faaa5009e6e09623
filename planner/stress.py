"""Deterministic historical stress tests of the whole household, companies included.

Scenarios are data (``planner/data/stress-scenarios.json``): a shock per asset class (total return
in CNY over the period), currency moves against CNY, and cuts to company profits and dividends.
Equity-like classes carry their currency effect inside the class shock; deposits and bonds held in
another currency move with that currency. A family company's value moves by beta times its home
market's shock (beta = correlation x company volatility / market volatility, from the assumption
set). When a company's stressed value falls below its debt, its personal guarantors are called
for the shortfall (once per loan, whatever the number of guarantors).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType

from assets import Assumptions, assumptions_for
from household import Household
from household.facts import facts_of

from .markets import home_markets

SCENARIO_FILE = "stress-scenarios.json"
_CURRENCY_CLASSES = frozenset({"cash", "gov_bond", "credit"})


@dataclass(frozen=True)
class StressResult:
    """One scenario applied to the household, in the base currency."""

    id: str
    name: MappingProxyType          # lang -> text
    description: MappingProxyType   # lang -> plain-language text
    period: str
    before: float                   # household net worth today
    after: float                    # net worth after the shock
    loss: float                     # before - after (positive = a loss)
    loss_pct: float
    by_component: MappingProxyType  # liquid, property, other, business, guarantees
    company_values: MappingProxyType  # company id -> (before, after) value of 100%
    guarantees_called: MappingProxyType  # liability id -> amount called from the family
    dividends_before: float         # yearly dividends to the family
    dividends_after: float
    shocks: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def text(self, lang: str = "en") -> str:
        return f"{self.name[lang]}: {self.description[lang]}"


def scenarios() -> list[dict]:
    doc = json.loads((resources.files("planner") / "data" / SCENARIO_FILE)
                     .read_text(encoding="utf-8"))
    return doc["scenarios"]


SCENARIOS: tuple[str, ...] = ("gfc-2008", "china-2015", "pandemic-2020", "rates-2022")


def _fx_factor(sc: dict, cur: str, base: str) -> float:
    fx = sc.get("fx", {})
    return (1.0 + fx.get(cur, 0.0)) / (1.0 + fx.get(base, 0.0))


def stress_tests(hh: Household, assumptions: Assumptions | None = None) -> list[StressResult]:
    a = assumptions or assumptions_for(hh.base_currency)
    facts = facts_of(hh)
    lt, bs = facts.look_through, facts.balance
    owners = set(lt.owners)
    base = hh.base_currency
    fam_share = {c: float(lt.matrix[:, j].sum()) for j, c in enumerate(lt.companies)}
    out = []
    for sc in scenarios():
        shocks = sc["shocks"]
        comp = {}
        for c in hh.companies:
            home = home_markets(hh.as_of)[c.jurisdiction]
            rho = a.company_correlation["listed" if c.listed else "private"]
            vol_home = a.vol(home) if home in a.classes else 0.2
            beta = rho * c.volatility / vol_home if vol_home > 0 else 1.0
            move = max(-1.0, beta * shocks.get(home, 0.0))
            v0 = hh.to_base(c.equity_value, c.currency)
            comp[c.id] = (v0, v0 * (1.0 + move) * _fx_factor(sc, c.currency, base))
        comp_currency_fx = {c.id: _fx_factor(sc, c.currency, base) for c in hh.companies}
        liquid = prop = other = 0.0
        for h in hh.holdings:
            if h.owner not in owners:
                continue
            v = hh.to_base(h.value, h.currency)
            f = 1.0 + shocks.get(h.asset_class, 0.0)
            if h.asset_class in _CURRENCY_CLASSES:
                f *= _fx_factor(sc, h.currency, base)  # a local return, then the currency
            else:
                f *= _fx_factor(sc, a.currency, base)  # the shock is in the set's currency
            dv = v * f - v
            if h.is_liquid:
                liquid += dv
            elif h.kind in ("property", "residence"):
                prop += dv
            else:
                other += dv
        business = sum(fam_share[c] * (comp[c][1] - comp[c][0]) for c in comp)
        called: dict[str, float] = {}
        by_company_debt: dict[str, float] = {}
        for li in hh.liabilities:
            if li.borrower in comp:
                by_company_debt[li.borrower] = by_company_debt.get(li.borrower, 0.0) + \
                    hh.to_base(li.amount, li.currency) * comp_currency_fx[li.borrower]
        for cid, debt in by_company_debt.items():
            value = comp[cid][1]
            if value >= debt:
                continue
            shortfall = debt - max(value, 0.0)
            # the shortfall falls on the guaranteed loans, in proportion to their size
            for li in hh.liabilities:
                if li.borrower == cid and any(g in owners for g in li.guarantors):
                    amt = hh.to_base(li.amount, li.currency) * comp_currency_fx[cid]
                    called[li.id] = shortfall * amt / debt
        guarantees = -sum(called.values())
        div0 = sum(fam_share[c.id] * hh.to_base(c.annual_profit * c.payout_ratio, c.currency)
                   for c in hh.companies)
        div1 = div0 * (1.0 - sc["profit_cut"]) * (1.0 - sc["dividend_cut"])
        before = bs.net_worth
        change = liquid + prop + other + business + guarantees
        after = before + change
        out.append(StressResult(
            id=sc["id"], name=MappingProxyType(sc["name"]),
            description=MappingProxyType(sc["description"]), period=sc["period"],
            before=before, after=after, loss=-change,
            loss_pct=-change / before if before else 0.0,
            by_component=MappingProxyType({"liquid": liquid, "property": prop, "other": other,
                                           "business": business, "guarantees": guarantees}),
            company_values=MappingProxyType(comp), guarantees_called=MappingProxyType(called),
            dividends_before=div0, dividends_after=div1,
            shocks=MappingProxyType(dict(shocks)),
        ))
    return out
