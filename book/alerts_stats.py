"""The checks run on candidates only: regular patterns, payroll level shifts, peers.

- :func:`drop_regular`: a large flow that recurs (monthly, quarterly) or comes back each year
  (February bonus, 春節, yearly tax) is not an alarm. Yearly seasonality uses statsmodels' STL on
  the account's monthly series when two years of history exist, else the same month a year
  earlier (and the month holding last year's 春節).
- :func:`payroll_events`: ruptures (PELT) dates a payroll level shift at its first month, so one
  shift is one episode however many months it lasts.
- :func:`isolation_gate`: a scikit-learn isolation forest over every client's window-vs-history
  features; a borderline candidate whose client looks ordinary among peers is dropped.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from book import alerts_tables
from book.alerts import Event
from book.watch_config import WatchSettings

MAD_SCALE = 1.4826


def _months_between(a: pd.Timestamp, b: pd.Timestamp) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def drop_regular(con: duckdb.DuckDBPyConnection, cand: pd.DataFrame, ws: dt.date,
                 s: WatchSettings, history: Callable[[], None] = lambda: None) -> pd.DataFrame:
    """``cand`` without the flows that recur or are seasonal for their account and class: in
    DuckDB, the months of the last year with a similar largest transaction (recurrence) and the
    same month a year earlier, give or take one (春節 moves); then STL for the rest."""
    if cand.empty:
        return cand
    rec, seas = s["recurrence"], s["seasonality"]
    band = float(rec["band"])
    keys = pd.DataFrame({"txn_id": cand["txn_id"].astype(str),
                         "account_id": cand["account_id"].astype(str),
                         "cls": cand["cls"].astype(str), "inflow": cand["amount"] > 0,
                         "amt": cand["abs"].astype(float),
                         "cm": pd.to_datetime(cand["date"]).dt.to_period("M").dt.to_timestamp()})
    con.register("ckeys", keys)
    try:
        found = con.execute(f"""
            WITH mm AS (SELECT account_id, cls, inflow, month, mx
                        FROM mh SEMI JOIN ckeys USING (account_id))
            SELECT k.txn_id,
                count(*) FILTER (WHERE mm.month >= k.cm - INTERVAL {int(rec["months"])} MONTH
                                 AND mm.month < k.cm) AS similar,
                count(*) FILTER (WHERE mm.month IN (k.cm - INTERVAL 11 MONTH,
                                                    k.cm - INTERVAL 12 MONTH,
                                                    k.cm - INTERVAL 13 MONTH)) AS last_year
            FROM ckeys k JOIN mm ON mm.account_id = k.account_id AND mm.cls = k.cls
                 AND mm.inflow = k.inflow AND mm.mx BETWEEN k.amt / ? AND k.amt * ?
            GROUP BY k.txn_id""", [band, band]).df()
    finally:
        con.unregister("ckeys")
    found = found.set_index("txn_id")
    ids = cand["txn_id"].astype(str)
    similar = ids.map(found["similar"]).fillna(0).to_numpy()
    last_year = ids.map(found["last_year"]).fillna(0).to_numpy()
    regular = similar >= int(rec["min_count"])
    if seas["method"] != "none":
        regular |= last_year >= 1
    rest = cand[~regular]
    if seas["method"] != "stl" or rest.empty:
        return rest
    # STL needs `min_months` of the class's history before the candidate's month: an account
    # whose first own flow came later cannot have them (and the look a year back was done)
    first = con.execute("SELECT a.account_id, x.first_hist FROM acct x JOIN acc a USING (ai) "
                        "WHERE a.account_id IN (SELECT UNNEST(?::VARCHAR[]))",
                        [list(rest["account_id"].astype(str).unique())]).df()
    first = pd.to_datetime(first.set_index("account_id")["first_hist"])
    cm = pd.to_datetime(rest["date"]).dt.to_period("M").dt.to_timestamp()
    since = pd.to_datetime(rest["account_id"].astype(str).map(first)).dt.to_period("M") \
        .dt.to_timestamp()
    months = (cm.dt.year - since.dt.year) * 12 + cm.dt.month - since.dt.month
    long = months.fillna(0).to_numpy() >= int(seas["min_months"])
    if not long.any():
        return rest
    stl = rest[long]
    history()  # the book before the window (``th``) on this connection
    keys = stl[["account_id", "cls"]].assign(inflow=stl["amount"] > 0).drop_duplicates()
    con.register("rkeys", keys)
    try:  # the whole history of those few accounts, from the book
        hist = con.execute(f"""
            SELECT h.* FROM (
                SELECT t.account_id, {alerts_tables.CLS} AS cls, t.amount > 0 AS inflow,
                       date_trunc('month', t.date)::DATE AS month, max(abs(t.amount)) AS mx
                FROM th t SEMI JOIN rkeys USING (account_id) GROUP BY ALL) h
            SEMI JOIN rkeys k ON k.account_id = h.account_id AND k.cls = h.cls
                 AND k.inflow = h.inflow
            ORDER BY h.month""").df()
    finally:
        con.unregister("rkeys")
    series = {k: g for k, g in hist.groupby(["account_id", "cls", "inflow"], sort=False)}
    keep = list(rest.index[~long])
    for idx, r in stl.iterrows():
        g = series.get((r["account_id"], r["cls"], bool(r["amount"] > 0)))
        month = pd.Timestamp(r["date"]).to_period("M").to_timestamp()
        if g is None or not _seasonal(g, month, float(r["abs"]), band, seas):
            keep.append(idx)
    return rest.loc[sorted(keep, key=rest.index.get_loc)]


def _seasonal(g: pd.DataFrame, month: pd.Timestamp, amt: float, band: float,
              seas: Mapping) -> bool:
    """True when the same time of year brought a similar flow. ``method``: ``last_year`` (the
    same month a year earlier, or the month before or after, for 春節), ``stl`` (that, then an STL
    forecast when ``min_months`` of history exist), ``none``."""
    mx = g.set_index(pd.to_datetime(g["month"]))["mx"]
    if seas["method"] == "none":
        return False
    for back in (11, 12, 13):
        prev = mx.get(month - pd.DateOffset(months=back))
        if prev is not None and amt / band <= prev <= amt * band:
            return True
    if seas["method"] != "stl":
        return False
    # STL only where the simple look a year back did not explain the flow (an amount that grew,
    # a season that moved a month): a forecast from trend and season of two years or more
    idx = pd.date_range(mx.index.min(), month - pd.DateOffset(months=1), freq="MS")
    if len(idx) < int(seas["min_months"]):
        return False
    from statsmodels.tsa.seasonal import STL

    y = mx.reindex(idx, fill_value=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = STL(y.to_numpy(dtype=float), period=int(seas["period"]), robust=True).fit()
    seasonal_same = fit.seasonal[len(y) - int(seas["period"])]
    expected = fit.trend[-1] + seasonal_same
    resid = fit.resid
    scale = MAD_SCALE * float(np.median(np.abs(resid - np.median(resid))))
    # a bigger flow than anything the season explains is still an alarm
    return bool(seasonal_same > 0 and amt <= expected * band + float(seas["resid_k"]) * scale)


@dataclass(frozen=True)
class Peers:
    """The isolation forest fitted on every client's window-vs-history features ``X`` (row of a
    client: ``row``) and ``cut``, the score of an ordinary client (the ``gate_quantile`` of a
    fixed sample); :meth:`score`: higher, more unusual among all clients."""

    forest: Any
    X: np.ndarray
    row: pd.Series
    cut: float

    def score(self, clients: pd.Series) -> pd.Series:
        """client -> its score, for the clients of ``clients`` that have features."""
        rows = self.row.reindex(pd.Index(clients.astype(str).unique())).dropna().astype(int)
        if rows.empty:
            return pd.Series(dtype=float)
        return pd.Series(-self.forest.score_samples(self.X[rows.to_numpy()]), index=rows.index)


def peer_features(con: duckdb.DuckDBPyConnection, ws: dt.date) -> pd.DataFrame:
    """Per client: the window's flows against the usual month of its history (from the tables
    of book.alerts_tables; the history's months run from its first own flow to the window).
    Grouped by the client's number (``ci``), its id joined at the end."""
    Q = alerts_tables.Q
    return con.execute(f"""
        WITH h AS (
            SELECT a.ci,
                   sum(x.h_out * a.rate) AS h_out, sum(x.h_in * a.rate) AS h_in,
                   max(x.h_max * a.rate) AS h_max, min(x.first_hist) AS first_hist
            FROM acct x JOIN acc a USING (ai)
            WHERE x.first_hist IS NOT NULL AND a.rate IS NOT NULL GROUP BY a.ci),
        win AS (
            SELECT ci,
                   sum(-bq) FILTER (WHERE amount <= 0) / {Q}.0 AS w_out,
                   sum(bq) FILTER (WHERE amount > 0) / {Q}.0 AS w_in,
                   sum(-bq) FILTER (WHERE cls = 'other_out') / {Q}.0 AS w_other,
                   max(abs(amount) * rate) AS w_max
            FROM w WHERE date >= ?::DATE AND cls NOT IN ('bank', 'payroll')
              AND rate IS NOT NULL
            GROUP BY ci),
        x AS (
            SELECT ci, w_out, w_in, w_other, w_max, h_max,
                   h_out / greatest(n, 1) AS h_out, h_in / greatest(n, 1) AS h_in
            FROM (SELECT *, datediff('month', first_hist, ?::DATE) + ? AS n FROM h) h
            FULL JOIN win USING (ci))
        SELECT client_id,
               ln(1 + coalesce(w_out, 0) / greatest(coalesce(h_out, 0), 1000)) AS f_out,
               ln(1 + coalesce(w_in, 0) / greatest(coalesce(h_in, 0), 1000)) AS f_in,
               coalesce(w_other, 0) / greatest(coalesce(w_out, 0), 1) AS f_other,
               ln(1 + coalesce(w_max, 0) / greatest(coalesce(h_max, 0), 1000)) AS f_max
        FROM x JOIN client USING (ci)
        ORDER BY client_id  -- a fixed order
        """, [ws, ws, int(ws.day > 1)]).df()


