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

FACT_COLUMNS = ("household_id", "known_wealth_elsewhere", "financial_wealth_elsewhere")
LINK_COLUMNS = ("client_id", "household_id", "member")


def household_facts(households: Mapping[str, Household], meta: BookMeta
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(facts, links). ``facts``: household_id and what the file knows BESIDES what it says is
    with us: known_wealth_elsewhere (total assets of the consolidated balance sheet) and
    financial_wealth_elsewhere (liquid holdings + policy cash values), each less the liquid
    holdings and policy cash values the file places with us, in the book's base currency (NaN
    when book.json has no rate for the household's currency). What is with us comes from the
    book itself (its balances are the bank's own record; the file's figure may be stale), so
    known wealth = elsewhere + assets with us, and the wallet share never exceeds 100%.
    ``links``: client_id, household_id, member ("person" or "company")."""
    from household.balance import balance_sheet, deposits_at

    facts, links = [], []
    for hid in sorted(households):
        hh = households[hid]
        known = financial = float("nan")
        if hh.base_currency == meta.base_currency or hh.base_currency in meta.fx:
            rate = meta.rate(hh.base_currency)
            sheet = balance_sheet(hh)
            owners = {p.id for p in hh.people} | {t.id for t in hh.trusts}
            with_us = deposits_at(hh, owners, "us") + sum(
                hh.to_base(p.cash_value, p.currency) for p in hh.policies
                if p.at_bank == "us" and p.policyholder in owners)
            known = (sheet.assets - with_us) * rate
            financial = (sheet.total("liquid") + sheet.total("policies") - with_us) * rate
        facts.append((hid, known, financial))
        links += [(p.client_id, hid, "person") for p in hh.people if p.client_id]
        links += [(c.client_id, hid, "company") for c in hh.companies if c.client_id]
    return (pd.DataFrame(facts, columns=list(FACT_COLUMNS)).astype(
                {"household_id": "string", "known_wealth_elsewhere": "float64",
                 "financial_wealth_elsewhere": "float64"}),
            pd.DataFrame(links, columns=list(LINK_COLUMNS)).astype("string"))
