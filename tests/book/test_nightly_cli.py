"""``kinfolio book run``: the command over the engine (the book reader is replaced by the
hand-built book: reading folders is the reader's own tests' business)."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

import cli.book_run
from book.nightly_sample import make_book
from cli import main


@pytest.fixture
def book(monkeypatch):
    b = make_book(4, poisoned=("hh-003",))
    monkeypatch.setattr(cli.book_run, "_read_book", lambda path: b)
    return b


def test_run_json_counts_and_timings(tmp_path, book, capsys):
    out = tmp_path / "night"
    rc = main(["book", "run", "BOOK", "--out", str(out), "--paths", "64", "--seed", "9",
               "--workers", "1", "--json"])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    doc = json.loads(cap.out)
    assert doc["status"] == "complete" and doc["seed"] == 9 and doc["paths"] == 64
    assert {k: doc["counts"][k] for k in ("households", "computed", "reused", "failed")} == \
        {"households": 4, "computed": 4, "reused": 0, "failed": 1}
    assert doc["scans"] == {"alerts": "ok", "activation": "ok", "segments": "ok",
                            "linkage": "ok"}
    assert doc["timings"]["total_s"] > 0 and doc["workers"] == 1
    assert [f["household_id"] for f in doc["failures"]] == ["hh-003"]
    assert "4/4 households" in cap.err  # the progress, on stderr (one line per tenth off a tty)
    assert doc["dashboard"] is None or doc["dashboard"].startswith("http://127.0.0.1:")
    t = pd.read_parquet(out / "households.parquet")
    assert list(t["household_id"]) == ["hh-000", "hh-001", "hh-002", "hh-003"]
    # again: nothing changed, nothing planned except the failure; text report
    rc = main(["book", "run", "BOOK", "--out", str(out), "--paths", "64", "--seed", "9",
               "--workers", "1"])
    cap = capsys.readouterr()
    assert rc == 0
    assert "4 households: 1 planned, 3 unchanged, 1 failed" in cap.out
    assert "failed hh-003: HouseholdError: holdings[" in cap.out


def test_progress_bar_on_a_terminal():
    from book.nightly import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    s = Tty()
    bar = cli.book_run.Bar(s)
    p = Progress(total=10, dashboard="http://127.0.0.1:8787/status")
    bar(p)
    p.done = p.computed = 10
    bar(p)
    text = s.getvalue()
    assert text.startswith("dashboard: http://127.0.0.1:8787/status\n")
    assert "\r[" + "#" * 28 + "] 10/10 households" in text and "/s · ETA" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--paths", "0"], "--paths: must be between 1"),
    (["--seed", "-1"], "--seed: must be zero or positive"),
    (["--workers", "0"], "--workers: must be between 1"),
    (["--scheduler", "127.0.0.1:8786"], "--scheduler: expected tcp://HOST:PORT"),
])
def test_bad_arguments_exit_2_without_traceback(tmp_path, book, capsys, args, message):
    rc = main(["book", "run", "BOOK", "--out", str(tmp_path / "o"), *args])
    err = capsys.readouterr().err
    assert rc == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_out_must_be_a_folder_and_workers_exclude_scheduler(tmp_path, book, capsys):
    f = tmp_path / "file"
    f.write_text("x")
    assert main(["book", "run", "BOOK", "--out", str(f)]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert main(["book", "run", "BOOK", "--out", str(tmp_path / "o"), "--workers", "1",
                 "--scheduler", "tcp://127.0.0.1:1"]) == 2


def test_unreachable_scheduler_is_a_clear_error(tmp_path, book, capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    rc = main(["book", "run", "BOOK", "--out", str(tmp_path / "o"), "--scheduler",
               f"tcp://127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert rc == 2 and f"cannot run on scheduler tcp://127.0.0.1:{port}" in err
    assert "Traceback" not in err
