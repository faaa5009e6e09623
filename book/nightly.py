"""The nightly book run on Dask distributed: every household planned, checked and ranked.

``run_book(book, RunOptions(out=DIR, ...))`` plans every household of the book in chunks on a
Dask cluster (a ``LocalCluster`` of worker processes on 127.0.0.1 by default, or a running
scheduler), runs the book-wide scans (alerts, activation, segments) as one task each, and writes
under ``DIR``:

- ``households.parquet``: one row per household (``status`` ok/failed; figures of
  ``nightly_task.plan_row``; its segment from the segments scan), sorted by id;
- ``alerts.parquet``, ``activation.parquet``, ``segments.parquet``: one row per alert, per
  activation candidate, per client (when those engines are installed);
- ``linkage.parquet``: one row per company client with its 公私聯動 opportunities;
- ``book/``: the validated book as the run read it (``book.nightly_snapshot``; only for a run
  of a book folder): the app reads it instead of checking the folder again;
- ``manifest.json``: book digest, the book folder's files (``book_files``: cheap and content
  digests, so the app knows the results are of the book it loaded), code version, seed, paths,
  started, finished, counts, timings, failures.

Incremental: each household's ``digest`` covers the code, the settings, its file version and its
book rows; a household whose digest is in the previous ``households.parquet`` (status ok) is not
recomputed (``full=True`` recomputes all). Each finished chunk is written at once to
``parts/``, so a run interrupted and started again computes only the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import os
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from book.frames import BookFrames
from book.nightly_link import account_rows, linked_clients
from book.nightly_scans import SCANS, scan_function, scan_rows
from book.nightly_snapshot import SNAPSHOT, write_snapshot
from book.nightly_task import (
    KEY_YEARS,
    WEALTH_PCTS,
    Job,
    Settings,
    failed_row,
    identity,
    run_chunk,
    run_scan,
)
from household.io import sha256 as household_sha256

MANIFEST_FORMAT = "kinfolio.nightly/1"
HOUSEHOLDS = "households.parquet"
MANIFEST = "manifest.json"
PARTS = "parts"
CODE_PACKAGES = ("i18n", "assets", "household", "planner", "scenarios", "book")

# the household's segment (book.segments, book base currency), joined on every run
SEGMENT_COLUMNS = ("assets_with_us", "company_assets_with_us", "known_wealth",
                   "financial_wealth", "wallet_share", "tier")
_F, _S, _I, _B = pa.float64(), pa.string(), pa.int64(), pa.bool_()
HOUSEHOLD_SCHEMA = pa.schema(
    [("household_id", _S), ("digest", _S), ("status", _S), ("error", _S),
     ("base_currency", _S), ("paths", _I), ("seed", _I), ("spawn_key", _S), ("plan_years", _I),
     ("success_all_essential", _F), ("success_all_essential_se", _F),
     ("succession_provisional", _B), ("start_wealth", _F)]
    + [(f"wealth_{q}_{label}", _F) for label in (*(f"y{k}" for k in KEY_YEARS), "end")
       for q in WEALTH_PCTS]
    + [("death_today_person", _S), ("death_today_tax", _F), ("death_today_cash_needed", _F),
       ("death_today_liquid", _F), ("liquidity_gap", _F), ("max_liquidity_gap", _F),
       ("insight_category", _S), ("insight_subject", _S), ("insight_weight", _F),
       ("insights", _I), ("linked_clients", _S), ("accounts_linked", _I),
       ("linked_assets_us", _F), ("linked_debts_us", _F), ("net_worth", _F)]
    + [(c, _F) for c in SEGMENT_COLUMNS[:-1]] + [("tier", _S)])


@dataclass(frozen=True)
class RunOptions:
    """``workers``: local worker processes (default: the machine's cores); ``scheduler``: the
    address of a running scheduler instead; ``chunk``: households per task (default: about
    eight tasks per worker, at most 50 households each); ``book_files``: what the app checks
    to know these results are of the book it loaded (book.nightly_results)."""

    out: Path
    paths: int = 2_000
    seed: int = 20261128
    workers: int | None = None
    scheduler: str | None = None
    full: bool = False
    chunk: int | None = None
    book_path: str = ""
    # the book folder's files as read (book.nightly_results.book_files), taken before reading
    # it; None: taken from ``book_path`` when it is a folder
    book_files: dict[str, Any] | None = None


@dataclass
class Progress:
    total: int
    done: int = 0
    computed: int = 0
    reused: int = 0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)
    dashboard: str | None = None

    @property
    def rate(self) -> float:
        """Households computed per second in this run."""
        el = time.monotonic() - self.started
        return self.computed / el if el > 0 else 0.0

    @property
    def eta(self) -> float | None:
        r = self.rate
        return (self.total - self.done) / r if r > 0 else None


@dataclass(frozen=True)
class RunSummary:
    manifest: dict[str, Any]
    out: Path


# ----------------------------------------------------------------------------- digests
def code_version() -> dict[str, str]:
    """The package version and a digest of the engine sources and data (what results depend
    on): a change of code or of a rule file changes every household's digest."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ver = version("kinfolio")
    except PackageNotFoundError:
        ver = "unknown"
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for pkg in CODE_PACKAGES:
        for p in sorted((root / pkg).rglob("*")):
            if p.is_file() and p.suffix in (".py", ".json", ".csv", ".toml", ".yaml", ".yml"):
                h.update(str(p.relative_to(root)).encode())
                h.update(p.read_bytes())
    return {"kinfolio": ver, "source_digest": h.hexdigest()[:16]}


def _frame_digest(frame: pd.DataFrame) -> str:
    h = hashlib.sha256(json.dumps([str(c) for c in frame.columns]).encode())
    h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()


def book_digest(book: BookFrames) -> str:
    """A digest of the whole book's content (tables, book.json, household files)."""
    m = book.meta
    h = hashlib.sha256(json.dumps({"as_of": m.as_of.isoformat(), "base": m.base_currency,
                                   "fx": dict(sorted(m.fx.items())), "bank": m.bank},
                                  sort_keys=True).encode())
    for name in ("clients", "relationships", "accounts", "balances", "transactions"):
        h.update(name.encode())
        h.update(_frame_digest(getattr(book, name)).encode())
    for hid in sorted(book.households):
        h.update(hid.encode())
        h.update(household_sha256(book.households[hid]).encode())
    return h.hexdigest()


def prepare_jobs(book: BookFrames, paths: int, seed: int, code: dict[str, str]) -> list[Job]:
    """One job per household, sorted by id, each with its book rows and its digest (the
    settings, the household file's SHA-256, and a hash of each of its clients' rows and of their
    accounts with the day's balance)."""
    rows = account_rows(book)
    row_hash = pd.util.hash_pandas_object(rows, index=False).to_numpy()
    records = list(rows.itertuples(index=False, name=None))
    by_client: dict[str, list[int]] = {}
    for i, cid in enumerate(rows["client_id"]):
        by_client.setdefault(str(cid), []).append(i)
    clients = book.clients
    client_hash = dict(zip(clients["client_id"].astype(str),
                           pd.util.hash_pandas_object(clients, index=False).to_numpy(),
                           strict=True))
    settings = json.dumps({"code": code, "paths": paths, "seed": seed, "pandas": pd.__version__,
                           "as_of": book.meta.as_of.isoformat(),
                           "base": book.meta.base_currency,
                           "fx": dict(sorted(book.meta.fx.items())),
                           "columns": [list(rows.columns), list(clients.columns)]},
                          sort_keys=True)
    jobs = []
    for hid in sorted(book.households):
        hh = book.households[hid]
        cids = sorted(set(linked_clients(hh).values()))
        pos = [i for c in cids for i in by_client.get(c, ())]
        h = hashlib.sha256(settings.encode())
        h.update(household_sha256(hh).encode())
        h.update(np.array([row_hash[i] for i in pos] + [client_hash[c] for c in cids
                                                         if c in client_hash],
                          dtype=np.uint64).tobytes())
        jobs.append(Job(hid, h.hexdigest(), hh, tuple(records[i] for i in pos)))
    return jobs


# ----------------------------------------------------------------------------- files
def _write_table(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def households_table(rows: list[dict[str, Any]]) -> pa.Table:
    rows = sorted(rows, key=lambda r: r["household_id"])
    cols = {f.name: [r.get(f.name) for r in rows] for f in HOUSEHOLD_SCHEMA}
    return pa.Table.from_pydict(cols, schema=HOUSEHOLD_SCHEMA)


def _read_rows(path: Path) -> list[dict[str, Any]]:
    try:
        return pq.read_table(path).to_pylist()
    except (OSError, pa.ArrowInvalid):
        return []  # a part cut short by a crash: its households are simply recomputed


def previous_rows(out: Path, full: bool) -> dict[str, dict[str, Any]]:
    """digest -> row of every household already computed (status ok): the last complete run's
    table (unless ``full``) and the parts of an interrupted run."""
    found: dict[str, dict[str, Any]] = {}
    sources = [] if full else [out / HOUSEHOLDS]
    sources += sorted((out / PARTS).glob("*.parquet")) if (out / PARTS).is_dir() else []
    for p in sources:
        if p.is_file():
            for r in _read_rows(p):
                if r.get("status") == "ok":
                    found[r["digest"]] = r
    return found


def _write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, allow_nan=False) + "\n",
                   encoding="utf-8")
    os.replace(tmp, out / MANIFEST)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# ----------------------------------------------------------------------------- cluster
