"""The regular money of the synthetic book, vectorised over accounts x months: salaries and
payroll batches (代發), bonuses before 春節 (or in December in Hong Kong), card spending with its
seasons (春節, 中秋, 雙十一), cash, transfers to other banks, a mortgage paid to another bank,
loan repayments, regular saving and fund plans, premiums, company receipts, payments, quarterly
tax and yearly dividends, and bank-initiated interest and fees.

Each stream returns rows as parallel numpy arrays (see ``Rows``); nothing here knows about files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from book.frames import CHANNELS, TXN_KINDS

KIND = {k: i for i, k in enumerate(TXN_KINDS)}
CHANNEL = {k: i for i, k in enumerate(CHANNELS)}
CLIENT, BANK = 0, 1
NO_BANK, US, OTHER = 0, 1, 2
NEVER = np.datetime64("2262-01-01", "D").astype(np.int64)


class Vocab:
    """Counterparty names as small integers (written once as strings)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._ix: dict[str, int] = {}

    def __call__(self, name: str) -> int:
        if name not in self._ix:
            self._ix[name] = len(self.names)
            self.names.append(name)
        return self._ix[name]


@dataclass
class Rows:
    acc: np.ndarray
    date: np.ndarray  # int64 days since 1970-01-01
    amount: np.ndarray
    kind: np.ndarray
    init: np.ndarray
    cbank: np.ndarray
    cclient: np.ndarray
    cname: np.ndarray
    channel: np.ndarray

    @staticmethod
    def concat(parts: list[Rows]) -> Rows:
        return Rows(*(np.concatenate([getattr(p, f) for p in parts]) for f in Rows.__annotations__))

    def take(self, idx: np.ndarray) -> Rows:
        return Rows(*(getattr(self, f)[idx] for f in Rows.__annotations__))


def _arr(v, n: int, dtype) -> np.ndarray:
    a = np.asarray(v, dtype=dtype)
    return np.broadcast_to(a, (n,)).copy() if a.ndim == 0 else a.astype(dtype, copy=False)


class Calendar:
    """The months of the book and their seasons, per market."""

    def __init__(self, as_of: dt.date, months: int, profiles: dict, markets: list[str]) -> None:
        self.as_of = np.datetime64(as_of, "D").astype(np.int64)
        last = np.datetime64(as_of, "M")
        self.month = np.arange(last - (months - 1), last + 1)  # datetime64[M]
        self.start = self.month.astype("datetime64[D]").astype(np.int64)
        self.length = ((self.month + 1).astype("datetime64[D]").astype(np.int64) - self.start)
        self.n = months
        self.first_day = int(self.start[0])
        lny = np.array(profiles["lunar_new_year"], dtype="datetime64[D]")
        mid = np.array(profiles["mid_autumn"], dtype="datetime64[D]")
        self.lny = lny.astype(np.int64)
        season = np.ones((len(markets), months))
        lny_m = np.isin(self.month, lny.astype("datetime64[M]"))
        mid_m = np.isin(self.month, mid.astype("datetime64[M]"))
        moy = self.month.astype(int) % 12 + 1
        for i, mk in enumerate(markets):
            season[i, lny_m] *= profiles["lunar_new_year_spend"]
            season[i, mid_m] *= profiles["mid_autumn_spend"]
            for mo, f in profiles["markets"][mk]["card_peak_months"].items():
                season[i, moy == int(mo)] *= f
        self.season = season
        self.lny_month = lny_m
        self.month_of_year = moy
        self.year = self.month.astype("datetime64[Y]").astype(int) + 1970

    def day(self, j: np.ndarray, dom: np.ndarray) -> np.ndarray:
        """Day ``dom`` (1-based, clipped to the month's length) of month index ``j``."""
        return self.start[j] + np.minimum(dom, self.length[j]) - 1

    def random_day(self, rng: np.random.Generator, j: np.ndarray) -> np.ndarray:
        return self.start[j] + (rng.random(len(j)) * self.length[j]).astype(np.int64)

    def month_index(self, days: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.start, days, side="right") - 1


def weekday_back(days: np.ndarray) -> np.ndarray:
    """Move Saturdays and Sundays back to the Friday (batch payments are made on working days)."""
    wd = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    return days - np.where(wd == 5, 1, np.where(wd == 6, 2, 0))


class Streams:
    """Builds every regular stream from the population arrays (see ``generate.py``)."""

    def __init__(self, cal: Calendar, P: dict, A: dict, vocab: Vocab, profiles: dict,
                 markets: list[str]) -> None:
        self.cal, self.P, self.A, self.vocab = cal, P, A, vocab
        self.profiles, self.markets = profiles, markets
        self.parts: list[Rows] = []

    # -- emitting rows
    def emit(self, acc, date, amount, kind: str, init: int = CLIENT, cbank=NO_BANK, cclient=-1,
             cname=-1, channel: str | np.ndarray | None = None, force: bool = False) -> Rows:
        acc = np.asarray(acc, dtype=np.int64)
        n = len(acc)
        date = _arr(date, n, np.int64)
        amount = np.round(_arr(amount, n, np.float64), 2)
        keep = (date <= self.cal.as_of) & (date >= self.cal.first_day) & (amount != 0)
        if init == CLIENT and not force:  # a dormant client initiates nothing
            keep &= date < self.P["dormant_from"][self.A["client"][acc]]
        ch = (-1 if channel is None else CHANNEL[channel]) if not isinstance(channel, np.ndarray) \
            else channel
        rows = Rows(acc, date, amount, _arr(KIND[kind], n, np.int8), _arr(init, n, np.int8),
                    _arr(cbank, n, np.int8), _arr(cclient, n, np.int64), _arr(cname, n, np.int64),
                    _arr(ch, n, np.int8)).take(np.flatnonzero(keep))
        self.parts.append(rows)
        return rows

    def grid(self, who: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every (row of ``who``, month index) pair."""
        i = np.repeat(np.arange(len(who)), self.cal.n)
        j = np.tile(np.arange(self.cal.n), len(who))
        return i, j

    def poisson(self, rng: np.random.Generator, lam: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Counts per (row, month) drawn with rates ``lam`` (rows x months); returns the row and
        month index of each event."""
        counts = rng.poisson(lam)
        r, j = np.nonzero(counts)
        reps = counts[r, j]
        return np.repeat(r, reps), np.repeat(j, reps)
