"""The ``kinfolio`` command: validate, schema, summary, plan, recommend, succession, proposal,
storage, bench.

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
    from store.storage import Store

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


def os_user() -> str:
    """The operating-system account running the command (from the process's user id, not from
    environment variables anyone can set)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):  # Windows, or a uid without a passwd entry
        import getpass

        try:
            return getpass.getuser()
        except Exception:  # no login name at all
            return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def _user(args: argparse.Namespace) -> str:
    """Who acts, as recorded: the operating-system user. A name given with --user (or
    KINFOLIO_USER) is recorded beside it as a claim, never instead of it."""
    return os_user()


def _claim(args: argparse.Namespace) -> str | None:
    claimed = getattr(args, "user", None) or os.environ.get("KINFOLIO_USER")
    if not claimed or claimed == os_user():
        return None
    from household.safe_text import plain_text

    return f"claimed user: {plain_text(claimed, keep_newlines=False)[:150]}"


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
        from cli.summary_text import summary_text

        sys.stdout.write(summary_text(hh, args.lang) + "\n")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from household.io import read_file

    data = read_file(args.file)
    info = _store(args).import_file(data, _user(args), comment=args.comment,
                                    claim=_claim(args))
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
    from household.outfile import check_destination, write_text
    from store import audit

    force = bool(getattr(args, "force", False))
    if args.output:
        check_destination(args.output, force)
    # the audit row comes first: a store that cannot record the export does not release it
    claim = _claim(args)
    audit.record(store, _user(args), "export", args.id, args.version,
                 f"cli export to {args.output or 'stdout'}" + (f"; {claim}" if claim else ""))
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


def cmd_proposal(args: argparse.Namespace) -> int:
    """Refuse work too large (issue 18.5) before the PDF machinery is even imported, then hand
    the loaded household to :func:`cli.proposal.proposal_command`."""
    from household import HouseholdError, Problem
    from planner import PlanInputError, check_household_work

    hh = _load(args.file)
    try:
        check_household_work(hh, args.paths)
    except PlanInputError as e:
        raise HouseholdError([Problem(f"--{e.field}" if e.field == "paths" else e.field,
                                      e.message)]) from None
    args.household = hh
    from cli.proposal import proposal_command

    return proposal_command(args)


# The handlers below import their command module when called, so `kinfolio validate` does not
# pay for numpy, the PDF machinery or the database; each is a plain import of a plain function.
def cmd_plan(args: argparse.Namespace) -> int:
    from cli.plan import plan_command

    return plan_command(args)


def cmd_recommend(args: argparse.Namespace) -> int:
    from cli.recommend import recommend_command

    return recommend_command(args)


def cmd_succession(args: argparse.Namespace) -> int:
    from cli.succession import succession_command

    return succession_command(args)


def cmd_bench(args: argparse.Namespace) -> int:
    from benchmarks.run import bench_command

    return bench_command(args)


def cmd_admin(args: argparse.Namespace) -> int:
    from cli.admin import admin_command

    return admin_command(args)


def cmd_audit(args: argparse.Namespace) -> int:
    from cli.admin import audit_command

    return audit_command(args)


def cmd_backup(args: argparse.Namespace) -> int:
    from cli.admin import backup_command

    return backup_command(args)


