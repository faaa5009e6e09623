"""Privacy: no network call at run time, no usage statistics, bound to localhost, no secrets in
the repository.

Outbound connections are blocked two ways — in-process by replacing ``socket.socket.connect``
(and ``connect_ex``, ``sendto``, ``getaddrinfo`` for non-local names), and in subprocesses by a
``sitecustomize`` that does the same and logs every attempt to a file. All 12 CLI runs (in-process
and in a subprocess), every page of the app (AppTest) and the real ``streamlit run`` server then
run; not one outbound attempt may be recorded. Positive controls show the blocks do catch one.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import os
import socket
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

import cli
from household import demo_path

ROOT = Path(__file__).resolve().parents[2]
LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "", None}


def _is_local(address) -> bool:
    """A socket address (tuple, or an AF_UNIX path) that stays on this machine."""
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    return _is_local_host(address[0])


def _is_local_host(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Blocker:
    """Refuses and records every outbound (non-loopback) connection attempt in this process."""

    def __init__(self, monkeypatch):
        self.attempts: list[str] = []
        real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
        real_sendto, real_getaddrinfo = socket.socket.sendto, socket.getaddrinfo
        blocker = self

        def connect(sock, address):
            if not _is_local(address):
                blocker.attempts.append(f"connect {address}")
                raise ConnectionRefusedError("network blocked by the privacy test")
            return real_connect(sock, address)

        def connect_ex(sock, address):
            if not _is_local(address):
                blocker.attempts.append(f"connect_ex {address}")
                return 111
            return real_connect_ex(sock, address)

        def sendto(sock, data, *args):
            address = args[-1]
            if not _is_local(address):
                blocker.attempts.append(f"sendto {address}")
                raise ConnectionRefusedError("network blocked by the privacy test")
            return real_sendto(sock, data, *args)

        def getaddrinfo(host, *args, **kw):
            if not _is_local_host(host):
                blocker.attempts.append(f"getaddrinfo {host}")
                raise socket.gaierror("network blocked by the privacy test")
            return real_getaddrinfo(host, *args, **kw)

        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
        monkeypatch.setattr(socket.socket, "sendto", sendto)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def _cli(argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return cli.main(argv)


def cli_runs(tmp_path: Path) -> list[list[str]]:
    """Every CLI command (bench aside: it only times local work), with small path counts."""
    f = str(demo_path("demo-cn-chen"))
    db = str(tmp_path / "k.db")
    runs = [["validate", f], ["summary", f, "--json"], ["summary", f, "--lang", "zh-Hant"],
            ["import", f, "--db", db, "--user", "ann"], ["history", "demo-cn-chen", "--db", db],
            ["export", "demo-cn-chen", "--db", db, "-o", str(tmp_path / "out.json")],
            ["backup", str(tmp_path / "copy.db"), "--db", db], ["audit", "--db", db],
            ["admin", "list", "--db", db],
            ["plan", f, "--paths", "200", "--seed", "1", "--json"],
            ["succession", f, "--deceased", "chen_jianguo", "--json"],
            ["proposal", f, "--lang", "zh-Hant", "-o", str(tmp_path / "p.pdf"), "--paths", "200",
             "--seed", "1"]]
    return runs


def test_blocker_catches_an_outbound_attempt(monkeypatch):
    b = Blocker(monkeypatch)
    with pytest.raises(ConnectionRefusedError), socket.socket() as s:
        s.connect(("93.184.216.34", 80))
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.com", 443)
    assert len(b.attempts) == 2


def test_cli_makes_no_network_call(tmp_path, monkeypatch):
    b = Blocker(monkeypatch)
    runs = cli_runs(tmp_path)
    for argv in runs:
        assert _cli(argv) == 0, argv
    assert b.attempts == []
    assert len(runs) == 12


def test_every_app_page_makes_no_network_call(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from ui.shell import PAGES

    monkeypatch.setenv("KINFOLIO_DB", str(tmp_path / "k.db"))
    monkeypatch.setenv("KINFOLIO_UI_PATHS", "100")
    b = Blocker(monkeypatch)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    for _pid, (path, _k, _i) in PAGES.items():
        at.switch_page(str(ROOT / path)).run()
        assert not at.exception, path
    at.session_state["meeting"] = True
    at.run()
    assert b.attempts == []


SITECUSTOMIZE = textwrap.dedent("""
    import ipaddress, os, socket
    _log = os.environ["KINFOLIO_NET_LOG"]
    _real = socket.socket.connect
    _real_gai = socket.getaddrinfo

    def _local(host):
        if host in ("localhost", "", None):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    def _note(what):
        with open(_log, "a") as f:
            f.write(what + "\\n")

    def connect(sock, address):
        if isinstance(address, tuple) and not _local(address[0]):
            _note(f"connect {address}")
            raise ConnectionRefusedError("network blocked")
        return _real(sock, address)

    def getaddrinfo(host, *a, **k):
        if not _local(host):
            _note(f"getaddrinfo {host}")
            raise socket.gaierror("network blocked")
        return _real_gai(host, *a, **k)

    socket.socket.connect = connect
    socket.getaddrinfo = getaddrinfo
