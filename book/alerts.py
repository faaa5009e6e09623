"""Fund-flow alerts for a book: what needs a banker's attention today (book-format.md, ``alerts``).

``alerts(frames, as_of, acks)`` gathers candidate events from the rule kinds
(:mod:`book.alerts_rules`: ``large_value``, ``maturity``, ``kyc_due``) and the statistical kinds
(:mod:`book.alerts_flow`: ``abnormal_flow``, ``outflow_to_other_bank``, ``balance_drop``,
``payroll_change``, ``dormant_reactivated``, ``large_inflow``), merges the events of one episode
into one alert, drops the episodes a banker acknowledged or closed, scores and sorts them.
Each alert carries ``code`` and ``params``; the sentence for people is made from them in ``cli``
(``cli/book_text.py``) or ``ui``.

The book is read by a few passes of DuckDB (:mod:`book.alerts_tables`); the detectors then run on
threads, each on its own cursor, so that one's Python (pandas, scikit-learn's forest, ruptures)
runs while DuckDB answers another's queries. Their events are gathered in a fixed order: the
same book gives the same alerts, on one thread or several.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import pandas as pd

from book.frames import BookFrames
from book.watch_config import Thresholds, WatchSettings, watch_settings

if TYPE_CHECKING:
    import duckdb

THREADS = 2  # workers beside the calling thread (see book.watch_db.THREADS)
T = TypeVar("T")

KINDS = ("large_value", "abnormal_flow", "outflow_to_other_bank", "balance_drop",
         "payroll_change", "dormant_reactivated", "large_inflow", "maturity", "kyc_due")
# the statistical kinds (against the client's own history): the "abnormal" alerts whose false
# rate the benchmark measures; the others state facts (a threshold, a date)
ABNORMAL_KINDS = ("abnormal_flow", "outflow_to_other_bank", "balance_drop", "payroll_change",
                  "dormant_reactivated", "large_inflow")


@dataclass(frozen=True)
class Event:
    """One candidate finding before episodes are merged. ``amount`` is in ``currency``;
    ``amount_base`` in the book's base currency (for scoring); ``gap_days`` is how far apart two
    events of one episode may be (None: the kind's default)."""

    kind: str
    code: str
    client_id: str
    account_id: str | None
    date: dt.date
    amount: float | None
    currency: str | None
    amount_base: float
    params: Mapping[str, Any]
    bonus: float = 0.0  # extra score (how far beyond the threshold, cross-client unusualness)
    gap_days: int | None = None


class Alert(NamedTuple):
    """One episode for a banker to look at. Immutable; a named tuple rather than a frozen
    dataclass: a book's run makes thirteen thousand of them (most are large-value days), and a
    tuple is built in a fifth of the time while the run's other threads wait for the
    interpreter."""

    kind: str
    code: str
    client_id: str
    account_id: str | None
    household_id: str | None
    date: dt.date  # when the episode began
    last_date: dt.date  # its latest event
    amount: float | None
    currency: str | None
    score: float
    params: MappingProxyType
    episode: str  # stable key of the episode: kind/client/account/first date

    def as_json(self) -> dict:
        return {"kind": self.kind, "client_id": self.client_id, "account_id": self.account_id,
                "household_id": self.household_id, "date": self.date.isoformat(),
                "last_date": self.last_date.isoformat(),
                "amount": None if self.amount is None else round(self.amount, 2),
                "currency": self.currency, "score": round(self.score, 2), "code": self.code,
                "params": dict(self.params), "episode": self.episode}


@dataclass(frozen=True)
class Ack:
    """A banker's acknowledgement or closure of an episode (stored in ``book_alert_acks``)."""

    kind: str
    client_id: str
    account_id: str | None
    first_date: dt.date
    last_date: dt.date
    action: str = "ack"  # "ack" or "close"

    @classmethod
    def of(cls, alert: Alert, action: str = "ack") -> Ack:
        return cls(alert.kind, alert.client_id, alert.account_id, alert.date, alert.last_date,
                   action)


@dataclass(frozen=True)
class AlertSet:
    as_of: dt.date
    window_start: dt.date
    alerts: tuple[Alert, ...]
    suppressed: int  # episodes not shown because a banker acknowledged or closed them
    settings_since: dt.date
    thresholds: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def as_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "window_start": self.window_start.isoformat(),
                "alerts": [a.as_json() for a in self.alerts], "suppressed": self.suppressed,
                "thresholds": dict(self.thresholds)}

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([a.as_json() for a in self.alerts])