def fit_peers(feats: pd.DataFrame, s: WatchSettings) -> Peers | None:
    """The forest over ``feats`` (:func:`peer_features`); None when switched off or with too
    few clients to say what is ordinary. Pure: the same features and seed, the same scores."""
    cfg = s["isolation_forest"]
    if not cfg["enabled"] or len(feats) < 50:
        return None
    from sklearn.ensemble import IsolationForest

    X = feats[["f_out", "f_in", "f_other", "f_max"]].to_numpy(dtype=float)
    forest = IsolationForest(n_estimators=int(cfg["n_estimators"]),
                             max_samples=min(int(cfg["max_samples"]), len(X)),
                             random_state=np.random.RandomState(int(cfg["seed"])))
    forest.fit(X)
    # what is ordinary: the scores of a fixed sample of clients
    rng = np.random.default_rng(int(cfg["seed"]))
    sample = X[rng.choice(len(X), size=min(len(X), 1000), replace=False)]
    cut = float(np.quantile(-forest.score_samples(sample), float(cfg["gate_quantile"])))
    row = pd.Series(np.arange(len(X)), index=feats["client_id"].astype(str).to_numpy())
    return Peers(forest, X, row, cut)


def isolation_gate(cand: pd.DataFrame, peers: Peers | None, s: WatchSettings) -> pd.DataFrame:
    """Adds ``peer`` (the client's score among all clients) and drops borderline candidates
    (less than ``gate_excess`` times their own limit) of ordinary clients."""
    cand = cand.assign(peer=np.nan)
    if peers is None or cand.empty:
        return cand
    cand["peer"] = cand["client_id"].astype(str).map(peers.score(cand["client_id"]))
    borderline = cand["abs"] < float(s["isolation_forest"]["gate_excess"]) * \
        cand["limit"].fillna(np.inf)
    ordinary = cand["peer"] < peers.cut
    return cand[~(borderline & ordinary)]


