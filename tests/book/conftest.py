import shutil
from pathlib import Path

import pytest

SMALL = Path(__file__).parent / "data" / "small"


@pytest.fixture
def small_book(tmp_path: Path) -> Path:
    """A fresh copy of the hand-made book, free to spoil."""
    dest = tmp_path / "book"
    shutil.copytree(SMALL, dest)
    return dest
