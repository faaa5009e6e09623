"""Statistical alerts: each account and client against its own history.

One pass of DuckDB over the transactions builds monthly aggregates per account, class and
direction (``m``); robust baselines (median and MAD of the monthly largest transaction) come from
the months before the alert window. Only the window's large transactions reach pandas, and only
the few candidates reach the slower checks in :mod:`book.alerts_stats` (seasonality with
statsmodels STL, payroll level shifts with ruptures, cross-client unusualness with an isolation
forest from scikit-learn).

Classes: ``bank`` (bank-initiated: never activity, never an alarm), ``payroll`` (a company's
batch), ``salary``, ``cash``, ``other_out`` (money leaving for another bank), ``flow`` (the rest).
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import duckdb
import numpy as np
import pandas as pd

from book import alerts_stats
from book.alerts import Event
from book.frames import BookFrames
from book.watch_config import WatchSettings, cny_factor, festivals

MAD_SCALE = 1.4826  # MAD of a normal sample times this estimates its standard deviation
INFLOW_KINDS = ("dividend", "redemption", "transfer", "other", "fx", "investment")

_CLS = """CASE WHEN t.initiated_by = 'bank' THEN 'bank'
               WHEN t.kind = 'payroll_batch' THEN 'payroll'
               WHEN t.kind = 'salary' THEN 'salary'
               WHEN t.kind = 'cash' THEN 'cash'
               WHEN t.amount < 0 AND t.counterparty_bank = 'other' THEN 'other_out'
               ELSE 'flow' END"""


def flow_events(frames: BookFrames, con: duckdb.DuckDBPyConnection, as_of: dt.date,
                ws: dt.date, s: WatchSettings) -> list[Event]:
    hs = ws - dt.timedelta(days=int(s["history_days"]))
    # the single full pass: monthly aggregates, split at the window start
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE m AS
        SELECT t.account_id, date_trunc('month', t.date)::DATE AS month, {_CLS} AS cls,
               t.amount > 0 AS inflow, t.date >= ?::DATE AS in_window,
               sum(t.amount) AS total, count(*) AS n, max(abs(t.amount)) AS mx,
               min(t.date)::DATE AS first_date, max(t.date)::DATE AS last_date
        FROM t WHERE t.date <= ?::DATE
        GROUP BY ALL""", [ws, as_of])
    # robust baselines only for the accounts a window transaction could make a candidate of
    # (single_flows, cash_bursts): the medians and MADs of every other account are never read
    share_floor, flow_floor, cash_floor = screen_floors(frames, s)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE need AS
        SELECT DISTINCT m.account_id FROM m JOIN acc a USING (account_id)
        WHERE m.in_window AND a.rate IS NOT NULL AND (
              (m.cls = 'other_out' AND m.mx * a.rate >= ?)
           OR (m.cls = 'flow' AND m.mx * a.rate >= ?)
           OR (m.cls = 'cash' AND NOT m.inflow AND m.mx * a.rate >= ?))""",
                [share_floor, flow_floor, cash_floor])
    con.execute("""
        CREATE OR REPLACE TEMP TABLE base AS
        SELECT account_id, cls, inflow, count(DISTINCT month) AS months,
               median(mx) AS med, mad(mx) AS mad, median(n) AS med_n
        FROM m SEMI JOIN need USING (account_id)
        WHERE NOT in_window AND month >= ?::DATE GROUP BY ALL""",
                [hs.replace(day=1)])
    # per account and direction, the largest usual transaction of any class: the yardstick for a
    # class the account never used before (a first large transfer into a salary account)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE anybase AS
        SELECT account_id, inflow, max(med) AS any_med, max(months) AS any_months
        FROM base WHERE cls <> 'bank' GROUP BY ALL""")
    con.register("bal", frames.balances)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE lastbal AS
        SELECT account_id, max(date)::DATE AS date, arg_max(balance, date) AS balance
        FROM bal WHERE date <= ?::DATE GROUP BY account_id""", [as_of])
    events: list[Event] = []
    ctx = _Context(frames, con, as_of, ws, s)
    events += ctx.single_flows()
    events += ctx.cash_bursts()
    events += ctx.dormant()
    events += ctx.balance_drops()
    events += ctx.payroll()
    return _prefer_specific(events)


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
    def __init__(self, frames: BookFrames, con: duckdb.DuckDBPyConnection, as_of: dt.date,
                 ws: dt.date, s: WatchSettings):
        self.frames, self.con, self.as_of, self.ws, self.s = frames, con, as_of, ws, s
        self.base_ccy = frames.meta.base_currency

    # -- abnormal_flow, outflow_to_other_bank, large_inflow: single large transactions
    def single_flows(self) -> list[Event]:
        s = self.s
        k, ratio = float(s["robust"]["mad_k"]), float(s["robust"]["min_ratio"])
        out_cfg = s["outflow_to_other_bank"]
        share_floor, floor, _ = candidate_floors(self.frames, s)
        c = self.con.execute(f"""
            SELECT t.txn_id, t.account_id, t.date::DATE AS date, t.amount, t.kind::VARCHAR AS kind,
                   {_CLS} AS cls, t.counterparty_bank::VARCHAR AS cbank, a.client_id,
                   a.currency, a.rate, b.months, b.med, b.mad, ab.any_med, ab.any_months
            FROM t JOIN acc a USING (account_id)
            LEFT JOIN base b ON b.account_id = t.account_id AND b.cls = ({_CLS})
                 AND b.inflow = (t.amount > 0)
            LEFT JOIN anybase ab ON ab.account_id = t.account_id AND ab.inflow = (t.amount > 0)
            WHERE t.date >= ?::DATE AND t.date <= ?::DATE AND a.rate IS NOT NULL
              AND abs(t.amount) * a.rate >= CASE WHEN ({_CLS}) = 'other_out' THEN ? ELSE ? END
              AND ({_CLS}) IN ('flow', 'other_out')
              AND t.kind <> 'card' AND a.acc_kind NOT IN ('credit_card', 'loan', 'mortgage')
              AND NOT EXISTS (  -- a transfer between the client's own accounts
                  SELECT 1 FROM t t2 JOIN acc a2 ON a2.account_id = t2.account_id
                  WHERE t2.date >= ?::DATE AND a2.client_id = a.client_id AND t2.date = t.date
                    AND t2.amount = -t.amount AND t2.account_id <> t.account_id)
            ORDER BY t.txn_id  -- a fixed order: which of one day's events heads its episode
            """, [self.ws, self.as_of, share_floor, floor, self.ws]).df()
        if c.empty:
            return []
        c["date"] = pd.to_datetime(c["date"]).dt.date
        c["abs"] = c["amount"].abs()
        c["base_amt"] = c["abs"] * c["rate"]
        min_months = int(s["robust"]["min_history_months"])
        known = c["months"].fillna(0) >= min_months
        c["known"] = known
        limit = c["med"] + k * MAD_SCALE * c["mad"]
        far = known & (c["abs"] > limit) & (c["abs"] >= ratio * c["med"])
        inflow = c["amount"] > 0
        # proceeds: dividends, redemptions, money arriving from another bank (a sale, a
        # product matured elsewhere); other unusual inflows are abnormal flows
        proceeds = inflow & (c["kind"].isin(("dividend", "redemption")) | (
            c["kind"].isin(INFLOW_KINDS) & (c["cbank"] == "other")))
        c["alert"] = np.where(c["cls"] == "other_out", "outflow_to_other_bank",
                              np.where(proceeds, "large_inflow", "abnormal_flow"))
        c["min_amt"] = c["alert"].map({"abnormal_flow": s.amount("abnormal_flow"),
                                       "large_inflow": s.amount("large_inflow"),
                                       "outflow_to_other_bank": share_floor})
        # a large inflow with no history to compare with is still worth a conversation
        new_inflow = (c["alert"] == "large_inflow") & ~known & (c["base_amt"] >= 2 * c["min_amt"])
        leaving = (c["alert"] == "outflow_to_other_bank") & ~known
        # a class the account never used, far beyond anything usual on the account
        first_time = (c["alert"] == "abnormal_flow") & ~known & (
            c["any_months"].fillna(0) >= min_months) & (
            c["abs"] >= float(s["robust"]["new_ratio"]) * c["any_med"])
        c = c[(far | new_inflow | leaving | first_time) & (c["base_amt"] >= c["min_amt"])].copy()
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
        cand["limit"] = limit[cand.index]
        cand = alerts_stats.isolation_gate(self.con, cand, self.ws, self.as_of, s)
        cand = alerts_stats.drop_regular(self.con, cand, self.ws, s)
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
        now = _deposits_now(self.frames, self.con, out["client_id"].unique(), self.as_of,
                            liquid=True)
        self.con.register("outc", out[["txn_id", "client_id", "date"]].assign(
            date=pd.to_datetime(out["date"]), now=out["client_id"].map(now).fillna(0.0)))
        try:
            r = self.con.execute(f"""
                SELECT o.txn_id,
                    any_value(o.now) - coalesce(sum(CASE WHEN a.liquid AND t.date >= o.date
                                                    THEN t.amount * a.rate END), 0) AS before,
                    coalesce(sum(CASE WHEN {_CLS} = 'other_out' AND t.date >= o.date
                                      AND t.date <= o.date + INTERVAL {gap} DAY
                                 THEN -t.amount * a.rate END), 0) AS leaving
                FROM outc o JOIN acc a ON a.client_id = o.client_id
                JOIN t ON t.account_id = a.account_id
                WHERE t.date >= o.date AND t.date <= ?::DATE
                GROUP BY o.txn_id""", [self.as_of]).df()
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
            SELECT t.account_id, t.date::DATE AS date, abs(t.amount) AS amt, a.client_id,
                   a.currency, a.rate, coalesce(b.med_n, 0) AS med_n
            FROM t JOIN acc a USING (account_id)
            LEFT JOIN base b ON b.account_id = t.account_id AND b.cls = 'cash' AND NOT b.inflow
            WHERE t.kind = 'cash' AND t.amount < 0 AND t.date >= ?::DATE AND t.date <= ?::DATE
              AND abs(t.amount) * a.rate >= ? AND a.rate IS NOT NULL
            ORDER BY t.account_id, t.date""",
                             [start, self.as_of, float(cb["each_at_least"])]).df()
        if w.empty:
            return []
        out = []
        need_total = self.s.amount("cash_burst")
        for acc_id, g in w.groupby("account_id", sort=False):
            if len(g) < int(cb["min_count"]):
                continue
            dates = pd.to_datetime(g["date"]).to_numpy()
            amts = g["amt"].to_numpy()
            need = max(int(cb["min_count"]), float(cb["baseline_multiple"]) * float(
                g["med_n"].iloc[0]))
            span = np.timedelta64(days - 1, "D")
            for i in range(len(g)):
                j = np.searchsorted(dates, dates[i] + span, side="right")
                n, tot = j - i, float(amts[i:j].sum())
                if n >= need and tot * float(g["rate"].iloc[0]) >= need_total:
                    d = pd.Timestamp(dates[i]).date()
                    if d < self.ws:
                        continue
                    out.append(Event(
                        "abnormal_flow", "abnormal_flow.cash_burst", str(g["client_id"].iloc[0]),
                        str(acc_id), d, tot, str(g["currency"].iloc[0]),
                        tot * float(g["rate"].iloc[0]),
                        MappingProxyType({"count": int(n), "days": days,
                                          "usual_per_month": float(g["med_n"].iloc[0]),
                                          "last_date": pd.Timestamp(dates[j - 1]).date()
                                          .isoformat()}),
                        bonus=min(20.0, 2.0 * n)))
                    break  # one burst per account: the episode merge keeps the first
        return out

    # -- dormant_reactivated
    def dormant(self) -> list[Event]:
        dd = int(self.s["dormant_reactivated"]["dormant_days"])
        # from the monthly aggregates: the first activity of the window and the last before it
        w = self.con.execute("""
            WITH x AS (
                SELECT account_id,
                       max(last_date) FILTER (WHERE NOT in_window) AS pre_last,
                       min(first_date) FILTER (WHERE in_window) AS date
                FROM m WHERE cls <> 'bank' GROUP BY account_id)
            SELECT x.account_id, x.date, x.pre_last, a.opened::DATE AS opened, a.client_id,
                   a.currency, a.rate
            FROM x JOIN acc a USING (account_id)
            WHERE x.date IS NOT NULL AND a.rate IS NOT NULL""").df()
        if w.empty:
            return []
        # the first activity of the window; its gap to the last activity before it
        prev = pd.to_datetime(w["pre_last"]).fillna(pd.to_datetime(w["opened"]))
        gap = (pd.to_datetime(w["date"]) - prev).dt.days
        w = w[gap >= dd].assign(gap=gap[gap >= dd])
        if w.empty:
            return []
        # how much moves in the reactivation's first weeks
        moved = self.con.execute("""
            SELECT t.account_id, sum(abs(t.amount)) AS moved, count(*) AS n
            FROM t JOIN (SELECT UNNEST(?::VARCHAR[]) AS account_id,
                                UNNEST(?::DATE[]) AS d0) x USING (account_id)
            WHERE t.date >= x.d0 AND t.date < x.d0 + INTERVAL 14 DAY
              AND t.date <= ?::DATE AND t.initiated_by IS DISTINCT FROM 'bank'
            GROUP BY t.account_id""", [list(w["account_id"].astype(str)),
                                       list(pd.to_datetime(w["date"]).dt.date), self.as_of]).df()
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
        # (from the monthly aggregates of the window: a drop must leave within it)
        cand = self.con.execute("""
            SELECT a.client_id FROM m JOIN acc a USING (account_id)
            WHERE a.deposit AND m.in_window AND NOT m.inflow AND m.cls <> 'bank'
              AND a.rate IS NOT NULL
            GROUP BY a.client_id HAVING sum(-m.total * a.rate) >= ?""",
                                [need]).df()["client_id"].astype(str)
        if cand.empty:
            return []
        now = _deposits_now(self.frames, self.con, cand.unique(), self.as_of)
        self.con.register("now_bal", pd.DataFrame({"client_id": list(now),
                                                   "bal": list(now.values())}))
        try:
            # per day: the deposits at the end of the day and how much they fell over the last
            # `days` days; the client's usual monthly outflow from deposits (a company paying
            # its payroll from its operating account every month falls that much every month)
            w = self.con.execute(f"""
                WITH daily AS (
                    SELECT a.client_id, t.date::DATE AS date, sum(t.amount * a.rate) AS net
                    FROM t JOIN acc a USING (account_id) JOIN now_bal USING (client_id)
                    WHERE a.deposit AND t.date > ?::DATE AND t.date <= ?::DATE
                    GROUP BY ALL),
                win AS (
                    SELECT client_id, date,
                        sum(net) OVER (PARTITION BY client_id ORDER BY date RANGE BETWEEN
                                       INTERVAL {days - 1} DAY PRECEDING AND CURRENT ROW) AS wnet,
                        sum(net) OVER (PARTITION BY client_id ORDER BY date ROWS BETWEEN
                                       1 FOLLOWING AND UNBOUNDED FOLLOWING) AS after
                    FROM daily),
                usual AS (
                    SELECT client_id, median(g) AS usual FROM (
                        SELECT a.client_id, m.month, sum(-m.total * a.rate) AS g
                        FROM m JOIN acc a USING (account_id) JOIN now_bal USING (client_id)
                        WHERE a.deposit AND NOT m.inflow AND NOT m.in_window
                          AND m.cls <> 'bank'
                        GROUP BY ALL) GROUP BY client_id)
                SELECT win.client_id, win.date, -win.wnet AS drop,
                       now_bal.bal - coalesce(win.after, 0) AS bal,
                       coalesce(usual.usual, 0) AS usual
                FROM win JOIN now_bal USING (client_id) LEFT JOIN usual USING (client_id)
                WHERE win.date >= ?::DATE ORDER BY win.client_id, win.date""",
                                 [start, self.as_of, self.ws]).df()
        finally:
            self.con.unregister("now_bal")
        w["before"] = w["bal"] + w["drop"]
        limit = np.maximum(need, float(bd["gross_multiple"]) * w["usual"])
        hit = w[(w["drop"] >= limit) & (w["drop"] >= frac * w["before"]) & (w["before"] > 0)]
        first = hit.groupby("client_id", sort=False).head(1)
        return [Event(
            "balance_drop", "balance_drop.fraction", str(r.client_id), None,
            pd.Timestamp(r.date).date(), float(r.drop), self.base_ccy, float(r.drop),
            MappingProxyType({"before": float(r.before), "after": float(r.bal),
                              "fraction": round(float(r.drop / r.before), 3), "days": days,
                              "usual_monthly_outflow": float(r.usual)}),
            bonus=min(20.0, 20.0 * float(r.drop / r.before)))
            for r in first.itertuples(index=False)]

    # -- payroll_change: a company's batch missing, shrunk or moved
    def payroll(self) -> list[Event]:
        self.con.execute("""
            CREATE OR REPLACE TEMP TABLE pay AS
            SELECT m.account_id, m.month, sum(-m.total) AS total,
                   min(m.first_date) AS first_date, max(m.last_date) AS last_date
            FROM m WHERE m.cls = 'payroll' AND NOT m.inflow GROUP BY ALL""")
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
        win = self.con.execute("SELECT * FROM pay WHERE first_date >= ?::DATE",
                               [self.ws]).df()
        spring = festivals()["spring_festival"]
        return alerts_stats.payroll_events(self.con, stats, win, self.as_of, self.ws, self.s,
                                           spring)


