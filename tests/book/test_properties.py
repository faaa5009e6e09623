"""Properties: any text survives the CSV reader (RFC 4180 quoting, BOM or not), and importing an
export in any number of overlapping slices stores every transaction exactly once."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from book import open_book, read_book
from book.store import BookStore

from .conftest import SMALL

names = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
                | st.sampled_from([",", "\"", "\n", "\r", " ", "陳", "\ufeff"]),
                min_size=1, max_size=30).filter(lambda s: s.strip() != "")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(new=st.lists(names, min_size=11, max_size=11), bom=st.booleans())
def test_any_client_name_reads_back_as_written(new, bom):
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book"
        shutil.copytree(SMALL, book)
        rows = list(csv.reader(io.StringIO((SMALL / "clients.csv").read_text("utf-8-sig"))))
        for row, name in zip(rows[1:], new, strict=True):
            row[2] = name
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        (book / "clients.csv").write_bytes(("\ufeff" if bom else "").encode()
                                           + out.getvalue().encode("utf-8"))
        (book / "households" / "chen.json").unlink()
        got = read_book(book).clients.name.tolist()
    assert got == new


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cuts=st.lists(st.sampled_from(["part-2026-10.csv", "part-2026-11.csv",
                                       "part-2026-11b.parquet"]), min_size=1, max_size=4))
def test_imports_in_slices_store_each_transaction_once(cuts):
    with tempfile.TemporaryDirectory() as tmp:
        store = BookStore(Path(tmp) / "k.db", Path(tmp) / "pq")
        for part in [*cuts, None]:  # each slice holds one part; the last the whole export
            book = Path(tmp) / "book"
            shutil.rmtree(book, ignore_errors=True)
            shutil.copytree(SMALL, book)
            if part is not None:
                for p in (book / "transactions").iterdir():
                    if p.name != part:
                        p.unlink()
            with open_book(book) as b:
                store.import_book(b, "prop")
        con = store.connect()
        n, distinct = con.execute("SELECT count(*), count(DISTINCT txn_id) FROM transactions"
                                  ).fetchone()
        con.close()
    assert n == distinct == 16