def alerts(frames: BookFrames, as_of: dt.date | None = None, acks: Iterable[Ack] = (),
           settings: WatchSettings | None = None, **overrides: Any) -> AlertSet:
    """Every alert of the book on ``as_of`` (default: the book's), newest episodes first by score.

    ``acks``: the acknowledged or closed episodes (``book.watch_store.acks``): an episode that
    overlaps one of them (same kind, client and account, within the episode gap) is not shown.
    ``overrides`` replace top-level settings (``window_days=90``, ``isolation_forest={...}``).
    """
    from book import alerts_flow, alerts_rules, alerts_stats, alerts_tables, watch_db

    as_of = as_of or frames.meta.as_of
    s = settings or watch_settings(frames.meta, as_of, **overrides)
    ws = as_of - dt.timedelta(days=int(s["window_days"]) - 1)
    run = ExitStack()
    con = run.enter_context(watch_db.run_connection(frames))
    # threads, each with its own DuckDB cursor: one step's Python runs while DuckDB (without the
    # GIL) answers another's queries; each step starts when the tables it reads are built (a
    # queue in order of submission: what a step waits for was submitted before it). Once this
    # thread is done with its own, it takes the steps no worker has started yet. The results
    # are gathered in a fixed order
    pool = ThreadPoolExecutor(THREADS, thread_name_prefix="kinfolio-alerts")
    steps: list[_Step] = []
    # thousands of events, all alive until the end: the collector would walk the whole heap
    # (pandas, scikit-learn, the book) again and again for nothing
    collecting = gc.isenabled()
    gc.disable()
    try:
        households = frames.client_households()
        gap = int(s["episode_gap_days"])

        def on_cursor(step: Callable[[duckdb.DuckDBPyConnection], T],
                      *after: Future) -> Future[T]:
            def run() -> T:
                for f in after:
                    f.result()
                cur = watch_db.cursor(con)
                try:
                    return step(cur)
                finally:
                    cur.close()
            task = _Step(run)
            steps.append(task)
            pool.submit(task.run)
            return task.future

        sp = alerts_tables.span(as_of, ws, s, frames)
        # the accounts' table while this thread codes the book (what the window waits for)
        acc = on_cursor(lambda cur: watch_db.add_accounts(cur, frames))
        tx = alerts_tables.coded(frames)
        accounts = on_cursor(lambda cur: alerts_tables.build_accounts(tx, cur, sp))
        # the robust baselines read the history and the book's window, not ``w``: built while
        # this thread builds ``w``
        baselines = on_cursor(lambda cur: alerts_tables.build_baselines(
            tx, cur, sp, s, alerts_flow.screen_floors(frames, s)), acc)
        lastbal = on_cursor(lambda cur: alerts_tables.last_balances(frames, cur, sp))
        # the dates (maturities, reviews) need only the balances
        dated = on_cursor(lambda cur: merge_episodes(
            alerts_rules.maturities(frames, as_of, s, cur) + alerts_rules.kyc_due(frames, as_of, s),
            households, s), lastbal)
        peers: Future | None = None

        def detector(name: str, *after: Future) -> Future[dict[str, list[Event]]]:
            forest = peers  # the forest as submitted so far (None for the detectors before it)
            return on_cursor(lambda cur: alerts_flow.detect(frames, tx, cur, sp, s, (name,),
                                                            forest), *after)

        runs = [detector("payroll", acc)]
        acc.result()
        alerts_tables.build_window(tx, con, sp)
        if s["isolation_forest"]["enabled"]:
            peers = on_cursor(lambda cur: alerts_stats.fit_peers(
                alerts_stats.peer_features(cur, ws), s), accounts)

        def large_value(cur: duckdb.DuckDBPyConnection) -> tuple[list[Alert], Thresholds]:
            return alerts_rules.large_value_alerts(frames, cur, as_of, ws, households, s)

        by_rule = on_cursor(large_value)
        runs += [detector("balance_drops", lastbal), detector("dormant", accounts),
                 detector("cash_bursts", baselines)]
        # the longest detector on this thread, as soon as it can start
        baselines.result(), accounts.result(), lastbal.result()
        mine = alerts_flow.detect(frames, tx, con, sp, s, ("single_flows",), peers)
        for task in steps:  # in order of submission: what one waits for is started before it
            task.run()
        by_detector: dict[str, list[Event]] = dict(mine)
        for f in runs:
            by_detector.update(f.result())
        flows = merge_episodes(alerts_flow.flow_events(by_detector), households, s)
        reported, th = by_rule.result()
        # episodes never span kinds: merged kind by kind, in the order one merge of every event
        # gives (by kind, then as merged)
        found = sorted([*flows, *reported, *dated.result()], key=lambda a: a.kind)
        shown = drop_acked(found, acks, gap)
    finally:
        pool.shutdown(wait=True)
        run.close()
        if collecting:
            gc.enable()
    thr = {"market": th.market, "since": th.since.isoformat(), "reference": th.reference,
           "verified": th.verified}
    return AlertSet(as_of, ws, tuple(shown), len(found) - len(shown), s.since,
                    MappingProxyType(thr))


