"""The nightly run's join (book balances in place of the holdings the book knows) and one
household's row, in-process."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from book.nightly import code_version, prepare_jobs
from book.nightly_link import LinkError, account_rows, link_household
from book.nightly_sample import AS_OF, household_doc, make_book
from book.nightly_task import Settings, household_key, plan_row, run_chunk
from household.io import from_dict


def test_balances_replace_the_holdings_with_us_and_nothing_else():
    book = make_book(1, scale={"hh-000": 1.5})
    hh = book.households["hh-000"]
    linked = link_household(hh, account_rows(book), book.meta).household
    owners = {e.id for e in (*hh.people, *hh.companies) if e.client_id}
    us_before = [h for h in hh.holdings if h.at_bank == "us" and h.owner in owners]
    us_after = [h for h in linked.holdings if h.at_bank == "us" and h.owner in owners]
    assert us_before and len(us_after) == len(us_before)
    # by hand: every balance is the filed value x 1.5 (the book's as_of row, not May's)
    assert sum(h.value for h in us_after) == pytest.approx(1.5 * sum(h.value for h in us_before))
    # kind and asset class kept from the filed holding of the same kind
    assert sorted((h.kind, h.asset_class) for h in us_after) == \
        sorted((h.kind, h.asset_class) for h in us_before)
    untouched = [h for h in hh.holdings if not (h.at_bank == "us" and h.owner in owners)]
    assert [h for h in linked.holdings if h.id in {u.id for u in untouched}] == untouched
    loans_before = [li for li in hh.liabilities if li.lender == "us" and li.borrower in owners]
    loans_after = [li for li in linked.liabilities if li.lender == "us"
                   and li.borrower in owners]
    assert sum(li.amount for li in loans_after) == pytest.approx(
        1.5 * sum(li.amount for li in loans_before))
    assert [(li.rate, li.guarantors) for li in loans_after] == \
        [(li.rate, li.guarantors) for li in loans_before]
    assert linked.as_of == AS_OF


def test_unlinked_household_is_only_moved_to_the_books_date():
    doc = household_doc(1)
    for e in (*doc["people"], *doc.get("companies", [])):
        e.pop("client_id", None)
    hh = from_dict(doc)
    book = make_book(1, docs={"hh-000": doc})
    linked = link_household(hh, account_rows(book), book.meta)
    assert linked.household.holdings == hh.holdings
    assert linked.accounts == 0 and linked.clients == ()


def test_day_balance_is_the_last_month_end_rolled_forward_and_closed_accounts_drop():
    book = make_book(1)
    rows = account_rows(book).set_index("account_id")
    acc = book.accounts.copy()
    acc.loc[0, "closed"] = pd.Timestamp(AS_OF)
    rolled = str(acc.loc[1, "account_id"])
    bal = book.balances[~((book.balances["account_id"] == rolled)
                          & (book.balances["date"] == pd.Timestamp(AS_OF)))]
    may = float(bal.loc[bal["account_id"] == rolled, "balance"].iloc[0])
    txn = pd.DataFrame({"txn_id": ["t1", "t2"], "account_id": [rolled, rolled],
                        "date": pd.to_datetime(["2026-06-15", "2026-07-02"]),
                        "amount": [1_000.0, 5e6]}).astype({"txn_id": "string",
                                                           "account_id": "string"})
    txns = pd.concat([book.transactions, txn], ignore_index=True)
    later = account_rows(type(book)(book.meta, book.clients, book.relationships, acc, bal,
                                    txns, book.households)).set_index("account_id")
    assert len(later) == len(rows) - 1 and str(acc.loc[0, "account_id"]) not in later.index
    # by hand: May's balance plus the one transaction booked in June (July's is after as_of)
    assert later.loc[rolled, "balance"] == may + 1_000.0
    assert rows.loc[rolled, "balance"] != later.loc[rolled, "balance"]


def test_a_corrupt_balance_fails_that_household_only():
    book = make_book(2, poisoned=("hh-001",))
    jobs = prepare_jobs(book, 64, 1, code_version())
    res = run_chunk(jobs, Settings(64, 1, book.meta))
    ok, bad = res["rows"]
    assert ok["status"] == "ok" and bad["status"] == "failed"
    assert bad["error"].startswith("HouseholdError: holdings[") and "5e+18" in bad["error"]
    assert [f["household_id"] for f in res["failures"]] == ["hh-001"]


def test_a_currency_neither_household_nor_book_can_convert_is_an_error():
    book = make_book(2)
    hh = book.households["hh-001"]  # TWD household, its fx knows no JPY; the book's neither
    cid = next(p.client_id for p in hh.people if p.client_id)
    rows = pd.DataFrame({"client_id": [cid], "account_id": ["j1"], "kind": ["savings"],
                         "currency": ["JPY"], "balance": [1e6]})
    with pytest.raises(LinkError, match="no exchange rate for JPY"):
        link_household(hh, rows, book.meta)
    # a currency only the book knows is converted to the household's base with the book's rates
    rows["currency"] = "GBP"
    linked = link_household(hh, rows, book.meta).household
    j1 = next(h for h in linked.holdings if h.id == "j1")
    assert j1.currency == "TWD" and j1.value == pytest.approx(1e6 * 9.0 / 0.22)


def test_household_row_is_the_plan_of_the_linked_household_on_its_own_stream():
    from planner import PlanConfig
    from scenarios import death_today, plan_household, principal

    book = make_book(1)
    job = prepare_jobs(book, 200, 7, code_version())[0]
    row = plan_row(job, Settings(200, 7, book.meta))
    linked = link_household(job.household, job.rows, book.meta).household
    res = plan_household(linked, None, PlanConfig(paths=200, seed=7,
                                                  spawn_key=(household_key("hh-000"),)))
    assert row["success_all_essential"] == res.success_all_essential
    assert row["wealth_p50_y10"] == res.wealth["total"]["real"]["p50"][9]
    assert row["wealth_p5_end"] == res.wealth["total"]["real"]["p5"][-1]
    who = principal(linked)
    d = death_today(linked, who)
    assert row["death_today_person"] == who
    assert row["liquidity_gap"] == pytest.approx(d.liquidity_gap)
    assert row["death_today_tax"] == pytest.approx(d.tax)
    # its own stream: another household id gives other draws, the default seed stays as it was
    other = plan_household(linked, None, PlanConfig(paths=200, seed=7))
    assert other.config.get("spawn_key") is None
    assert math.isfinite(row["insight_weight"]) and row["insight_category"]


def test_household_key_is_stable():
    # fixed forever: changing it would change every stored nightly result
    assert household_key("hh-000") == 2716587648806641777
    assert household_key("家族-1") != household_key("家族-2")


@pytest.mark.parametrize(("k", "expected"), [(0, "cn_equity"), (1, "dm_equity")])
def test_a_fund_with_no_filed_fund_takes_the_home_equity_market(k, expected):
    doc = household_doc(k)
    doc["holdings"] = [h for h in doc["holdings"] if h.get("at_bank") != "us"]
    hh = from_dict(doc)
    cid = next(p.client_id for p in hh.people if p.client_id)
    rows = [(cid, "f1", "fund", hh.base_currency, 1e6), (cid, "d1", "savings",
                                                        hh.base_currency, 2e6),
            (cid, "l1", "credit_card", hh.base_currency, -3e4),
            (cid, "i1", "insurance", hh.base_currency, 5e5)]
    linked = link_household(hh, rows, make_book(1).meta)
    got = {h.id: (h.kind, h.asset_class, h.value) for h in linked.household.holdings
           if h.id in ("f1", "d1", "i1")}
    assert got == {"f1": ("fund", expected, 1e6), "d1": ("deposit", "cash", 2e6)}
    card = next(li for li in linked.household.liabilities if li.id == "l1")
    assert (card.kind, card.amount, card.lender) == ("credit_line", 3e4, "us")
    assert linked.accounts == 3 and linked.debts_with_us == pytest.approx(3e4 * hh.rate(
        hh.base_currency))
