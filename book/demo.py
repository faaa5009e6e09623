"""The demo book: a generated book of a few hundred families imported into the demo database, so
that ``python3 dev.py app`` shows the book beside the three demo households.

``python -m book.demo [--db URL] [--families N]`` does it once per database (a store that has
imported any book is left alone). The generated folder stays in the book's data folder
(``demo-book/`` with ``demo-book.planted.json`` beside it) for ``kinfolio book alerts`` and the
other book commands.

``--results`` also runs the nightly run on it (``kinfolio book run``, 500 paths) into
``demo-book.results/`` beside it, where the app looks for its results, unless results current for
that folder are there already (``book.nightly_results``): the demo opens from nightly results.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from book.generate import DEFAULT_SEED, generate_book
from book.reader import open_book
from book.store import BookStore, ImportSummary

DEMO_FAMILIES = 300
DEMO_MONTHS = 24
ACTOR = "kinfolio-demo"


def ensure_demo_book(db: str | os.PathLike | None = None, families: int = DEMO_FAMILIES,
                     months: int = DEMO_MONTHS, seed: int = DEFAULT_SEED
                     ) -> tuple[Path, ImportSummary] | None:
    """Generate and import the demo book into an empty book store; None when one is there."""
    store = BookStore(db)
    if store.imports():
        return None
    folder = store.data / "demo-book"
    generate_book(folder, families, months, seed, overwrite=True)
    with open_book(folder) as b:
        summary = store.import_book(b, ACTOR, source="demo book (generated)")
    return folder, summary


DEMO_PATHS = 500


def results_folder(folder: Path) -> Path:
    """Where the app looks for a book's nightly results by default (``BOOK.results``)."""
    return folder.with_name(folder.name + ".results")


def ensure_demo_results(folder: Path, paths: int = DEMO_PATHS, seed: int = DEFAULT_SEED,
                        workers: int | None = None) -> dict | None:
    """Run the nightly run on the demo book unless its results are current; the manifest of
    the run, or None when nothing was run."""
    from book.nightly import RunOptions, run_book
    from book.nightly_results import book_files, freshness
    from book.reader import read_book

    out = results_folder(folder)
    if freshness(folder, out).current:
        return None
    files = book_files(folder)  # before reading: what the results will be checked against
    frames = read_book(folder)
    opts = RunOptions(out=out, paths=paths, seed=seed, workers=workers, book_path=str(folder),
                      book_files=files)
    return run_book(frames, opts).manifest


def _said(info, m: dict | None, t1: float) -> None:
    if m is None:
        info.write("demo book: nightly results current\n")
        return
    c = m["counts"]
    info.write(f"demo book: nightly run {m['status']}: {c['households']} households "
               f"({c['computed']} planned, {c['failed']} failed) in "
               f"{time.perf_counter() - t1:.1f} s\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m book.demo", description=__doc__.splitlines()[0])
    p.add_argument("--db", help="database path or URL (default: KINFOLIO_DB or the user's)")
    p.add_argument("--families", type=int, default=DEMO_FAMILIES)
    p.add_argument("--results", action="store_true",
                   help=f"also run the nightly run on it ({DEMO_PATHS} paths) unless its "
                   "results are current")
    p.add_argument("--print-folder", action="store_true",
                   help="print the demo book's folder on the last line (for the app's launcher)")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    done = ensure_demo_book(args.db, args.families)
    info = sys.stderr if args.print_folder else sys.stdout
    folder = BookStore(args.db).data / "demo-book"
    if done is None:
        info.write("demo book: already imported\n")
    else:
        folder, summary = done
        n = summary.tables.get("transactions", {}).get("new", 0)
        info.write(f"demo book: {args.families} families, {n:,} transactions imported from "
                   f"{folder} in {time.perf_counter() - t0:.1f} s\n")
    if args.results and (folder / "book.json").is_file():
        from book.nightly_results import freshness

        t1 = time.perf_counter()
        if not freshness(folder, results_folder(folder)).current:
            info.write(f"demo book: nightly run ({DEMO_PATHS} paths, once) into "
                       f"{results_folder(folder)} …\n")
            info.flush()
        try:
            m = ensure_demo_results(folder)
        except Exception as e:  # the app still opens: it computes from the book instead
            info.write(f"note: the demo book's nightly run failed ({type(e).__name__}: {e}); "
                       "the app computes from the book\n")
        else:
            _said(info, m, t1)
    if args.print_folder:
        if not (folder / "book.json").is_file():
            return 1
        sys.stdout.write(f"{folder}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
