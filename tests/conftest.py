"""Shared fixtures: the demo households and a temporary store."""

from __future__ import annotations

import pytest

from household import DEMO_IDS, demo


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