def open_client(workers: int | None, scheduler: str | None) -> Any:
    """A Dask client: to ``scheduler``, else to a new LocalCluster of ``workers`` processes
    (one thread each) bound to 127.0.0.1, its dashboard on a free port of 127.0.0.1 only (the
    dashboard's pages need bokeh; without it the address still answers with a notice)."""
    from distributed import Client

    if scheduler:
        return Client(scheduler, timeout="10s")
    return Client(local_cluster(workers or os.cpu_count() or 1))


def worker_config() -> dict[str, Any]:
    """Dask settings for the run's own worker processes (passed to them by their nannies).

    - No statistical profiler: it samples the running task's stack every 10 ms and merges it
      into a growing tree; the households ran 4-6% slower with it (200 families x 2,000 paths).
    - No ``MALLOC_TRIM_THRESHOLD_``: Dask sets it to return freed memory to the system at once,
      which also turns off glibc's adaptive mmap threshold, so every array above 128 KiB (a
      year of 2,000 paths x 8 goals) was mapped, zeroed and unmapped again; 3% of the
      households' time. Peak memory per worker stays a few hundred MiB (bench N3).
    - BLAS and OpenMP stay at one thread per worker (Dask's default): one task per core.
    """
    import dask

    environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ").items()
               if k != "MALLOC_TRIM_THRESHOLD_"}
    return {"distributed.worker.profile.enabled": False,
            "distributed.nanny.pre-spawn-environ": environ}


