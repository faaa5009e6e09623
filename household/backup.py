"""Backups of the whole store: an online copy of the SQLite database and an export of every
household as household files (with a manifest of their SHA-256 digests)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from . import audit
from .io import loads, sha256
from .safe_text import safe_filename
from .storage import Store


class BackupError(RuntimeError):
    """A backup that cannot be made; the message says why."""


def backup_database(store: Store, dest: str | Path, actor: str = "cli",
                    overwrite: bool = False) -> Path:
    """Copy the whole database to ``dest`` with SQLite's online backup (consistent even while
    others keep saving), then check the copy with ``PRAGMA integrity_check``."""
    dest = Path(dest)
    if store.engine.dialect.name != "sqlite":
        raise BackupError("online backup is built in for SQLite only; use the database's own "
                          "tools (for PostgreSQL: pg_dump)")
    if dest.exists() and not overwrite:
        raise BackupError(f"{dest} already exists; choose a new file name")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
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
        tmp.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {ok}")
    tmp.replace(dest)
    audit.record(store, actor, "backup", detail=str(dest)[:1000])
    return dest


def export_all(store: Store, folder: str | Path, all_versions: bool = False,
               actor: str = "cli") -> list[Path]:
    """Write every household (the latest version, or every version with ``all_versions``) as a
    household file into ``folder``, plus ``manifest.json`` listing id, version, file and sha256.
    Every written file is read back and validated before it is listed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
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
            path.write_text(text, encoding="utf-8")
            digest = sha256(loads(path.read_bytes()))
            manifest.append({"id": hid, "version": v, "file": name, "sha256": digest})
            written.append(path)
            audit.record(store, actor, "export", hid, v, f"export_all to {folder}"[:1000])
    (folder / "manifest.json").write_text(
        json.dumps({"households": manifest}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    return written
