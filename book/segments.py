"""Segments: assets with us, known wealth, wallet share, tier, products and last activity.

Definitions (all amounts in the book's base currency, converted with ``book.json`` fx):

- **Balance of an account on the date**: its latest month-end balance on or before the date plus
  the transactions booked after that month end up to the date (without any balance row: the sum of
  its transactions). Accounts not yet opened, or closed on or before the date, count zero.
- **Assets with us** (client): the positive balances of its asset accounts (everything except
  ``loan``, ``mortgage``, ``credit_card`` and ``payroll_agency``). For a household: the sum over
  its people (its companies' deposits are inside their equity value, as in the balance sheet;
  they are reported separately as ``company_assets_with_us``).
- **Known wealth** (household): the total assets of its consolidated balance sheet (people and
  trusts, companies by look-through); **financial wealth**: its liquid holdings plus policy cash
  values, what could be banked with us. **Wallet share** = assets with us / financial wealth
  (null without financial wealth; above 1 when the household file is out of date).
- **Tier**: from assets with us by the thresholds of ``book/data/tiers.json`` in force on the date,
  for the market of the book's base currency; companies have no tier.
- **Products**: the kinds of the client's open accounts. **Last activity**: the latest
  transaction the client initiated (``initiated_by`` empty or ``client``), on or before the date.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import duckdb

from .facts import household_facts
from .frames import BookMeta

if TYPE_CHECKING:
    from household.model import Household

NON_ASSET_KINDS = ("loan", "mortgage", "credit_card", "payroll_agency")


@dataclass(frozen=True)
class Tier:
    code: str
    name: str
    threshold: float  # in the book's base currency


@dataclass(frozen=True)
class ClientSegment:
    client_id: str
    kind: str
    household_id: str | None
    assets_with_us: float
    tier: str | None
    products: tuple[str, ...]
    last_activity: dt.date | None
    banker: str

    def as_json(self) -> dict[str, Any]:
        return {"client_id": self.client_id, "kind": self.kind, "household_id": self.household_id,
                "assets_with_us": round(self.assets_with_us, 2), "tier": self.tier,
                "products": list(self.products),
                "last_activity": self.last_activity.isoformat() if self.last_activity else None,
                "banker": self.banker}


@dataclass(frozen=True)
class HouseholdSegment:
    household_id: str
    assets_with_us: float
    company_assets_with_us: float
    known_wealth: float | None
    financial_wealth: float | None
    wallet_share: float | None
    tier: str | None

    def as_json(self) -> dict[str, Any]:
        def r(x: float | None, n: int = 2) -> float | None:
            return None if x is None else round(x, n)

        return {"household_id": self.household_id, "assets_with_us": r(self.assets_with_us),
                "company_assets_with_us": r(self.company_assets_with_us),
                "known_wealth": r(self.known_wealth), "financial_wealth": r(self.financial_wealth),
                "wallet_share": r(self.wallet_share, 6), "tier": self.tier}


@dataclass(frozen=True)
class Segments:
    as_of: dt.date
    base_currency: str
    market: str
    tiers: tuple[Tier, ...]
    clients: tuple[ClientSegment, ...]
    households: tuple[HouseholdSegment, ...]

    def as_json(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "base_currency": self.base_currency,
                "market": self.market,
                "tiers": [{"code": t.code, "name": t.name, "from": t.threshold}
                          for t in self.tiers],
                "clients": [c.as_json() for c in self.clients],
                "households": [h.as_json() for h in self.households]}


@cache
def _tier_data() -> dict[str, Any]:
    return json.loads((resources.files("book") / "data" / "tiers.json").read_text("utf-8"))


def tiers_in_force(meta: BookMeta, on: dt.date) -> tuple[str, tuple[Tier, ...]]:
    """The market of the book's base currency and its tiers in force ``on`` the date, with the
    thresholds converted to the base currency (a book in another currency uses CN's, via fx)."""
    data = _tier_data()
    market = data["market_by_currency"].get(meta.base_currency, "CN")
    records = sorted((r for r in data["markets"][market]
                      if dt.date.fromisoformat(r["valid_from"]) <= on),
                     key=lambda r: r["valid_from"])
    if not records:
        raise ValueError(f"no client tiers for {market} in force on {on}")
    rec = records[-1]
    if rec["currency"] == meta.base_currency:
        rate = 1.0
    elif rec["currency"] in meta.fx:
        rate = meta.rate(rec["currency"])
    else:
        raise ValueError(f"book.json fx has no rate for {rec['currency']}, the currency of the "
                         f"{market} client tiers")
    return market, tuple(Tier(t["code"], t["name"], t["from"] * rate) for t in rec["tiers"])


def _exact(column: str) -> str:
    """``column`` as an exact decimal (to a millionth) for summing: a float sum depends on the
    order DuckDB's threads add in, and an amount ending in half a cent rounded either way. A
    client's assets with us are rounded to the cent in decimal (half away from zero)."""
    return f"CAST({column} AS DECIMAL(38, 6))"


def tier_of(amount: float, tiers: tuple[Tier, ...]) -> str:
    code = tiers[0].code
    for t in tiers:
        if amount >= t.threshold:
            code = t.code
    return code


def account_balances(con: duckdb.DuckDBPyConnection, meta: BookMeta, on: dt.date,
                     open_only: bool = True) -> duckdb.DuckDBPyRelation:
    """Per account on the date: account_id, client_id, kind, currency, is_open, balance (account
    currency), ``base`` (balance in the base currency) and ``last_activity`` (latest
    client-initiated transaction). ``con`` holds tables or views named accounts, balances and
    transactions with the spec's columns. ``open_only``: only the accounts open on the date.

    The transactions after each account's last balance are summed apart from the scan of all
    (joining every transaction to its account's last balance cost twice the scan), and only from
    the earliest last balance on. Sums are exact (decimal, to a ten-thousandth): a float sum
    depends on the order DuckDB's threads add in, and a cent could change from run to run."""
    rates = [(meta.base_currency, 1.0), *meta.fx.items()]
    values = ", ".join(f"('{c}', {float(r)!r})" for c, r in rates)
    d = f"DATE '{on.isoformat()}'"
    return con.sql(f"""
        WITH acc AS (SELECT account_id, client_id, CAST(kind AS VARCHAR) AS kind, currency,
                            opened <= {d} AND (closed IS NULL OR closed > {d}) AS is_open
                     FROM accounts),
        lastbal AS (SELECT account_id, arg_max(balance, date) AS balance, max(date) AS bdate
                    FROM balances WHERE date <= {d} GROUP BY account_id),
        whole AS (SELECT account_id,
                         CAST(sum(CAST(amount AS DECIMAL(18, 4))) AS DOUBLE) AS amount,
                         max(date) FILTER (WHERE initiated_by IS NULL
                                           OR CAST(initiated_by AS VARCHAR) = 'client')
                             AS last_activity
                  FROM transactions WHERE date <= {d} GROUP BY account_id),
        after AS (SELECT t.account_id,
                         CAST(sum(CAST(t.amount AS DECIMAL(18, 4))) AS DOUBLE) AS amount
                  FROM transactions t JOIN lastbal b ON t.account_id = b.account_id
                  WHERE t.date <= {d} AND t.date > b.bdate
                        AND t.date > (SELECT min(bdate) FROM lastbal)
                  GROUP BY t.account_id),
        tx AS (SELECT w.account_id, CASE WHEN b.bdate IS NULL THEN w.amount ELSE a.amount END
                          AS amount, w.last_activity
               FROM whole w LEFT JOIN lastbal b USING (account_id)
               LEFT JOIN after a USING (account_id)),
        fx(currency, rate) AS (VALUES {values})
        SELECT acc.*, CASE WHEN is_open THEN coalesce(b.balance, 0) + coalesce(f.amount, 0)
                      ELSE 0 END AS balance,
               CASE WHEN is_open THEN (coalesce(b.balance, 0) + coalesce(f.amount, 0)) * fx.rate
               ELSE 0 END AS base, f.last_activity
        FROM acc LEFT JOIN lastbal b USING (account_id) LEFT JOIN tx f USING (account_id)
        JOIN fx USING (currency) {"WHERE is_open" if open_only else ""}""")


def segments(con: duckdb.DuckDBPyConnection, meta: BookMeta,
             households: Mapping[str, Household] | None = None,
             as_of: dt.date | None = None) -> Segments:
    """Segments of every client and household of a book held in ``con`` (an ``OpenBook``'s
    connection, or ``BookStore.connect()`` whose ``household_facts`` and ``household_links``
    come from the import: then ``households`` may be None)."""
    on = as_of or meta.as_of
    market, tiers = tiers_in_force(meta, on)
    if households is not None:
        facts, links = household_facts(households, meta)
        for name, df in (("household_facts", facts), ("household_links", links)):
            con.register(f"_{name}_df", df)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _{name}_df")
            con.unregister(f"_{name}_df")
    else:
        have = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() UNION ALL "
            "SELECT view_name FROM duckdb_views()").fetchall()}
        if "household_facts" not in have:
            con.execute("CREATE TEMP TABLE household_facts (household_id VARCHAR, "
                        "known_wealth_elsewhere DOUBLE, financial_wealth_elsewhere DOUBLE)")
            con.execute("CREATE TEMP TABLE household_links (client_id VARCHAR, "
                        "household_id VARCHAR, member VARCHAR)")
    account_balances(con, meta, on, open_only=False).create_view("segment_balances",
                                                                 replace=True)
    non_assets = ", ".join(f"'{k}'" for k in NON_ASSET_KINDS)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE segment_clients AS
        WITH a AS (SELECT client_id,
                   coalesce(CAST(round(sum({_exact('base')}) FILTER (
                       WHERE is_open AND kind NOT IN ({non_assets}) AND base > 0), 2)
                       AS DOUBLE), 0)
                       AS assets,
                   coalesce(list(DISTINCT kind ORDER BY kind) FILTER (WHERE is_open), [])
                       AS products,
                   max(last_activity) AS last_activity
                   FROM segment_balances GROUP BY client_id),
        hh AS (SELECT client_id, min(household_id) AS household_id FROM household_links
               GROUP BY client_id)
        SELECT c.client_id, CAST(c.kind AS VARCHAR) AS kind, hh.household_id,
               coalesce(a.assets, 0) AS assets, coalesce(a.products, []) AS products,
               a.last_activity, c.banker
        FROM clients c LEFT JOIN a USING (client_id)
        LEFT JOIN hh USING (client_id) ORDER BY c.client_id""")
    clients = tuple(  # a date (frames registered from pandas give timestamps)
        ClientSegment(cid, kind, hid, float(assets),
                      tier_of(assets, tiers) if kind == "person" else None, tuple(products),
                      last.date() if isinstance(last, dt.datetime) else last, banker)
        for cid, kind, hid, assets, products, last, banker in
        con.execute("SELECT * FROM segment_clients").fetchall())
    rows = con.execute(f"""
        SELECT f.household_id,
               coalesce(CAST(sum({_exact('s.assets')}) FILTER (WHERE l.member = 'person')
                             AS DOUBLE), 0),
               coalesce(CAST(sum({_exact('s.assets')}) FILTER (WHERE l.member = 'company')
                             AS DOUBLE), 0),
               any_value(f.known_wealth_elsewhere), any_value(f.financial_wealth_elsewhere)
        FROM household_facts f LEFT JOIN household_links l USING (household_id)
        LEFT JOIN segment_clients s ON s.client_id = l.client_id
        GROUP BY f.household_id ORDER BY f.household_id""").fetchall()
    return Segments(on, meta.base_currency, market, tiers, clients, tuple(
        _household(hid, people, companies, known, financial, tiers)
        for hid, people, companies, known, financial in rows))


def _household(hid: str, people: float, companies: float, known: float | None,
               financial: float | None, tiers: tuple[Tier, ...]) -> HouseholdSegment:
    """``known`` and ``financial``: the file's wealth besides what it places with us; the
    family's assets with us (``people``) come from the book."""
    def value(x: float | None) -> float | None:
        return None if x is None or math.isnan(x) else float(x) + people

    known, financial = value(known), value(financial)
    share = people / financial if financial else None
    return HouseholdSegment(hid, float(people), float(companies), known, financial, share,
                            tier_of(people, tiers))