_DASK_TRIM_DEFAULT = "65536"  # distributed.nanny.pre-spawn-environ's MALLOC_TRIM_THRESHOLD_


def local_cluster(workers: int, dashboard_address: str | None = "127.0.0.1:0") -> Any:
    """A LocalCluster of ``workers`` processes (one thread each) on 127.0.0.1, with
    :func:`worker_config`; its dashboard on a free port of 127.0.0.1 only."""
    import dask
    from distributed import LocalCluster

    # distributed's nanny writes its pre-spawn environment into this process's os.environ and
    # leaves it there: after any cluster with Dask's defaults in the same process (a test, a
    # notebook), MALLOC_TRIM_THRESHOLD_=65536 would reach our workers by inheritance
    if os.environ.get("MALLOC_TRIM_THRESHOLD_") == _DASK_TRIM_DEFAULT:
        del os.environ["MALLOC_TRIM_THRESHOLD_"]
    with dask.config.set(worker_config()):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            host="127.0.0.1", dashboard_address=dashboard_address,
                            silence_logs=logging.ERROR)


def _close(client: Any) -> None:
    cluster = getattr(client, "cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def _chunks(jobs: list[Job], size: int) -> Iterator[list[Job]]:
    for i in range(0, len(jobs), size):
        yield jobs[i:i + size]


def chunk_size(n_jobs: int, workers: int) -> int:
    return max(1, min(50, math.ceil(n_jobs / max(1, 8 * workers))))


# ----------------------------------------------------------------------------- the run
def run_book(book: BookFrames, opts: RunOptions,
             progress: Callable[[Progress], None] | None = None,
             client: Any = None) -> RunSummary:
    """The nightly run (module docstring). ``client``: an open Dask client to use (else one is
    opened from ``opts`` and closed at the end). ``progress`` is called after every chunk and
    may raise (e.g. KeyboardInterrupt): what was written stays and the manifest says
    ``interrupted``."""
    t0 = time.perf_counter()
    out = Path(opts.out)
    (out / PARTS).mkdir(parents=True, exist_ok=True)
    code = code_version()
    started = _now()
    # task keys unique to this run: a shared scheduler may still hold an earlier run's results
    # under keys made the same second
    run_id = uuid.uuid4().hex[:12]
    jobs = prepare_jobs(book, opts.paths, opts.seed, code)
    done = previous_rows(out, opts.full)
    todo = [j for j in jobs if j.digest not in done]
    reused = {j.household_id: done[j.digest] for j in jobs if j.digest in done}
    files = opts.book_files
    if files is None and opts.book_path and Path(opts.book_path).is_dir():
        from book.nightly_results import book_files

        files = book_files(opts.book_path)
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT, "run_id": run_id, "book": opts.book_path,
        "book_digest": book_digest(book), "book_files": files,
        "as_of": book.meta.as_of.isoformat(), "code_version": code, "seed": opts.seed,
        "paths": opts.paths, "full": opts.full, "scheduler": opts.scheduler,
        "workers": None, "dashboard": None, "started": started, "finished": None,
        "status": "running", "counts": {"households": len(jobs), "computed": 0,
                                        "reused": len(reused), "failed": 0},
        "timings": {}, "failures": [], "scans": {}, "tables": {},
    }
    _write_manifest(out, manifest)
    t_prep = time.perf_counter() - t0
    own = client is None
    prog = Progress(total=len(jobs), done=len(reused), reused=len(reused))
    new_rows: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    scans: dict[str, Any] = {}
    try:
        if own:
            client = open_client(opts.workers, opts.scheduler)
        nworkers = len(client.scheduler_info().get("workers", {})) or 1
        manifest["workers"] = nworkers
        prog.dashboard = manifest["dashboard"] = _dashboard_link(client)
        prog.started = time.monotonic()
        if progress:
            progress(prog)
        settings = Settings(opts.paths, opts.seed, book.meta)
        size = opts.chunk or chunk_size(len(todo), nworkers)
        # the book-wide scans first: one task each, they run beside the chunks
        scan_futs = {}
        # the book travels once, as a task of its own the scans depend on (not scattered: a
        # scattered value dies with its worker; a task's result is recomputed elsewhere)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Sending large graph")
            book_f = client.submit(identity, book, pure=False, key=f"nightly-book-{run_id}")
        for name in SCANS:
            fn = scan_function(name)
            scan_futs[name] = client.submit(run_scan, name, fn, book_f, book.meta.as_of,
                                            pure=False, key=f"nightly-scan-{name}-{run_id}")
        t_plan = time.perf_counter()
        plan_seconds = _plan_chunks(client, list(_chunks(todo, size)), settings, out, run_id,
                                    max(8, 4 * nworkers), prog, progress, new_rows, failures)
        t_plan = time.perf_counter() - t_plan
        t_scan = time.perf_counter()
        for name, f in scan_futs.items():
            try:
                scans[name] = f.result()
                manifest["scans"][name] = "ok"
            except Exception as e:  # a scan that fails is reported; the households stand
                manifest["scans"][name] = f"failed: {type(e).__name__}: {e}"[:500]
        t_scan = time.perf_counter() - t_scan
    except BaseException as e:
        manifest |= {"status": "interrupted" if isinstance(e, KeyboardInterrupt) else
                     f"failed: {type(e).__name__}: {e}"[:500], "finished": _now()}
        manifest["counts"] |= {"computed": prog.computed, "failed": prog.failed}
        manifest["failures"] = failures
        _write_manifest(out, manifest)
        raise
    finally:
        if own and client is not None:
            _close(client)
    t_write = time.perf_counter()
    rows = list(reused.values()) + new_rows
    _apply_segments(rows, scans.get("segments"))
    _write_table(households_table(rows), out / HOUSEHOLDS)
    manifest["tables"]["households"] = HOUSEHOLDS
    counts = manifest["counts"]
    for name, res in scans.items():
        frame = scan_rows(name, res["rows"])
        _write_table(pa.Table.from_pandas(frame, preserve_index=False), out / f"{name}.parquet")
        manifest["tables"][name] = f"{name}.parquet"
        counts[name] = len(frame)
    for p in (out / PARTS).glob("*.parquet"):
        p.unlink()
    if files is not None:  # results tied to a book folder: the app reads the book from here
        write_snapshot(book, out)
        manifest["tables"]["book"] = SNAPSHOT + "/"
    t_write = time.perf_counter() - t_write
    counts |= {"computed": prog.computed, "failed": len(failures)}
    manifest |= {"status": "complete", "finished": _now(), "failures": failures}
    manifest["timings"] = {
        "total_s": round(time.perf_counter() - t0, 3), "prepare_s": round(t_prep, 3),
        "households_s": round(t_plan, 3), "plan_cpu_s": round(plan_seconds, 3),
        "scans_s": round(t_scan, 3), "write_s": round(t_write, 3),
        "scan_cpu_s": {k: round(v["seconds"], 3) for k, v in scans.items()},
        "households_per_s": round(prog.computed / t_plan, 3) if t_plan > 0 else None,
    }
    _write_manifest(out, manifest)
    return RunSummary(manifest, out)


