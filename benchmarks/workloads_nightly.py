"""N1-N3: the nightly book run on Dask (``book.nightly``), as ratios measured in one run.

- N1: F families x P paths on one worker process (``run_book`` end to end: cluster start, the
  households shipped to the worker, Parquet parts, the final table, the manifest) against the
  floor of the same per-household work run serially in-process (``plan_row`` over the same
  households). Target: at most 10% overhead (ratio <= 1.10).
- N2: the same run on two worker processes against one. Target: a speed-up of at least 1.7
  (ratio <= 1/1.7) on a machine with two free cores.
- N3: the peak resident memory of each worker process over the N2 run (``ru_maxrss``), target
  under 1 GiB; no time ratio.

Sizes: F=500, P=2,000 (quick: 24 x 500); ``KINFOLIO_BENCH_NIGHTLY_FAMILIES`` and
``KINFOLIO_BENCH_NIGHTLY_PATHS`` override them (e.g. 2,000 families for the projection).
N1's and N2's extras project a run of 100,000 families on 16 and 64 cores from the measured
per-household time, the one-worker overhead and the two-worker efficiency (formula in
:func:`projection`).

The families are the sample book's (``book.nightly_sample``: the three demo households renamed
and linked to accounts; each family has its own random streams, so no two rows are the same).

Measured on 2026-12-04 on the shared two-core machine, ``--repeat 1``. At full size (500 x
2,000) with a load average of 1.5-3.6 (other helpers still running): N1 81.1 s against 72.1 s,
ratio 1.12 (target 1.10: the households took 76.5 s inside the worker, 6% more than in-process,
the first ones paying the fresh process's loads; the three scans 1.1 s on the same worker; the
cluster's start 0.55 s); N2 39.8 s against 71.4 s, speed-up 1.84 (target 1.7, met); projection
1,032 s on 16 cores and 347 s on 64 (before reading the book and the alerts scan, below). N3 at
60 x 2,000: 326 MiB peak per worker (target < 1 GiB). Under a load of 12-15 (100 x 2,000) the
ratios were N1 1.50 and N2 1.19: they measure the neighbours, not the run.

Scale note (100,000 families): the households' own time divides among the workers (one task per
chunk of up to 50 households; 2,000 tasks are nothing for the scheduler; 4.3-6.5 KB of inputs per
household travel to the workers; each chunk writes a small Parquet part, the final table is one
write on the driver). What limits it is the driver's serial work and the book-wide scans: reading
the book into pandas (``book.read_book``: 25 s and 1.2 GB for 2,000 generated families x 6
months under load; at 100,000 families x 24 months it does not fit one process: the run should
then read accounts and balances from the DuckDB/Parquet store, ``book.store``), preparing jobs
and digests (about 3 ms a household under load: 5 min at 100,000), and each scan being one task
(alerts over every transaction of the bank on one core; per-client chunks would spread it).
A generated book of 2,000 families x 6 months (818,000 transactions), 50 paths, 2 workers, load
9-17: 619 s in all; the households' own time 625 s of worker time; the alerts scan alone 509 s on
one of the two workers (activation 14 s, segments 6 s); preparing 12.6 s, writing 1.1 s; the
driver's peak 700 MB. So at 100,000 families the alerts scan, not the households, sets the wall
time unless it is split per client chunk; the households project to the figures of N2.
"""

from __future__ import annotations

import atexit
import os
import pickle
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from .core import Workload

TARGET_OVERHEAD = 1.10
TARGET_SPEEDUP = 1.7
MEMORY_LIMIT_MIB = 1024.0


def _size(quick: bool) -> tuple[int, int]:
    f = int(os.environ.get("KINFOLIO_BENCH_NIGHTLY_FAMILIES", 24 if quick else 500))
    p = int(os.environ.get("KINFOLIO_BENCH_NIGHTLY_PATHS", 500 if quick else 2_000))
    return f, p


def _setup(quick: bool) -> dict[str, Any]:
    from book.nightly import code_version, prepare_jobs
    from book.nightly_sample import make_book
    from book.nightly_task import Settings

    families, paths = _size(quick)
    book = make_book(families)
    jobs = prepare_jobs(book, paths, 20261128, code_version())
    tmp = Path(tempfile.mkdtemp(prefix="kinfolio-bench-nightly-"))
    atexit.register(shutil.rmtree, tmp, True)
    return {"book": book, "paths": paths, "families": families, "jobs": jobs,
            "settings": Settings(paths, 20261128, book.meta),
            "tmp": tmp,
            "last": {}}


