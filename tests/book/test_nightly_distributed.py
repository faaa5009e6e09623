"""A real Dask cluster: ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1,
started here (free ports, torn down after), the run through ``--scheduler``; one worker killed
with SIGKILL mid-run has its tasks retried on the other."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from book.nightly import HOUSEHOLDS, RunOptions, run_book
from book.nightly_sample import make_book

PATHS = 128
N = 8
DASK = str(Path(sys.executable).with_name("dask"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(address: str, workers: int, timeout: float = 60.0) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as c:
        c.wait_for_workers(workers, timeout=timeout)


@pytest.fixture
def cluster(tmp_path):
    """(address, [worker Popen, ...]): a scheduler and two workers without nannies (a killed
    worker stays dead), each one thread, everything on 127.0.0.1."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    log = (tmp_path / "dask.log").open("w")
    procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=log, stderr=log, env=env)]
    workers = []
    try:
        time.sleep(0.5)
        for _ in range(2):
            w = subprocess.Popen([DASK, "worker", address, "--host", "127.0.0.1", "--nthreads",
                                  "1", "--no-nanny", "--no-dashboard"], stdout=log,
                                 stderr=log, env=env)
            workers.append(w)
            procs.append(w)
        _wait(address, 2)
        yield address, workers
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        log.close()


def _table(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / HOUSEHOLDS, dtype_backend="numpy_nullable")


def _single(tmp_path: Path, book) -> pd.DataFrame:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as lc, \
            Client(lc) as c:
        res = run_book(book, RunOptions(tmp_path / "single", PATHS, 3), client=c)
    return _table(res.out)


def test_scheduler_and_two_workers_give_the_single_process_results(tmp_path, cluster, capsys):
    """A small generated book through the whole command: read, planned on the real cluster,
    equal in content to the same command on one local worker process."""
    from book import generate_book
    from cli import main

    address, _workers = cluster
    folder = tmp_path / "book"
    generate_book(folder, households=5, months=4, seed=11)
    dist, single = tmp_path / "dist", tmp_path / "single"
    rc = main(["book", "run", str(folder), "--out", str(dist), "--paths", str(PATHS), "--seed",
               "3", "--scheduler", address, "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert rc == 0 and doc["workers"] == 2 and doc["scheduler"] == address
    assert doc["counts"]["computed"] == 5 and doc["counts"]["failed"] == 0
    assert doc["scans"] == {"alerts": "ok", "activation": "ok", "segments": "ok",
                            "linkage": "ok"}
    rc = main(["book", "run", str(folder), "--out", str(single), "--paths", str(PATHS),
               "--seed", "3", "--workers", "1", "--json"])
    assert rc == 0 and json.loads(capsys.readouterr().out)["workers"] == 1
    for table in ("households", "alerts", "activation", "segments", "linkage"):
        a = pd.read_parquet(dist / f"{table}.parquet", dtype_backend="numpy_nullable")
        b = pd.read_parquet(single / f"{table}.parquet", dtype_backend="numpy_nullable")
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert len(_table(dist)) == 5
    # and in other chunks straight through the engine, on the sample book
    book = make_book(N)
    res = run_book(book, RunOptions(tmp_path / "dist2", PATHS, 3, scheduler=address, chunk=3))
    pd.testing.assert_frame_equal(_table(res.out), _single(tmp_path, book), check_exact=True)


def test_a_worker_killed_mid_run_has_its_tasks_retried_elsewhere(tmp_path, cluster):
    address, workers = cluster
    book = make_book(N)
    killed = []

    def kill_one(p):
        """After the first household: SIGKILL the worker holding the book the scans share
        (the harder case), whichever of the two it is."""
        if p.computed < 1 or killed:
            return
        from distributed import Client

        with Client(address, timeout="10s") as c:
            pids = c.run(os.getpid)
            holders = [w for k, ws in c.who_has().items() if str(k).startswith("nightly-book-")
                       for w in ws]
        pid = pids[holders[0]] if holders else next(iter(pids.values()))
        victim = next(w for w in workers if w.pid == pid)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=20)
        killed.append((p.computed, victim, bool(holders)))

    res = run_book(book, RunOptions(tmp_path / "dist", PATHS, 3, scheduler=address, chunk=1),
                   progress=kill_one)
    assert killed and killed[0][0] < N
    assert killed[0][1].returncode == -signal.SIGKILL
    m = res.manifest
    assert m["status"] == "complete" and m["counts"]["computed"] == N
    assert m["counts"]["failed"] == 0, m["failures"]
    # the scans too: the book they share is a task, recomputed if its worker was the one killed
    assert m["scans"] == {"alerts": "ok", "activation": "ok", "segments": "ok",
                          "linkage": "ok"}
    pd.testing.assert_frame_equal(_table(res.out), _single(tmp_path, book), check_exact=True)
