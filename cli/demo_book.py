"""``python -m cli.demo_book [--db URL] [--families N] [--results] [--print-folder]``: generate
and import the demo book once per database (:func:`book.demo.ensure_demo_book`) and, with
``--results``, its nightly run (:func:`book.demo.ensure_demo_results`); the app's launcher
(``dev.py app``) runs it with ``--print-folder --results``."""

from __future__ import annotations

import argparse
import sys
import time

from book.demo import (
    DEMO_FAMILIES,
    DEMO_PATHS,
    ensure_demo_book,
    ensure_demo_results,
    results_folder,
)
from book.nightly_results import freshness
from book.store import BookStore


def _said(info, m: dict | None, t1: float) -> None:
    if m is None:
        info.write("demo book: nightly results current\n")
        return
    c = m["counts"]
    info.write(f"demo book: nightly run {m['status']}: {c['households']} households "
               f"({c['computed']} planned, {c['failed']} failed) in "
               f"{time.perf_counter() - t1:.1f} s\n")



def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m cli.demo_book",
                                description="The demo book: a generated book of a few hundred "
                                "families imported into the demo database.")
    p.add_argument("--db", help="database path or URL (default: KINFOLIO_DB or the user's)")
    p.add_argument("--families", type=int, default=DEMO_FAMILIES)
    p.add_argument("--print-folder", action="store_true",
                   help="print the demo book's folder on the last line (for the app's launcher)")
    p.add_argument("--results", action="store_true",
                   help=f"also run the nightly run on it ({DEMO_PATHS} paths) unless its "
                   "results are current")
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
