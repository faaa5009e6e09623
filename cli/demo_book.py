"""``python -m cli.demo_book [--db URL] [--families N] [--print-folder]``: generate and import the
demo book once per database (:func:`book.demo.ensure_demo_book`); the app's launcher
(``dev.py app``) runs it with ``--print-folder``."""

from __future__ import annotations

import argparse
import sys
import time

from book.demo import DEMO_FAMILIES, ensure_demo_book
from book.store import BookStore


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m cli.demo_book",
                                description="The demo book: a generated book of a few hundred "
                                "families imported into the demo database.")
    p.add_argument("--db", help="database path or URL (default: KINFOLIO_DB or the user's)")
    p.add_argument("--families", type=int, default=DEMO_FAMILIES)
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
    if args.print_folder:
        if not (folder / "book.json").is_file():
            return 1
        sys.stdout.write(f"{folder}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
