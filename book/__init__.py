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
