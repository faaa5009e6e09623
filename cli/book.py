"""``kinfolio book …``: the banker's book commands (spec: book-format.md).

Parsing only; each command's work is in its own module (``cli.book_read``, ``cli.book_generate``,
``cli.book_watch``, ``cli.book_run``), which calls the ``book`` engines and prints their results.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


def _validate(args: argparse.Namespace) -> int:
    from cli.book_read import validate_command

    return validate_command(args)


def _import(args: argparse.Namespace) -> int:
    from cli.book_read import import_command

    return import_command(args)


def _segments(args: argparse.Namespace) -> int:
    from cli.book_read import segments_command

    return segments_command(args)


def _drafts(args: argparse.Namespace) -> int:
    from cli.book_read import drafts_command

    return drafts_command(args)


def _generate(args: argparse.Namespace) -> int:
    from cli.book_generate import generate_command

    return generate_command(args)


def _alerts(args: argparse.Namespace) -> int:
    from cli.book_watch import alerts_command

    return alerts_command(args)


def _activation(args: argparse.Namespace) -> int:
    from cli.book_watch import activation_command

    return activation_command(args)


def _run(args: argparse.Namespace) -> int:
    from cli.book_run import run_command

    return run_command(args)


def add_book_parser(sub: argparse._SubParsersAction,
                    db: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``kinfolio book`` and its sub-commands on the top-level parser."""
    bp = sub.add_parser("book", help="the banker's book: clients, accounts, transactions",
                        description="the banker's book: clients, accounts, balances and "
                        "transactions from the bank's systems (book-format.md)")
    bsub = bp.add_subparsers(dest="book_command", required=True, metavar="BOOK_COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int],
            help_: str) -> argparse.ArgumentParser:
        sp = bsub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(handler=handler)
        return sp

    def store_dir(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--store", metavar="DIR", help="folder of the imported transactions and "
                        "balances (Parquet; default: beside the SQLite file, or KINFOLIO_BOOK_DIR)")

    def as_of(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--as-of", help="YYYY-MM-DD (default: the book's as_of)")

    sp = add("validate", _validate, "check a book folder; exit 2 with FILE:LINE: column: problem")
    sp.add_argument("book")

    sp = add("import", _import, "load a nightly export incrementally into the store")
    sp.add_argument("book")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--user", help="who imports (default: KINFOLIO_USER or the login name)")
    db(sp)
    store_dir(sp)

    sp = add("segments", _segments, "assets with us, known wealth, wallet share and tier")
    sp.add_argument("book")
    as_of(sp)
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--stored", action="store_true", help="from the imported book (kinfolio book "
                    "import) instead of reading the folder's tables again")
    db(sp)
    store_dir(sp)

    sp = add("drafts", _drafts, "households proposed from relationships.csv, for a banker to "
             "confirm")
    sp.add_argument("book")
    sp.add_argument("--json", action="store_true")

    sp = add("generate", _generate, "write a synthetic book for demonstrations and tests")
    sp.add_argument("--households", type=int, required=True)
    sp.add_argument("--months", type=int, default=24)
    sp.add_argument("--seed", type=int, default=20261128)
    sp.add_argument("-o", "--output", required=True)
    sp.add_argument("--format", choices=("csv", "parquet"), default="csv",
                    help="transactions as CSV or Parquet (other tables are CSV)")
    sp.add_argument("--force", action="store_true", help="replace an existing folder")
    sp.add_argument("--json", action="store_true")

    sp = add("alerts", _alerts, "fund-flow alerts, maturities and KYC reviews due")
    sp.add_argument("book")
    as_of(sp)
    sp.add_argument("--json", action="store_true")

    sp = add("activation", _activation, "dormant and low-activity clients worth a call")
    sp.add_argument("book")
    as_of(sp)
    sp.add_argument("--json", action="store_true")

    sp = add("run", _run, "the nightly run: every household planned, checked and ranked")
    sp.add_argument("book")
    sp.add_argument("--out", required=True)
    sp.add_argument("--paths", type=int, default=2_000)
    sp.add_argument("--seed", type=int, default=20261128)
    grp = sp.add_mutually_exclusive_group()
    grp.add_argument("--workers", type=int)
    grp.add_argument("--scheduler", help="tcp://HOST:PORT of a running dask scheduler")
    sp.add_argument("--full", action="store_true", help="recompute every household")
    sp.add_argument("--json", action="store_true")
