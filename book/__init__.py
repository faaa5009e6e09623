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