# ----------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    # one default seed and path count for the CLI, the app and the PDF
    from planner.config import DEFAULT_PATHS, DEFAULT_SEED

    p = argparse.ArgumentParser(prog="kinfolio", description="Household wealth planner for "
                                "private banking.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_: str
            ) -> argparse.ArgumentParser:
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

    sp = add("plan", cmd_plan,
             "Monte Carlo plan: goal success and wealth percentiles")
    sp.add_argument("file")
    sp.add_argument("--cma", help="assumption set file (JSON)")
    sp.add_argument("--paths", type=int, default=DEFAULT_PATHS)
    sp.add_argument("--seed", type=int, default=DEFAULT_SEED)
    sp.add_argument("--risk-level", choices=["C1", "C2", "C3", "C4", "C5"])
    sp.add_argument("--nominal", action="store_true", help="wealth in nominal money (default: "
                    "today's money)")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--lang", default="en", choices=["en", "zh-Hant", "zh-Hans"])

    sp = add("recommend", cmd_recommend,
             "the recommended allocation within the client's risk band, beside the current one")
    sp.add_argument("file")
    sp.add_argument("--risk-level", choices=["C1", "C2", "C3", "C4", "C5"])
    sp.add_argument("--cma", help="assumption set file (JSON)")
    sp.add_argument("--paths", type=int, default=10_000)
    sp.add_argument("--seed", type=int, default=20261128)
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--lang", default="en", choices=["en", "zh-Hant", "zh-Hans"])
    sp.add_argument("--weights", help="the banker's own allocation instead of the model's: "
                    "CLASS=WEIGHT,... (normalised to one)")
    sp.add_argument("--products", help="the banker's own products: CLASS=PRODUCT[+PRODUCT],...")

    sp = add("succession", cmd_succession,
             "who receives what, tax and control if a person dies on the as-of date")
    sp.add_argument("file")
    sp.add_argument("--deceased", required=True)
    sp.add_argument("--jurisdiction", choices=["CN", "TW", "HK", "SG", "US", "UK", "JP"])
    sp.add_argument("--scenario", help="apply a saved scenario of the household first")
    sp.add_argument("--then", help="a second death after the first (e.g. the surviving spouse)")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--lang", default="en", choices=["en", "zh-Hant", "zh-Hans"])

    sp = add("proposal", cmd_proposal,
             "the client PDF proposal")
    sp.add_argument("file")
    sp.add_argument("--lang", default="en", choices=["en", "zh-Hant", "zh-Hans"])
    sp.add_argument("-o", "--output", required=True)
    sp.add_argument("--force", action="store_true", help="replace an existing output file")
    sp.add_argument("--paths", type=int, default=DEFAULT_PATHS)
    sp.add_argument("--seed", type=int, default=DEFAULT_SEED)
    sp.add_argument("--cma", help="assumption set file (JSON)")
    sp.add_argument("--bank", help="bank profile (TOML): name, logo, relationship manager, "
                    "disclosures")
    sp.add_argument("--appendix", action="store_true", help="add the technical appendix "
                    "(method, sources, seed, version) for the bank's files")
    sp.add_argument("--weights", help="the banker's own allocation instead of the model's: "
                    "CLASS=WEIGHT,... (normalised to one)")
    sp.add_argument("--products", help="the banker's own products: CLASS=PRODUCT[+PRODUCT],...")

    sp = add("import", cmd_import, "save a valid household file as a new version")
    sp.add_argument("file")
    sp.add_argument("--user", help="a name to record beside the operating-system user (a claim: "
                    "the audit names the OS user who ran the command)")
    sp.add_argument("--comment")
    sp.add_argument("--json", action="store_true")
    db(sp)

    sp = add("export", cmd_export, "write a saved version back as a household file")
    sp.add_argument("id")
    sp.add_argument("--version", type=bounded_int(1, MAX_VERSION))
    sp.add_argument("-o", "--output")
    sp.add_argument("--force", action="store_true", help="replace an existing output file")
    sp.add_argument("--user", help="a name to record beside the operating-system user (a claim)")
    db(sp)

    sp = add("history", cmd_history, "the saved versions of a household")
    sp.add_argument("id")
    sp.add_argument("--json", action="store_true")
    db(sp)

    sp = add("bench", cmd_bench,
             "benchmarks W1–W5 and the household workloads, as ratios to their floor")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    sp.add_argument("--only", help="comma-separated workload ids")
    sp.add_argument("--repeat", type=bounded_int(1, 1000), default=5)

    sp = add("admin", cmd_admin,
             "banker accounts: create (an administrator by default), password, assign, "
             "unassign, disable, enable, unlock (after too many failed sign-ins), list")
    sp.add_argument("action", choices=["create", "password", "assign", "unassign", "disable",
                                       "enable", "unlock", "list"])
    sp.add_argument("--user", help="account name (with single sign-on: the e-mail address)")
    sp.add_argument("--role", choices=["admin", "banker"], help="for create (default: admin)")
    sp.add_argument("--household", help="household id, for assign and unassign")
    sp.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    sp.add_argument("--oidc", action="store_true", help="no password: single sign-on only")
    sp.add_argument("--json", action="store_true")
    db(sp)

    sp = add("audit", cmd_audit,
             "the audit log: who viewed, changed and exported what, newest first")
    sp.add_argument("--household")
    sp.add_argument("--user")
    sp.add_argument("--limit", type=bounded_int(1, 10_000_000), default=1000)
    sp.add_argument("--json", action="store_true")
    db(sp)

    sp = add("backup", cmd_backup,
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

    from household.safe_text import TerminalStream

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalStream(out), TerminalStream(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: list[str]) -> int:
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
        from scenarios.rules import RuleError  # only on this path: no rule in force on the date

        if isinstance(e, RuleError):
            sys.stderr.write(f"kinfolio: {e} (the household's as_of date is outside the dates "
                             "the rules are encoded for)\n")
            return EXIT_INVALID
        if not _is_database_error(e):
            raise
        from store.storage import default_url, describe_db_error

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
