"""Shared fixtures of the reliability tests."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from store import access

_PRODUCTION = access._hasher  # captured at import, before any test lightens it


@pytest.fixture
def production_hasher() -> PasswordHasher:
    return _PRODUCTION


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """argon2id with small cost parameters, so the suite stays fast on 2 shared cores; the
    production parameters are checked in test_access_audit.py."""
    light = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(access, "_hasher", light)
    dummy = light.hash("kinfolio: no such account")
    monkeypatch.setattr(access, "_dummy_hash", lambda: dummy)
