"""The banker's book: clients, accounts, balances and transactions from the bank's systems."""

from book.frames import (
    ACCOUNT_KINDS,
    FORMAT,
    TABLES,
    TXN_KINDS,
    BookFrames,
    BookMeta,
    Column,
)

__all__ = ["ACCOUNT_KINDS", "FORMAT", "TABLES", "TXN_KINDS", "BookFrames", "BookMeta", "Column"]


def __getattr__(name: str):
    # the generator (numpy, pyarrow) loads only when asked for: book.generate_book(...)
    if name in ("generate_book", "GenerateSummary", "planted_path"):
        from book import generate

        return getattr(generate, name)
    raise AttributeError(f"module 'book' has no attribute {name!r}")
