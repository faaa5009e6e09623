"""``kinfolio book run BOOK --out DIR [--paths N] [--seed S] [--workers N | --scheduler ADDRESS]
[--full] [--json]``: the nightly run (``book.nightly``), with a progress bar on the terminal."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from cli import CliError, _print_json

MAX_PATHS = 1_000_000


def _read_book(path: str) -> Any:
    try:
        from book import read_book
    except ImportError:
        raise CliError("reading a book folder needs book.read_book (kinfolio book validate); "
                       "it is not part of this installation") from None
    return read_book(path)


def _duration(s: float | None) -> str:
    if s is None or s != s:
        return "--"
    s = round(s)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{sec:02d}s" if m else f"{sec}s"


class Bar:
    """Households done / total, rate, ETA and the dashboard address, on ``stream``: one line
    redrawn on a terminal, a line per tenth of the run otherwise (cron logs)."""

    def __init__(self, stream: TextIO, enabled: bool = True):
        self.stream = stream
        self.enabled = enabled
        self.tty = stream.isatty()
        self.shown_dashboard = False
        self.last_tenth = -1
        self.last_draw = 0.0

    def __call__(self, p: Any) -> None:
        if not self.enabled:
            return
        if p.dashboard and not self.shown_dashboard:
            self.stream.write(f"dashboard: {p.dashboard}\n")
            self.shown_dashboard = True
        frac = p.done / p.total if p.total else 1.0
        line = (f"{p.done:,}/{p.total:,} households ({p.reused:,} unchanged, {p.failed:,} "
                f"failed) · {p.rate:.2f}/s · ETA {_duration(p.eta)}")
        if self.tty:
            now = time.monotonic()
            if now - self.last_draw < 0.1 and p.done < p.total:
                return
            self.last_draw = now
            width = 28
            full = round(frac * width)
            self.stream.write(f"\r[{'#' * full}{'.' * (width - full)}] {line}\x1b[K")
            if p.done >= p.total:
                self.stream.write("\n")
        else:
            tenth = int(frac * 10)
            if tenth > self.last_tenth:
                self.last_tenth = tenth
                self.stream.write(line + "\n")
        self.stream.flush()


def _check(args: argparse.Namespace) -> None:
    if not 1 <= args.paths <= MAX_PATHS:
        raise CliError(f"--paths: must be between 1 and {MAX_PATHS:,}")
    if args.seed < 0:
        raise CliError("--seed: must be zero or positive")
    if args.workers is not None and not 1 <= args.workers <= 1024:
        raise CliError("--workers: must be between 1 and 1024")
    if args.scheduler and "://" not in args.scheduler:
        raise CliError(f"--scheduler: expected tcp://HOST:PORT, got {args.scheduler!r}")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"--out: {out} exists and is not a folder")


def run_command(args: argparse.Namespace) -> int:
    from book.nightly import RunOptions, run_book

    _check(args)
    files = None
    if Path(args.book).is_dir():  # before reading: a file changed meanwhile makes them stale
        from book.nightly_results import book_files

        files = book_files(args.book)
    book = _read_book(args.book)
    opts = RunOptions(out=Path(args.out), paths=args.paths, seed=args.seed,
                      workers=args.workers, scheduler=args.scheduler, full=args.full,
                      book_path=str(args.book), book_files=files)
    bar = Bar(sys.stderr)

    def stop(signum: int, frame: Any) -> None:  # a timer stopping the run: same as Ctrl-C
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        summary = run_book(book, opts, progress=bar)
    except KeyboardInterrupt:
        sys.stderr.write(f"\nkinfolio: interrupted; what was computed is kept in {args.out}: run "
                         "the same command again to finish the rest\n")
        return 130
    except (OSError, TimeoutError) as e:
        where = f"scheduler {args.scheduler}" if args.scheduler else "the local cluster"
        raise CliError(f"cannot run on {where}: {e}") from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    m = summary.manifest
    if args.json:
        _print_json({"out": str(summary.out), "manifest": str(summary.out / "manifest.json"),
                     "status": m["status"], "book_digest": m["book_digest"],
                     "seed": m["seed"], "paths": m["paths"], "workers": m["workers"],
                     "scheduler": m["scheduler"], "dashboard": m["dashboard"],
                     "counts": m["counts"], "timings": m["timings"], "scans": m["scans"],
                     "failures": m["failures"]})
    else:
        c, t = m["counts"], m["timings"]
        sys.stdout.write(
            f"{c['households']:,} households: {c['computed']:,} planned, {c['reused']:,} "
            f"unchanged, {c['failed']:,} failed · {t['total_s']:.1f}s on {m['workers']} "
            f"worker(s)\n")
        for name, state in m["scans"].items():
            extra = f" ({c[name]:,} rows)" if name in c else ""
            sys.stdout.write(f"{name}: {state}{extra}\n")
        for f in m["failures"]:
            sys.stdout.write(f"failed {f['household_id']}: {f['error']}\n")
        sys.stdout.write(f"results: {summary.out}/households.parquet · manifest: "
                         f"{summary.out}/manifest.json\n")
    return 0