def _plan_chunks(client: Any, chunks: list[list[Job]], settings: Settings, out: Path,
                 run_id: str, window: int, prog: Progress,
                 progress: Callable[[Progress], None] | None,
                 new_rows: list[dict[str, Any]], failures: list[dict[str, Any]]) -> float:
    """Plan every chunk on the cluster: a window of tasks in flight (a few per worker), fed as
    they finish, so the scheduler never holds a whole bank's households at once; each finished
    chunk written to ``parts/`` at once. Appends to ``new_rows`` and ``failures``; returns the
    households' own seconds (summed over workers)."""
    from distributed import as_completed

    pending: dict[str, list[Job]] = {}
    queue = iter(enumerate(chunks))
    done_iter = as_completed()
    plan_seconds = 0.0

    def submit(ch: list[Job], tag: str) -> None:
        fut = client.submit(run_chunk, ch, settings, pure=False,
                            key=f"nightly-{tag}-{ch[0].digest[:12]}-{run_id}")
        pending[fut.key] = ch
        done_iter.add(fut)

    def feed() -> None:
        for i, ch in queue:
            submit(ch, f"chunk-{i}")
            if len(pending) >= window:
                break

    def record(res: dict[str, Any]) -> None:
        nonlocal plan_seconds
        _write_table(households_table(res["rows"]),
                     out / PARTS / f"{res['rows'][0]['digest']}.parquet")
        new_rows.extend(res["rows"])
        failures.extend(res["failures"])
        plan_seconds += sum(res["seconds"].values())
        prog.done += len(res["rows"])
        prog.computed += len(res["rows"])
        prog.failed += len(res["failures"])
        if progress:
            progress(prog)

    suspects: list[Job] = []
    feed()
    for fut in done_iter:
        ch = pending.pop(fut.key)
        try:
            res = fut.result()
        except Exception:
            # the task itself failed (a worker died on it each time it was retried, or its
            # inputs could not be read there). Any task merely queued on a dying worker is
            # blamed too, so the households are retried later, alone on the cluster, where a
            # failure can only be their own.
            suspects.extend(ch)
            feed()
            continue
        finally:
            fut.release()
        record(res)
        feed()
    for job in suspects:
        fut = client.submit(run_chunk, [job], settings, pure=False,
                            key=f"nightly-alone-{job.digest[:12]}-{run_id}")
        try:
            res = fut.result()
        except Exception as e:
            res = _task_failure(job, e)
        finally:
            fut.release()
        record(res)
    return plan_seconds


