"""The day's book balances in place of the holdings the book knows (the nightly run's join).

The rule, per household (documented in README "The nightly book run"):

1. A person or company of the household with a ``client_id`` is *linked* to that client of the
   book. The book knows everything that client holds *with us*, so for a linked entity:
   - every holding it owns with ``at_bank == "us"`` and every liability it borrowed with
     ``lender == "us"`` is dropped, and
   - each of the client's accounts open on the book's ``as_of`` (opened on or before, not closed
     on or before) is added with its balance that day as the segments compute it (the latest
     month-end balance on or before ``as_of`` plus the transactions booked after it): a positive
     balance as a holding at ``us``, a negative one as a liability to ``us``, zero not at all.
   Holdings and liabilities at other banks, and everything of unlinked entities, stay as filed.
2. Account kind -> holding kind and asset class (:data:`HOLDING_OF`; funds: the household's
   home equity market, :data:`FUND_CLASS`); where the dropped holdings
   of that entity include one of the same holding kind, the class of the largest such holding is
   kept (the banker knew what that fund was). Loans, mortgages and cards become liabilities
   (overdrafts on deposit accounts: credit lines), keeping rate, guarantors and end year of the
   largest dropped liability of the same kind. ``insurance`` (the file's policies describe them)
   and ``payroll_agency`` (a service, no balance) accounts add nothing.
3. Amounts stay in the account's currency when the household knows its rate; otherwise they are
   converted to the household's base currency with the book's rates (an unknown currency is an
   error for that household only).
4. The household's ``as_of`` becomes the book's: the plan starts on the day of the data.

The result is validated like a file (``household.io.from_dict``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from book.frames import BookFrames, BookMeta
from household import Household
from household.io import from_dict, to_dict

# account kind -> (holding kind, asset class) for balances held with us
HOLDING_OF: dict[str, tuple[str, str]] = {
    "current": ("deposit", "cash"),
    "savings": ("deposit", "cash"),
    "time_deposit": ("deposit", "cash"),
    "certificate_of_deposit": ("deposit", "cash"),
    "wealth_product": ("other", "credit"),
    "structured": ("other", "credit"),
    "fund": ("fund", "cn_equity"),  # CN; elsewhere FUND_CLASS below
    "bond": ("bond", "gov_bond"),
}
# account kind -> liability kind for balances owed to us
LIABILITY_OF: dict[str, str] = {"loan": "loan", "mortgage": "mortgage",
                               "credit_card": "credit_line"}
# a fund account with no filed fund to take the class from: the household's home equity market
FUND_CLASS = {"CN": "cn_equity", "HK": "hk_equity"}  # others: developed-market equity
SKIPPED_KINDS = frozenset({"insurance", "payroll_agency"})

ROW_COLUMNS = ("client_id", "account_id", "kind", "currency", "balance")


class LinkError(ValueError):
    """The book's rows cannot be joined to the household (e.g. a currency without a rate)."""


@dataclass(frozen=True)
class Linked:
    household: Household
    clients: tuple[str, ...]  # linked client ids, file order
    accounts: int  # accounts that contributed a holding or a liability
    assets_with_us: float  # base currency of the household, positive balances
    debts_with_us: float


def linked_clients(hh: Household) -> dict[str, str]:
    """entity id -> client id for the household's people and companies with a client_id."""
    return {e.id: e.client_id for e in (*hh.people, *hh.companies) if e.client_id is not None}


def account_rows(book: BookFrames) -> pd.DataFrame:
    """One row per account open on ``as_of`` with its balance on that day, as the segments see
    it (``book.segments.account_balances``: the latest month-end balance rolled forward by the
    transactions booked since): :data:`ROW_COLUMNS`, sorted by client then account (the input of
    :func:`link_household`)."""
    import duckdb

    from book.segments import account_balances

    with duckdb.connect() as con:
        for name in ("accounts", "balances", "transactions"):
            con.register(name, getattr(book, name))
        rows = account_balances(con, book.meta, book.meta.as_of).df()
    rows = rows[list(ROW_COLUMNS)].astype({"client_id": "string", "account_id": "string",
                                           "kind": "string", "currency": "string",
                                           "balance": "float64"})
    return rows.sort_values(["client_id", "account_id"], kind="stable").reset_index(drop=True)


