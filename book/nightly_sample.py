"""A sample book for the nightly run's tests and benchmarks: the demo households renamed
(``hh-000``, ``hh-001``, ...) and linked to clients whose accounts carry the holdings and loans
the bank knows, with the day's balances. Small and exact (every balance is the filed value times
a factor), so a test can recompute a figure by hand; the synthetic book generator
(``kinfolio book generate``) makes realistic books."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import pandas as pd

from book.frames import BookFrames, BookMeta
from household.demo import DEMO_IDS, demo
from household.io import from_dict, to_dict

AS_OF = dt.date(2026, 6, 30)


def _frame(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(columns))
    for c, t in columns.items():
        if t == "date":
            df[c] = pd.to_datetime(df[c])
        elif t == "money":
            df[c] = df[c].astype("float64")
        elif t == "choice":
            df[c] = df[c].astype("category")
        elif t == "int":
            df[c] = df[c].astype("Int64")
        else:
            df[c] = df[c].astype("string")
    return df


def household_doc(k: int) -> dict:
    """Household k: demo k % 3 with id hh-kkk, people and companies linked to clients."""
    doc = to_dict(demo(DEMO_IDS[k % len(DEMO_IDS)]))
    doc["id"] = f"hh-{k:03d}"
    for p in doc["people"]:
        if p.get("client"):
            p["client_id"] = f"c{k:03d}-{p['id']}"[:64]
    for c in doc.get("companies", []):
        c["client_id"] = f"c{k:03d}-{c['id']}"[:64]
    return doc


def make_book(n: int = 6, scale: dict[str, float] | None = None,
              poisoned: tuple[str, ...] = (), docs: dict[str, dict] | None = None) -> BookFrames:
    """``n`` households; every linked entity's holdings and loans with us become accounts with a
    month-end balance (times ``scale[household id]``, default 1.02: the day's balances differ
    from the file). ``poisoned`` households get a corrupt balance (5e18, beyond what a household
    file can hold)."""
    scale = scale or {}
    clients, accounts, balances = [], [], []
    households = {}
    for k in range(n):
        doc = (docs or {}).get(f"hh-{k:03d}") or household_doc(k)
        hh = from_dict(doc)
        households[hh.id] = hh
        f = scale.get(hh.id, 1.02)
        owners = {e.id: e.client_id for e in (*hh.people, *hh.companies) if e.client_id}
        for p in hh.people:
            if p.client_id:
                clients.append({"client_id": p.client_id, "kind": "person", "name": p.name,
                                "birth_date": p.birth_date, "sex": p.sex, "banker": "amy",
                                "opened": dt.date(2015, 1, 1)})
        for c in hh.companies:
            if c.client_id:
                clients.append({"client_id": c.client_id, "kind": "company", "name": c.name,
                                "banker": "amy", "opened": dt.date(2015, 1, 1)})
        items = [(h.id, h.owner, "fund" if h.kind == "fund" else "time_deposit"
                  if h.kind == "deposit" else "wealth_product", h.currency, h.value)
                 for h in hh.holdings if h.at_bank == "us" and h.owner in owners]
        items += [(li.id, li.borrower, "mortgage" if li.kind == "mortgage" else "loan",
                   li.currency, -li.amount)
                  for li in hh.liabilities if li.lender == "us" and li.borrower in owners]
        if hh.id in poisoned:
            first = next(iter(owners))
            items.append(("poison", first, "savings", hh.base_currency, 5e18 / 1.02))
        for i, (_aid, owner, kind, cur, value) in enumerate(items):
            acc = f"a-{hh.id}-{i}"
            accounts.append({"account_id": acc, "client_id": owners[owner], "kind": kind,
                             "currency": cur, "opened": dt.date(2016, 1, 1)})
            balances.append({"account_id": acc, "date": dt.date(2026, 5, 31),
                             "balance": round(value * 0.9, 2)})
            balances.append({"account_id": acc, "date": AS_OF, "balance": round(value * f, 2)})
    meta = BookMeta(AS_OF, "CNY", MappingProxyType({"USD": 7.1, "HKD": 0.91, "TWD": 0.22,
                                                     "SGD": 5.3, "GBP": 9.0}), "Test Bank")
    return BookFrames(
        meta=meta,
        clients=_frame(clients, {"client_id": "id", "kind": "choice", "name": "text",
                                 "birth_date": "date", "sex": "choice", "banker": "text",
                                 "branch": "text", "opened": "date", "risk_level": "choice",
                                 "kyc_review_due": "date", "employees": "int"}),
        relationships=_frame([], {"from_client": "id", "to_client": "id", "kind": "choice",
                                  "share": "money", "since": "date"}),
        accounts=_frame(accounts, {"account_id": "id", "client_id": "id", "kind": "choice",
                                   "currency": "text", "opened": "date", "closed": "date",
                                   "maturity": "date", "product_id": "text", "limit": "money"}),
        balances=_frame(balances, {"account_id": "id", "date": "date", "balance": "money"}),
        transactions=_frame([], {"txn_id": "id", "account_id": "id", "date": "date",
                                 "amount": "money", "kind": "choice", "initiated_by": "choice",
                                 "counterparty_bank": "choice", "counterparty_client": "id",
                                 "counterparty_name": "text", "channel": "choice"}),
        households=MappingProxyType(households),
    )