def _deposits_now(frames: BookFrames, con: duckdb.DuckDBPyConnection, clients,
                  as_of: dt.date, liquid: bool = False) -> dict[str, float]:
    """Each client's deposits (base currency; ``liquid``: current and savings only) at the end
    of ``as_of``: the latest month-end balance (table ``lastbal``) plus the flows booked after it
    (without a balance, every flow of the account)."""
    which = "liquid" if liquid else "deposit"
    r = con.execute(f"""
        WITH ca AS (SELECT account_id, client_id, rate FROM acc
                    WHERE {which} AND rate IS NOT NULL
                      AND client_id IN (SELECT UNNEST(?::VARCHAR[]))),
        since AS (SELECT coalesce(lb.date, DATE '1900-01-01') AS date
                  FROM ca LEFT JOIN lastbal lb USING (account_id)),
        f AS (SELECT t.account_id, sum(t.amount) AS flow
              FROM t JOIN ca USING (account_id) LEFT JOIN lastbal lb USING (account_id)
              WHERE t.date <= ?::DATE AND t.date > coalesce(lb.date, DATE '1900-01-01')
                -- only the flows after the earliest of those balances can count: filter first
                AND t.date > (SELECT min(date) FROM since)
              GROUP BY t.account_id)
        SELECT ca.client_id,
               sum((coalesce(lb.balance, 0) + coalesce(f.flow, 0)) * ca.rate) AS bal
        FROM ca LEFT JOIN lastbal lb USING (account_id) LEFT JOIN f USING (account_id)
        GROUP BY ca.client_id""", [list(map(str, clients)), as_of]).df()
    return dict(zip(r["client_id"], r["bal"].astype(float), strict=True))


def _prefer_specific(events: list[Event]) -> list[Event]:
    """A transaction explained by a more specific kind is not also an ``abnormal_flow``: one
    thing that happened, one alert (a dormant account waking, money leaving for another bank, a
    client's deposits falling)."""
    covered_acc = {(e.account_id, e.date) for e in events
                   if e.kind in ("dormant_reactivated", "outflow_to_other_bank", "large_inflow")}
    drops = [(e.client_id, e.date, int(e.params["days"])) for e in events
             if e.kind == "balance_drop"]
    out = []
    for e in events:
        if e.kind == "abnormal_flow" and e.code != "abnormal_flow.cash_burst":
            if (e.account_id, e.date) in covered_acc:
                continue
            if any(c == e.client_id and d - dt.timedelta(days=n) <= e.date <= d + dt.timedelta(
                    days=n) for c, d, n in drops):
                continue
        if e.kind in ("outflow_to_other_bank", "large_inflow") and any(
                x.kind == "dormant_reactivated" and x.account_id == e.account_id
                and 0 <= (e.date - x.date).days <= 14 for x in events):
            continue
        out.append(e)
    return out
