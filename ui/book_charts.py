"""Charts of the book (plotly; builders return figures, the pages show them): assets with us by
tier and month (month-end balances), money in from and out to other banks by month, alerts by
kind. Amounts in the book's base currency, ticks as people write them (萬/億 in Chinese)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go

from book.frames import BookFrames
from book.segments import NON_ASSET_KINDS

from .charts import SERIES, _layout, money_axis


def _rates(frames: BookFrames) -> pd.Series:
    acc = frames.accounts.assign(account_id=frames.accounts["account_id"].astype(str))
    rate = acc["currency"].astype(str).map(
        lambda c: frames.meta.rate(c) if c == frames.meta.base_currency or c in frames.meta.fx
        else float("nan"))
    return pd.Series(rate.to_numpy(), index=acc["account_id"])


def assets_by_tier_month(frames: BookFrames, tier_of: Mapping[str, str | None],
                         visible: frozenset[str]) -> pd.DataFrame:
    """Month x tier: positive month-end balances of asset accounts, base currency."""
    acc = frames.accounts.assign(account_id=frames.accounts["account_id"].astype(str),
                                 client_id=frames.accounts["client_id"].astype(str))
    acc = acc[~acc["kind"].astype(str).isin(NON_ASSET_KINDS) & acc["client_id"].isin(visible)]
    owner = acc.set_index("account_id")["client_id"]
    b = frames.balances.assign(account_id=frames.balances["account_id"].astype(str))
    b = b[b["account_id"].isin(owner.index)]
    if b.empty:
        return pd.DataFrame()
    rate = _rates(frames)
    value = b["balance"].clip(lower=0).to_numpy() * rate.reindex(b["account_id"]).to_numpy()
    tier = owner.reindex(b["account_id"]).map(lambda c: tier_of.get(c) or "—").to_numpy()
    df = pd.DataFrame({"month": pd.to_datetime(b["date"]).dt.to_period("M").dt.to_timestamp(),
                       "tier": tier, "value": value})
    return df.groupby(["month", "tier"])["value"].sum().unstack(fill_value=0.0).sort_index()


def other_bank_flows(frames: BookFrames, visible: frozenset[str]) -> pd.DataFrame:
    """Month x (inflow, outflow): transactions with another bank, base currency (outflow > 0)."""
    acc = frames.accounts.assign(account_id=frames.accounts["account_id"].astype(str),
                                 client_id=frames.accounts["client_id"].astype(str))
    mine = set(acc.loc[acc["client_id"].isin(visible), "account_id"])
    t = frames.transactions
    t = t[(t["counterparty_bank"].astype("string") == "other") &
          t["account_id"].astype(str).isin(mine)]
    if t.empty:
        return pd.DataFrame(columns=["inflow", "outflow"])
    rate = _rates(frames)
    v = t["amount"].to_numpy() * rate.reindex(t["account_id"].astype(str)).to_numpy()
    df = pd.DataFrame({"month": pd.to_datetime(t["date"]).dt.to_period("M").dt.to_timestamp(),
                       "inflow": v.clip(min=0), "outflow": (-v).clip(min=0)})
    return df.groupby("month")[["inflow", "outflow"]].sum().sort_index()


def tier_figure(table: pd.DataFrame, currency: str, lang: str, title: str,
                label: Callable[[str], str]) -> go.Figure:
    fig = go.Figure()
    for i, tier in enumerate(table.columns):
        fig.add_bar(x=table.index, y=table[tier], name=label(tier),
                    marker_color=SERIES[i % len(SERIES)])
    fig.update_layout(barmode="stack")
    money_axis(fig, table.sum(axis=1).tolist(), currency, lang)
    return _layout(fig, title, height=340)


def flows_figure(table: pd.DataFrame, currency: str, lang: str, title: str,
                 names: tuple[str, str]) -> go.Figure:
    fig = go.Figure()
    fig.add_bar(x=table.index, y=table["inflow"], name=names[0], marker_color="#2e7d32")
    fig.add_bar(x=table.index, y=-table["outflow"], name=names[1], marker_color="#c62828")
    fig.update_layout(barmode="relative")
    money_axis(fig, [*table["inflow"].tolist(), *(-table["outflow"]).tolist()], currency, lang)
    return _layout(fig, title, height=340)


def alerts_figure(kinds: Iterable[str], title: str, label: Callable[[str], str]) -> go.Figure:
    counts = Counter(kinds).most_common()
    fig = go.Figure(go.Bar(x=[n for _, n in counts], y=[label(k) for k, _ in counts],
                           orientation="h", marker_color=SERIES[0]))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, height=60 + 34 * max(len(counts), 1))