""")


def _blocked_run(tmp_path: Path, code: str, args: list[str]) -> tuple[int, str, str]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "net.log"
    log.touch()
    env = dict(os.environ, PYTHONPATH=f"{site}{os.pathsep}{ROOT}", KINFOLIO_NET_LOG=str(log),
               KINFOLIO_DB=str(tmp_path / "sub.db"))
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                       timeout=300, cwd=ROOT, env=env)
    return r.returncode, r.stderr, log.read_text()


def test_sitecustomize_blocker_catches_an_outbound_attempt(tmp_path):
    code = ("import socket\ntry:\n    socket.create_connection(('example.com', 80), 2)\n"
            "except OSError:\n    pass\n")
    rc, err, log = _blocked_run(tmp_path, code, [])
    assert rc == 0, err
    assert "example.com" in log


def test_cli_subprocesses_make_no_network_call(tmp_path):
    code = ("import sys, cli\nfor argv in __import__('json').loads(sys.argv[1]):\n"
            "    rc = cli.main(argv)\n    assert rc == 0, (argv, rc)\n")
    import json

    runs = cli_runs(tmp_path)
    rc, err, log = _blocked_run(tmp_path, code, [json.dumps(runs)])
    assert rc == 0, err
    assert "Traceback" not in err
    assert log == ""


def test_streamlit_config_keeps_the_app_local_and_quiet():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["server"]["address"] == "127.0.0.1"
    assert cfg.get("client", {}).get("showErrorDetails") in ("none", False)


def test_no_secrets_file_is_tracked_by_git():
    r = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:  # not a git checkout (e.g. an installed copy): nothing tracked
        assert not (ROOT / ".streamlit" / "secrets.toml").exists()
        return
    tracked = r.stdout.splitlines()
    assert not [f for f in tracked if f.endswith("secrets.toml")]
    assert not [f for f in tracked if f.endswith((".db", ".db-wal", ".db-shm"))]


def test_the_app_server_starts_and_serves_with_the_network_blocked(tmp_path):
    """``streamlit run app.py`` under the blocking ``sitecustomize``: the server starts, answers
    its health check and the page on 127.0.0.1, and attempts no outbound connection."""
    import time
    import urllib.request

    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "net.log"
    log.touch()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=f"{site}{os.pathsep}{ROOT}", KINFOLIO_NET_LOG=str(log),
               KINFOLIO_DB=str(tmp_path / "app.db"), KINFOLIO_UI_PATHS="100")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                             "--server.port", str(port), "--server.headless", "true"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                            timeout=2) as r:
                    health = r.read().decode()
                    break
            except OSError:
                time.sleep(0.3)
        assert health == "ok", proc.stdout.read().decode() if proc.poll() is not None else ""
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
            assert r.status == 200 and b"<html" in r.read().lower()
        time.sleep(1.0)  # give any start-up phone-home a moment to show itself
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    assert log.read_text() == ""
