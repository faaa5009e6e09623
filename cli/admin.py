"""Command-line side of accounts, audit and backup: ``kinfolio admin``, ``kinfolio audit`` and
``kinfolio backup``. Whoever can run these holds the database file, so they act as ``cli``.

Each function takes the parsed ``argparse.Namespace`` and returns the exit code; user errors are
printed on stderr with exit code 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from store import access, audit
from store.backup import BackupError, backup_database, export_all
from store.storage import Store

EXIT_INVALID = 2


def _fail(msg: str) -> int:
    sys.stderr.write(f"kinfolio: {msg}\n")
    return EXIT_INVALID


def _read_password(args: argparse.Namespace) -> str | None:
    if getattr(args, "oidc", False):
        return None
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise access.AccountError("no terminal to ask for the password: use --password-stdin "
                                  "(or --oidc for a single-sign-on account)")
    first = getpass.getpass(f"password for {args.user}: ")
    again = getpass.getpass("again: ")
    if first != again:
        raise access.AccountError("the two passwords differ")
    return first


def _json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def admin_command(args: argparse.Namespace) -> int:
    """``kinfolio admin create|password|assign|unassign|disable|enable|list``."""
    store = Store(getattr(args, "db", None))
    action = args.action
    try:
        if action == "list":
            rows = access.list_accounts(store)
            for r in rows:
                r["households"] = access.households_of(store, r["name"])
            if getattr(args, "json", False):
                _json({"accounts": rows})
            else:
                for r in rows:
                    state = "" if r["active"] else " (disabled)"
                    sys.stdout.write(f"{r['name']}  {r['role']}{state}  "
                                     f"{', '.join(r['households']) or '-'}\n")
            return 0
        if not args.user:
            return _fail(f"admin {action} needs --user NAME")
        if action == "create":
            password = _read_password(args)
            user = access.create_account(store, args.user, password, role=args.role or "admin")
            sys.stdout.write(f"created {user.role} '{user.name}'\n")
        elif action == "password":
            password = _read_password(args)
            if password is None:
                return _fail("admin password needs a password (not --oidc)")
            access.set_password(store, args.user, password)
            sys.stdout.write(f"password of '{args.user}' set\n")
        elif action in ("assign", "unassign"):
            if not args.household:
                return _fail(f"admin {action} needs --household ID")
            if action == "assign":
                if store.latest_version(args.household) is None:
                    return _fail(f"no household '{args.household}' in the store")
                access.assign(store, args.household, args.user)
            else:
                access.unassign(store, args.household, args.user)
            sys.stdout.write(f"{action}ed {args.household} {'to' if action == 'assign' else 'from'}"
                             f" '{args.user}'\n")
        elif action == "unlock":
            had = access.unlock(store, args.user)
            sys.stdout.write(f"unlocked '{args.user}'\n" if had else
                             f"'{args.user}' had no failed sign-ins\n")
        elif action in ("disable", "enable"):
            access.set_active(store, args.user, action == "enable")
            sys.stdout.write(f"{action}d '{args.user}'\n")
        else:
            return _fail(f"unknown admin action '{action}'")
    except access.AccountError as e:
        return _fail(str(e))
    return 0


def audit_command(args: argparse.Namespace) -> int:
    """``kinfolio audit [--household ID] [--user NAME] [--limit N] [--json]``."""
    store = Store(getattr(args, "db", None))
    rows = audit.entries(store, "cli", household_id=getattr(args, "household", None),
                         actor=getattr(args, "user", None), limit=getattr(args, "limit", 1000))
    if getattr(args, "json", False):
        _json({"entries": [r.as_json() for r in rows]})
    else:
        for r in rows:
            what = f"{r.household_id or ''}{f' v{r.version}' if r.version else ''}"
            sys.stdout.write(f"{r.at:%Y-%m-%d %H:%M:%S}  {r.actor}  {r.action}  {what}  "
                             f"{r.detail or ''}\n".replace("  \n", "\n"))
    return 0


def backup_command(args: argparse.Namespace) -> int:
    """``kinfolio backup DEST.db [--export DIR] [--all-versions]``."""
    store = Store(getattr(args, "db", None))
    force = bool(getattr(args, "force", False))
    try:
        path = backup_database(store, args.dest, overwrite=force)
    except BackupError as e:
        return _fail(str(e))
    sys.stdout.write(f"database copied to {path}\n")
    if getattr(args, "export", None):
        try:
            files = export_all(store, args.export, overwrite=force,
                               all_versions=getattr(args, "all_versions", False))
        except BackupError as e:
            return _fail(str(e))
        sys.stdout.write(f"{len(files)} household files written to {args.export}\n")
    return 0