def _task_failure(job: Job, error: BaseException) -> dict[str, Any]:
    text = f"{type(error).__name__}: {error}"[:2000]
    return {"rows": [failed_row(job, error)], "seconds": {job.household_id: 0.0},
            "failures": [{"household_id": job.household_id, "error": text,
                          "where": "task (the worker running it failed)"}]}


def _dashboard_link(client: Any) -> str | None:
    try:
        info = client.scheduler_info()
        services = info.get("services", {})
        if "dashboard" not in services:
            return None
        return str(client.dashboard_link)
    except Exception:  # the address is a convenience; the run must not depend on it
        return None


def _apply_segments(rows: list[dict[str, Any]], segments: Any) -> None:
    """Each household's segment (assets with us, known wealth, wallet share, tier: the
    ``kinfolio book segments`` figures) from this run's segments scan; empty where it did not
    run."""
    found = {}
    if segments and isinstance(segments["rows"], dict):
        found = {h["household_id"]: h for h in segments["rows"].get("households", [])}
    for r in rows:
        seg = found.get(r["household_id"], {})
        for c in SEGMENT_COLUMNS:
            r[c] = seg.get(c)


def read_results(out: str | Path, table: str = "households") -> pd.DataFrame:
    """A result table of a run with DuckDB (``SELECT * FROM read_parquet(...)``)."""
    import duckdb

    path = Path(out) / f"{table}.parquet"
    with duckdb.connect() as con:
        return con.execute("SELECT * FROM read_parquet(?) ORDER BY ALL", [str(path)]).df()


__all__ = ["HOUSEHOLDS", "HOUSEHOLD_SCHEMA", "MANIFEST", "MANIFEST_FORMAT", "Progress",
           "RunOptions", "RunSummary", "book_digest", "chunk_size", "code_version",
           "local_cluster", "open_client", "prepare_jobs", "previous_rows", "read_results",
           "run_book", "worker_config"]
