"""The demo book: a generated book of a few hundred families imported into the demo database, so
that ``python3 dev.py app`` shows the book beside the three demo households.

``python -m cli.demo_book [--db URL] [--families N]`` does it once per database (a store that has
imported any book is left alone). The generated folder stays in the book's data folder
(``demo-book/`` with ``demo-book.planted.json`` beside it) for ``kinfolio book alerts`` and the
other book commands.
"""

from __future__ import annotations

import os
from pathlib import Path

from book.generate import DEFAULT_SEED, generate_book
from book.reader import open_book
from book.store import BookStore, ImportSummary

DEMO_FAMILIES = 300
DEMO_MONTHS = 24
ACTOR = "kinfolio-demo"


def ensure_demo_book(db: str | os.PathLike | None = None, families: int = DEMO_FAMILIES,
                     months: int = DEMO_MONTHS, seed: int = DEFAULT_SEED
                     ) -> tuple[Path, ImportSummary] | None:
    """Generate and import the demo book into an empty book store; None when one is there."""
    store = BookStore(db)
    if store.imports():
        return None
    folder = store.data / "demo-book"
    generate_book(folder, families, months, seed, overwrite=True)
    with open_book(folder) as b:
        summary = store.import_book(b, ACTOR, source="demo book (generated)")
    return folder, summary