class _Step:
    """A step of the run that either a worker or the calling thread runs, whichever takes it
    first (:meth:`run` does nothing when it was taken); its outcome is :attr:`future`."""

    def __init__(self, fn: Callable[[], Any]):
        self.fn = fn
        self.future: Future = Future()
        self._taken = threading.Lock()

    def run(self) -> None:
        if not self._taken.acquire(blocking=False):
            return
        try:
            self.future.set_result(self.fn())
        except BaseException as e:  # handed to whoever reads the result
            self.future.set_exception(e)


def merge_episodes(events: list[Event], households: Mapping[str, str],
                   s: WatchSettings) -> list[Alert]:
    """One alert per episode: events of the same kind, client and account whose dates are at
    most the gap apart. The alert starts at the first event; amounts add up; the score is the
    kind's weight plus the size (log of the base-currency amount) plus the events' bonus."""
    default_gap = int(s["episode_gap_days"])
    weights = {k: float(v) for k, v in s["score_weights"].items()}
    no_sum = ("maturity", "kyc_due", "balance_drop")
    out: list[Alert] = []

    def alert(group: list[Event]) -> Alert:
        first = group[0]
        if len(group) == 1:  # most episodes: one event, its own figures
            amount, base, bonus = first.amount, first.amount_base, first.bonus
            params = first.params if isinstance(first.params, MappingProxyType) else \
                MappingProxyType(dict(first.params))
        else:
            last = group[-1]
            amounts = [e.amount for e in group if e.amount is not None]
            amount = sum(amounts) if amounts and first.kind not in no_sum else first.amount
            base = sum(e.amount_base for e in group) if first.kind != "balance_drop" else \
                first.amount_base
            bonus = max(e.bonus for e in group)
            params = MappingProxyType({**first.params, "events": len(group),
                                       "last_date": last.date.isoformat()})
        return Alert(first.kind, first.code, first.client_id, first.account_id,
                     households.get(first.client_id), first.date, group[-1].date, amount,
                     first.currency, score(weights[first.kind], base, bonus), params,
                     episode(first.kind, first.client_id, first.account_id, first.date))

    group: list[Event] = []
    prev: tuple | None = None
    for e in sorted(events, key=lambda e: (e.kind, e.client_id, e.account_id or "", e.date)):
        head = (e.kind, e.client_id, e.account_id or "", e.code)
        gap = default_gap if e.gap_days is None else e.gap_days
        if group and (head != prev or (e.date - group[-1].date).days > gap):
            out.append(alert(group))
            group = []
        group.append(e)
        prev = head
    if group:
        out.append(alert(group))
    return out


def score(weight: float, base: float, bonus: float) -> float:
    """An episode's score: its kind's weight, its size (log of the base-currency amount, at most
    30) and its bonus."""
    return weight + min(10.0 * math.log10(1.0 + max(base, 0.0) / 100_000.0), 30.0) + bonus


def episode(kind: str, client_id: str, account_id: str | None, first: dt.date) -> str:
    """The stable key of an episode: kind/client/account/first date."""
    return f"{kind}/{client_id}/{account_id or '-'}/{first.isoformat()}"


def drop_acked(found: Iterable[Alert], acks: Iterable[Ack], gap_days: int) -> list[Alert]:
    """The alerts of ``found`` that no acknowledgement or closure in ``acks`` covers (an episode
    overlapping an acked one of the same kind, client and account, within ``gap_days`` for the
    kinds that run over days), most urgent first. The app applies it to the nightly run's raw
    episodes (``alerts.parquet``) with the acknowledgements stored since."""
    by_key: dict[tuple, list[Ack]] = {}
    for k in acks:
        by_key.setdefault((k.kind, k.client_id, k.account_id or None), []).append(k)
    shown = [a for a in found if (a.kind, a.client_id, a.account_id or None) not in by_key
             or not _acked(a, by_key, gap_days)]
    shown.sort(key=lambda a: (-a.score, a.date, a.client_id, a.kind))
    return shown


# kinds whose episodes are dates, not runs of events: an ack covers exactly its own days
_DATED = ("large_value", "maturity", "kyc_due")


def _acked(a: Alert, acks: Mapping[tuple, list[Ack]], gap: int) -> bool:
    """True when a banker acknowledged or closed this episode (or the run it continues)."""
    g = dt.timedelta(days=0 if a.kind in _DATED else gap)
    return any(a.date <= k.last_date + g and a.last_date >= k.first_date - g
               for k in acks.get((a.kind, a.client_id, a.account_id or None), ()))
