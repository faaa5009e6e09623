"""Statistical alerts: each account and client against its own history.

The tables they read are built by :mod:`book.alerts_tables` (the window's transactions, per
account figures over the whole book, monthly robust baselines). Only the window's large
transactions reach pandas, and only the few candidates reach the slower checks in
:mod:`book.alerts_stats` (seasonality with statsmodels STL, payroll level shifts with ruptures,
cross-client unusualness with an isolation forest from scikit-learn).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from types import MappingProxyType

import duckdb
import numpy as np
import pandas as pd

from book import alerts_stats, alerts_tables
from book.alerts import Event
from book.frames import BookFrames
from book.watch_config import WatchSettings, cny_factor, festivals

MAD_SCALE = 1.4826  # MAD of a normal sample times this estimates its standard deviation
INFLOW_KINDS = ("dividend", "redemption", "transfer", "other", "fx", "investment")

Q, q = alerts_tables.Q, alerts_tables.q


# the detectors in the order their events are listed (a fixed order: which of two events of one
# day heads an episode)
DETECTORS = ("single_flows", "cash_bursts", "dormant", "balance_drops", "payroll")


def detect(frames: BookFrames, tx: pd.DataFrame, con: duckdb.DuckDBPyConnection,
           sp: alerts_tables.Span, s: WatchSettings, names: tuple[str, ...] = DETECTORS,
           peers: Future | None = None) -> dict[str, list[Event]]:
    """detector name -> its events, for ``names`` (of :data:`DETECTORS`), on ``con`` (a
    connection or a cursor of its own, holding the tables of :mod:`book.alerts_tables`); ``tx``:
    the book's transactions with their account numbers (:func:`alerts_tables.coded`);
    ``peers``: the isolation forest (being) fitted (:func:`alerts_stats.fit_peers`)."""
    ctx = _Context(frames, tx, con, sp, s, peers)
    return {n: getattr(ctx, n)() for n in names}


def flow_events(found: Mapping[str, list[Event]]) -> list[Event]:
    """The statistical kinds' events of every detector, in a fixed order, one event for one
    thing that happened (:func:`_prefer_specific`)."""
    return _prefer_specific([e for n in DETECTORS for e in found[n]])


def candidate_floors(frames: BookFrames, s: WatchSettings) -> tuple[float, float, float]:
    """The smallest base-currency amount of one window transaction that can make it a candidate:
    money leaving for another bank, another flow, a cash withdrawal (the floors of
    ``single_flows`` and ``cash_bursts``)."""
    share_floor = float(s["outflow_to_other_bank"]["share_floor"]) * cny_factor(frames.meta)
    flow_floor = min(s.amount("abnormal_flow"), s.amount("large_inflow"))
    return share_floor, flow_floor, float(s["cash_burst"]["each_at_least"])


def screen_floors(frames: BookFrames, s: WatchSettings) -> tuple[float, float, float]:
    """The floors of the baseline screen: an account gets its robust baselines (table ``base``)
    when one window transaction of the class reaches them; the candidates' own floors, so no
    candidate misses its baseline (a test opens the screen to every account and compares)."""
    return candidate_floors(frames, s)


class _Context:
    def __init__(self, frames: BookFrames, tx: pd.DataFrame, con: duckdb.DuckDBPyConnection,
                 sp: alerts_tables.Span, s: WatchSettings, peers: Future | None = None):
        self.frames, self.tx, self.con, self.sp, self.s = frames, tx, con, sp, s
        self.peers = peers
        self._views: set[str] = set()
        self.as_of, self.ws = sp.as_of, sp.ws
        self.base_ccy = frames.meta.base_currency

    def view(self, *names: str) -> None:
        """Register the transactions' views this cursor needs (``alerts_tables.views``)."""
        todo = tuple(n for n in names if n not in self._views)
        if todo:
            alerts_tables.views(self.con, self.tx, self.sp, todo)
            self._views.update(todo)

    # -- abnormal_flow, outflow_to_other_bank, large_inflow: single large transactions
    def single_flows(self) -> list[Event]:
        s = self.s
        k, ratio = float(s["robust"]["mad_k"]), float(s["robust"]["min_ratio"])
        out_cfg = s["outflow_to_other_bank"]
        share_floor, floor, _ = candidate_floors(self.frames, s)
        min_months = int(s["robust"]["min_history_months"])
        # each window transaction against its account's robust baseline, in DuckDB: only the
        # candidates reach pandas
        c = self.con.execute(f"""
            WITH c AS (
                SELECT t.txn_id, t.account_id, t.ai, t.date, t.amount, t.kind, t.cls, t.cbank,
                       t.client_id, t.ci, t.currency, t.rate, abs(t.amount) AS abs,
                       abs(t.amount) * t.rate AS base_amt, b.months, b.med, b.mad,
                       coalesce(b.months, 0) >= $min_months AS known,
                       b.med + $k_scale * b.mad AS lim,
                       -- proceeds: dividends, redemptions, money arriving from another bank (a
                       -- sale, a product matured elsewhere); other unusual inflows are abnormal
                       CASE WHEN t.cls = 'other_out' THEN 'outflow_to_other_bank'
                            WHEN t.amount > 0 AND (t.kind IN ('dividend', 'redemption') OR (
                                 t.kind IN {tuple(INFLOW_KINDS)} AND t.cbank = 'other'))
                            THEN 'large_inflow' ELSE 'abnormal_flow' END AS alert
                FROM w t
                LEFT JOIN base b ON b.account_id = t.account_id AND b.cls = t.cls
                     AND b.inflow = (t.amount > 0)
                WHERE t.date >= $ws AND t.rate IS NOT NULL
                  AND abs(t.amount) * t.rate >= CASE WHEN t.cls = 'other_out' THEN $share_floor
                                                     ELSE $floor END
                  AND t.cls IN ('flow', 'other_out')
                  AND t.kind <> 'card' AND t.acc_kind NOT IN ('credit_card', 'loan', 'mortgage'))
            SELECT c.txn_id, c.account_id, c.ai, c.date, c.amount, c.kind::VARCHAR AS kind,
                   c.cls, c.cbank::VARCHAR AS cbank, c.client_id, c.ci, c.currency, c.rate,
                   c.abs, c.base_amt, c.months, c.med, c.mad, c.known, c.lim, c.alert
            FROM c
            WHERE c.base_amt >= CASE c.alert WHEN 'abnormal_flow' THEN $min_abnormal
                                             WHEN 'large_inflow' THEN $min_inflow
                                             ELSE $share_floor END
              AND ((c.known AND c.abs > c.lim AND c.abs >= $ratio * c.med)  -- far
                   -- a large inflow with no history to compare with is still worth a talk
                   OR (c.alert = 'large_inflow' AND NOT c.known
                       AND c.base_amt >= 2 * $min_inflow)
                   OR (c.alert = 'outflow_to_other_bank' AND NOT c.known)
                   -- a class the account never used (far beyond anything usual on it: below)
                   OR (c.alert = 'abnormal_flow' AND NOT c.known))
              AND NOT EXISTS (  -- a transfer between the client's own accounts
                  SELECT 1 FROM w t2
                  WHERE t2.date >= $ws AND t2.client_id = c.client_id AND t2.date = c.date
                    AND t2.amount = -c.amount AND t2.account_id <> c.account_id)
            ORDER BY c.txn_id  -- a fixed order: which of one day's events heads its episode
            """, {"ws": self.ws, "share_floor": share_floor, "floor": floor,
                  "min_months": min_months, "k_scale": k * MAD_SCALE, "ratio": ratio,
                  "min_abnormal": s.amount("abnormal_flow"),
                  "min_inflow": s.amount("large_inflow")}).df()
        if c.empty:
            return []
        c["date"] = pd.to_datetime(c["date"]).dt.date
        c["inflow"] = c["amount"] > 0
        # the usual of the account's other classes, for the candidates whose class is new
        new = ~c["known"]
        anyb = alerts_tables.any_base(self.con, self.tx, self.sp, c.loc[new, "ai"])
        c = c.merge(anyb.astype({"account_id": str, "inflow": bool, "any_med": float,
                                 "any_months": float}), on=["account_id", "inflow"], how="left")
        first_time = (c["alert"] == "abnormal_flow") & ~c["known"]
        far_enough = (c["any_months"].fillna(0) >= min_months) & (
            c["abs"] >= float(s["robust"]["new_ratio"]) * c["any_med"])
        c = c[~first_time | far_enough].reset_index(drop=True)
        if c.empty:
            return []
        # money leaving for another bank: beyond the usual and large alone (at least the
        # outflow minimum and `alone` without a share), or most of the client's money at call
        # (current and savings) however small the account
        is_out = c["alert"] == "outflow_to_other_bank"
        if is_out.any():
            share = self._liquid_share(c[is_out])
            c["share"] = c["txn_id"].map(share)
            big = c["base_amt"] >= float(out_cfg["alone"]) * cny_factor(self.frames.meta)
            share_ok = c["share"] >= float(out_cfg["share_of_liquid"])
            keep = ~is_out | share_ok | (big & c["known"] & (
                c["base_amt"] >= s.amount("outflow_to_other_bank")))
            c = c[keep]
        else:
            c["share"] = np.nan
        cand = c
        if cand.empty:
            return []
        cand["limit"] = cand["lim"]
        # the regular flows first: each candidate is judged alone by both, and the forest may
        # still be fitting on another thread
        cand = alerts_stats.drop_regular(self.con, cand, self.ws, s,
                                         history=lambda: self.view("th"))
        cand = alerts_stats.isolation_gate(cand, self.peers.result() if self.peers else None, s)
        out = []
        for r in cand.itertuples(index=False):
            usual = r.med if r.known else r.any_med
            excess = r.abs / usual if usual and usual > 0 else None
            out.append(Event(
                r.alert, f"{r.alert}.{'amount' if r.known else 'new'}", r.client_id,
                r.account_id, r.date, r.abs, r.currency, r.base_amt,
                MappingProxyType({"txn_id": r.txn_id, "txn_kind": r.kind,
                                  "direction": "in" if r.amount > 0 else "out",
                                  "usual": None if pd.isna(usual) else float(usual),
                                  "times_usual": None if excess is None else round(excess, 1),
                                  "months": 0 if pd.isna(r.months) else int(r.months),
                                  "share_of_liquid": None if pd.isna(r.share) else
                                  round(float(r.share), 3),
                                  "peer_score": None if pd.isna(r.peer) else
                                  round(float(r.peer), 3)}),
                bonus=min(20.0, 2.0 * np.log2(max(excess or 2.0, 1.0)))))
        return out

    def _liquid_share(self, out: pd.DataFrame) -> pd.Series:
        """txn_id -> the share of the client's money at call (current and savings, at the start
        of the day) that left for other banks that day and within the episode gap after it."""
        gap = int(self.s["episode_gap_days"])
        ci, bal = _deposits_now(self.con, self.view, out["ci"].unique(), self.sp, liquid=True)
        self.con.register("outc", out[["txn_id", "ci", "date"]].assign(
            date=pd.to_datetime(out["date"]),
            now=out["ci"].map(pd.Series(bal, index=ci)).fillna(0.0)))
        try:
            r = self.con.execute(f"""
                SELECT o.txn_id,
                    any_value(o.now) - coalesce(sum(CASE WHEN t.liquid THEN t.bq END) / {Q}.0, 0)
                        AS before,
                    coalesce(sum(CASE WHEN t.cls = 'other_out'
                                      AND t.date <= o.date + INTERVAL {gap} DAY
                                 THEN -t.bq END) / {Q}.0, 0) AS leaving
                FROM outc o JOIN w t ON t.ci = o.ci
                WHERE t.date >= o.date
                GROUP BY o.txn_id""").df()
        finally:
            self.con.unregister("outc")
        before = r["before"].where(r["before"] > 0)
        return pd.Series((r["leaving"] / before).to_numpy(), index=r["txn_id"].astype(str))

    # -- abnormal_flow (cash burst): many mid-size withdrawals in a few days
    def cash_bursts(self) -> list[Event]:
        cb = self.s["cash_burst"]
        days = int(cb["days"])
        start = self.ws - dt.timedelta(days=days - 1)
        w = self.con.execute("""
            SELECT t.account_id, t.date, abs(t.mq) AS amq, t.client_id,
                   t.currency, t.rate, coalesce(b.med_n, 0) AS med_n
            FROM w t
            LEFT JOIN base b ON b.account_id = t.account_id AND b.cls = 'cash' AND NOT b.inflow
            WHERE t.kind = 'cash' AND t.amount < 0 AND t.date >= ?::DATE
              AND abs(t.amount) * t.rate >= ? AND t.rate IS NOT NULL
            ORDER BY t.account_id, t.date""", [start, float(cb["each_at_least"])]).df()
        if w.empty:
            return []
        day = pd.to_datetime(w["date"]).to_numpy().astype("datetime64[D]").astype(np.int64)
        need = np.maximum(int(cb["min_count"]),
                          float(cb["baseline_multiple"]) * w["med_n"].to_numpy(dtype=float))
        rows, ends, n, tot = burst_starts(
            pd.factorize(w["account_id"])[0], day, w["amq"].to_numpy(dtype=np.int64),
            w["rate"].to_numpy(dtype=float), need, days, self.s.amount("cash_burst"),
            (self.ws - dt.date(1970, 1, 1)).days)
        last = pd.to_datetime(w["date"].to_numpy()[ends - 1]).date
        r = w.iloc[rows]
        return [Event("abnormal_flow", "abnormal_flow.cash_burst", str(client), str(acc),
                      d.date(), t, str(ccy), t * rate,
                      MappingProxyType({"count": int(k), "days": days, "usual_per_month": med,
                                        "last_date": ld.isoformat()}),
                      bonus=min(20.0, 2.0 * k))
                for client, acc, d, ccy, rate, med, k, t, ld in zip(
                    r["client_id"].astype(str).tolist(), r["account_id"].astype(str).tolist(),
                    pd.to_datetime(r["date"]), r["currency"].astype(str).tolist(),
                    r["rate"].astype(float).tolist(), r["med_n"].astype(float).tolist(),
                    n.tolist(), tot.tolist(), last, strict=True)]

    # -- dormant_reactivated
    def dormant(self) -> list[Event]:
        dd = int(self.s["dormant_reactivated"]["dormant_days"])
        # the first activity of the window; the last before it (from the pass over the book)
        # the first activity of the window; its gap to the last activity before it (or to the
        # opening): only the accounts idle long enough reach pandas
        w = self.con.execute("""
            WITH x AS (SELECT ai, min(date) AS date FROM w
                       WHERE date >= ?::DATE AND nb GROUP BY ai),
            g AS (
                SELECT x.ai, x.date,
                       x.date - coalesce(acct.pre_last, a.opened::DATE) AS gap
                FROM x JOIN acc a ON a.ai = x.ai LEFT JOIN acct ON acct.ai = x.ai
                WHERE a.rate IS NOT NULL)
            SELECT a.account_id, g.date, a.client_id, a.currency, a.rate, g.gap
            FROM g JOIN acc a USING (ai)
            WHERE g.gap >= ?""", [self.ws, dd]).df()
        if w.empty:
            return []
        # how much moves in the reactivation's first weeks
        moved = self.con.execute(f"""
            SELECT t.account_id, sum(abs(t.mq)) / {Q}.0 AS moved, count(*) AS n
            FROM w t JOIN (SELECT UNNEST(?::VARCHAR[]) AS account_id,
                                  UNNEST(?::DATE[]) AS d0) x USING (account_id)
            WHERE t.date >= x.d0 AND t.date < x.d0 + INTERVAL 14 DAY AND t.nb
            GROUP BY t.account_id""", [list(w["account_id"].astype(str)),
                                       list(pd.to_datetime(w["date"]).dt.date)]).df()
        w = w.merge(moved, on="account_id")
        w["date"] = pd.to_datetime(w["date"]).dt.date
        w = w[w["moved"] * w["rate"] >= self.s.amount("dormant_reactivated")]
        return [Event("dormant_reactivated", "dormant_reactivated.amount", r.client_id,
                      r.account_id, r.date, float(r.moved), r.currency,
                      float(r.moved * r.rate),
                      MappingProxyType({"idle_days": int(r.gap), "since": (
                          r.date - dt.timedelta(days=int(r.gap))).isoformat(),
                          "transactions": int(r.n)}),
                      bonus=min(15.0, r.gap / 60.0))
                for r in w.itertuples(index=False)]

    # -- balance_drop: a client's deposits fall by a large fraction within a few weeks
    def balance_drops(self) -> list[Event]:
        bd = self.s["balance_drop"]
        days = int(bd["days"])
        frac, need = float(bd["fraction"]), self.s.amount("balance_drop")
        start = self.ws - dt.timedelta(days=days)
        # clients whose deposit outflows since `start` could reach the minimum at all
        # (a drop must leave within the window)
        cand = self.con.execute(f"""
            SELECT ci FROM w
            WHERE deposit AND date >= ?::DATE AND amount <= 0 AND nb AND rate IS NOT NULL
            GROUP BY ci HAVING sum(-bq) / {Q}.0 >= ?""", [self.ws, need]).fetchnumpy()["ci"]
        if not len(cand):
            return []
        # the clients by their number (``ci`` of the accounts table); here numbered again from
        # 0 in the order of ``clients``
        clients, bal_now = _deposits_now(self.con, self.view, cand, self.sp)
        self.con.register("now_bal", pd.DataFrame({"ci": clients, "i": np.arange(len(clients))}))
        try:
            # each deposit flow of those clients from `days` before the window, in whole
            # ten-thousandths of the base currency (integers: exact sums in any order)
            d = self.con.execute("""
                SELECT n.i AS ci, (t.date - DATE '1970-01-01') AS day, t.bq
                FROM w t JOIN now_bal n USING (ci)
                WHERE t.deposit AND t.date > ?::DATE AND t.bq IS NOT NULL""",
                                 [start]).fetchnumpy()
        finally:
            self.con.unregister("now_bal")
        if not len(d["bq"]):
            return []
        # per client and day the net flow; then the fall over the last `days` days and the
        # deposits at the end of each day (today's minus what came after)
        key = np.asarray(d["ci"], dtype=np.int64) * 1_000_000 + np.asarray(d["day"],
                                                                            dtype=np.int64)
        order = np.argsort(key, kind="stable")
        key, v = key[order], np.asarray(d["bq"], dtype=np.int64)[order]
        first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        net = _segment_sums(v, first, np.r_[first[1:], len(v)])
        key = key[first]
        ci, day = key // 1_000_000, key % 1_000_000
        i = np.arange(len(key))
        fall = -_segment_sums(net, np.searchsorted(key, key - (days - 1), side="left"), i + 1)
        after = _segment_sums(net, i + 1, np.searchsorted(key, (ci + 1) * 1_000_000,
                                                          side="left"))
        drop, bal = fall / Q, bal_now[ci] - after / Q
        before = bal_now[ci] - (after - fall) / Q
        ws_day = (self.ws - dt.date(1970, 1, 1)).days
        hit = (day >= ws_day) & (drop >= need) & (drop >= frac * before) & (before > 0)
        if not hit.any():
            return []
        # the client's usual monthly outflow from deposits (a company paying its payroll from
        # its operating account every month falls that much every month), for those clients
        usual = self._usual_outflow(clients[np.unique(ci[hit])])
        u = np.array([usual.get(int(c), 0.0) for c in clients])[ci]
        hit &= drop >= np.maximum(need, float(bd["gross_multiple"]) * u)
        rows = np.flatnonzero(hit)
        rows = rows[np.unique(ci[rows], return_index=True)[1]]  # each client's first day
        epoch = dt.date(1970, 1, 1)
        ids = _client_ids(self.con, clients[ci[rows]])
        return [Event(
            "balance_drop", "balance_drop.fraction", ids[int(clients[ci[r]])], None,
            epoch + dt.timedelta(days=int(day[r])), float(drop[r]), self.base_ccy,
            float(drop[r]),
            MappingProxyType({"before": float(before[r]), "after": float(bal[r]),
                              "fraction": round(float(drop[r] / before[r]), 3), "days": days,
                              "usual_monthly_outflow": float(u[r])}),
            bonus=min(20.0, 20.0 * float(drop[r] / before[r])))
            for r in rows]

    def _usual_outflow(self, clients: np.ndarray) -> dict[int, float]:
        """client number (``ci``) -> the median monthly outflow of its deposits over the
        history."""
        accounts = self.con.execute(
            "SELECT ai FROM acc WHERE deposit AND ci IN (SELECT UNNEST(?::INTEGER[]))",
            [[int(c) for c in clients]]).fetchnumpy()["ai"]
        self.con.register("hsub", alerts_tables.history_of(self.tx, self.sp, accounts))
        try:
            r = self.con.execute(f"""
                SELECT ci, median(g) AS usual FROM (
                    SELECT a.ci, date_trunc('month', h.date) AS month,
                           -sum({q("h.amount * a.rate")}) / {Q}.0 AS g
                    FROM hsub h JOIN acc a USING (ai)
                    WHERE h.amount <= 0
                    GROUP BY ALL) GROUP BY ci""").fetchnumpy()
        finally:
            self.con.unregister("hsub")
        return dict(zip(r["ci"].tolist(), r["usual"].astype(float).tolist(), strict=True))

    # -- payroll_change: a company's batch missing, shrunk or moved
    def payroll(self) -> list[Event]:
        alerts_tables.payroll_months(self.con, self.tx, self.sp)
        stats = self.con.execute("""
            WITH h AS (SELECT *, row_number() OVER (PARTITION BY account_id
                                                    ORDER BY month DESC) AS rn
                       FROM pay WHERE first_date < ?::DATE)
            SELECT h.account_id, count(*) AS n_hist,
                   median(total) FILTER (WHERE rn <= 6) AS usual,
                   median(day(first_date)) FILTER (WHERE rn <= 6) AS usual_day,
                   (SELECT max(last_date) FROM pay p2 WHERE p2.account_id = h.account_id)
                       AS last_batch,
                   any_value(a.client_id) AS client_id, any_value(a.currency) AS currency,
                   any_value(a.rate) AS rate
            FROM h JOIN acc a USING (account_id) WHERE a.rate IS NOT NULL
            GROUP BY h.account_id""", [self.ws]).df()
        win = self.con.execute("SELECT * FROM pay WHERE first_date >= ?::DATE "
                               "ORDER BY account_id, month",
                               [self.ws]).df()
        spring = festivals()["spring_festival"]
        return alerts_stats.payroll_events(self.con, stats, win, self.as_of, self.ws, self.s,
                                           spring)


