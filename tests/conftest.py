"""Shared fixtures: the demo households and a temporary store."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from household import DEMO_IDS, demo

# CI explores the same examples on every run, so a landing never hinges on a lucky draw; set
# HYPOTHESIS_PROFILE=explore (optionally with --hypothesis-seed) to search new ground locally.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(params=DEMO_IDS)
def demo_household(request):
    return demo(request.param)


@pytest.fixture
def cn_demo():
    return demo("demo-cn-chen")


@pytest.fixture
def store(tmp_path):
    from household.storage import Store

    return Store(tmp_path / "kinfolio.db")
