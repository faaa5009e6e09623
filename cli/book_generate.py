"""``kinfolio book generate``: write a synthetic book (and its planted events) and say what was
written, how long it took and where the planted events are."""

from __future__ import annotations

import argparse
import sys
import time

from cli import CliError, _print_json


def generate_command(args: argparse.Namespace) -> int:
    from book.generate import GenerateError, generate_book

    t0 = time.perf_counter()
    try:
        s = generate_book(args.output, args.households, args.months, args.seed,
                          fmt=getattr(args, "format", "csv"),
                          overwrite=getattr(args, "force", False))
    except GenerateError as e:
        raise CliError(f"book generate: {e}") from None
    except OSError as e:
        raise CliError(f"book generate: cannot write {args.output}: {e.strerror or e}") from None
    seconds = round(time.perf_counter() - t0, 2)
    if getattr(args, "json", False):
        _print_json({"book": str(s.path), "planted": str(s.planted_path), "seed": s.seed,
                     "as_of": s.as_of.isoformat(), "months": s.months,
                     "households": s.households, "rows": dict(s.rows),
                     "planted_events": dict(s.events), "skipped": dict(s.skipped),
                     "seconds": seconds})
        return 0
    rows = ", ".join(f"{k} {v:,}" for k, v in s.rows.items())
    sys.stdout.write(f"{s.path}: {s.households:,} families over {s.months} months to "
                     f"{s.as_of.isoformat()} (seed {s.seed}) in {seconds} s\n  {rows}\n"
                     f"  planted: {sum(s.events.values())} events in {s.planted_path}\n")
    for kind, why in s.skipped.items():
        sys.stdout.write(f"  not planted: {kind} ({why})\n")
    return 0
