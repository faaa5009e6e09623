#!/usr/bin/env python3
"""Set-up and run Kinfolio on a fresh machine with only Python 3.11+ and pip.

    python3 dev.py app    # start the app on the demo households and a generated demo book of
                          # 300 families (http://127.0.0.1:8501)
    python3 dev.py test   # ruff, the import-architecture contracts, the mypy ratchet and the
                          # whole test suite

Both create `.venv` and install what is needed the first time (again when pyproject.toml changes).
The test command also installs Debian's chromium, fonts-noto-cjk and poppler-utils with apt when
they are absent and it runs as root, for the real-browser and PDF rendering tests, and Debian's
postgresql, for a throw-away PostgreSQL server (temporary folder, 127.0.0.1, a free port) that the
storage and access tests run against besides SQLite; the server is removed after the run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*cmd: str | os.PathLike, **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)


def ensure_venv(extra: str) -> None:
    if not PY.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extra.encode()).hexdigest()
    stamp = VENV / ".kinfolio-installed"
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "-e", f".{extra}")
    stamp.write_text(digest)


def ensure_browser() -> None:
    """Debian's chromium, CJK fonts and poppler (pdftoppm) for the browser and PDF tests (root on
    Debian only)."""
    have_browser = shutil.which("chromium") or Path("/usr/bin/chromium").exists()
    have_fonts = Path("/usr/share/fonts/opentype/noto").exists()
    have_poppler = shutil.which("pdftoppm")
    if have_browser and have_fonts and have_poppler:
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        print("note: chromium or fonts-noto-cjk missing and apt-get unavailable; the browser "
              "test will report what is missing", flush=True)
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium",
        "fonts-noto-cjk", "poppler-utils", env=env, stdout=subprocess.DEVNULL)


def ensure_postgres() -> None:
    """Debian's postgresql (server binaries for the throw-away test server; root on Debian)."""
    sys.path.insert(0, str(ROOT))
    from tests.postgres_server import find_bindir

    if find_bindir() is not None:
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        print("note: PostgreSQL is not installed and apt-get is unavailable; the PostgreSQL half "
              "of the storage tests will say so", flush=True)
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql", env=env,
        stdout=subprocess.DEVNULL)


def run_tests(args: list[str]) -> int:
    """pytest with KINFOLIO_TEST_PG_URL pointing at a throw-away PostgreSQL server."""
    from tests.postgres_server import PostgresUnavailable, TempPostgres

    env = dict(os.environ)
    server = None
    if "KINFOLIO_TEST_PG_URL" not in env:
        try:
            server = TempPostgres()
            env["KINFOLIO_TEST_PG_URL"] = server.url
            print(f"+ PostgreSQL for the tests at {server.url}", flush=True)
        except PostgresUnavailable as e:
            print(f"note: {e}", flush=True)
    try:
        return subprocess.call([str(PY), "-m", "pytest", "-q", *args], cwd=ROOT, env=env)
    finally:
        if server is not None:
            server.stop()


def demo_book() -> str | None:
    """The demo book of the app: 300 generated families, written and imported into the demo
    database once (``python -m cli.demo_book``, 10-20 s the first time), and its nightly run
    (``--results``: 500 paths, a minute or two the first time and whenever the folder changed)
    so that the app opens from nightly results; its folder, or None."""
    r = subprocess.run([str(PY), "-m", "cli.demo_book", "--print-folder", "--results"], cwd=ROOT,
                       stdout=subprocess.PIPE, text=True)
    folder = r.stdout.strip().splitlines()[-1] if r.returncode == 0 and r.stdout.strip() else ""
    if not folder:
        print("note: the demo book could not be written; the app starts without it", flush=True)
        return None
    return folder


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "help"
    if what == "app":
        ensure_venv("")
        env = dict(os.environ)
        if "KINFOLIO_BOOK" not in env:  # set (or empty: none) it takes precedence
            folder = demo_book()
            if folder:
                env["KINFOLIO_BOOK"] = folder
        cmd = [str(PY), "-m", "ui.launch",  # = streamlit run app.py, warmed up
               "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               *argv[1:]]
        print("+", " ".join(cmd), flush=True)
        return subprocess.call(cmd, cwd=ROOT, env=env)
    if what == "test":
        ensure_venv("[dev]")
        ensure_browser()
        ensure_postgres()
        run(BIN / "ruff", "check", ".")
        run(BIN / "lint-imports")
        run(PY, "-m", "tests.mypy_ratchet")  # no file gains mypy errors (tests/mypy_baseline.txt)
        return run_tests(argv[1:])
    print(__doc__)
    return 0 if what == "help" else 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as e:
        sys.exit(e.returncode or 1)
    except KeyboardInterrupt:  # Ctrl-C stops the app (or the tests): no traceback for that
        sys.exit(130)
