"""Each regular stream of the synthetic book (see ``generate_flows`` for the machinery)."""

from __future__ import annotations

import numpy as np

from book.generate_flows import BANK, CHANNEL, NEVER, OTHER, US, Streams, weekday_back
from book.generate_names import MERCHANTS


def _market_value(s: Streams, key: str, clients: np.ndarray) -> np.ndarray:
    table = np.array([s.profiles["markets"][m][key] or np.inf for m in s.markets], dtype=float)
    return table[s.P["market"][clients]]


def bonus_dates(s: Streams) -> dict[int, np.ndarray]:
    """Per market index: the bonus paydays inside the book (days since epoch)."""
    cal = s.cal
    out: dict[int, np.ndarray] = {}
    for i, m in enumerate(s.markets):
        if s.profiles["markets"][m]["bonus"] == "december":
            dec = np.flatnonzero(cal.month_of_year == 12)
            d = cal.day(dec, np.full(len(dec), 20))
        else:  # paid about ten days before 春節
            d = cal.lny - 10
        d = weekday_back(d)
        out[i] = d[(d >= cal.first_day) & (d <= cal.as_of)]
    return out


def salaries(s: Streams, rng: np.random.Generator) -> None:
    P, cal = s.P, s.cal
    who = np.flatnonzero((P["salary"] > 0) & (P["cur_acc"] >= 0))
    i, j = s.grid(who)
    c = who[i]
    date = weekday_back(cal.day(j, P["payday"][c]))
    regular = np.isin(P["role"][c], ("staff", "retail"))
    amount = P["salary"][c] * np.where(regular, 1 + 0.015 * rng.standard_normal(len(c)), 1.0)
    keep = date < P["salary_stop"][c]
    c, date, amount = c[keep], date[keep], amount[keep]
    emp = P["employer"][c]
    inside = emp >= 0
    pay = s.vocab("薪資 salary")
    s.emit(P["cur_acc"][c], date, amount, "salary", cbank=np.where(inside, US, OTHER),
           cclient=emp, cname=np.where(inside, -1, pay), channel="batch")
    # bonuses: the market's bonus day, bonus_months x the monthly pay
    bonus = s.vocab("年終獎金 year-end bonus")
    dates = bonus_dates(s)
    for mi, days in dates.items():
        w = who[(P["market"][who] == mi) & (P["bonus_months"][who] > 0)]
        if not len(days) or not len(w):
            continue
        c = np.repeat(w, len(days))
        d = np.tile(days, len(w))
        keep = d < P["salary_stop"][c]
        c, d = c[keep], d[keep]
        emp = P["employer"][c]
        s.emit(P["cur_acc"][c], d, P["salary"][c] * P["bonus_months"][c], "salary",
               cbank=np.where(emp >= 0, US, OTHER), cclient=emp, cname=bonus, channel="batch")


def payroll_batches(s: Streams, rng: np.random.Generator) -> None:
    """代發: the company funds its payroll agency account and pays the batch on payday."""
    P, cal = s.P, s.cal
    cos = np.flatnonzero((P["pay_acc"] >= 0) & (P["payroll"] > 0))
    i, j = s.grid(cos)
    c = cos[i]
    date = weekday_back(cal.day(j, P["payday"][c]))
    amount = P["payroll"][c] * (1 + 0.004 * rng.standard_normal(len(c)))
    amount = np.where(date >= P["batch_factor_from"][c], amount * P["batch_factor"][c], amount)
    keep = date < P["batch_stop"][c]
    c, date, amount = c[keep], date[keep], amount[keep]
    _batch(s, c, date, amount)
    dates = bonus_dates(s)
    for mi, days in dates.items():
        w = cos[P["market"][cos] == mi]
        c = np.repeat(w, len(days))
        d = np.tile(days, len(w))
        keep = d < P["batch_stop"][c]
        c, d = c[keep], d[keep]
        _batch(s, c, d, P["payroll"][c] * P["bonus_months"][c])


def _batch(s: Streams, c: np.ndarray, date: np.ndarray, amount: np.ndarray) -> None:
    P = s.P
    pay = P["pay_acc"][c]
    cur = P["cur_acc"][c]
    funded_here = cur >= 0
    s.emit(pay, date, amount, "transfer", cbank=np.where(funded_here, US, OTHER),
           cclient=np.where(funded_here, c, -1), channel="online")
    s.emit(pay, date, -amount, "payroll_batch", channel="batch",
           cname=s.vocab("代發工資 payroll batch"))
    s.emit(cur[funded_here], date[funded_here], -amount[funded_here], "transfer", cbank=US,
           cclient=c[funded_here], channel="online")


