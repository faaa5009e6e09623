"""Shared helpers of the security regression tests (issue 18)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher

import cli
from household import demo_path
from store import access


def run_cli(*argv: str) -> tuple[int, str, str]:
    """``kinfolio ARGV`` in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def demo_doc(demo_id: str = "demo-cn-chen") -> dict:
    return json.loads(Path(demo_path(demo_id)).read_text(encoding="utf-8"))


@pytest.fixture
def demo_file() -> Path:
    return Path(demo_path("demo-cn-chen"))


@pytest.fixture
def db(tmp_path, demo_file) -> Path:
    """A database holding the demo household."""
    path = tmp_path / "k.db"
    code, _, err = run_cli("import", demo_file, "--db", path)
    assert code == 0, err
    return path


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    light = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(access, "_hasher", light)
    dummy = light.hash("kinfolio: no such account")
    monkeypatch.setattr(access, "_dummy_hash", lambda: dummy)
