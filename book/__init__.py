"""The banker's book: clients, accounts, balances and transactions from the bank's systems."""

from book.errors import BookError, BookProblem
from book.frames import (
    ACCOUNT_KINDS,
    FORMAT,
    TABLES,
    TXN_KINDS,
    BookFrames,
    BookMeta,
    Column,
)
from book.reader import OpenBook, book_problems, open_book, read_book, read_meta

__all__ = [
    "ACCOUNT_KINDS", "FORMAT", "TABLES", "TXN_KINDS", "BookError", "BookFrames", "BookMeta",
    "BookProblem", "Column", "OpenBook", "book_problems", "open_book", "read_book", "read_meta",
]


def __getattr__(name: str):
    # the generator (numpy, pyarrow) loads only when asked for: book.generate_book(...)
    if name in ("generate_book", "GenerateSummary", "planted_path"):
        from book import generate

        return getattr(generate, name)
    raise AttributeError(f"module 'book' has no attribute {name!r}")
