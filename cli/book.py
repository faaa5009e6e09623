"""``kinfolio book …``: the banker's book commands (spec: book-format.md).

Parsing only; each command's work is in its own module (``cli.book_read``, ``cli.book_generate``,
``cli.book_watch``, ``cli.book_run``), which calls the ``book`` engines and prints their results.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from planner.config import DEFAULT_SEED


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


def _watch(name: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from cli import book_watch

        return getattr(book_watch, name)(args)

    return run


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
    sp.add_argument("--seed", type=int, default=DEFAULT_SEED)
    sp.add_argument("-o", "--output", required=True)
    sp.add_argument("--format", choices=("csv", "parquet"), default="csv",
                    help="transactions as CSV or Parquet (other tables are CSV)")
    sp.add_argument("--force", action="store_true", help="replace an existing folder")
    sp.add_argument("--json", action="store_true")

    def lang(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--lang", default="en", choices=["en", "zh-Hant", "zh-Hans"])

    sp = add("alerts", _alerts, "fund-flow alerts, maturities and KYC reviews due")
    sp.add_argument("book")
    as_of(sp)
    sp.add_argument("--window-days", type=int, help="days of transactions watched (default 30)")
    sp.add_argument("--json", action="store_true")
    lang(sp)
    db(sp)

    sp = add("ack", _watch("ack_command"), "acknowledge or close an alert's episode (it does not "
             "come back)")
    sp.add_argument("book")
    sp.add_argument("--episode", required=True, help="the alert's episode, as `alerts` shows it")
    sp.add_argument("--close", action="store_true", help="close instead of acknowledge")
    sp.add_argument("--note")
    sp.add_argument("--user", help="who acknowledges (default: KINFOLIO_USER or USER)")
    as_of(sp)
    sp.add_argument("--window-days", type=int)
    sp.add_argument("--json", action="store_true")
    lang(sp)
    db(sp)

    sp = add("activation", _activation, "dormant and low-activity clients worth a call")
    sp.add_argument("book")
    as_of(sp)
    sp.add_argument("--dormant-months", type=int, help="months without client activity "
                    "(default 12)")
    sp.add_argument("--limit", type=int)
    sp.add_argument("--json", action="store_true")
    lang(sp)

    sp = add("ledger", _watch("ledger_command"), "the key-client ledger (重點客戶台賬): list, "
             "record a follow-up, export to Excel")
    lsub = sp.add_subparsers(dest="ledger_action", required=True, metavar="ACTION")
    for action, help_ in (("list", "the ledger's rows"), ("follow-up", "record a follow-up"),
                          ("export", "write the ledger and its follow-ups to an Excel file")):
        lp = lsub.add_parser(action, help=help_, description=help_)
        lp.add_argument("book")
        if action == "follow-up":
            lp.add_argument("--client", required=True)
            lp.add_argument("--what", required=True, help="what was done")
            lp.add_argument("--contact-date", help="YYYY-MM-DD")
            lp.add_argument("--channel", choices=["visit", "call", "message", "meeting", "event",
                                                  "other"])
            lp.add_argument("--next-action")
            lp.add_argument("--next-date", help="YYYY-MM-DD")
            lp.add_argument("--status", default="open",
                            choices=["open", "in_progress", "done", "no_interest"])
            lp.add_argument("--user", help="who records (default: KINFOLIO_USER or USER)")
        else:
            as_of(lp)
            lp.add_argument("--banker")
            lp.add_argument("--list", help="comma-separated: vip, loan, payroll_company, "
                            "payroll_staff, succession")
        if action == "export":
            lp.add_argument("--xlsx", required=True, help="the .xlsx file to write")
            lp.add_argument("--force", action="store_true", help="replace an existing file")
            lp.add_argument("--user", help="who exports (default: KINFOLIO_USER or USER)")
        lp.add_argument("--json", action="store_true")
        lang(lp)
        db(lp)

    sp = add("calendar", _watch("calendar_command"), "birthdays, festivals, maturities, KYC "
             "reviews, policy anniversaries and planned visits for a date range")
    sp.add_argument("book")
    sp.add_argument("--from", dest="start", help="YYYY-MM-DD (default: the book's as_of)")
    sp.add_argument("--to", dest="end", help="YYYY-MM-DD (default: 30 days later)")
    sp.add_argument("--banker")
    sp.add_argument("--ics", help="also write an iCalendar file")
    sp.add_argument("--force", action="store_true", help="replace an existing --ics file")
    sp.add_argument("--json", action="store_true")
    lang(sp)
    db(sp)

    sp = add("linkage", _watch("linkage_command"), "公私聯動: corporate-private opportunities "
             "ranked across the book")
    sp.add_argument("book")
    as_of(sp)
    sp.add_argument("--banker")
    sp.add_argument("--limit", type=int)
    sp.add_argument("--json", action="store_true")
    lang(sp)

    sp = add("run", _run, "the nightly run: every household planned, checked and ranked")
    sp.add_argument("book")
    sp.add_argument("--out", required=True)
    sp.add_argument("--paths", type=int, default=2_000)
    sp.add_argument("--seed", type=int, default=DEFAULT_SEED)
    grp = sp.add_mutually_exclusive_group()
    grp.add_argument("--workers", type=int)
    grp.add_argument("--scheduler", help="tcp://HOST:PORT of a running dask scheduler")
    sp.add_argument("--full", action="store_true", help="recompute every household")
    sp.add_argument("--json", action="store_true")