def payroll_events(con: duckdb.DuckDBPyConnection, stats: pd.DataFrame, win: pd.DataFrame,
                   as_of: dt.date, ws: dt.date, s: WatchSettings,
                   spring: Mapping[int, dt.date]) -> list[Event]:
    """Missing, shrunk or moved payroll batches. ``stats``: per payroll account its history
    (months, usual total and day of the last six batches, the last batch); ``win``: the months
    of the window (table ``pay`` holds every month, for the change points)."""
    cfg = s["payroll_change"]
    use_cp = bool(cfg.get("change_points", True))
    out: list[Event] = []
    st = stats[stats["n_hist"] >= int(cfg["min_months"])].set_index("account_id")
    if st.empty:
        return out
    # missing: nothing a month after the last batch, past the grace days
    last = pd.to_datetime(st["last_batch"])
    expected = last + pd.DateOffset(months=1)
    grace = pd.Timedelta(days=int(cfg["missing_grace_days"]))
    missing = st[(pd.Timestamp(as_of) > expected + grace) &
                 (expected >= pd.Timestamp(ws) - pd.Timedelta(days=31))]
    for acc_id, r in missing.iterrows():
        exp_d, lb = expected[acc_id].date(), last[acc_id].date()
        out.append(_ev("missing", r.client_id, acc_id, exp_d, float(r.usual), r.currency,
                       float(r.rate), {"usual": float(r.usual), "last_batch": lb.isoformat(),
                                       "expected": exp_d.isoformat()}))
    # pyarrow's membership rather than pandas' isin, which made a scalar of every account
    w = win[pc.is_in(pa.array(win["account_id"]), value_set=pa.array(st.index.astype(str)))
            .to_numpy(zero_copy_only=False)].copy()
    if w.empty:
        return out
    w = w.join(st[["usual", "usual_day", "client_id", "currency", "rate"]], on="account_id")
    w["first"] = pd.to_datetime(w["first_date"])
    shrunk = w[w["total"] < (1 - float(cfg["shrink_fraction"])) * w["usual"]]
    series = {}
    if use_cp and not shrunk.empty:
        con.register("shrunk_acc", pd.DataFrame({"account_id": shrunk["account_id"].unique()}))
        try:
            allm = con.execute("SELECT pay.* FROM pay JOIN shrunk_acc USING (account_id) "
                               "ORDER BY account_id, month").df()
        finally:
            con.unregister("shrunk_acc")
        series = {k: g for k, g in allm.groupby("account_id", sort=False)}
    for r in shrunk.itertuples(index=False):
        d = r.first.date()
        start = _shift_start(series[r.account_id], r.month, float(cfg["change_point_penalty"])) \
            if use_cp else None
        out.append(_ev("shrunk", r.client_id, r.account_id, start or d, float(r.total),
                       r.currency, float(r.rate),
                       {"usual": float(r.usual), "now": float(r.total),
                        "fraction": round(1 - float(r.total) / float(r.usual), 3),
                        "month": pd.Timestamp(r.month).strftime("%Y-%m")}))
    # moved: paid more than move_days from the usual day (unless early for 春節)
    last_day = (w["first"] + pd.offsets.MonthEnd(0)).dt.day
    usual_date = w["first"].dt.to_period("M").dt.to_timestamp() + pd.to_timedelta(
        np.minimum(w["usual_day"].astype(int), last_day) - 1, unit="D")
    off = (w["first"] - usual_date).dt.days
    moved = w[off.abs() > int(cfg["move_days"])]
    for r, ud in zip(moved.itertuples(index=False), usual_date[moved.index], strict=True):
        d = r.first.date()
        fest = spring.get(d.year)
        if d < ud.date() and fest is not None and 0 <= (fest - d).days <= 21:
            continue  # paid early for 春節
        out.append(_ev("moved", r.client_id, r.account_id, d, float(r.total), r.currency,
                       float(r.rate), {"usual_day": int(r.usual_day), "day": d.day,
                                       "usual_date": ud.date().isoformat()}))
    return out


