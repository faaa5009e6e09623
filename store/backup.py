"""Backups of the whole store: an online copy of the SQLite database and an export of every
household as household files (with a manifest of their SHA-256 digests)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from household.io import loads, sha256
from household.outfile import (
    OutputError,
    check_destination,
    output_path,
    private_folder,
    write_text,
)
from household.safe_text import safe_filename

from . import audit
from .storage import Store


class BackupError(RuntimeError):
    """A backup that cannot be made; the message says why."""


def backup_database(store: Store, dest: str | Path, actor: str = "cli",
                    overwrite: bool = False) -> Path:
    """Copy the whole database to ``dest``, consistent even while others keep saving: SQLite's
    online backup checked with ``PRAGMA integrity_check``, or for PostgreSQL a ``pg_dump``
    archive checked by reading it back (restore with ``pg_restore``, see ``backup_pg``)."""
    dest = Path(dest)
    dialect = store.engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise BackupError(f"backup is built in for SQLite and PostgreSQL, not {dialect}; use the "
                          "database's own tools")
    try:
        private_folder(dest.parent)  # a backup folder is created private (0700)
        check_destination(dest, overwrite)
    except OutputError as e:
        raise BackupError(str(e)) from None
    # recorded before the copy leaves the store: a store that cannot audit does not release it
    audit.record(store, actor, "backup", detail=str(dest)[:1000])
    try:
        with output_path(dest, force=overwrite) as tmp:  # exclusive temporary file, 0600
            if dialect == "postgresql":
                _pg_dump(store, tmp)
                return dest
            raw = store.engine.raw_connection()
            try:
                target = sqlite3.connect(tmp)
                try:
                    raw.driver_connection.backup(target)
                    ok = target.execute("PRAGMA integrity_check").fetchone()[0]
                    # the copy keeps WAL mode; make it one self-contained file
                    target.execute("PRAGMA journal_mode=DELETE")
                finally:
                    target.close()
            finally:
                raw.close()
            if ok != "ok":
                raise BackupError(f"the copy failed its integrity check: {ok}")
    except OutputError as e:
        raise BackupError(str(e)) from None
    return dest


def _pg_dump(store: Store, tmp: Path) -> None:
    from .backup_pg import PgToolError, dump

    try:
        dump(store.engine.url, tmp)
    except PgToolError as e:
        raise BackupError(str(e)) from None


def export_all(store: Store, folder: str | Path, all_versions: bool = False,
               actor: str = "cli", overwrite: bool = False) -> list[Path]:
    """Write every household (the latest version, or every version with ``all_versions``) as a
    household file into ``folder``, plus ``manifest.json`` listing id, version, file and sha256.
    Every written file is read back and validated before it is listed."""
    try:
        folder = private_folder(folder)
        for name in ("manifest.json",):
            check_destination(folder / name, overwrite)
    except OutputError as e:
        raise BackupError(str(e)) from None
    written: list[Path] = []
    manifest = []
    used: set[str] = set()
    for row in store.list():
        hid = row["id"]
        wanted = [v.version for v in store.history(hid)] if all_versions else [row["version"]]
        base = safe_filename(hid, default="household")
        while base.lower() in used:  # ids differing only in case on a case-insensitive disk
            base += "_"
        used.add(base.lower())
        for v in wanted:
            text = store.document(hid, v)
            name = f"{base}.v{v}.json" if all_versions else f"{base}.json"
            path = folder / name
            audit.record(store, actor, "export", hid, v, f"export_all to {folder}"[:1000])
            try:
                write_text(path, text, force=overwrite)
            except OutputError as e:
                raise BackupError(str(e)) from None
            digest = sha256(loads(path.read_bytes()))
            manifest.append({"id": hid, "version": v, "file": name, "sha256": digest})
            written.append(path)
    try:
        write_text(folder / "manifest.json",
                   json.dumps({"households": manifest}, ensure_ascii=False, indent=2) + "\n",
                   force=overwrite)
    except OutputError as e:
        raise BackupError(str(e)) from None
    return written
