"""``kinfolio book validate | import | segments | drafts``: reading a book and what it holds.

Engines live in ``book``; this module parses nothing (see ``cli.book``), prints their results and
turns a bad book into ``FILE:LINE: column: problem`` lines on stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import wraps

from cli import EXIT_INVALID, _print_json


def _book_errors(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    @wraps(func)
    def run(args: argparse.Namespace) -> int:
        from book.errors import BookError

        try:
            return func(args)
        except BookError as e:
            for line in e.lines():
                sys.stderr.write(f"{line}\n")
            sys.stderr.write(f"kinfolio: {args.book}: not a valid kinfolio.book/1 folder "
                             f"({e.total} problem{'s' if e.total != 1 else ''}); nothing was "
                             "stored\n")
            return EXIT_INVALID

    return run


@_book_errors
def validate_command(args: argparse.Namespace) -> int:
    from book.frames import TABLES
    from book.reader import open_book

    with open_book(args.book) as b:
        counts = {t: b.count(t) for t in TABLES}
        n_hh = len(b.households)
    if getattr(args, "json", False):
        _print_json({"valid": True, "as_of": b.meta.as_of.isoformat(), "counts": counts,
                     "households": n_hh})
    else:
        sys.stdout.write(f"{args.book}: valid kinfolio.book/1 (as of {b.meta.as_of}): "
                         + ", ".join(f"{n:,} {t}" for t, n in counts.items())
                         + f", {n_hh} household file{'s' if n_hh != 1 else ''}\n")
    return 0
