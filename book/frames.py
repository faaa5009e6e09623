"""The book in memory: the spec's tables (``kinfolio.book/1``) as typed pandas frames.

This is the contract between the reader (validation, import) and everything that reads a book
(segments, alerts, activation, ledger, calendar, the nightly run). Column names are the spec's;
dtypes are fixed here so every consumer can rely on them:

- ids and free text: pandas ``string`` dtype; optional cells are ``<NA>``
- dates: ``datetime64[ns]`` (``NaT`` where empty)
- amounts, balances, shares, limits: ``float64`` (account currency; convert with ``BookMeta.fx``)
- small vocabularies (``kind``, ``channel``, ...): ``category``
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

import pandas as pd

if TYPE_CHECKING:
    from household.model import Household

FORMAT = "kinfolio.book/1"

ColumnType = Literal["id", "text", "date", "money", "fraction", "int", "choice"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    choices: tuple[str, ...] = ()
    # a reference to another table's id column, checked by the reader: "clients", "accounts"
    ref: str | None = None


ACCOUNT_KINDS = (
    "current", "savings", "time_deposit", "certificate_of_deposit", "wealth_product", "fund",
    "bond", "structured", "insurance", "loan", "mortgage", "credit_card", "payroll_agency",
)
TXN_KINDS = (
    "salary", "payroll_batch", "transfer", "dividend", "loan_drawdown", "loan_repayment",
    "interest", "fee", "card", "cash", "fx", "investment", "redemption", "premium", "tax", "other",
)
RELATIONSHIP_KINDS = (
    "spouse", "parent", "shareholder", "director", "executive", "employee", "guarantor",
    "referral", "signatory",
)
CHANNELS = ("branch", "online", "mobile", "atm", "pos", "batch")
RISK_LEVELS = ("C1", "C2", "C3", "C4", "C5")

TABLES: MappingProxyType[str, tuple[Column, ...]] = MappingProxyType({
    "clients": (
        Column("client_id", "id", required=True),
        Column("kind", "choice", required=True, choices=("person", "company")),
        Column("name", "text", required=True),
        Column("birth_date", "date"),  # required for persons: checked by the reader
        Column("sex", "choice", choices=("F", "M")),
        Column("banker", "text", required=True),
        Column("branch", "text"),
        Column("opened", "date", required=True),
        Column("risk_level", "choice", choices=RISK_LEVELS),
        Column("kyc_review_due", "date"),
        Column("employees", "int"),
    ),
    "relationships": (
        Column("from_client", "id", required=True, ref="clients"),
        Column("to_client", "id", required=True, ref="clients"),
        Column("kind", "choice", required=True, choices=RELATIONSHIP_KINDS),
        Column("share", "fraction"),
        Column("since", "date"),
    ),
    "accounts": (
        Column("account_id", "id", required=True),
        Column("client_id", "id", required=True, ref="clients"),
        Column("kind", "choice", required=True, choices=ACCOUNT_KINDS),
        Column("currency", "text", required=True),
        Column("opened", "date", required=True),
        Column("closed", "date"),
        Column("maturity", "date"),
        Column("product_id", "text"),
        Column("limit", "money"),
    ),
    "balances": (
        Column("account_id", "id", required=True, ref="accounts"),
        Column("date", "date", required=True),
        Column("balance", "money", required=True),  # signed: loans negative
    ),
    "transactions": (
        Column("txn_id", "id", required=True),
        Column("account_id", "id", required=True, ref="accounts"),
        Column("date", "date", required=True),
        Column("amount", "money", required=True),  # signed: + into the account, - out
        Column("kind", "choice", required=True, choices=TXN_KINDS),
        Column("initiated_by", "choice", choices=("client", "bank")),  # empty = client
        Column("counterparty_bank", "choice", choices=("us", "other")),  # empty = unknown
        Column("counterparty_client", "id", ref="clients"),
        Column("counterparty_name", "text"),
        Column("channel", "choice", choices=CHANNELS),
    ),
})


@dataclass(frozen=True)
class BookMeta:
    """``book.json``."""

    as_of: dt.date
    base_currency: str
    fx: MappingProxyType[str, float]  # units of base_currency per one unit of the key
    bank: str = ""
    format: str = FORMAT

    def rate(self, currency: str) -> float:
        if currency == self.base_currency:
            return 1.0
        return self.fx[currency]


@dataclass(frozen=True)
class BookFrames:
    """A whole book, validated: one frame per table with the dtypes above, plus the households.

    ``households`` maps household id -> validated ``Household`` (from ``households/``); their
    people's and companies' ``client_id`` resolve to ``clients``.
    """

    meta: BookMeta
    clients: pd.DataFrame
    relationships: pd.DataFrame
    accounts: pd.DataFrame
    balances: pd.DataFrame
    transactions: pd.DataFrame
    households: MappingProxyType[str, Household] = field(
        default_factory=lambda: MappingProxyType({}))

    def client_households(self) -> dict[str, str]:
        """client_id -> household id, from the households' people and companies."""
        out: dict[str, str] = {}
        for hid, hh in self.households.items():
            for item in (*hh.people, *hh.companies):
                if item.client_id is not None:
                    out[item.client_id] = hid
        return out