def company_operations(s: Streams, rng: np.random.Generator) -> None:
    P, cal = s.P, s.cal
    cos = np.flatnonzero((P["role"] == "company") & (P["cur_acc"] >= 0))
    cap = _market_value(s, "company_txn_cap", cos)
    # receipts cover what the company pays every month with a margin (payroll with bonuses, tax,
    # dividends, loan repayments): a company living on its deposits would drain them
    n_tax = np.array([len(s.profiles["markets"][m]["tax_months"]) for m in s.markets])
    loan = np.bincount(s.A["client"], weights=np.where(np.isin(s.A["kind"], ("loan",)),
                                                       s.A["payment"], 0.0),
                       minlength=len(P["role"]))[cos]
    costs = (np.where(P["pay_acc"][cos] >= 0, P["payroll"][cos], 0.0)
             * (12 + P["bonus_months"][cos]) / 12 + P["tax"][cos] * n_tax[P["market"][cos]] / 12
             + P["dividend"][cos] / 12 + loan)
    monthly = np.maximum(P["revenue"][cos], 1.3 * costs)
    # more receipts for bigger companies, so that single ones stay under the cap
    # (customers pay steadily: counts binomial, half a Poisson's variance)
    lam = np.clip(monthly / (cap / 2), 5.0, 20.0)
    counts = rng.binomial(np.repeat(np.round(2 * lam)[:, None], cal.n, axis=1).astype(np.int64),
                          0.5)
    r, j = np.nonzero(counts)
    r, j = np.repeat(r, counts[r, j]), np.repeat(j, counts[r, j])
    med = monthly[r] / lam[r] / np.exp(0.35 ** 2 / 2)  # mean of a draw = monthly / lam
    amt = np.minimum(med * np.exp(0.35 * rng.standard_normal(len(r))), cap[r])
    known = rng.random(len(r)) < 0.7
    s.emit(P["cur_acc"][cos[r]], cal.random_day(rng, j), amt, "transfer",
           cbank=np.where(known, OTHER, 0), cname=s.vocab("客戶貨款 customer receipt"),
           channel="online")
    # tax on the market's tax months
    tax = s.vocab("稅務局 tax bureau")
    for mi, m in enumerate(s.markets):
        prof = s.profiles["markets"][m]
        w = cos[P["market"][cos] == mi]
        months = np.flatnonzero(np.isin(cal.month_of_year, prof["tax_months"]))
        c = np.repeat(w, len(months))
        j = np.tile(months, len(w))
        amt = P["tax"][c] * (1 + 0.1 * rng.standard_normal(len(c)))
        s.emit(P["cur_acc"][c], weekday_back(cal.day(j, np.full(len(c), prof["tax_day"]))),
               -np.abs(amt), "tax", cbank=OTHER, cname=tax, channel="online")
    # the bank's monthly account fee
    i, j = s.grid(cos)
    fee = 100.0 * np.array([1 / s.profiles["markets"][m]["fx_to_cny"] for m in s.markets])
    s.emit(P["cur_acc"][cos[i]], cal.day(j, np.full(len(i), 21)), -fee[P["market"][cos[i]]],
           "fee", init=BANK)
    _dividends(s)


def _dividends(s: Streams) -> None:
    """Once a year (late June): the owners' part to their accounts with us, the rest out."""
    P, cal = s.P, s.cal
    june = np.flatnonzero(cal.month_of_year == 6)
    others = s.vocab("其他股東 other shareholders")
    for co, owners in s.company_owners.items():
        if P["cur_acc"][co] < 0 or not len(june):
            continue
        d = weekday_back(cal.day(june, np.full(len(june), 28)))
        total = P["dividend"][co]
        paid = 0.0
        for owner, share in owners:
            amt = total * share
            paid += share
            dormant = d >= P["dormant_from"][owner]
            s.emit(np.full(len(d), P["cur_acc"][co]), d, -amt, "dividend",
                   cbank=np.where(dormant, OTHER, US), cclient=np.where(dormant, -1, owner),
                   channel="online")
            s.emit(np.full(len(d), P["cur_acc"][owner]), d, amt, "dividend", cbank=US,
                   cclient=co, channel="online")
        if paid < 1:
            s.emit(np.full(len(d), P["cur_acc"][co]), d, -total * (1 - paid), "dividend",
                   cbank=OTHER, cname=others, channel="online")


