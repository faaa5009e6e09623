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


@_book_errors
def import_command(args: argparse.Namespace) -> int:
    import duckdb

    from book.reader import open_book
    from book.store import BookStore
    from cli import CliError, _user

    store = BookStore(getattr(args, "db", None), getattr(args, "store", None))
    with open_book(args.book) as b:
        try:
            summary = store.import_book(b, _user(args), source=str(args.book))
        except (OSError, duckdb.IOException) as e:
            why = e.strerror if isinstance(e, OSError) and e.strerror else str(e).split("\n")[0]
            raise CliError(f"cannot write the book store in {store.data}: {why}; nothing was "
                           "imported") from None
    if args.json:
        _print_json(summary.as_json())
        return 0
    out = [f"import {summary.import_id} of {args.book} (as of {summary.as_of}):"]
    for table, counts in summary.tables.items():
        parts = [f"{n:,} {k.replace('_', ' ')}" for k, n in counts.items() if n or k == "new"]
        out.append(f"  {table}: {', '.join(parts)}")
        for change in ("changed", "removed"):
            shown = summary.ids.get(table, {}).get(change)
            if shown:
                more = counts[change] - len(shown)
                out.append(f"    {change}: {' '.join(shown)}" + (f" (+{more})" if more > 0
                                                                   else ""))
    hh = summary.households
    out.append("  households: " + ", ".join(f"{len(v)} {k}" for k, v in hh.items()))
    if not summary.loaded_anything:
        out.append("  nothing new: everything in this export was already loaded")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def _as_of(args: argparse.Namespace):
    import datetime as dt

    from cli import CliError

    if not getattr(args, "as_of", None):
        return None
    try:
        return dt.date.fromisoformat(args.as_of)
    except ValueError:
        raise CliError(f"--as-of: expected a date YYYY-MM-DD (got {args.as_of!r})") from None


@_book_errors
def segments_command(args: argparse.Namespace) -> int:
    from book.reader import open_book, read_meta
    from book.segments import segments
    from cli import CliError

    as_of = _as_of(args)
    try:
        if getattr(args, "stored", False):
            from book.store import BookStore

            meta = read_meta(args.book)
            store = BookStore(getattr(args, "db", None), getattr(args, "store", None))
            con = store.connect()
            try:
                result = segments(con, meta, None, as_of)
            finally:
                con.close()
        else:
            with open_book(args.book) as b:
                result = segments(b.con, b.meta, b.households, as_of)
    except ValueError as e:
        if type(e) is not ValueError:
            raise
        raise CliError(str(e)) from None
    if args.json:
        _print_json(result.as_json())
        return 0
    names = {t.code: t.name for t in result.tiers}
    lines = [f"segments as of {result.as_of} ({result.base_currency}, tiers of {result.market}: "
             + ", ".join(f"{t.name} from {t.threshold:,.0f}" for t in result.tiers) + ")"]
    for c in result.clients:
        lines.append(f"  {c.client_id:<12} {c.assets_with_us:>16,.0f}  "
                     f"{names.get(c.tier, '-') if c.tier else '-':<6} "
                     f"{c.last_activity or '-'}  {c.banker}  {' '.join(c.products)}")
    for h in result.households:
        share = f"{h.wallet_share:.1%}" if h.wallet_share is not None else "-"
        lines.append(f"  household {h.household_id}: {h.assets_with_us:,.0f} with us, wallet "
                     f"share {share}, {names.get(h.tier, h.tier)}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


@_book_errors
def drafts_command(args: argparse.Namespace) -> int:
    from book.drafts import drafts
    from book.reader import open_book

    with open_book(args.book) as b:
        doc = drafts(b.frame("clients"), b.frame("relationships"), b.households)
    if args.json:
        _print_json(doc)
        return 0
    out = ["rules:", *(f"  {i}. {r}" for i, r in enumerate(doc["rules"], 1))]
    for d in doc["drafts"]:
        out.append(f"{d['draft_id']} ({d['banker']}): "
                   + ", ".join(f"{p['name']} [{p['client_id']}]" for p in d["people"]))
        for c in d["companies"]:
            out.append(f"    controls {c['name']} [{c['client_id']}] {c['family_share']:.0%}")
        for link in d["links"]:
            out.append(f"    link {link['kind']}: {link['client']['name']} "
                       f"[{link['client']['client_id']}]")
    for e in doc["extends"]:
        out.append(f"household {e['household_id']}: not yet in it: "
                   + (", ".join(f"{m['name']} [{m['client_id']}]" for m in e["missing"])
                      or "nothing"))
    for a in doc["ambiguous"]:
        out.append(f"ambiguous ({a['code']}): {a['reason']}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0
