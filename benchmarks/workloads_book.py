"""B1: validate + import a generated book; B2: segments of the imported book.

B1 (issue 14): reading, checking and importing a book of 2,000 families (~3.4 million
transactions) against the floor of a plain columnar read of the same files: DuckDB ``read_csv`` of
every table, every column, into DuckDB tables, then a ``GROUP BY account`` of the transactions
(the import must at least parse every cell once); target at most 3x. The ratio to the narrower
floor of the issue's example (``read_csv`` + ``GROUP BY account`` alone, which parses two columns
of one table) is reported beside it. The store is a migrated, empty database copied for each run
(a nightly import goes to an existing database). Peak memory (resident, measured in a child
process: DuckDB allocates outside Python) under 2 GiB. B2: segments from the store once
imported, against the issue's 2 s. Both report a projection to 100,000 families from the times at
two sizes (time = a + b x families, fitted on the two points).

The book is generated once per size (``kinfolio book generate``, fixed seed) under the temporary
directory and reused; ``--quick`` uses 50 and 100 families.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .core import Workload

FULL, SMALL_SIZE = 2000, 500
QUICK, QUICK_SMALL = 100, 50
PROJECT_TO = 100_000


def _book(families: int) -> Path:
    from book.generate import generate_book

    root = Path(tempfile.gettempdir()) / "kinfolio-bench-books"
    path = root / f"book-{families}"
    if not (path / "book.json").is_file():
        shutil.rmtree(path, ignore_errors=True)
        root.mkdir(parents=True, exist_ok=True)
        generate_book(path, households=families, months=24, seed=20261128)
    return path


def _fresh_store(state) -> tuple[Path, Path]:
    d = Path(tempfile.mkdtemp(prefix="kinfolio-bench-store-", dir=state["tmp"]))
    template = Path(state["tmp"]) / "template.db"
    if not template.exists():
        from store.storage import Store

        Store(template).engine.dispose()
    shutil.copy(template, d / "k.db")
    return d / "k.db", d / "parquet"


def _import(book: Path, db: Path, data: Path):
    from book.reader import open_book
    from book.store import BookStore

    store = BookStore(db, data)
    with open_book(book) as b:
        return store.import_book(b, "bench")


def _txn_glob(book: Path) -> str:
    src = book / "transactions"
    return f"{src}/*.csv" if src.is_dir() else f"{book}/transactions.csv"


def _floor_read(book: Path) -> None:
    """Every file, every column, into DuckDB; then the transactions grouped by account."""
    from book.reader import duckdb_connection

    con = duckdb_connection()
    for t in ("clients", "relationships", "accounts", "balances"):
        con.execute(f"CREATE TABLE {t} AS SELECT * FROM read_csv('{book / t}.csv')")
    con.execute(f"CREATE TABLE transactions AS SELECT * FROM read_csv('{_txn_glob(book)}')")
    con.execute("SELECT account_id, count(*), sum(amount) FROM transactions GROUP BY account_id"
                ).fetchall()
    con.close()


def _floor_group_by(book: Path) -> None:
    from book.reader import duckdb_connection

    con = duckdb_connection()
    con.execute(f"SELECT account_id, count(*), sum(amount) FROM read_csv('{_txn_glob(book)}') "
                "GROUP BY account_id").fetchall()
    con.close()


def _cpu(fn) -> tuple[float, float]:
    """(wall, CPU) seconds of one call; CPU counts every thread of this process (DuckDB's too),
    which says what the work costs when the machine is shared and wall time stretches."""
    import resource

    def used() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    w, c = time.perf_counter(), used()
    fn()
    return time.perf_counter() - w, used() - c


def _setup_b1(quick: bool):
    big, small = (QUICK, QUICK_SMALL) if quick else (FULL, SMALL_SIZE)
    return {"book": _book(big), "small": _book(small), "sizes": (small, big),
            "tmp": tempfile.mkdtemp(prefix="kinfolio-bench-")}


def _run_b1(state):
    db, data = _fresh_store(state)
    _import(state["book"], db, data)
    shutil.rmtree(db.parent, ignore_errors=True)


def _projection(t_small: float, t_big: float, sizes: tuple[int, int]) -> dict:
    (n1, n2) = sizes
    b = (t_big - t_small) / (n2 - n1)
    a = t_small - b * n1
    return {"sizes": list(sizes), "seconds": [round(t_small, 3), round(t_big, 3)],
            f"projected_seconds_{PROJECT_TO}": round(a + b * PROJECT_TO, 1),
            "model": "seconds = a + b x families, fitted on the two sizes"}


def _peak_rss_mib(book: Path, tmp: str) -> float:
    code = ("import resource, sys, tempfile\n"
            "from benchmarks.workloads_book import _import\n"
            "from pathlib import Path\n"
            "d = Path(tempfile.mkdtemp(dir=sys.argv[2]))\n"
            "_import(Path(sys.argv[1]), d / 'k.db', d / 'pq')\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", code, str(book), tmp], check=True,
                         capture_output=True, text=True, env=os.environ.copy()).stdout
    return int(out.split()[-1]) / 1024


def _extra_b1(state) -> dict:
    from .core import median_time

    small = state["small"]
    t_small = median_time(lambda: _run_b1({**state, "book": small}), 1)
    t_big = median_time(lambda: _run_b1(state), 1)
    meta = json.loads((state["book"] / "book.json").read_text())
    peak = _peak_rss_mib(state["book"], state["tmp"])
    narrow = median_time(lambda: _floor_group_by(state["book"]), 3)
    _, cpu_run = _cpu(lambda: _run_b1(state))
    _, cpu_floor = _cpu(lambda: _floor_read(state["book"]))
    shutil.rmtree(state["tmp"], ignore_errors=True)
    return {"cpu_seconds": round(cpu_run, 2), "floor_cpu_seconds": round(cpu_floor, 2),
            "cpu_ratio": round(cpu_run / cpu_floor, 2),
            "narrow_floor_seconds": round(narrow, 3),
            "ratio_to_narrow_floor": round(t_big / narrow, 2),
            "peak_rss_mib": round(peak, 1), "peak_limit_mib": 2048,
            "meets_memory": peak < 2048, "book_as_of": meta["as_of"],
            "projection": _projection(t_small, t_big, state["sizes"])}


def _setup_b2(quick: bool):
    state = _setup_b1(quick)
    for key in ("book", "small"):
        db, data = _fresh_store(state)
        _import(state[key], db, data)
        state[f"{key}_store"] = (db, data)
    return state


def _segments(book: Path, store: tuple[Path, Path]):
    from book.reader import read_meta
    from book.segments import segments
    from book.store import BookStore

    con = BookStore(*store).connect()
    try:
        return segments(con, read_meta(book))
    finally:
        con.close()


def _run_b2(state):
    return _segments(state["book"], state["book_store"])


def _extra_b2(state) -> dict:
    t_small, _ = _cpu(lambda: _segments(state["small"], state["small_store"]))
    t_big, cpu_big = _cpu(lambda: _run_b2(state))
    shutil.rmtree(state["tmp"], ignore_errors=True)
    return {"cpu_seconds": round(cpu_big, 2),
            "projection": _projection(t_small, t_big, state["sizes"])}


WORKLOADS = [
    Workload("B1", "validate + import a generated book of 2,000 families (~3.4M transactions) vs "
             "DuckDB read_csv of every file + GROUP BY account", _setup_b1, _run_b1,
             floor=lambda s: _floor_read(s["book"]), target_ratio=3.0, extra=_extra_b1),
    Workload("B2", "segments of the imported 2,000-family book", _setup_b2, _run_b2,
             limit_seconds=2.0, target_ratio=1.0, extra=_extra_b2),
]
