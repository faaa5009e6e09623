"""PostgreSQL backups with PostgreSQL's own tools: ``pg_dump`` in its custom archive format
(consistent: one snapshot, taken while others keep saving), checked by reading the archive's
table of contents back with ``pg_restore --list``; ``restore`` loads such an archive into an
empty database with ``pg_restore``.

A dump rather than a logical export of Kinfolio's rows: it carries the schema, the append-only
triggers, the Alembic revision and every table (also those added by later revisions), and it is
what a bank's database administrators already know how to keep and restore.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

_NEEDED = ("household_versions", "audit_log")


class PgToolError(RuntimeError):
    """pg_dump / pg_restore missing or failing; the message says what to do."""


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    raise PgToolError(f"{name} is not installed (Debian: apt install postgresql-client); it is "
                      "needed to back up or restore a PostgreSQL store")


def _libpq(url: URL | str) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password (which goes in PGPASSWORD, never on the
    command line where other users of the machine could read it)."""
    u = make_url(url) if isinstance(url, str) else url
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    plain = u.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(cmd: list[str], env: dict[str, str], what: str) -> str:
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=6 * 3600)
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["no message"])[-1]
        raise PgToolError(f"{what} failed: {last}")
    return r.stdout


def dump(url: URL | str, dest: Path) -> None:
    """Write the whole database to ``dest`` (custom format) and check the archive."""
    conninfo, env = _libpq(url)
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
          f"--file={dest}", f"--dbname={conninfo}"], env, "pg_dump")
    toc = _run([_tool("pg_restore"), "--list", str(dest)], env, "reading the dump back")
    missing = [t for t in _NEEDED if f"TABLE DATA public {t} " not in toc]
    if missing:
        raise PgToolError(f"the dump lacks the data of {', '.join(missing)}: is this Kinfolio's "
                          "database?")


def restore(archive: str | os.PathLike, url: URL | str) -> None:
    """Load an archive made by :func:`dump` into the (empty) database at ``url``."""
    conninfo, env = _libpq(url)
    _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
          f"--dbname={conninfo}", str(archive)], env, "pg_restore")
