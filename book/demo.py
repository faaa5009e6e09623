"""The demo book: a generated book of a few hundred families imported into the demo database, so
that ``python3 dev.py app`` shows the book beside the three demo households.

``python -m cli.demo_book [--db URL] [--families N] [--results]`` does it once per database (a
store that has imported any book is left alone). The generated folder stays in the book's data
folder (``demo-book/`` with ``demo-book.planted.json`` beside it) for ``kinfolio book alerts``
and the other book commands.

``--results`` also runs the nightly run on it (``kinfolio book run``, 500 paths) into
``demo-book.results/`` beside it, where the app looks for its results, unless results current for
that folder are there already (``book.nightly_results``): the demo opens from nightly results.
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


DEMO_PATHS = 500


def results_folder(folder: Path) -> Path:
    """Where the app looks for a book's nightly results by default (``BOOK.results``)."""
    return folder.with_name(folder.name + ".results")


def ensure_demo_results(folder: Path, paths: int = DEMO_PATHS, seed: int = DEFAULT_SEED,
                        workers: int | None = None) -> dict | None:
    """Run the nightly run on the demo book unless its results are current; the manifest of
    the run, or None when nothing was run."""
    from book.nightly import RunOptions, run_book
    from book.nightly_results import book_files, freshness
    from book.reader import read_book

    out = results_folder(folder)
    if freshness(folder, out).current:
        return None
    files = book_files(folder)  # before reading: what the results will be checked against
    frames = read_book(folder)
    opts = RunOptions(out=out, paths=paths, seed=seed, workers=workers, book_path=str(folder),
                      book_files=files)
    return run_book(frames, opts).manifest