def supplier_payments(s: Streams, rng: np.random.Generator) -> None:
    """Last of the company flows: each month the treasurer pays suppliers what the account holds
    above its usual level (about its target), so a company's balance neither drains nor piles up
    (a random walk of receipts and payments would wander to zero within two years)."""
    P, A, cal = s.P, s.A, s.cal
    cos = np.flatnonzero((P["role"] == "company") & (P["cur_acc"] >= 0))
    acc = P["cur_acc"][cos]
    slot = np.full(len(A["kind"]), -1)
    slot[acc] = np.arange(len(cos))
    net = np.zeros((len(cos), cal.n))
    for part in s.parts:
        k = slot[part.acc]
        on = k >= 0
        np.add.at(net, (k[on], cal.month_index(part.date[on])), part.amount[on])
    target = A["target"][acc]
    level = target[:, None] * rng.uniform(0.95, 1.05, (len(cos), cal.n))
    pay = np.zeros((len(cos), cal.n))
    bal = target.copy()
    for m in range(cal.n):  # months in order: each depends on the balance left by the last
        bal += net[:, m]
        pay[:, m] = np.maximum(bal - level[:, m], 0.0)
        bal -= pay[:, m]
    cap = _market_value(s, "company_txn_cap", cos)
    i, j = np.nonzero(pay > 0)
    n = np.maximum(rng.poisson(np.clip(pay[i, j] / (cap[i] / 2), 3.0, 20.0)),
                   np.ceil(pay[i, j] / cap[i])).astype(np.int64)
    n = np.maximum(n, 1)
    r = np.repeat(np.arange(len(i)), n)
    w = np.exp(0.45 * rng.standard_normal(len(r)))
    w /= np.bincount(r, weights=w)[r]
    known = rng.random(len(r)) < 0.7
    s.emit(acc[i[r]], cal.random_day(rng, j[r]), -pay[i, j][r] * w, "transfer",
           cbank=np.where(known, OTHER, 0), cname=s.vocab("供應商付款 supplier payment"),
           channel="online")


def loans(s: Streams) -> None:
    P, A, cal = s.P, s.A, s.cal
    acc = np.flatnonzero(np.isin(A["kind"], ("loan", "mortgage")) & (A["payment"] > 0))
    i, j = s.grid(acc)
    a = acc[i]
    dom = (A["opened"][a] - A["opened"][a].astype("datetime64[D]").astype("datetime64[M]")
           .astype("datetime64[D]").astype(np.int64)) + 1
    date = cal.day(j, dom)
    cur = P["cur_acc"][A["client"][a]]
    own = A["client"][a]  # between the client's own accounts
    s.emit(a, date, A["payment"][a], "loan_repayment", cbank=np.where(cur >= 0, US, OTHER),
           cclient=np.where(cur >= 0, own, -1), channel="online")
    has = cur >= 0
    s.emit(cur[has], date[has], -A["payment"][a][has], "loan_repayment", cbank=US,
           cclient=own[has], channel="online")


def spending(s: Streams, rng: np.random.Generator) -> None:
    """Card spending (seasonal), card repayments, cash, transfers with other banks."""
    P, A, cal = s.P, s.A, s.cal
    who = np.flatnonzero((P["spend"] > 0) & (P["cur_acc"] >= 0))
    lam = 1.5 * cal.season[P["market"][who]]
    r, j = s.poisson(rng, lam)
    c = who[r]
    med = P["spend"][c] / 1.5 / 1.13
    amt = np.minimum(med * np.exp(0.5 * rng.standard_normal(len(c))), med * 4)
    card = np.where(P["cc_acc"][c] >= 0, P["cc_acc"][c], P["cur_acc"][c])
    online = rng.random(len(c)) < 0.3
    merchants = np.array([s.vocab(m) for m in MERCHANTS])
    rows = s.emit(card, cal.random_day(rng, j), -amt, "card",
                  cname=merchants[rng.integers(0, len(merchants), len(c))],
                  channel=np.where(online, CHANNEL["online"], CHANNEL["pos"]).astype(np.int8))
    # repayment of last month's card bill on the 20th
    is_cc = A["kind"][rows.acc] == "credit_card"
    ca, cj = rows.acc[is_cc], cal.month_index(rows.date[is_cc])
    key = ca * cal.n + cj
    uniq, inv = np.unique(key, return_inverse=True)
    bill = -np.bincount(inv, weights=rows.amount[is_cc])
    acc_u, j_u = uniq // cal.n, uniq % cal.n
    nxt = j_u + 1 < cal.n
    acc_u, j_u, bill = acc_u[nxt], j_u[nxt] + 1, bill[nxt]
    date = cal.day(j_u, np.full(len(j_u), 20))
    lbl = s.vocab("信用卡還款 card repayment")
    own = A["client"][acc_u]
    s.emit(acc_u, date, bill, "transfer", cbank=US, cclient=own, cname=lbl, channel="online")
    s.emit(P["cur_acc"][own], date, -bill, "transfer", cbank=US, cclient=own, cname=lbl,
           channel="online")
    # cash: about one withdrawal a month, one more before 春節 (紅包)
    lam = 0.4 + 1.0 * cal.lny_month[None, :].astype(float) * np.ones((len(who), 1))
    r, j = s.poisson(rng, lam)
    c = who[r]
    cap = _market_value(s, "cash_cap", c)
    amt = np.minimum(np.minimum(P["cash"][c], cap * 0.4) * np.exp(0.5 * rng.standard_normal(
        len(c))), cap)
    atm = rng.random(len(c)) < 0.8
    s.emit(P["cur_acc"][c], cal.random_day(rng, j), -amt, "cash",
           channel=np.where(atm, CHANNEL["atm"], CHANNEL["branch"]).astype(np.int8))
    # transfers with other banks (own accounts, family, rent): out and in
    for lam, share, sign in ((0.2, 0.5, -1), (0.15, 0.4, 1)):
        r, j = s.poisson(rng, np.full((len(who), cal.n), lam))
        c = who[r]
        cap = _market_value(s, "person_transfer_cap", c)
        amt = np.minimum(P["spend"][c] * share * np.exp(0.5 * rng.standard_normal(len(c))), cap)
        banks = _other_bank_names(s, c)
        s.emit(P["cur_acc"][c], cal.random_day(rng, j), sign * amt, "transfer", cbank=OTHER,
               cname=banks, channel="mobile")
    # the mortgage paid to another bank, every month on the same day
    w = np.flatnonzero((P["mortgage_other"] > 0) & (P["cur_acc"] >= 0))
    i, j = s.grid(w)
    c = w[i]
    s.emit(P["cur_acc"][c], cal.day(j, P["mortgage_day"][c]), -P["mortgage_other"][c],
           "transfer", cbank=OTHER, cname=_other_bank_names(s, c, "房貸 mortgage"),
           channel="online")


