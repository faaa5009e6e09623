"""Dormant and low-activity clients worth a call (睡眠戶、低效戶「激活」「盤活」), ranked.

A client is dormant when nothing they initiated was booked for ``dormant_months`` (bank-initiated
interest and fees do not count), low-activity when they initiated fewer than
``low_activity_per_month`` transactions a month over the last year. Each is scored by what a call
could bring: ``score = sum(weight x signal)`` with the weights and the signals' scaling as dated
data (``book/data/watch_activation.json``, documented there). Reasons and suggested actions are
codes with parameters; sentences are made in ``cli``/``ui``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from book import watch_db
from book.frames import BookFrames
from book.watch_config import activation_weights

Code = tuple[str, MappingProxyType]


@dataclass(frozen=True)
class ActivationClient:
    client_id: str
    household_id: str | None
    banker: str
    status: str  # "dormant" or "low_activity"
    score: float
    dormant_since: dt.date | None  # the day after the last client-initiated activity
    signals: MappingProxyType  # signal -> value in 0..1
    reasons: tuple[Code, ...]
    suggested_actions: tuple[Code, ...]

    def as_json(self) -> dict:
        return {"client_id": self.client_id, "household_id": self.household_id,
                "banker": self.banker, "status": self.status, "score": round(self.score, 2),
                "dormant_since": None if self.dormant_since is None else
                self.dormant_since.isoformat(),
                "signals": {k: round(v, 3) for k, v in self.signals.items()},
                "reasons": [{"code": c, "params": dict(p)} for c, p in self.reasons],
                "suggested_actions": [{"code": c, "params": dict(p)}
                                      for c, p in self.suggested_actions]}


@dataclass(frozen=True)
class Activation:
    as_of: dt.date
    weights_since: dt.date
    clients: tuple[ActivationClient, ...]

    def as_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "weights_since": self.weights_since.isoformat(),
                "clients": [c.as_json() for c in self.clients]}


def _p(**kw) -> MappingProxyType:
    return MappingProxyType(kw)


def activity(frames: BookFrames, as_of: dt.date) -> pd.DataFrame:
    """Per client: last client-initiated transaction and the count in the last 12 months."""
    con = watch_db.connect(frames)
    try:
        return con.execute("""
            SELECT a.client_id, max(t.date)::DATE AS last_active,
                   count(*) FILTER (WHERE t.date > ?::DATE - INTERVAL 1 YEAR) AS n_year
            FROM t JOIN acc a USING (account_id)
            WHERE t.date <= ?::DATE AND t.initiated_by IS DISTINCT FROM 'bank'
            GROUP BY a.client_id""", [as_of, as_of]).df()
    finally:
        con.close()


def activation(frames: BookFrames, as_of: dt.date | None = None,
               dormant_months: int | None = None, limit: int | None = None) -> Activation:
    """Dormant and low-activity clients sorted by score (highest first)."""
    as_of = as_of or frames.meta.as_of
    cfg = activation_weights(as_of)
    months = int(dormant_months or cfg["dormant_months"])
    w = cfg["weights"]
    c = frames.clients[["client_id", "kind", "banker", "birth_date", "opened",
                        "risk_level"]].copy()
    c["client_id"] = c["client_id"].astype(str)
    act = activity(frames, as_of)
    act["client_id"] = act["client_id"].astype(str)
    c = c.merge(act, on="client_id", how="left")
    c["n_year"] = c["n_year"].fillna(0)
    cutoff = pd.Timestamp(as_of) - pd.DateOffset(months=months)
    last = pd.to_datetime(c["last_active"])
    dormant = (last.isna() & (c["opened"] <= cutoff)) | (last <= cutoff)
    low = ~dormant & (c["n_year"] < 12 * float(cfg["low_activity_per_month"])) & \
        (c["opened"] <= cutoff)
    c = c[dormant | low].assign(dormant=dormant[dormant | low])
    if c.empty:
        return Activation(as_of, dt.date.fromisoformat(cfg["from"]), ())
    idle, maturing, held = _balances(frames, as_of, int(cfg["maturity_days"]))
    family = _Family(frames)
    out = []
    for r in c.itertuples(index=False):
        cid = r.client_id
        hh_sig = family.signals(cid, as_of, cfg, held)
        sig = dict(hh_sig.values)
        bal = idle.get(cid, 0.0)
        sig["idle_current"] = min(1.0, bal / float(cfg["idle_scale"]))
        sig["maturity_soon"] = 1.0 if cid in maturing else 0.0
        sig["dormant"] = 1.0 if r.dormant else 0.5
        age = _age(r.birth_date, as_of)
        ret = int(cfg["retirement_age"])
        sig["near_retirement"] = 1.0 if age is not None and ret - 5 <= age < ret else 0.0
        score = sum(float(w[k]) * float(sig.get(k, 0.0)) for k in w)
        reasons: list[Code] = []
        actions: list[Code] = []
        since = pd.Timestamp(r.opened).date() if pd.isna(r.last_active) else \
            pd.Timestamp(r.last_active).date() + dt.timedelta(days=1)
        if r.dormant:
            reasons.append(("activation.dormant", _p(since=None if since is None else
                                                      since.isoformat(), months=months)))
        else:
            reasons.append(("activation.low_activity", _p(per_year=int(r.n_year))))
        reasons += hh_sig.reasons
        actions += hh_sig.actions
        if sig["idle_current"] > 0.05:
            reasons.append(("activation.idle_current", _p(amount=round(bal, 2),
                                                          currency=frames.meta.base_currency)))
            actions.append(("action.offer_products", _p(products=_products(
                frames.meta.base_currency, r.risk_level))))
        if sig["maturity_soon"]:
            m = maturing[cid]
            reasons.append(("activation.maturity_soon", _p(date=m[0].isoformat(),
                                                           account_kind=m[1])))
            actions.append(("action.maturity_rollover", _p(date=m[0].isoformat())))
        if sig["near_retirement"]:
            reasons.append(("activation.near_retirement", _p(age=age)))
            actions.append(("action.retirement_plan", _p()))
        actions.append(("action.call", _p(banker=str(r.banker))))
        out.append(ActivationClient(cid, family.household.get(cid), str(r.banker),
                                    "dormant" if r.dormant else "low_activity", float(score),
                                    since if r.dormant else None,
                                    MappingProxyType({k: float(v) for k, v in sig.items()}),
                                    tuple(reasons), tuple(actions)))
    out.sort(key=lambda a: (-a.score, a.client_id))
    if limit is not None:
        out = out[:limit]
    return Activation(as_of, dt.date.fromisoformat(cfg["from"]), tuple(out))


def _age(birth, as_of: dt.date) -> int | None:
    if birth is None or pd.isna(birth):
        return None
    b = pd.Timestamp(birth).date()
    return as_of.year - b.year - ((as_of.month, as_of.day) < (b.month, b.day))


def _balances(frames: BookFrames, as_of: dt.date, days: int
              ) -> tuple[dict[str, float], dict[str, tuple[dt.date, str]], dict[str, float]]:
    """Idle money (current and savings, base currency) per client from the latest month-end
    balances; the nearest maturity within ``days`` per client; everything held with us (every
    positive balance: deposits, products, policies)."""
    acc = watch_db.account_info(frames)
    b = frames.balances[frames.balances["date"] <= pd.Timestamp(as_of)]
    last = b.sort_values("date").groupby("account_id", sort=False).tail(1)
    j = last.merge(acc, on="account_id")
    j = j[j["rate"].notna()]
    value = j["balance"].clip(lower=0) * j["rate"]
    held = value.groupby(j["client_id"].astype(str)).sum()
    cur = j["acc_kind"].isin(("current", "savings"))
    idle = value[cur].groupby(j.loc[cur, "client_id"].astype(str)).sum()
    left = (acc["maturity"] - pd.Timestamp(as_of)).dt.days
    soon = acc[(left >= 0) & (left <= days)].sort_values("maturity")
    maturing: dict[str, tuple[dt.date, str]] = {}
    for r in soon.itertuples(index=False):
        maturing.setdefault(str(r.client_id), (r.maturity.date(), str(r.acc_kind)))
    return ({str(k): float(v) for k, v in idle.items()}, maturing,
            {str(k): float(v) for k, v in held.items()})


def _products(currency: str, risk_level) -> tuple[str, ...]:
    from assets.products import suitable_products

    level = "C1" if risk_level is None or pd.isna(risk_level) else str(risk_level)
    shelf = [p for p in suitable_products(level, currency=currency)
             if p.asset_class in ("cash", "gov_bond", "credit")]
    return tuple(p.id for p in shelf[:2])


@dataclass(frozen=True)
class _HouseholdSignals:
    values: Mapping[str, float]
    reasons: tuple[Code, ...]
    actions: tuple[Code, ...]


class _Family:
    """What the household files (and relationships.csv) say about a client's family."""

    def __init__(self, frames: BookFrames):
        self.frames = frames
        self.household = frames.client_households()
        self._cache: dict[str, _HouseholdSignals] = {}
        rel = frames.relationships
        fam = rel[rel["kind"].isin(("spouse", "parent"))]
        self.book_family: dict[str, set[str]] = {}
        for a, b in zip(fam["from_client"].astype(str), fam["to_client"].astype(str),
                        strict=True):
            self.book_family.setdefault(a, set()).add(b)
            self.book_family.setdefault(b, set()).add(a)

    def signals(self, cid: str, as_of: dt.date, cfg: Mapping,
                held: Mapping[str, float]) -> _HouseholdSignals:
        hid = self.household.get(cid)
        if hid is None:
            n = len(self.book_family.get(cid, ()))
            vals = {"family_clients": min(1.0, n / 3.0)}
            reasons = (("activation.family_clients", _p(count=n)),) if n else ()
            return _HouseholdSignals(vals, reasons, ())
        key = f"{hid}/{cid}"
        if key not in self._cache:
            self._cache[key] = self._household(hid, cid, as_of, cfg, held)
        return self._cache[key]

    def _household(self, hid: str, cid: str, as_of: dt.date, cfg: Mapping,
                   held: Mapping[str, float]) -> _HouseholdSignals:
        from household.balance import balance_sheet

        hh = self.frames.households[hid]
        meta = self.frames.meta
        to_book = meta.rate(hh.base_currency) if (hh.base_currency == meta.base_currency or
                                                  hh.base_currency in meta.fx) else 1.0
        bs = balance_sheet(hh)
        worth = bs.net_worth * to_book
        assets = bs.assets * to_book
        members = [p.client_id for p in hh.people if p.client_id] + \
            [c.client_id for c in hh.companies if c.client_id]
        with_us = sum(held.get(m, 0.0) for m in members)
        share = min(1.0, with_us / assets) if assets > 0 else None
        vals = {"known_wealth": min(1.0, math.log1p(max(worth, 0.0)) /
                                    math.log1p(float(cfg["wealth_scale"]))),
                "wealth_not_with_us": 0.0 if share is None else 1.0 - share}
        reasons: list[Code] = [("activation.known_wealth", _p(
            net_worth=round(worth, 2), currency=meta.base_currency,
            wallet_share=None if share is None else round(share, 3)))]
        actions: list[Code] = []
        if share is not None and share < 0.5:
            actions.append(("action.wealth_review", _p(wallet_share=round(share, 3))))
        companies = [c for c in hh.companies if c.client_id]
        vals["family_companies_with_us"] = min(1.0, len(companies) / 2.0)
        if companies:
            reasons.append(("activation.family_companies", _p(
                count=len(companies), companies=tuple(str(c.client_id) for c in companies))))
            actions.append(("action.corporate_private", _p(
                companies=tuple(str(c.client_id) for c in companies))))
        others = [p for p in hh.people if p.client_id and p.client_id != cid]
        vals["family_clients"] = min(1.0, len(others) / 3.0)
        if others:
            reasons.append(("activation.family_clients", _p(count=len(others))))
        edu = [g for g in hh.goals if g.kind in ("education", "immigration")
               and as_of.year <= g.start_year <= as_of.year + 3]
        vals["child_education_abroad"] = 1.0 if edu else 0.0
        if edu:
            g = edu[0]
            reasons.append(("activation.education_goal", _p(goal=g.name, year=g.start_year,
                                                            amount=g.amount,
                                                            currency=g.currency)))
            actions.append(("action.education_plan", _p(year=g.start_year)))
        person = next((p for p in hh.people if p.client_id == cid), None)
        vals["founder_without_will"] = 0.0
        if person is not None:
            owns = any(o.owner == person.id and o.share > 0 for o in hh.ownership)
            will = any(wl.testator == person.id for wl in hh.wills)
            age = _age(person.birth_date, as_of)
            if owns and not will and age is not None and age >= int(cfg["founder_age"]):
                vals["founder_without_will"] = 1.0
                reasons.append(("activation.founder_without_will", _p(age=age)))
                actions.append(("action.succession_plan", _p()))
        return _HouseholdSignals(vals, tuple(reasons), tuple(actions))
