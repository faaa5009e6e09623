"""The planted events of a generated book are really in its data (so the watch's recall can be
measured on them), and the clients with nothing planted carry only regular patterns: a monthly
payroll, a yearly bonus, a mortgage paid to another bank, and no maturity, KYC review or
reportable cash inside the notice windows."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from book.generate import generate_book, planted_path
from book.generate_plant import KINDS

AS_OF = pd.Timestamp("2026-11-30")
CASH_THRESHOLD = {"CNY": 50_000, "TWD": 500_000}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("planted") / "BOOK"
    generate_book(out, 60, 24, seed=21)
    planted = json.loads(planted_path(out).read_text(encoding="utf-8"))
    clients = pd.read_csv(out / "clients.csv", parse_dates=["opened", "kyc_review_due"])
    accounts = pd.read_csv(out / "accounts.csv", parse_dates=["opened", "closed", "maturity"])
    tx = pd.read_csv(out / "transactions.csv", parse_dates=["date"], keep_default_na=False,
                     na_values={"date": [""]}, dtype={"counterparty_bank": str})
    tx["amount"] = tx.amount.astype(float)
    tx = tx.merge(accounts[["account_id", "client_id", "currency"]], on="account_id")
    bal = pd.read_csv(out / "balances.csv", parse_dates=["date"])
    return planted, clients, accounts, tx, bal


def _events(planted, kind):
    ev = [e for e in planted["events"] if e["kind"] == kind]
    assert ev, f"nothing planted of kind {kind}"
    return ev


def test_planted_file_format(book):
    planted, clients, accounts, _, _ = book
    assert planted["seed"] == 21
    ids = set(clients.client_id)
    owner = dict(zip(accounts.account_id, accounts.client_id, strict=True))
    event_clients = set()
    for e in planted["events"]:
        assert e["kind"] in KINDS and e["client_id"] in ids
        assert e["account_id"] is None or owner[e["account_id"]] == e["client_id"]
        if e["date"] is not None:
            pd.Timestamp(e["date"])
        event_clients.add(e["client_id"])
    assert {e["kind"] for e in planted["events"]} == set(KINDS)
    nothing = set(planted["nothing_planted_clients"])
    assert not nothing & event_clients
    assert len(nothing) > 0.6 * len(ids)


def test_large_value_is_at_or_above_the_threshold(book):
    planted, _, _, tx, _ = book
    for e in _events(planted, "large_value"):
        day = tx[(tx.account_id == e["account_id"]) & (tx.date == e["date"]) & (tx.kind == "cash")]
        assert day.amount.sum() >= CASH_THRESHOLD[day.currency.iloc[0]]


def test_abnormal_flow_is_far_outside_the_accounts_pattern(book):
    planted, _, _, tx, _ = book
    for e in _events(planted, "abnormal_flow"):
        acc = tx[tx.account_id == e["account_id"]]
        salary = acc[acc.kind == "salary"].amount.median()
        start = pd.Timestamp(e["date"])
        if e["params"]["variant"] == "pass_through":  # in from an unknown payer, out next day
            moves = acc[(acc.date >= start) & (acc.date <= start + pd.Timedelta(days=4))
                        & (acc.kind == "transfer") & (acc.counterparty_bank == "")]
            assert moves.amount.max() >= 15 * salary
            assert -moves.amount.min() >= 0.98 * moves.amount.max()
        else:
            burst = acc[(acc.kind == "cash") & (acc.date >= start)
                        & (acc.date < start + pd.Timedelta(days=14))]
            threshold = CASH_THRESHOLD.get(acc.currency.iloc[0], 120_000)
            assert len(burst) >= 6 and burst.date.is_unique
            assert (-burst.amount < threshold).all() and (-burst.amount >= 0.8 * threshold).all()


def _deposits_before(bal, accounts, client, day):
    mine = accounts[(accounts.client_id == client)
                    & accounts.kind.isin(["current", "savings", "time_deposit"])].account_id
    month_end = pd.Timestamp(day).to_period("M").start_time - pd.Timedelta(days=1)
    return bal[bal.account_id.isin(mine) & (bal.date == month_end)].balance.sum()


def test_outflow_to_other_bank_and_balance_drop_take_most_of_the_deposits(book):
    planted, _, accounts, tx, bal = book
    for kind, share in (("outflow_to_other_bank", 0.5), ("balance_drop", 0.4)):
        for e in _events(planted, kind):
            d = pd.Timestamp(e["date"])
            out = tx[(tx.account_id == e["account_id"]) & (tx.date >= d)
                     & (tx.date <= d + pd.Timedelta(days=20)) & (tx.amount < 0)
                     & (tx.kind == "transfer")]
            if kind == "outflow_to_other_bank":
                out = out[out.counterparty_bank == "other"]
                base = bal[(bal.account_id == e["account_id"])
                           & (bal.date == d.to_period("M").start_time - pd.Timedelta(days=1))]
                assert -out.amount.sum() >= share * base.balance.sum()
            else:
                out = out[out.counterparty_bank == ""]
                assert -out.amount.sum() >= share * _deposits_before(bal, accounts,
                                                                   e["client_id"], d)


def test_payroll_change_stops_or_shrinks_the_batch(book):
    planted, _, _, tx, _ = book
    for e in _events(planted, "payroll_change"):
        b = tx[(tx.account_id == e["account_id"]) & (tx.kind == "payroll_batch")
               & ~tx.counterparty_name.str.contains("獎金")]
        d = pd.Timestamp(e["date"])
        before, after = b[b.date < d], b[b.date >= d]
        assert before.date.dt.to_period("M").nunique() >= 6
        if e["params"]["variant"] == "shrink":
            assert (-after.amount).max() <= 0.65 * (-before.amount).median()
        else:
            assert after.empty


def test_dormancy_and_reactivation(book):
    planted, _, _, tx, _ = book
    client_tx = tx[tx.initiated_by == "client"]
    for e in _events(planted, "dormant_reactivated"):
        d = pd.Timestamp(e["date"])
        mine = client_tx[client_tx.client_id == e["client_id"]]
        quiet = mine[(mine.date >= d - pd.Timedelta(days=365)) & (mine.date < d)]
        assert quiet.empty and not mine[mine.date == d].empty
    for e in _events(planted, "dormant_high_potential"):
        mine = client_tx[client_tx.client_id == e["client_id"]]
        assert mine[mine.date > AS_OF - pd.Timedelta(days=365)].empty
        last = mine.date.max()
        assert e["date"] == (None if pd.isna(last) else last.date().isoformat())
        others = tx[(tx.client_id == e["client_id"]) & (tx.initiated_by == "bank")]
        assert not others.empty  # interest keeps arriving


def test_large_inflow_maturity_and_kyc(book):
    planted, clients, accounts, tx, _ = book
    for e in _events(planted, "large_inflow"):
        acc = tx[tx.account_id == e["account_id"]]
        d = pd.Timestamp(e["date"])
        big = acc[(acc.date == d) & (acc.counterparty_bank == "other")].amount.max()
        assert big >= 20 * acc[acc.date < d].amount.abs().median()
    mat = accounts.set_index("account_id").maturity
    for e in _events(planted, "maturity"):
        assert mat[e["account_id"]] == pd.Timestamp(e["date"])
        assert AS_OF < mat[e["account_id"]] <= AS_OF + pd.Timedelta(days=28)
    kyc = clients.set_index("client_id").kyc_review_due
    for e in _events(planted, "kyc_due"):
        assert kyc[e["client_id"]] == pd.Timestamp(e["date"])


def test_nothing_planted_clients_carry_only_regular_patterns(book):
    planted, clients, accounts, tx, _ = book
    nothing = set(planted["nothing_planted_clients"])
    window = AS_OF + pd.Timedelta(days=120)
    acc = accounts[accounts.client_id.isin(nothing)]
    assert not ((acc.maturity >= AS_OF) & (acc.maturity <= window)).any()
    cl = clients[clients.client_id.isin(nothing)]
    assert not ((cl.kyc_review_due >= AS_OF - pd.Timedelta(days=30))
                & (cl.kyc_review_due <= window)).any()
    mine = tx[tx.client_id.isin(nothing)]
    cash = mine[(mine.kind == "cash") & mine.currency.isin(CASH_THRESHOLD)]
    daily = cash.groupby(["client_id", "date", "currency"]).amount.sum().reset_index()
    limit = daily.currency.map(CASH_THRESHOLD)
    assert (daily.amount.abs() < limit).all()
    # the regular patterns the watch must not alert on are there
    batches = mine[mine.kind == "payroll_batch"]
    monthly = batches.groupby("account_id").date.apply(lambda d: d.dt.to_period("M").nunique())
    assert (monthly == 24).sum() >= 3
    assert mine.counterparty_name.str.contains("年終獎金").sum() >= 10
    mortgages = mine[mine.counterparty_name.str.contains("房貸")]
    per = mortgages.groupby("account_id").agg(n=("amount", "size"), k=("amount", "nunique"))
    assert ((per.n == 24) & (per.k == 1)).sum() >= 3
    assert np.isfinite(mine.amount).all()


def test_company_balances_do_not_drift(book):
    """The treasurer's rule (pay suppliers what lies above the usual level; receipts cover the
    costs) keeps a company's current account from wandering away: the median month-end balance
    of the last six months is within a factor two of the first six months' for every company
    with nothing planted (a random walk of receipts and payments reaches zero within two years;
    bonus months and dividends still dip, as they do)."""
    planted, clients, accounts, _, bal = book
    nothing = set(planted["nothing_planted_clients"])
    companies = set(clients[clients.kind == "company"].client_id) & nothing
    cur = accounts[accounts.client_id.isin(companies) & (accounts.kind == "current")].account_id
    b = bal[bal.account_id.isin(cur)].sort_values("date").groupby("account_id").balance
    first, last = b.apply(lambda x: x.iloc[:6].median()), b.apply(lambda x: x.iloc[-6:].median())
    assert len(cur) >= 10
    assert ((last / first).between(0.5, 2.0)).all()
