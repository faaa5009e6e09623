"""Reading a book: the hand-made book loads with the contract's dtypes; every class of bad input
exits 2 naming file, line and column, without a traceback."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from book import BookError, read_book
from book.frames import TABLES
from cli import main

from .conftest import SMALL


def test_small_book_reads_every_file_kind():
    b = read_book(SMALL)
    assert b.meta.base_currency == "CNY" and b.meta.rate("USD") == 7.0
    assert len(b.clients) == 11 and len(b.accounts) == 17 and len(b.balances) == 17
    # two CSV parts (one quoting a comma, a quote and a line break) and one Parquet part
    assert len(b.transactions) == 16
    assert set(b.transactions.txn_id) >= {"T0001", "T0108", "T0201", "T0202"}
    memo = b.transactions.set_index("txn_id").counterparty_name
    assert memo["T0108"] == "multi-line\nmemo" and memo["T0102"] == 'Café "Blue" 咖啡'
    # clients.csv starts with a BOM: the first column is still client_id
    assert b.clients.client_id.iloc[0] == "C001"
    assert b.clients.set_index("client_id").name["C110"] == "林氏科技股份有限公司, Lin Tech"
    assert b.client_households() == {"C001": "hh-chen", "C002": "hh-chen", "C003": "hh-chen",
                                     "C010": "hh-chen"}
    for table, cols in TABLES.items():
        df = getattr(b, table)
        assert list(df.columns) == [c.name for c in cols]
        for c in cols:
            dtype = df[c.name].dtype
            if c.type in ("id", "text"):
                assert dtype == "string", (table, c.name)
            elif c.type == "date":
                assert dtype == "datetime64[ns]", (table, c.name)
            elif c.type == "choice":
                assert isinstance(dtype, pd.CategoricalDtype)
                assert list(dtype.categories) == list(c.choices)
            elif c.type == "int":
                assert dtype == "Int64"
            else:
                assert dtype == "float64"
    txn = b.transactions.set_index("txn_id")
    assert txn.amount["T0102"] == -1500.50 and txn.date["T0202"] == pd.Timestamp("2026-11-16")
    assert pd.isna(txn.initiated_by["T0001"]) and txn.initiated_by["T0006"] == "bank"
    assert b.clients.employees.iloc[3] == 120 and pd.isna(b.clients.employees.iloc[0])


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, data: bytes) -> None:
    with open(path, "ab") as f:
        f.write(data)


P10 = "transactions/part-2026-10.csv"
P11 = "transactions/part-2026-11.csv"

# (name, spoil(book), a line expected on stderr)
CASES = [
    ("wrong type", lambda b: _edit(b / P10, "T0006,A001,2026-10-31,120,",
                                   "T0006,A001,2026-10-31,12x,"),
     f'{P10}:7: amount: expected a decimal number (got "12x")'),
    ("bad date", lambda b: _edit(b / "accounts.csv", "A005,C003,current,CNY,2015-09-01",
                                 "A005,C003,current,CNY,2015-02-30"),
     'accounts.csv:6: opened: expected a date YYYY-MM-DD (got "2015-02-30")'),
    ("not ISO date", lambda b: _edit(b / "balances.csv", "A001,2026-09-30", "A001,30/09/2026"),
     'balances.csv:2: date: expected a date YYYY-MM-DD (got "30/09/2026")'),
    ("bad choice", lambda b: _edit(b / P10, "T0003,A011,2026-10-25,-300000,payroll_batch",
                                   "T0003,A011,2026-10-25,-300000,payroll"),
     f'{P10}:4: kind: expected one of salary, payroll_batch'),
    ("unknown account", lambda b: _edit(b / P10, "T0005,A021", "T0005,A999"),
     f'{P10}:6: account_id: unknown account "A999" (not in accounts)'),
    ("unknown counterparty", lambda b: _edit(b / P10, "us,C010,,batch", "us,C0XX,,batch"),
     f'{P10}:5: counterparty_client: unknown client "C0XX" (not in clients)'),
    ("unknown account holder", lambda b: _edit(b / "accounts.csv", "A301,C301", "A301,C399"),
     'accounts.csv:18: client_id: unknown client "C399" (not in clients)'),
    ("unknown relationship", lambda b: _edit(b / "relationships.csv", "C201,C102,parent",
                                             "C201,C109,parent"),
     'relationships.csv:12: to_client: unknown client "C109" (not in clients)'),
    ("household unknown client", lambda b: _edit(b / "households/chen.json", '"client_id": "C003"',
                                                 '"client_id": "C093"'),
     'households/chen.json: people[2].client_id: unknown client "C093" (not in clients)'),
    ("household client of the wrong kind", lambda b: _edit(
        b / "households/chen.json", '"client_id": "C010"', '"client_id": "C020"'),
     'households/chen.json: companies[0].client_id: client "C020" is a person in clients.csv, '
     'not a company'),
    ("duplicate id across parts", lambda b: _edit(b / P11, "T0101,A001", "T0001,A001"),
     f'{P11}:2: txn_id: duplicate txn_id "T0001" (first at {P10}:2)'),
    ("duplicate client", lambda b: _edit(b / "clients.csv", "C301,person", "C001,person"),
     'clients.csv:12: client_id: duplicate client_id "C001" (first at line 2)'),
    ("duplicate after a multi-line cell", lambda b: _append(
        b / P11, b"T0101,A001,2026-11-30,1,fee,bank,,,,\n"),
     f'{P11}:11: txn_id: duplicate txn_id "T0101" (first at line 2)'),
    ("wrong type after a multi-line cell", lambda b: _append(
        b / P11, b"T0901,A001,2026-11-31,1,fee,bank,,,,\n"),
     f'{P11}:11: date: expected a date YYYY-MM-DD (got "2026-11-31")'),
    ("missing column", lambda b: _edit(b / "accounts.csv", "account_id,client_id,kind,currency,",
                                       "account_id,client_id,kind,"),
     "accounts.csv:1: currency: required column is missing"),
    ("unknown column", lambda b: _edit(b / "balances.csv", "account_id,date,balance",
                                       "account_id,date,balanse"),
     "balances.csv:1: balanse: unknown column"),
    ("semicolons", lambda b: (b / "balances.csv").write_text("account_id;date;balance\n"
                                                             "A001;2026-09-30;1\n"),
     "balances.csv:1: cells are separated by ';': kinfolio.book/1 files separate them by commas"),
    ("empty file", lambda b: (b / "relationships.csv").write_bytes(b""),
     "relationships.csv:1: empty file: expected a header row naming the columns"),
    ("non-UTF-8", lambda b: _append(b / P10, "T0007,A001,2026-10-31,1,card,,,,Café,pos\n"
                                    .encode("latin-1")),
     f"{P10}:8: not UTF-8 text; save the file as UTF-8"),
    ("non-UTF-8 header", lambda b: (b / "balances.csv").write_bytes(b"account_id,dat\xe9\n"),
     "balances.csv:1: not UTF-8 text"),
    ("empty required cell", lambda b: _edit(b / "clients.csv", "1985-12-01,F,rm.zhang",
                                            "1985-12-01,F,"),
     "clients.csv:12: banker: required; the cell is empty"),
    ("person without birth date", lambda b: _edit(b / "clients.csv",
                                                  "C201,person,黃大文,1938-09-09",
                                                  "C201,person,黃大文,"),
     "clients.csv:11: birth_date: required for persons; the cell is empty"),
    ("bad id", lambda b: _edit(b / "clients.csv", "C301,person", "C 301,person"),
     'clients.csv:12: client_id: not a valid id'),
    ("share above one", lambda b: _edit(b / "relationships.csv", "C101,C110,shareholder,0.6",
                                        "C101,C110,shareholder,60"),
     'relationships.csv:11: share: must be a fraction between 0 and 1 (got "60.0")'),
    ("too many cells", lambda b: _edit(b / "balances.csv", "A002,2026-10-31,1000000",
                                       "A002,2026-10-31,1000000,7"),
     "balances.csv:4: more cells than the header has columns"),
    ("currency without a rate", lambda b: _edit(b / "accounts.csv", "A201,C201,savings,HKD",
                                                "A201,C201,savings,EUR"),
     "accounts.csv:17: currency: no exchange rate for EUR in book.json fx"),
    ("book.json bad date", lambda b: _edit(b / "book.json", '"2026-11-30"', '"30.11.2026"'),
     'book.json: as_of: expected a date YYYY-MM-DD (got "30.11.2026")'),
    ("book.json missing", lambda b: (b / "book.json").unlink(),
     "book.json: missing: a book folder starts with book.json"),
    ("required file missing", lambda b: (b / "accounts.csv").unlink(),
     "accounts.csv: missing"),
    ("stray file", lambda b: (b / "transaction.csv").write_text("x\n"),
     "transaction.csv: not a file of kinfolio.book/1"),
    ("household file invalid", lambda b: _edit(b / "households/chen.json", '"share": 0.7',
                                               '"share": 1.7'),
     "households/chen.json: ownership[0].share:"),
]


@pytest.mark.parametrize(("spoil", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_exits_2_naming_file_line_and_column(small_book, capsys, spoil, expected):
    spoil(small_book)
    rc = main(["book", "validate", str(small_book)])
    out, err = capsys.readouterr()
    assert rc == 2
    assert "Traceback" not in err and out == ""
    assert any(line.startswith(expected) for line in err.splitlines()), err
    assert err.rstrip().splitlines()[-1].endswith("nothing was stored")
    with pytest.raises(BookError) as e:
        read_book(small_book)
    assert any(str(p).startswith(expected) for p in e.value.problems)


def test_parquet_part_with_a_wrong_type(small_book, capsys):
    import duckdb

    duckdb.sql("COPY (SELECT 'T0301' AS txn_id, 'A001' AS account_id, '2026-11-02' AS date, "
               "'abc' AS amount, 'card' AS kind) TO "
               f"'{small_book / 'transactions' / 'part-x.parquet'}' (FORMAT parquet)")
    assert main(["book", "validate", str(small_book)]) == 2
    err = capsys.readouterr().err
    assert 'transactions/part-x.parquet:2: amount: expected a decimal number (got "abc")' in err


def test_many_problems_are_listed_up_to_a_limit_then_counted(small_book, capsys):
    rows = "".join(f"X{i},A999,2026-11-01,1,card,,,,,\n" for i in range(1000))
    _append(small_book / P11, rows.encode())
    assert main(["book", "validate", str(small_book)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 302
    assert lines[-2] == "... and 700 more problems not listed"


def test_valid_book_prints_counts(capsys):
    assert main(["book", "validate", str(SMALL)]) == 0
    out = capsys.readouterr().out
    assert "valid kinfolio.book/1" in out and "16 transactions" in out


def test_not_a_folder(tmp_path, capsys):
    assert main(["book", "validate", str(tmp_path / "nope")]) == 2
    assert "no such book folder" in capsys.readouterr().err