def _ev(what: str, client: str, acc: str, d: dt.date, amount: float, ccy: str, rate: float,
        params: dict) -> Event:
    return Event("payroll_change", f"payroll_change.{what}", client, str(acc), d, amount, ccy,
                 amount * rate, MappingProxyType(params), gap_days=45)


@cache
def _l2_running_sums() -> type:
    """ruptures' ``l2`` cost (a segment's sum of squared deviations from its mean) from running
    sums, O(1) per segment instead of a variance over the segment: PELT asks for it thousands
    of times per series."""
    from ruptures.base import BaseCost

    class CostL2Sums(BaseCost):
        model = "l2_sums"
        min_size = 1

        def fit(self, signal: np.ndarray) -> CostL2Sums:
            y = self.signal = np.asarray(signal, dtype=float).reshape(len(signal), -1)
            self.s1 = np.concatenate((np.zeros((1, y.shape[1])), np.cumsum(y, axis=0)))
            self.s2 = np.concatenate((np.zeros((1, y.shape[1])), np.cumsum(y * y, axis=0)))
            self.one = y.shape[1] == 1
            if self.one:  # plain floats: a Python subtraction costs less than a numpy call
                self.l1, self.l2 = self.s1[:, 0].tolist(), self.s2[:, 0].tolist()
            return self

        def error(self, start: int, end: int) -> float:
            n = end - start
            if self.one:
                s = self.l1[end] - self.l1[start]
                return max(self.l2[end] - self.l2[start] - s * s / n, 0.0)
            s = self.s1[end] - self.s1[start]
            return float(np.maximum(self.s2[end] - self.s2[start] - s * s / n, 0.0).sum())

    return CostL2Sums


def _shift_start(g: pd.DataFrame, month, penalty: float) -> dt.date | None:
    """The first batch of the current level when a level shift (ruptures PELT on the log of
    monthly totals) ends the series; None when the latest month stands alone."""
    import ruptures as rpt

    g = g[pd.to_datetime(g["month"]) <= pd.Timestamp(month)]
    y = np.log(np.maximum(g["total"].to_numpy(dtype=float), 1.0)).reshape(-1, 1)
    if len(y) < 4:
        return None
    scale = float(np.var(y)) or 1e-6
    bkps = rpt.Pelt(custom_cost=_l2_running_sums()(), min_size=1, jump=1).fit(y) \
        .predict(pen=penalty * scale)
    cps = [b for b in bkps if b < len(y)]
    if not cps:
        return None
    last_cp = cps[-1]
    if y[last_cp:].mean() >= y[:last_cp].mean():
        return None
    return pd.Timestamp(g["first_date"].iloc[last_cp]).date()