def _worker_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def _run(st: dict[str, Any], workers: int) -> dict[str, Any]:
    """One whole nightly run on a fresh LocalCluster of ``workers`` processes."""
    from distributed import Client

    from book.nightly import RunOptions, local_cluster, run_book

    out = st["tmp"] / f"w{workers}"
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    with local_cluster(workers) as cluster, Client(cluster) as client:
        t_up = time.perf_counter() - t0
        res = run_book(st["book"], RunOptions(out, st["paths"], 20261128, full=True),
                       client=client)
        peaks = client.run(_worker_peak_mib)
    m = res.manifest
    st["last"][workers] = {"startup_s": t_up, "manifest": m,
                           "peak_worker_mib": max(peaks.values())}
    return m


def _serial(st: dict[str, Any]) -> None:
    from book.nightly import code_version, prepare_jobs
    from book.nightly_task import plan_row
    from scenarios import montecarlo

    # a nightly run plans each household once: its succession tables are built cold, here too
    montecarlo._TABLES.clear()

    jobs = prepare_jobs(st["book"], st["paths"], 20261128, code_version())
    for job in jobs:
        plan_row(job, st["settings"])


def projection(per_household_s: float, driver_per_household_s: float, efficiency: float,
               startup_s: float, families: int = 100_000,
               cores: tuple[int, ...] = (16, 64)) -> dict[str, float]:
    """Wall seconds of ``families`` on each core count:
    ``startup + families * driver_per_household + families * per_household / (efficiency *
    cores)``: the households' own time divided among the cores at the two-worker efficiency
    measured here, plus the driver's serial share per household (preparing the jobs and their
    digests, the final tables), which does not shrink with cores. Reading the book
    (``book.read_book``, before the run) is not in it: see the module note."""
    return {f"projected_{families // 1000}k_on_{c}_cores_s":
            startup_s + families * driver_per_household_s
            + families * per_household_s / (max(efficiency, 1e-9) * c) for c in cores}


def _n1_extra(st: dict[str, Any]) -> dict[str, Any]:
    last = st["last"][1]
    m = last["manifest"]
    n = st["families"]
    per = m["timings"]["plan_cpu_s"] / max(1, m["counts"]["computed"])
    chunk_bytes = len(pickle.dumps(st["jobs"][: min(50, n)], protocol=5)) / min(50, n)
    return {"families": n, "paths": st["paths"], "worker_startup_s": round(last["startup_s"], 2),
            "plan_s_per_household": round(per, 4),
            "timings": m["timings"], "task_bytes_per_household": int(chunk_bytes),
            "load_average": os.getloadavg()}


def _n2_extra(st: dict[str, Any]) -> dict[str, Any]:
    one, two = st["last"][1], st["last"][2]
    n = st["families"]
    t1 = one["manifest"]["timings"]["total_s"]
    t2 = two["manifest"]["timings"]["total_s"]
    per = one["manifest"]["timings"]["plan_cpu_s"] / max(1, n)
    driver = (one["manifest"]["timings"]["prepare_s"] + one["manifest"]["timings"]["write_s"]
              ) / max(1, n)
    speedup = t1 / t2 if t2 else 0.0
    return {"families": n, "paths": st["paths"], "speedup": round(speedup, 3),
            "meets_speedup": speedup >= TARGET_SPEEDUP, "load_average": os.getloadavg(),
            "driver_s_per_household": round(driver, 5),
            **{k: round(v, 1) for k, v in projection(per, driver, speedup / 2,
                                                     two["startup_s"]).items()}}


def _n3_extra(st: dict[str, Any]) -> dict[str, Any]:
    peak = st["last"][2]["peak_worker_mib"]
    return {"peak_worker_rss_mib": round(peak, 1), "memory_limit_mib": MEMORY_LIMIT_MIB,
            "meets_memory": peak < MEMORY_LIMIT_MIB, "families": st["families"],
            "paths": st["paths"]}


WORKLOADS = [
    Workload("N1", "nightly run, 1 worker vs the same households planned serially in-process",
             _setup, lambda st: _run(st, 1), floor=_serial, target_ratio=TARGET_OVERHEAD,
             extra=_n1_extra),
    Workload("N2", "nightly run, 2 workers vs 1 (speed-up >= 1.7 on 2 free cores)", _setup,
             lambda st: _run(st, 2), floor=lambda st: _run(st, 1),
             target_ratio=round(1 / TARGET_SPEEDUP, 3), extra=_n2_extra),
    Workload("N3", "nightly run on 2 workers: peak memory per worker (< 1 GiB)", _setup,
             lambda st: _run(st, 2), extra=_n3_extra),
]