def _largest(items: Iterable, value: str) -> object | None:
    best = None
    for it in items:
        if best is None or getattr(it, value) > getattr(best, value):
            best = it
    return best


def _fresh_id(account_id: str, taken: set[str]) -> str:
    if account_id not in taken:
        return account_id
    return "book-" + hashlib.sha256(account_id.encode()).hexdigest()[:12]


def _amount(hh: Household, meta: BookMeta, value: float, currency: str) -> tuple[float, str]:
    if currency == hh.base_currency or currency in hh.fx:
        return value, currency
    try:
        return value * meta.rate(currency) / meta.rate(hh.base_currency), hh.base_currency
    except KeyError:
        raise LinkError(f"no exchange rate for {currency} (household {hh.id} nor book.json "
                        f"fx)") from None


def link_household(hh: Household, rows: pd.DataFrame | Sequence[tuple], meta: BookMeta
                   ) -> Linked:
    """``hh`` with the book's balances in place of the holdings the book knows (module rule).

    ``rows``: :func:`account_rows` (or its records, tuples in :data:`ROW_COLUMNS` order)
    restricted to (at least) the household's linked clients."""
    links = linked_clients(hh)
    by_client: dict[str, list[str]] = {}
    for eid, cid in links.items():
        by_client.setdefault(cid, []).append(eid)
    doc = to_dict(hh)
    dropped_h = [h for h in hh.holdings if h.owner in links and h.at_bank == "us"]
    dropped_l = [li for li in hh.liabilities if li.borrower in links and li.lender == "us"]
    gone = {h.id for h in dropped_h} | {li.id for li in dropped_l}
    doc["holdings"] = [h for h in doc.get("holdings", []) if h["id"] not in gone]
    doc["liabilities"] = [li for li in doc.get("liabilities", []) if li["id"] not in gone]
    taken = set(hh.id_kinds()) - gone
    if isinstance(rows, pd.DataFrame):
        rows = list(rows[list(ROW_COLUMNS)].itertuples(index=False, name=None))
    n = 0
    us = debts = 0.0
    for client_id, account_id, kind, currency, balance in rows:
        kind = str(kind)
        if client_id not in by_client or kind in SKIPPED_KINDS or pd.isna(balance) or \
                balance == 0:
            continue
        # a client linked to two entities of one household (rare): the first one holds it
        owner = by_client[client_id][0]
        value, cur = _amount(hh, meta, abs(float(balance)), str(currency))
        hid = _fresh_id(str(account_id), taken)
        taken.add(hid)
        n += 1
        if balance > 0 and kind in HOLDING_OF:
            hkind, cls = HOLDING_OF[kind]
            if kind == "fund":
                cls = FUND_CLASS.get(hh.jurisdiction, "dm_equity")
            same = _largest((h for h in dropped_h if h.owner == owner and h.kind == hkind),
                            "value")
            doc["holdings"].append({"id": hid, "owner": owner, "asset_class":
                                    same.asset_class if same else cls, "value": value,
                                    "currency": cur, "kind": hkind, "at_bank": "us"})
            us += value * (hh.rate(cur))
        elif balance < 0:
            lkind = LIABILITY_OF.get(kind, "credit_line")
            same = _largest((li for li in dropped_l if li.borrower == owner and
                             li.kind == lkind), "amount")
            item = {"id": hid, "borrower": owner, "amount": value, "currency": cur,
                    "kind": lkind, "lender": "us"}
            if same is not None:
                item |= {"rate": same.rate, "guarantors": list(same.guarantors)}
                if same.end_year is not None:
                    item["end_year"] = same.end_year
            doc["liabilities"].append(item)
            debts += value * hh.rate(cur)
        else:  # a credit balance on a loan or card: money with us, as a deposit
            doc["holdings"].append({"id": hid, "owner": owner, "asset_class": "cash",
                                    "value": value, "currency": cur, "kind": "deposit",
                                    "at_bank": "us"})
            us += value * hh.rate(cur)
    doc["as_of"] = meta.as_of.isoformat()
    return Linked(from_dict(doc), tuple(dict.fromkeys(links.values())), n, us, debts)


__all__ = ["FUND_CLASS", "HOLDING_OF", "LIABILITY_OF", "ROW_COLUMNS", "SKIPPED_KINDS",
           "LinkError", "Linked", "account_rows", "link_household", "linked_clients"]
