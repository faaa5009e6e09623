"""The demo households shipped with Kinfolio (package data)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .io import loads
from .model import Household

DEMO_IDS: tuple[str, ...] = ("demo-cn-chen", "demo-tw-lin", "demo-hksg-wong")


def demo_path(demo_id: str) -> Path:
    if demo_id not in DEMO_IDS:
        raise KeyError(f"unknown demo household '{demo_id}'; choose one of {', '.join(DEMO_IDS)}")
    return Path(str(resources.files("household") / "data" / f"{demo_id}.json"))


def demo(demo_id: str = "demo-cn-chen") -> Household:
    """Load a validated demo household."""
    return loads(demo_path(demo_id).read_bytes())
