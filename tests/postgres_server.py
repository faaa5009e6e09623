"""A throw-away PostgreSQL server for the storage and access tests.

Standard library only: ``dev.py test`` starts one before pytest (and exports its URL as
``KINFOLIO_TEST_PG_URL``); ``tests/conftest.py`` starts one itself when that variable is absent.
The cluster lives in a temporary folder (``initdb``), listens on 127.0.0.1 on a free port and on a
unix socket in that folder, trusts local connections (nothing else can reach it), and is removed
when stopped. PostgreSQL refuses to run as root, so under root the cluster belongs to the
``postgres`` user (Debian's package creates it) or ``nobody``.

``fsync`` is off: the tests kill Kinfolio's processes, not the database server, so the server's
own crash safety is not what they measure, and it makes creating a database per test cheap.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

USER = "kinfolio"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine (or the server would not start)."""


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: on PATH, else Debian's newest
    ``/usr/lib/postgresql/<version>/bin``."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not candidates:
        return None

    def version(p: str) -> tuple[int, ...]:
        v = Path(p).parent.parent.name
        return tuple(int(x) for x in v.split(".") if x.isdigit())

    return Path(max(candidates, key=version)).parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempPostgres:
    """Start on construction; ``url`` is an SQLAlchemy URL (psycopg 3) to the ``postgres``
    database as a superuser; ``stop()`` ends the server and removes its folder."""

    def __init__(self) -> None:
        bindir = find_bindir()
        if bindir is None:
            raise PostgresUnavailable("PostgreSQL's server binaries (initdb, pg_ctl) are not "
                                      "installed; python3 dev.py test installs Debian's "
                                      "postgresql when run as root")
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="kinfolio-pg-"))
        self._as: dict = {}
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                owner = pwd.getpwnam("nobody")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
            self._as = {"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []}
        self.port = _free_port()
        data = self.dir / "data"
        try:
            self._run("initdb", "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8",
                      "--no-locale", "--no-sync")
            opts = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                    f"-c unix_socket_directories={self.dir} -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
            self._run("pg_ctl", "-D", str(data), "-l", str(self.dir / "server.log"), "-w",
                      "-t", "60", "-o", opts, "start")
        except (subprocess.CalledProcessError, OSError) as e:
            log = self.dir / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            out = getattr(e, "stdout", b"") or b""
            self._remove()
            raise PostgresUnavailable(f"the throw-away PostgreSQL server did not start: {e}\n"
                                      f"{out.decode(errors='replace')[-2000:]}{tail}") from None
        self.url = f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([str(self.bindir / tool), *args], check=True, cwd=self.dir,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **self._as)

    def stop(self) -> None:
        # already gone: the folder is removed all the same
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
        self._remove()

    def _remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> TempPostgres:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