def _deposits_now(con: duckdb.DuckDBPyConnection, view: Callable[..., None], clients,
                  sp: alerts_tables.Span, liquid: bool = False
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Each client's deposits (base currency; ``liquid``: current and savings only) at the end
    of ``as_of``: the latest balance (table ``lastbal``) plus the flows booked after it (without
    a balance, every flow of the account). The flows after a balance dated in the window's table
    are read from it; the book (``view("t")`` registers it) is scanned only for accounts with an
    older balance or none. ``clients``: their numbers (``ci`` of the accounts table); returns
    the numbers of those with deposits and their deposits."""
    which = "liquid" if liquid else "deposit"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ca AS
        SELECT a.ai, a.ci, a.rate, lb.balance,
               coalesce(lb.date, DATE '1900-01-01') AS since
        FROM acc a LEFT JOIN lastbal lb USING (account_id)
        WHERE a.{which} AND a.rate IS NOT NULL
          AND a.ci IN (SELECT UNNEST(?::INTEGER[]))""", [[int(c) for c in clients]])
    recent = sp.w_start - dt.timedelta(days=1)
    older = con.execute("SELECT count(*) FROM ca WHERE since < ?::DATE", [recent]).fetchall()[0]
    if older and older[0]:
        view("t")
    from_book = "" if not older or not older[0] else f"""
            UNION ALL
            SELECT ca.ai, sum({q("t.amount")}) AS flow
            FROM t JOIN ca USING (ai)
            WHERE ca.since < ?::DATE AND t.date > ca.since AND t.date <= ?::DATE
            GROUP BY ca.ai"""
    r = con.execute(f"""
        WITH f AS (
            SELECT t.ai, sum(t.mq) AS flow
            FROM w t JOIN ca USING (ai)
            WHERE ca.since >= ?::DATE AND t.date > ca.since
            GROUP BY t.ai{from_book})
        SELECT ca.ci,
               sum({q(f"(coalesce(ca.balance, 0) + coalesce(f.flow, 0) / {Q}.0) * ca.rate")})
                   / {Q}.0 AS bal
        FROM ca LEFT JOIN f USING (ai)
        GROUP BY ca.ci""", [recent] + ([recent, sp.as_of] if from_book else [])).fetchnumpy()
    return np.asarray(r["ci"], dtype=np.int64), np.asarray(r["bal"], dtype=float)


