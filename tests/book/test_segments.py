"""Segments of the hand-made book, computed by hand (book as of 2026-11-30; CNY base; fx USD 7,
HKD 0.9, TWD 0.25; CN tiers 贵宾 from 500k, 财富 from 3M, 私人银行 from 6M)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from book import open_book
from book.segments import segments, tier_of, tiers_in_force
from book.store import BookStore
from cli import main

from .conftest import SMALL

# client: (assets with us, tier, last client-initiated activity, products)
EXPECTED = {
    # A001 200,000 (Oct 31) - 30,000 (T0101) + A002 1,000,000 + A003 (50,000 + 1,000) USD x 7
    "C001": (1_527_000.0, "affluent", "2026-11-15", ["current", "fund", "time_deposit"]),
    # A004 (100,000 - 20,000) HKD x 0.9
    "C002": (72_000.0, "mass", "2026-11-10", ["savings"]),
    # A005 20,000; the card (A006, -4,500.50) is not an asset
    "C003": (20_000.0, "mass", "2026-11-08", ["credit_card", "current"]),
    # A010 5,000,000; loan and payroll agreement are not assets; a company has no tier
    "C010": (5_000_000.0, None, "2026-10-25", ["current", "loan", "payroll_agency"]),
    # A101 (2,000,000 + 500,000) TWD + A102 (4,000,000 - 200,000) TWD, x 0.25
    "C101": (1_575_000.0, "affluent", "2026-11-16", ["current", "wealth_product"]),
    # A103 closed 2025-06-30
    "C102": (0.0, "mass", None, []),
    # A201 (3,000,000 + 150 bank interest) HKD x 0.9; interest is not the client's activity
    "C201": (2_700_135.0, "affluent", None, ["savings"]),
    "C301": (55_000.0, "mass", "2026-11-28", ["savings"]),
}


def _segments(as_of=None):
    with open_book(SMALL) as b:
        return segments(b.con, b.meta, b.households, as_of)


def test_clients_by_hand():
    s = _segments()
    got = {c.client_id: c for c in s.clients}
    for cid, (assets, tier, last, products) in EXPECTED.items():
        c = got[cid]
        assert c.assets_with_us == pytest.approx(assets, abs=1e-6), cid
        assert c.tier == tier, cid
        assert (c.last_activity.isoformat() if c.last_activity else None) == last, cid
        assert list(c.products) == products, cid
    assert got["C001"].household_id == "hh-chen" and got["C101"].household_id is None
    assert got["C021"].banker == "rm.li"


def test_household_wallet_share_by_hand():
    (h,) = _segments().households
    # people: C001 1,527,000 + C002 72,000 + C003 20,000; the company's 5,000,000 apart
    assert h.assets_with_us == pytest.approx(1_619_000.0)
    assert h.company_assets_with_us == pytest.approx(5_000_000.0)
    # file: deposits 1.5M with us + 3M elsewhere, fund USD 100k x 7, home 20M, 100% of the
    # company's 50M equity; what is with us is the book's 1,619,000, not the file's 1.5M
    assert h.known_wealth == pytest.approx(75_200_000.0 - 1_500_000 + 1_619_000)
    assert h.financial_wealth == pytest.approx(3_000_000 + 700_000 + 1_619_000)
    assert h.wallet_share == pytest.approx(1_619_000 / 5_319_000)  # 30.44%
    assert h.tier == "affluent"


def test_an_earlier_date_uses_the_month_end_balances():
    got = {c.client_id: c for c in _segments(dt.date(2026, 10, 31)).clients}
    assert got["C001"].assets_with_us == pytest.approx(200_000 + 1_000_000 + 50_000 * 7)
    assert got["C101"].assets_with_us == pytest.approx((2_000_000 + 4_000_000) * 0.25)
    assert got["C001"].last_activity == dt.date(2026, 10, 15)
    # before the time deposit was opened, and while the USD savings account was still open
    early = {c.client_id: c for c in _segments(dt.date(2025, 1, 1)).clients}
    assert early["C001"].products == ("current", "fund")
    assert early["C102"].products == ("savings",)


def test_tiers_are_dated_data_per_market():
    with open_book(SMALL) as b:
        market, tiers = tiers_in_force(b.meta, b.meta.as_of)
    assert market == "CN"
    assert [(t.code, t.threshold) for t in tiers] == [
        ("mass", 0), ("affluent", 500_000), ("wealth", 3_000_000), ("private", 6_000_000)]
    assert tier_of(5_999_999.99, tiers) == "wealth" and tier_of(6_000_000, tiers) == "private"


def test_segments_from_the_store_match_the_folder(db, tmp_path, capsys):
    store = BookStore(db, tmp_path / "pq")
    with open_book(SMALL) as b:
        store.import_book(b, "rm.test")
    args = ["book", "segments", str(SMALL), "--json"]
    assert main(args) == 0
    direct = json.loads(capsys.readouterr().out)
    assert main([*args, "--stored", "--db", str(db),
                 "--store", str(tmp_path / "pq")]) == 0
    stored = json.loads(capsys.readouterr().out)
    assert stored == direct
    assert direct["households"][0]["wallet_share"] == pytest.approx(0.304381, abs=1e-6)
    assert {c["client_id"]: c["tier"] for c in direct["clients"]}["C201"] == "affluent"


def test_bad_as_of_exits_2(capsys):
    assert main(["book", "segments", str(SMALL), "--as-of", "30/11/2026"]) == 2
    assert "--as-of: expected a date" in capsys.readouterr().err


def test_wallet_share_never_exceeds_the_whole_on_a_generated_book(tmp_path):
    # the files' figures for what is with us may be stale; the book's balances replace them, so
    # assets with us are part of the financial wealth and the share stays within [0, 1]
    from book import generate_book

    book = generate_book(tmp_path / "b", 12, months=3, seed=5).path
    with open_book(book) as b:
        found = segments(b.con, b.meta, b.households)
    shares = [h.wallet_share for h in found.households if h.wallet_share is not None]
    assert shares and all(0.0 <= s <= 1.0 for s in shares)
    for h in found.households:
        if h.financial_wealth is not None:
            assert h.financial_wealth >= h.assets_with_us - 1e-6
            assert h.known_wealth >= h.financial_wealth - 1e-6


def test_half_a_cent_rounds_up_the_same_way_every_time(small_book):
    """Two TWD accounts of 10.01 at 0.25 make 2.5025 + 2.5025 = 5.005 CNY: the sum is exact
    (decimal) and rounds half away from zero to 5.01 on every run, whatever order DuckDB's
    threads add in (a float sum and Python's round gave 5.0 or 5.01)."""
    with (small_book / "clients.csv").open("a", encoding="utf-8") as f:
        f.write("C999,person,半分,1980-01-01,F,rm.zhang,SH-Pudong,2020-01-01,C3,2027-01-01,\n")
    with (small_book / "accounts.csv").open("a", encoding="utf-8") as f:
        f.write("A991,C999,savings,TWD,2020-01-01,,,,\nA992,C999,current,TWD,2020-01-01,,,,\n")
    with (small_book / "balances.csv").open("a", encoding="utf-8") as f:
        f.write("A991,2026-10-31,10.01\nA992,2026-10-31,10.01\n")
    for _ in range(3):
        with open_book(small_book) as b:
            got = {c.client_id: c for c in segments(b.con, b.meta, b.households).clients}
        assert got["C999"].assets_with_us == 5.01
        assert got["C999"].as_json()["assets_with_us"] == 5.01
