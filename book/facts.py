"""What book-wide scans need from the household files, computed once per import: each
household's wealth from its balance sheet and which clients it links (so that segments of an
imported book read two small tables instead of parsing every household file)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from .frames import BookMeta

if TYPE_CHECKING:
    from household.model import Household

FACT_COLUMNS = ("household_id", "known_wealth", "financial_wealth")
LINK_COLUMNS = ("client_id", "household_id", "member")


def household_facts(households: Mapping[str, Household], meta: BookMeta
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(facts, links). ``facts``: household_id, known_wealth (total assets of the consolidated
    balance sheet) and financial_wealth (liquid holdings + policy cash values), both in the
    book's base currency (NaN when book.json has no rate for the household's currency).
    ``links``: client_id, household_id, member ("person" or "company")."""
    from household.balance import balance_sheet

    facts, links = [], []
    for hid in sorted(households):
        hh = households[hid]
        known = financial = float("nan")
        if hh.base_currency == meta.base_currency or hh.base_currency in meta.fx:
            rate = meta.rate(hh.base_currency)
            sheet = balance_sheet(hh)
            known = sheet.assets * rate
            financial = (sheet.total("liquid") + sheet.total("policies")) * rate
        facts.append((hid, known, financial))
        links += [(p.client_id, hid, "person") for p in hh.people if p.client_id]
        links += [(c.client_id, hid, "company") for c in hh.companies if c.client_id]
    return (pd.DataFrame(facts, columns=list(FACT_COLUMNS)).astype(
                {"household_id": "string", "known_wealth": "float64",
                 "financial_wealth": "float64"}),
            pd.DataFrame(links, columns=list(LINK_COLUMNS)).astype("string"))