def _other_bank_names(s: Streams, c: np.ndarray, what: str = "") -> np.ndarray:
    out = np.empty(len(c), dtype=np.int64)
    for mi, m in enumerate(s.markets):
        banks = s.profiles["markets"][m]["other_banks"]
        ids = np.array([s.vocab(f"{b} {what}".strip()) for b in banks])
        sel = s.P["market"][c] == mi
        out[sel] = ids[c[sel] % len(ids)]
    return out


def saving_and_investing(s: Streams) -> None:
    """Regular saving, fund plans (定投) and yearly premiums: the client's own standing orders."""
    P, A, cal = s.P, s.A, s.cal
    for kind, txn, dom in (("savings", "transfer", 12), ("fund", "investment", 8)):
        acc = np.flatnonzero((A["kind"] == kind) & (A["payment"] > 0))
        i, j = s.grid(acc)
        a = acc[i]
        cur = P["cur_acc"][A["client"][a]]
        d = cal.day(j, np.full(len(a), dom))
        own = A["client"][a]
        s.emit(a, d, A["payment"][a], txn, cbank=US, cclient=own, channel="online")
        s.emit(cur, d, -A["payment"][a], txn, cbank=US, cclient=own, channel="online")
    acc = np.flatnonzero((A["kind"] == "insurance") & (A["payment"] > 0))
    i, j = s.grid(acc)
    a = acc[i]
    opened_m = A["opened"][a].astype("datetime64[D]").astype("datetime64[M]").astype(int) % 12 + 1
    keep = cal.month_of_year[j] == opened_m
    a, j = a[keep], j[keep]
    s.emit(P["cur_acc"][A["client"][a]], cal.day(j, np.full(len(a), 15)), -A["payment"][a],
           "premium", cbank=US, cname=s.vocab("保險保費 insurance premium"), channel="online")


def interest(s: Streams, rng: np.random.Generator) -> None:
    """Bank-initiated: monthly on current and savings accounts, at each roll-over of a time
    deposit (interest capitalised, principal rolled)."""
    A, cal = s.A, s.cal
    acc = np.flatnonzero(np.isin(A["kind"], ("current", "savings")) & (A["target"] > 0))
    i, j = s.grid(acc)
    a = acc[i]
    amt = A["target"][a] * A["rate"][a] / 12 * (1 + 0.05 * rng.standard_normal(len(a)))
    s.emit(a, cal.start[j] + cal.length[j] - 1, np.maximum(amt, 0.01), "interest", init=BANK)
    td = np.flatnonzero((A["kind"] == "time_deposit") & (A["term_days"] > 0))
    k_max = cal.n // 3 + 2
    a = np.repeat(td, k_max)
    k = np.tile(np.arange(1, k_max + 1), len(td))
    d = A["maturity"][a] - k * A["term_days"][a]
    keep = (d >= cal.first_day) & (d > A["opened"][a]) & (A["maturity"][a] < NEVER)
    a, d = a[keep], d[keep]
    s.emit(a, d, A["target"][a] * A["rate"][a] * A["term_days"][a] / 365, "interest", init=BANK)
