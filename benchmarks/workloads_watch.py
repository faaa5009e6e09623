"""A1: fund-flow alerts over a generated book, against a plain DuckDB scan of the same data.

The book is written once by the generator (``book.generate_book``, planted events beside it) into
``KINFOLIO_BENCH_DIR`` (default: a folder under the user's cache), then read with
``book.read_book``. Quick: 60 families (~110k transactions); full: 1,700 families over 24 months
(~2.9 million transactions). The floor is a plain columnar scan of the same data: one DuckDB pass
grouping every transaction by account, month and kind, fetched as Arrow (about what one of the
alerts' passes over the book costs, with nothing after it). Extra figures: quality on the
planted events (:mod:`benchmarks.watch_quality`) and the peak memory of a fresh process reading
the book and running the alerts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .core import Workload

FAMILIES = {True: 60, False: 1_700}
MONTHS = 24
SEED = 20261128


def _dir() -> Path:
    env = os.environ.get("KINFOLIO_BENCH_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("kinfolio", appauthor=False)) / "bench"


def _book(quick: bool) -> Path:
    path = _dir() / f"watch-{FAMILIES[quick]}x{MONTHS}-{SEED}"
    if not (path / "book.json").exists():
        from book import generate_book

        path.parent.mkdir(parents=True, exist_ok=True)
        generate_book(path, FAMILIES[quick], MONTHS, SEED)
    return path


def _setup(quick: bool) -> dict:
    import duckdb

    from book import read_book

    path = _book(quick)
    frames = read_book(path)
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    con.register("t", frames.transactions)
    return {"path": path, "frames": frames, "con": con, "quick": quick}


def _run(state: dict):
    from book.alerts import alerts

    return alerts(state["frames"], window_days=90)


def _floor(state: dict):
    # a columnar result (Arrow), not Python tuples: fetching 1.5M groups as tuples would triple
    # the floor and flatter the ratio
    return state["con"].sql("""
        SELECT account_id, date_trunc('month', date) AS month, kind, sum(amount), count(*),
               max(abs(amount))
        FROM t GROUP BY ALL""").to_arrow_table()


_PEAK = """
import json, resource, sys
from book import read_book
from book.alerts import alerts
frames = read_book(sys.argv[1])
a = alerts(frames, window_days=90)
print(json.dumps({"alerts": len(a.alerts),
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _extra(state: dict) -> dict:
    from .watch_quality import planted, score

    frames = state["frames"]
    quality = score(frames, planted(state["path"]))
    quality.pop("missed_examples", None)
    out = {"transactions": len(frames.transactions), "clients": len(frames.clients),
           "quality": quality}
    try:
        r = subprocess.run([sys.executable, "-c", _PEAK, str(state["path"])],
                           capture_output=True, text=True, timeout=1800, check=True)
        out["process"] = json.loads(r.stdout.strip().splitlines()[-1])
    except (subprocess.SubprocessError, ValueError, IndexError) as e:
        out["process"] = {"error": str(e)[:200]}
    return out


WORKLOADS = [
    Workload("A1", "alerts over a generated book (90 days) vs a plain DuckDB scan", _setup, _run,
             floor=_floor, target_ratio=3.0, extra=_extra),
]
