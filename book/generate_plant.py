"""Planted events: what the watch (issue 15) must find, put into the book on chosen clients and
written down (``BOOK.planted.json``) so that recall can be measured.

Two phases: ``choose`` decides who and when, and changes what the regular streams will do
(dormancy, a payroll batch that stops or shrinks, a maturity or KYC review inside the notice
window); ``plant`` adds the planted transactions once the regular ones and the balances exist.
Each planted client carries one event; clients touched by another's event (the staff of a
company whose payroll moved) are not counted among the clients with nothing planted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from book.generate_balances import Ledger
from book.generate_flows import NEVER, NO_BANK, OTHER, US, Calendar, Streams, weekday_back

KINDS = ("large_value", "abnormal_flow", "outflow_to_other_bank", "balance_drop",
         "payroll_change", "dormant_reactivated", "large_inflow", "maturity", "kyc_due",
         "dormant_high_potential")
DORMANT_KINDS = ("dormant_reactivated", "dormant_high_potential")
RATE = 0.02  # events per kind per family
MIN_DORMANT_MONTHS = 14  # a dormancy of 12+ months must fit in the book, with history before


@dataclass
class Event:
    kind: str
    client: int
    account: int = -1
    date: int | None = None  # days since epoch
    params: dict = field(default_factory=dict)


@dataclass
class Plan:
    events: list[Event] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)  # planted or touched by a planted event
    skipped: dict[str, str] = field(default_factory=dict)


def _pick(rng: np.random.Generator, pool: np.ndarray, n: int, plan: Plan) -> np.ndarray:
    pool = np.array([c for c in pool.tolist() if c not in plan.taken], dtype=np.int64)
    if not len(pool):
        return pool
    out = rng.choice(pool, size=min(n, len(pool)), replace=False)
    plan.taken.update(out.tolist())
    return out


def _prefer(pool: np.ndarray, good: np.ndarray, enough: int) -> np.ndarray:
    """The clients of ``pool`` that are ``good``, or the whole pool when too few are."""
    better = pool[good[pool]]
    return better if len(better) >= enough else pool


def _window_day(rng: np.random.Generator, cal: Calendar, n: int) -> np.ndarray:
    """Working days within the last four weeks before as_of (the watch's default window is 30
    days), at least five days before it so that multi-day episodes fit."""
    return weekday_back(cal.as_of - rng.integers(5, 27, n))


def choose(rng: np.random.Generator, P: dict, A: dict, cal: Calendar, n_families: int,
           family_companies: list[list[int]], family_wealth: list[float],
           markets: list[str], profiles: dict) -> Plan:
    plan = Plan()
    n = max(2, round(n_families * RATE))
    role = P["role"]
    person = role != "company"
    family = np.isin(role, ("owner", "spouse", "child"))
    active = P["dormant_from"] >= NEVER
    has_cur = P["cur_acc"] >= 0
    # planted amounts are meaningful in money too, not only against the client's own pattern
    to_cny = np.array([profiles["markets"][m]["fx_to_cny"] for m in markets])[P["market"]]
    P["to_cny"] = to_cny
    # dormant high-potential: an owner or spouse of a wealthy family whose companies bank with us
    if cal.n >= MIN_DORMANT_MONTHS:
        wealth = np.array(family_wealth)
        rich = np.flatnonzero((wealth >= np.median(wealth)) &
                              np.array([len(c) > 0 for c in family_companies]))
        pool = np.flatnonzero(np.isin(role, ("owner", "spouse")) & np.isin(P["family"], rich)
                              & has_cur)
        for c in _pick(rng, pool, n, plan):
            P["dormant_from"][c] = cal.as_of - int(rng.integers(13 * 31, 20 * 30))
            plan.events.append(Event("dormant_high_potential", int(c)))
        pool = np.flatnonzero((role == "retail") & active & has_cur & (P["salary"] > 0))
        for c in _pick(rng, pool, n, plan):
            P["dormant_from"][c] = cal.as_of - int(rng.integers(13 * 31, 20 * 30))
            A["target"][P["cur_acc"][c]] = max(P["salary"][c] * float(rng.uniform(10, 30)),
                                               float(rng.uniform(1.5e5, 4e5)) / to_cny[c])
            plan.events.append(Event("dormant_reactivated", int(c), int(P["cur_acc"][c]),
                                     int(_window_day(rng, cal, 1)[0])))
    else:
        for k in DORMANT_KINDS:
            plan.skipped[k] = f"needs at least {MIN_DORMANT_MONTHS} months of history"
    # payroll batches that stop, shrink or move to another bank two months before as_of
    pool = np.flatnonzero((P["pay_acc"] >= 0) & (P["payroll"] > 0))
    j = max(0, cal.n - 2)
    for c in _pick(rng, pool, n, plan):
        variant = ("stop", "shrink", "move")[int(rng.integers(0, 3))]
        day = int(weekday_back(cal.day(np.array([j]), np.array([P["payday"][c]])))[0])
        staff = np.flatnonzero(P["employer"] == c)
        if variant == "shrink":
            P["batch_factor_from"][c] = day
            P["batch_factor"][c] = float(rng.uniform(0.4, 0.6))
            staff = staff[rng.random(len(staff)) < 0.5]
        else:
            P["batch_stop"][c] = day
        P["salary_stop"][staff] = day
        plan.taken.update(np.flatnonzero(P["employer"] == c).tolist())
        plan.events.append(Event("payroll_change", int(c), int(P["pay_acc"][c]), day,
                                 {"variant": variant}))
    # maturities and KYC reviews inside the notice window
    td = np.flatnonzero(np.isin(A["kind"], ("time_deposit", "wealth_product")))
    holders = np.unique(A["client"][td])
    for c in _pick(rng, holders[person[holders]], n, plan):
        mine = td[A["client"][td] == c]
        a = int(mine[int(rng.integers(0, len(mine)))])
        day = int(cal.as_of + rng.integers(3, 29))
        if A["term_days"][a] > 0:  # keep the roll-over history on the same cycle
            rolls = int(np.ceil((day - cal.first_day + 400) / A["term_days"][a]))
            A["opened"][a] = day - rolls * A["term_days"][a]
        A["maturity"][a] = day
        plan.events.append(Event("maturity", int(c), a, day))
    for c in _pick(rng, np.arange(len(role)), n, plan):
        day = int(cal.as_of + rng.integers(-20, 29))
        P["kyc_review_due"][c] = day
        plan.events.append(Event("kyc_due", int(c), -1, day))
    # flows planted after the regular streams: choose the clients now
    cn_tw = np.isin(np.array(markets)[P["market"]], ("CN", "TW"))
    for kind, pool in (
        ("large_value", np.flatnonzero(person & cn_tw & active & has_cur)),
        ("abnormal_flow", np.flatnonzero(np.isin(role, ("staff", "retail")) & active
                                         & has_cur & (P["salary"] > 0))),
        # "well beyond the usual": clients with a usual (a mortgage paid to another bank monthly)
        ("outflow_to_other_bank", _prefer(np.flatnonzero(family & active & has_cur),
                                          P["mortgage_other"] > 0, 2 * n)),
        ("balance_drop", np.flatnonzero(family & active & has_cur)),
        ("large_inflow", np.flatnonzero(family & active & has_cur)),
    ):
        picked = _pick(rng, pool, n, plan)
        for c, d in zip(picked.tolist(), _window_day(rng, cal, len(picked)).tolist(), strict=True):
            plan.events.append(Event(kind, c, int(P["cur_acc"][c]), d))
            if kind in ("outflow_to_other_bank", "balance_drop"):
                # a key client who parked 1.5-4 million (CNY) with us, then moves it
                cur = P["cur_acc"][c]
                A["target"][cur] = max(A["target"][cur], float(rng.uniform(1.5e6, 4e6))
                                       / to_cny[c])
    found = {e.kind for e in plan.events}
    for kind in KINDS:
        if kind not in found and kind not in plan.skipped:
            plan.skipped[kind] = "no eligible client left (the book is too small)"
    return plan


def _busdays(start: int, k: int) -> np.ndarray:
    d0 = np.busday_offset(np.datetime64(int(start), "D"), 0, roll="forward")
    return np.busday_offset(d0, np.arange(k)).astype(np.int64)


def plant(rng: np.random.Generator, s: Streams, plan: Plan, ledger: Ledger) -> dict[int, int]:
    """Add the planted transactions; returns {account: closing day} for accounts closed by an
    event (a time deposit withdrawn early)."""
    P, A, cal = s.P, s.A, s.cal
    closed: dict[int, int] = {}
    prof = [s.profiles["markets"][m] for m in s.markets]
    other_bank = [s.vocab(f"{p['other_banks'][0]}") for p in prof]

    def bal(accs: list[int], day: int) -> np.ndarray:
        return ledger.balance_at(np.array(accs, dtype=np.int64), np.full(len(accs), day))

    def accounts_of(c: int, kinds: tuple[str, ...]) -> list[int]:
        return [int(a) for a in np.flatnonzero((A["client"] == c) & np.isin(A["kind"], kinds))]

    for ev in plan.events:
        c, d, m = ev.client, ev.date, prof[P["market"][ev.client]]
        cur = int(P["cur_acc"][c]) if c >= 0 else -1
        if ev.kind == "large_value":
            thr = m["large_cash_threshold"]
            if rng.random() < 0.5:
                amounts = [thr * float(rng.uniform(1.1, 2.5))]
                ev.params["rule"] = "single"
            else:
                amounts = [thr * float(rng.uniform(0.55, 0.7)) for _ in range(2)]
                ev.params["rule"] = "day_total"
            s.emit(np.full(len(amounts), cur), d, np.round(amounts, -2), "cash", channel="branch")
        elif ev.kind == "abnormal_flow":
            if rng.random() < 0.5:
                # pass-through (快進快出): in from an unknown payer, out to another next day
                ev.params["variant"] = "pass_through"
                amt = max(P["salary"][c] * float(rng.uniform(20, 30)),
                          float(rng.uniform(1.5e5, 3e5)) / P["to_cny"][c])
                cap = m["person_transfer_threshold"]
                amt = round(min(amt, 0.9 * cap) if cap else amt, -2)
                label = s.vocab("個人轉賬 personal transfer")
                days = _busdays(d, 2)
                s.emit([cur, cur], days, [amt, -round(amt * 0.99, -2)], "transfer",
                       cbank=NO_BANK, cname=label, channel="online")
            else:
                ev.params["variant"] = "cash_burst"
                k = int(rng.integers(6, 10))
                days = _busdays(min(d, int(cal.as_of) - 16), k)
                lo, hi = m["structuring_band"]
                s.emit(np.full(k, cur), days, -np.round(rng.uniform(lo, hi, k), -2), "cash",
                       channel="branch")
                ev.date = int(days[0])
        elif ev.kind == "outflow_to_other_bank":
            total = max(float(bal([cur], d - 1)[0]), 0.0)
            share = float(rng.uniform(0.6, 0.85))
            k = int(rng.integers(1, 4))
            days = _busdays(d, k)
            parts = total * share * rng.dirichlet(np.ones(k))
            s.emit(np.full(k, cur), days, -np.round(parts, -2), "transfer", cbank=OTHER,
                   cname=other_bank[P["market"][c]], channel="online")
            ev.params["share_of_current_account"] = round(share, 3)
        elif ev.kind == "balance_drop":
            total = _sweep_savings(s, c, d, ledger, accounts_of)
            for a in accounts_of(c, ("time_deposit",)):
                b = float(bal([a], d)[0])
                if b > 0:
                    s.emit([a], d, -b, "redemption", cbank=US, cclient=c, channel="branch")
                    s.emit([cur], d, b, "redemption", cbank=US, cclient=c, channel="branch")
                    closed[a] = d
                    total += b
            share = float(rng.uniform(0.55, 0.8))
            k = int(rng.integers(3, 6))
            span = max(1, min(20, int(cal.as_of - d)))
            days = np.sort(d + rng.integers(0, span, k))
            days[0] = d
            labels = [s.vocab(x) for x in ("房產首付 property down payment",
                                           "證券公司 securities account", "購車 car purchase")]
            s.emit(np.full(k, cur), days, -np.round(total * share * rng.dirichlet(np.ones(k)),
                                                    -2), "transfer", cbank=NO_BANK,
                   cname=np.array(labels)[rng.integers(0, 3, k)], channel="branch")
            ev.params["share_of_deposits"] = round(share, 3)
        elif ev.kind == "large_inflow":
            base = float(bal(accounts_of(c, ("current", "savings")), d).sum())
            amt = max(base * float(rng.uniform(0.6, 1.5)), P["spend"][c] * 30,
                      float(rng.uniform(1e6, 3e6)) / P["to_cny"][c])
            kind, label = [("transfer", "股權轉讓款 share sale proceeds"),
                           ("redemption", "他行理財到期 product matured at another bank"),
                           ("dividend", "上市公司股息 listed company dividend")][
                int(rng.integers(0, 3))]
            s.emit([cur], d, round(amt, -3), kind, cbank=OTHER, cname=s.vocab(label),
                   channel="online")
            ev.params["via"] = kind
        elif ev.kind == "dormant_reactivated":
            b = float(bal([cur], d)[0])
            if rng.random() < 0.7:
                amt = -b * float(rng.uniform(0.7, 0.95))
            else:
                amt = max(P["salary"][c] * float(rng.uniform(15, 40)),
                          float(rng.uniform(1e5, 3e5)) / P["to_cny"][c])
            s.emit([cur], d, round(amt, -2), "transfer", cbank=OTHER,
                   cname=other_bank[P["market"][c]], channel="branch", force=True)
        elif ev.kind == "payroll_change" and ev.params["variant"] == "move" and cur >= 0:
            j = np.arange(max(0, cal.n - 2), cal.n)
            days = weekday_back(cal.day(j, np.full(len(j), P["payday"][c])))
            s.emit(np.full(len(j), cur), days, -P["payroll"][c], "transfer", cbank=OTHER,
                   cname=s.vocab("代發工資（他行） payroll via another bank"), channel="online")
    return closed


def _sweep_savings(s: Streams, c: int, d: int, ledger: Ledger, accounts_of) -> float:
    """Move the savings balance to the current account the day before; returns what the
    current account then holds (current + savings)."""
    cur = int(s.P["cur_acc"][c])
    total = float(ledger.balance_at(np.array([cur]), np.array([d - 1]))[0])
    for a in accounts_of(c, ("savings",)):
        b = float(ledger.balance_at(np.array([a]), np.array([d - 1]))[0])
        if b > 0:
            s.emit([a], d - 1, -b, "transfer", cbank=US, cclient=c, channel="online", force=True)
            s.emit([cur], d - 1, b, "transfer", cbank=US, cclient=c, channel="online",
                   force=True)
            total += b
    return max(total, 0.0)


def last_activity(rows, P: dict, A: dict, client: int) -> int | None:
    """Day of the client's last client-initiated transaction (None if none in the book)."""
    mine = (A["client"][rows.acc] == client) & (rows.init == 0)
    return int(rows.date[mine].max()) if mine.any() else None
