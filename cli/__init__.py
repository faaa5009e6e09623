"""The ``kinfolio`` command: validate, schema, summary, plan, succession, proposal, storage, bench.

Every command turns a bad file or a bad argument into a message naming the field and exit code 2;
no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence

EXIT_INVALID = 2


class CliError(Exception):
    """A user-facing error: printed on stderr, exit 2."""


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False,
                                allow_nan=False) + "\n")


def _load(path: str):
    from household import load

    return load(path)


def _store(args: argparse.Namespace):
    from household.storage import Store

    return Store(getattr(args, "db", None))


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (a version, a limit)."""
    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
        if not low <= v <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high} (got {text})")
        return v

    parse.__name__ = "number"
    return parse


MAX_VERSION = 2**31 - 1


def _user(args: argparse.Namespace) -> str:
    return getattr(args, "user", None) or os.environ.get("KINFOLIO_USER") or \
        os.environ.get("USER") or "kinfolio"


# ----------------------------------------------------------------------------- commands
def cmd_validate(args: argparse.Namespace) -> int:
    from household import HouseholdError, problems
    from household.io import read_file

    try:
        data = read_file(args.file)
    except HouseholdError as e:
        found = e.problems
    else:
        found = problems(data)
    for p in found:
        sys.stderr.write(f"{p}\n")
    if found:
        return EXIT_INVALID
    if not args.quiet:
        sys.stdout.write(f"{args.file}: valid kinfolio.household/1\n")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from household import Household

    _print_json(Household.model_json_schema(by_alias=True))
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from household import summary

    hh = _load(args.file)
    doc = summary(hh)
    if args.json:
        _print_json(doc)
    else:
        from household.report import summary_text

        sys.stdout.write(summary_text(hh, args.lang) + "\n")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from household.io import read_file

    data = read_file(args.file)
    info = _store(args).import_file(data, _user(args), comment=args.comment)
    if args.json:
        _print_json({"id": info.household_id, **info.as_json()})
    else:
        sys.stdout.write(f"saved {info.household_id} version {info.version} ({info.sha256[:12]})\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        text = store.document(args.id, args.version)
    except KeyError as e:
        raise CliError(str(e.args[0])) from None
    from household import audit
    from household.outfile import check_destination, write_text

    force = bool(getattr(args, "force", False))
    if args.output:
        check_destination(args.output, force)
    # the audit row comes first: a store that cannot record the export does not release it
    audit.record(store, _user(args), "export", args.id, args.version,
                 f"cli export to {args.output or 'stdout'}")
    if args.output:
        write_text(args.output, text, force=force)
    else:
        sys.stdout.write(text)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    try:
        rows = _store(args).history(args.id)
    except KeyError as e:
        raise CliError(str(e.args[0])) from None
    if args.json:
        _print_json({"id": args.id, "versions": [r.as_json() for r in rows]})
    else:
        for r in rows:
            sys.stdout.write(f"v{r.version}  {r.saved_at:%Y-%m-%d %H:%M:%S}  {r.saved_by}  "
                             f"{r.sha256[:12]}  {r.comment or ''}\n")
    return 0


def _delegate(module: str, func: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        import importlib

        return getattr(importlib.import_module(module), func)(args)

    return run


# ----------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kinfolio", description="Household wealth planner for "
                                "private banking.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable, help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(handler=handler)
        return sp

    def db(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--db", help="database path or SQLAlchemy URL (default: KINFOLIO_DB, "
                        "else SQLite in the user's data directory)")

    sp = add("validate", cmd_validate, "check a household file; exit 2 with each problem")
    sp.add_argument("file")
    sp.add_argument("-q", "--quiet", action="store_true")

    add("schema", cmd_schema, "print the JSON Schema of kinfolio.household/1")

    sp = add("summary", cmd_summary, "consolidated balance sheet, look-through and control")
    sp.add_argument("file")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--lang", default="en", choices=["en", "zh-Hant", "zh-Hans"])

    sp = add("plan", _delegate("scenarios.command", "plan_command"),
             "Monte Carlo plan: goal success and wealth percentiles")
    sp.add_argument("file")
    sp.add_argument("--cma", help="assumption set file (JSON)")
    sp.add_argument("--paths", type=int, default=10_000)
    sp.add_argument("--seed", type=int, default=20261128)
    sp.add_argument("--risk-level", choices=["C1", "C2", "C3", "C4", "C5"])
    sp.add_argument("--nominal", action="store_true", help="wealth in nominal money (default: "
                    "today's money)")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--lang", default="en", choices=["en", "zh-Hant", "zh-Hans"])

    sp = add("succession", _delegate("scenarios.command", "succession_command"),
             "who receives what, tax and control if a person dies on the as-of date")
    sp.add_argument("file")
    sp.add_argument("--deceased", required=True)
    sp.add_argument("--jurisdiction", choices=["CN", "TW", "HK", "SG", "US", "UK", "JP"])
    sp.add_argument("--scenario", help="apply a saved scenario of the household first")
    sp.add_argument("--then", help="a second death after the first (e.g. the surviving spouse)")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--lang", default="en", choices=["en", "zh-Hant", "zh-Hans"])

    sp = add("proposal", _delegate("proposal.command", "proposal_command"),
             "the client PDF proposal")
    sp.add_argument("file")
    sp.add_argument("--lang", default="en", choices=["en", "zh-Hant", "zh-Hans"])
    sp.add_argument("-o", "--output", required=True)
    sp.add_argument("--force", action="store_true", help="replace an existing output file")
    sp.add_argument("--paths", type=int, default=10_000)
    sp.add_argument("--seed", type=int, default=20261128)
    sp.add_argument("--cma", help="assumption set file (JSON)")

    sp = add("import", cmd_import, "save a valid household file as a new version")
    sp.add_argument("file")
    sp.add_argument("--user", help="who saves (default: KINFOLIO_USER or the login name)")
    sp.add_argument("--comment")
    sp.add_argument("--json", action="store_true")
    db(sp)

    sp = add("export", cmd_export, "write a saved version back as a household file")
    sp.add_argument("id")
    sp.add_argument("--version", type=bounded_int(1, MAX_VERSION))
    sp.add_argument("-o", "--output")
    sp.add_argument("--force", action="store_true", help="replace an existing output file")
    db(sp)

    sp = add("history", cmd_history, "the saved versions of a household")
    sp.add_argument("id")
    sp.add_argument("--json", action="store_true")
    db(sp)

    sp = add("bench", _delegate("benchmarks.run", "bench_command"),
             "benchmarks W1–W5 and the household workloads, as ratios to their floor")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    sp.add_argument("--only", help="comma-separated workload ids")
    sp.add_argument("--repeat", type=bounded_int(1, 1000), default=5)

    sp = add("admin", _delegate("household.admin_command", "admin_command"),
             "banker accounts: create (an administrator by default), password, assign, "
             "unassign, disable, enable, list")
    sp.add_argument("action", choices=["create", "password", "assign", "unassign", "disable",
                                       "enable", "list"])
    sp.add_argument("--user", help="account name (with single sign-on: the e-mail address)")
    sp.add_argument("--role", choices=["admin", "banker"], help="for create (default: admin)")
    sp.add_argument("--household", help="household id, for assign and unassign")
    sp.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    sp.add_argument("--oidc", action="store_true", help="no password: single sign-on only")
    sp.add_argument("--json", action="store_true")
    db(sp)

    sp = add("audit", _delegate("household.admin_command", "audit_command"),
             "the audit log: who viewed, changed and exported what, newest first")
    sp.add_argument("--household")
    sp.add_argument("--user")
    sp.add_argument("--limit", type=bounded_int(1, 10_000_000), default=1000)
    sp.add_argument("--json", action="store_true")
    db(sp)

    sp = add("backup", _delegate("household.admin_command", "backup_command"),
             "copy the whole database (SQLite online backup) and optionally export every "
             "household as files")
    sp.add_argument("dest", help="the new database file")
    sp.add_argument("--export", metavar="DIR", help="also write every household file here")
    sp.add_argument("--all-versions", action="store_true")
    sp.add_argument("--force", action="store_true",
                    help="replace an existing backup file and existing files in the export folder")
    db(sp)

    from cli.book import add_book_parser

    add_book_parser(sub, db)
    return p


def _quiet_blas_for_bench(argv: Sequence[str]) -> None:
    """Benchmarks compare a workload with its floor on the same machine; multi-threaded BLAS on a
    shared two-core machine makes both noisy, so `bench` runs single-threaded unless told
    otherwise. Must run before numpy is imported."""
    if argv and argv[0] == "bench":
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _quiet_blas_for_bench(argv)
    from household.errors import HouseholdError, StaleVersionError, StoreError
    from household.outfile import OutputError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse already printed its usage message
        return EXIT_INVALID if e.code not in (0, None) else 0
    try:
        return int(args.handler(args) or 0)
    except HouseholdError as e:
        for p in e.problems:
            sys.stderr.write(f"{p}\n")
        return EXIT_INVALID
    except (CliError, StaleVersionError, OutputError, StoreError) as e:
        sys.stderr.write(f"kinfolio: {e}\n")
        return EXIT_INVALID
    except KeyboardInterrupt:
        sys.stderr.write("kinfolio: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:
        if type(e).__name__ == "RuleError":  # scenarios.rules: no rule in force on the date
            sys.stderr.write(f"kinfolio: {e} (the household's as_of date is outside the dates "
                             "the rules are encoded for)\n")
            return EXIT_INVALID
        if not _is_database_error(e):
            raise
        from household.storage import default_url, describe_db_error

        db = getattr(args, "db", None)
        sys.stderr.write(f"kinfolio: {describe_db_error(str(db or default_url()), e)}\n")
        return EXIT_INVALID


def _is_database_error(e: BaseException) -> bool:
    """A database failure after opening (read-only disk, corruption found while reading, a lost
    connection): reported in one sentence, never as a traceback."""
    import sqlite3

    return type(e).__module__.startswith("sqlalchemy") or isinstance(e, sqlite3.Error)


if __name__ == "__main__":
    sys.exit(main())