def _client_ids(con: duckdb.DuckDBPyConnection, clients: np.ndarray) -> dict[int, str]:
    """client number (``ci`` of the accounts table) -> the client's id, for ``clients``."""
    r = con.execute("SELECT ci, client_id FROM client WHERE ci IN "
                    "(SELECT UNNEST(?::INTEGER[]))", [[int(c) for c in clients]]).fetchall()
    return {int(c): str(i) for c, i in r}


def _segment_sums(x: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``sum(x[s:e])`` for each pair of whole numbers ``x`` (int64; 0 for an empty segment):
    exact, so a segment's sum never depends on what lies outside it (a client's balance drop
    never depends on the other clients of a worker's part of the book)."""
    c = np.zeros(len(x) + 1, dtype=np.int64)
    np.cumsum(x, out=c[1:])
    return np.where(ends > starts, c[ends] - c[np.minimum(starts, ends)], 0)


def burst_starts(acc: np.ndarray, day: np.ndarray, amq: np.ndarray, rate: np.ndarray,
                 need: np.ndarray, days: int, need_total: float, first_day: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each account's first burst of cash withdrawals: the first withdrawal, on or after
    ``first_day``, that starts ``days`` days holding at least ``need`` withdrawals worth
    ``need_total`` in the base currency. The withdrawals are sorted by account (``acc``: its
    number, ascending) and day (``day``: days since 1970); ``amq``: each amount in whole
    ten-thousandths (summed exactly), ``rate``: its account's rate to the base currency.
    Returns the rows that start a burst, the row after each burst's last withdrawal, their
    counts and totals (in the account's currency)."""
    i = np.arange(len(acc))
    key = acc.astype(np.int64) * 1_000_000 + day
    j = np.searchsorted(key, key + (days - 1), side="right")
    n = j - i
    tot = _segment_sums(amq, i, j) / Q
    hit = np.flatnonzero((n >= need) & (tot * rate >= need_total) & (day >= first_day))
    # one burst per account: the episode merge keeps the first
    rows = hit[np.unique(acc[hit], return_index=True)[1]]
    return rows, j[rows], n[rows], tot[rows]


def _prefer_specific(events: list[Event]) -> list[Event]:
    """A transaction explained by a more specific kind is not also an ``abnormal_flow``: one
    thing that happened, one alert (a dormant account waking, money leaving for another bank, a
    client's deposits falling)."""
    covered_acc = {(e.account_id, e.date) for e in events
                   if e.kind in ("dormant_reactivated", "outflow_to_other_bank", "large_inflow")}
    drops: dict[str, list[tuple[dt.date, int]]] = {}
    woke: dict[str | None, list[dt.date]] = {}
    for e in events:
        if e.kind == "balance_drop":
            drops.setdefault(e.client_id, []).append((e.date, int(e.params["days"])))
        elif e.kind == "dormant_reactivated":
            woke.setdefault(e.account_id, []).append(e.date)
    out = []
    for e in events:
        if e.kind == "abnormal_flow" and e.code != "abnormal_flow.cash_burst":
            if (e.account_id, e.date) in covered_acc:
                continue
            if any(d - dt.timedelta(days=n) <= e.date <= d + dt.timedelta(days=n)
                   for d, n in drops.get(e.client_id, ())):
                continue
        if e.kind in ("outflow_to_other_bank", "large_inflow") and any(
                0 <= (e.date - d).days <= 14 for d in woke.get(e.account_id, ())):
            continue
        out.append(e)
    return out
