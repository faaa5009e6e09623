"""The synthetic book generator: the files follow the spec (checked here with pandas against
``book.frames.TABLES``), the household files validate and link by client_id, the same seed writes
the same bytes, and the planted events are really in the data."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from book.frames import TABLES
from book.generate import generate_book, planted_path
from household import load

ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
AS_OF = pd.Timestamp("2026-11-30")


def _read(folder, table):
    cols = TABLES[table]
    df = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == [c.name for c in cols]
    return df


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen") / "BOOK"
    summary = generate_book(out, 40, 24, seed=7)
    tables = {t: _read(out, t) for t in ("clients", "relationships", "accounts", "balances",
                                           "transactions")}
    planted = json.loads(planted_path(out).read_text(encoding="utf-8"))
    return out, summary, tables, planted


def test_every_table_follows_the_spec(book):
    out, summary, t, _ = book
    for name, df in t.items():
        assert len(df) == summary.rows[name] > 0
        for col in TABLES[name]:
            v = df[col.name]
            present = v[v != ""]
            if col.required:
                assert (v != "").all(), f"{name}.{col.name} has empty required cells"
            if col.type == "id":
                assert present.map(lambda s: bool(ID.match(s))).all(), f"{name}.{col.name}"
            elif col.type == "date":
                pd.to_datetime(present, format="%Y-%m-%d")
            elif col.type in ("money", "fraction"):
                assert np.isfinite(present.astype(float)).all()
            elif col.type == "int":
                assert (present.astype(int) >= 0).all()
            elif col.type == "choice":
                assert set(present) <= set(col.choices), f"{name}.{col.name}"
    persons = t["clients"][t["clients"].kind == "person"]
    assert (persons.birth_date != "").all()
    assert t["clients"].client_id.is_unique and t["accounts"].account_id.is_unique
    assert t["transactions"].txn_id.is_unique
    clients, accounts = set(t["clients"].client_id), set(t["accounts"].account_id)
    assert set(t["accounts"].client_id) <= clients
    assert set(t["transactions"].account_id) <= accounts
    assert set(t["balances"].account_id) <= accounts
    cp = t["transactions"].counterparty_client
    assert set(cp[cp != ""]) <= clients
    assert set(t["relationships"].from_client) | set(t["relationships"].to_client) <= clients
    dates = pd.to_datetime(t["transactions"].date)
    assert dates.max() <= AS_OF and dates.min() >= pd.Timestamp("2024-12-01")
    meta = json.loads((out / "book.json").read_text(encoding="utf-8"))
    assert meta["format"] == "kinfolio.book/1" and meta["as_of"] == "2026-11-30"


def test_households_validate_and_link_to_clients(book):
    out, summary, t, _ = book
    files = sorted((out / "households").glob("*.json"))
    assert len(files) == summary.households == 40
    clients = dict(zip(t["clients"].client_id, t["clients"].kind, strict=True))
    linked = 0
    for f in files:
        hh = load(f)
        for p in hh.people:
            if p.client_id:
                assert clients[p.client_id] == "person"
                linked += 1
        for c in hh.companies:
            if c.client_id:
                assert clients[c.client_id] == "company"
    assert linked >= 80  # owner, usually a spouse and adult children


def test_balances_follow_the_transactions(book):
    _, _, t, _ = book
    tx = t["transactions"].assign(amount=lambda d: d.amount.astype(float),
                                  month=lambda d: d.date.str[:7])
    bal = t["balances"].assign(balance=lambda d: d.balance.astype(float),
                               month=lambda d: d.date.str[:7])
    flows = tx.groupby(["account_id", "month"]).amount.sum()
    b = bal.set_index(["account_id", "month"]).balance.unstack()
    change = b.diff(axis=1).iloc[:, 1:]
    f = flows.unstack().reindex_like(change).fillna(0.0)
    assert np.allclose(change.fillna(0.0).values, f.values, atol=0.05)
    kinds = t["accounts"].set_index("account_id").kind
    deposit = bal[bal.account_id.map(kinds).isin(["current", "savings", "time_deposit"])]
    assert (deposit.balance >= -0.01).all()


def test_same_seed_same_bytes_other_seed_other_book(tmp_path):
    a = generate_book(tmp_path / "A", 6, 15, seed=11)
    b = generate_book(tmp_path / "B", 6, 15, seed=11)
    c = generate_book(tmp_path / "C", 6, 15, seed=12)
    files = sorted(p.relative_to(a.path) for p in a.path.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b.path) for p in b.path.rglob("*") if p.is_file())
    for f in files:
        assert (a.path / f).read_bytes() == (b.path / f).read_bytes(), f
    assert planted_path(a.path).read_bytes() == planted_path(b.path).read_bytes()
    assert (a.path / "transactions.csv").read_bytes() != (c.path / "transactions.csv").read_bytes()


def test_split_parts_and_parquet(tmp_path):
    s = generate_book(tmp_path / "P", 4, 6, seed=3, fmt="parquet", part_rows=500)
    parts = sorted((s.path / "transactions").glob("part-*.parquet"))
    assert len(parts) == -(-s.rows["transactions"] // 500) > 1
    df = pd.concat(pd.read_parquet(p) for p in parts)
    assert list(df.columns) == [c.name for c in TABLES["transactions"]]
    assert len(df) == s.rows["transactions"] and df.txn_id.is_unique
    assert df.amount.dtype == np.float64


def test_refuses_bad_sizes_and_a_folder_in_use(tmp_path):
    with pytest.raises(ValueError, match="households"):
        generate_book(tmp_path / "X", 0, 12)
    with pytest.raises(ValueError, match="months"):
        generate_book(tmp_path / "X", 2, 0)
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "keep.txt").write_text("mine")
    with pytest.raises(ValueError, match="not an empty folder"):
        generate_book(tmp_path / "used", 2, 3)
    assert (tmp_path / "used" / "keep.txt").read_text() == "mine"


def test_a_generated_book_validates_with_read_book(book, tmp_path):
    from book import read_book

    out, summary, _, planted = book
    frames = read_book(out)
    for name in ("clients", "relationships", "accounts", "balances", "transactions"):
        assert len(getattr(frames, name)) == summary.rows[name]
    assert len(frames.households) == summary.households
    linked = frames.client_households()
    assert {e["client_id"] for e in planted["events"]
            if e["kind"] == "dormant_high_potential"} <= set(linked)
    assert frames.transactions.amount.dtype == np.float64
    split = generate_book(tmp_path / "P", 5, 14, seed=2, fmt="parquet", part_rows=2_000)
    assert len(read_book(split.path).transactions) == split.rows["transactions"]
