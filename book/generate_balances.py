"""Balances of the synthetic book, consistent with its transactions: each account's opening
balance (its target, raised where the flows would otherwise overdraw a deposit account) plus its
transactions, at any date and at every month end."""

from __future__ import annotations

import numpy as np

from book.generate_flows import Calendar, Rows

# accounts that must never go below zero (cards and loans are negative by nature)
NON_NEGATIVE = ("current", "savings", "payroll_agency", "time_deposit", "certificate_of_deposit",
                "wealth_product", "fund", "bond", "structured", "insurance")


class Ledger:
    """Rows sorted by (account, date) with running sums, for balance look-ups."""

    def __init__(self, rows: Rows, A: dict) -> None:
        n_acc = len(A["kind"])
        order = np.lexsort((rows.date, rows.acc))
        self.acc = rows.acc[order]
        self.date = rows.date[order]
        amount = rows.amount[order]
        self.cum = np.cumsum(amount)
        self.first = np.searchsorted(self.acc, np.arange(n_acc), side="left")
        self.last = np.searchsorted(self.acc, np.arange(n_acc), side="right")
        before = np.concatenate([[0.0], self.cum])[self.first]
        # lowest running sum per account (0 if it never dips)
        low = np.zeros(n_acc)
        has = self.last > self.first
        if has.any():
            mins = np.minimum.reduceat(self.cum, self.first[has]) if len(self.cum) else []
            low[has] = np.minimum(0.0, np.asarray(mins) - before[has])
        self.before = before
        target = np.asarray(A["target"], dtype=float)
        must = np.isin(A["kind"], NON_NEGATIVE)
        buffer = np.where(A["kind"] == "payroll_agency", 0.0, 100.0)
        self.opening = np.where(must, np.maximum(target, -low + buffer * (low < 0)), target)
        self.opening = np.round(self.opening, 2)

    def balance_at(self, acc: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Balance of each ``acc`` at the end of ``day`` (vectorised)."""
        out = np.empty(len(acc))
        for n, (a, d) in enumerate(zip(acc.tolist(), day.tolist(), strict=True)):
            lo, hi = self.first[a], self.last[a]
            k = lo + np.searchsorted(self.date[lo:hi], d, side="right")
            out[n] = self.opening[a] + (self.cum[k - 1] - self.before[a] if k > lo else 0.0)
        return out


def month_end_balances(rows: Rows, opening: np.ndarray, cal: Calendar) -> np.ndarray:
    """accounts x months matrix of month-end balances."""
    n_acc = len(opening)
    j = cal.month_index(rows.date)
    flows = np.bincount(rows.acc * cal.n + j, weights=rows.amount,
                        minlength=n_acc * cal.n).reshape(n_acc, cal.n)
    return np.round(opening[:, None] + np.cumsum(flows, axis=1), 2)
