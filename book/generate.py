"""A synthetic book (``kinfolio.book/1``) for demonstrations, tests and benchmarks, with planted
events for measuring the watch: ``generate_book(out_dir, households, months, seed)``.

Deterministic per seed: one ``SeedSequence(seed)`` spawned into one generator per component, in a
fixed order; the book's ``as_of`` is fixed (not today) so the same seed writes the same files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import numpy as np

from book.frames import FORMAT
from book.generate_balances import Ledger, month_end_balances
from book.generate_clients import build_population
from book.generate_flows import NEVER, Calendar, Rows, Streams, Vocab
from book.generate_plant import KINDS, choose, last_activity, plant
from book.generate_streams import (
    company_operations,
    interest,
    loans,
    payroll_batches,
    salaries,
    saving_and_investing,
    spending,
    supplier_payments,
)
from book.generate_write import write_book

DEFAULT_SEED = 20261128
DEFAULT_AS_OF = dt.date(2026, 11, 30)
COMPONENTS = ("population", "plan", "salaries", "payroll", "company", "spending", "interest",
              "plant", "suppliers")
MAX_HOUSEHOLDS = 200_000
MAX_MONTHS = 120


class GenerateError(ValueError):
    """Arguments that cannot make a book (sizes, format, an output folder in use)."""


@dataclass(frozen=True)
class GenerateSummary:
    """What ``generate_book`` wrote."""

    path: Path
    planted_path: Path
    seed: int
    as_of: dt.date
    months: int
    households: int
    rows: MappingProxyType  # table -> row count ("households" = files written)
    events: MappingProxyType  # planted kind -> count
    skipped: MappingProxyType  # planted kind -> why it was not planted


def profiles() -> dict:
    return json.loads((resources.files("book") / "data" / "generator_profiles.json")
                      .read_text(encoding="utf-8"))


def planted_path(out_dir: str | os.PathLike) -> Path:
    """``BOOK.planted.json`` beside the book folder (the folder holds only spec files)."""
    p = Path(out_dir).resolve()
    return p.with_name(p.name + ".planted.json")


def generate_book(out_dir: str | os.PathLike, households: int, months: int = 24,
                  seed: int = DEFAULT_SEED, *, as_of: dt.date = DEFAULT_AS_OF,
                  fmt: str = "csv", part_rows: int = 1_000_000,
                  overwrite: bool = False) -> GenerateSummary:
    """Write a synthetic book of ``households`` business-owner families (plus their companies'
    executives and staff and about 0.6 retail clients per family) over ``months`` months ending
    ``as_of``, and its planted events beside it.

    Raises :class:`GenerateError` (a ``ValueError``) for impossible sizes, an unknown format or
    an existing non-empty folder (unless ``overwrite``); nothing is written then.
    """
    if not 1 <= households <= MAX_HOUSEHOLDS:
        raise GenerateError(f"households must be between 1 and {MAX_HOUSEHOLDS:,}")
    if not 1 <= months <= MAX_MONTHS:
        raise GenerateError(f"months must be between 1 and {MAX_MONTHS}")
    if fmt not in ("csv", "parquet"):
        raise GenerateError("format must be 'csv' or 'parquet'")
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not overwrite)):
        raise GenerateError(f"{out}: exists and is not an empty folder (choose another -o)")
    book = _build(households, months, seed, as_of)
    out.resolve().parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.resolve().parent))
    try:
        counts = write_book(tmp, book, fmt=fmt, part_rows=part_rows)
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    pp = planted_path(out)
    pp.write_text(json.dumps(book["planted"], ensure_ascii=False, indent=1) + "\n",
                  encoding="utf-8")
    events: dict[str, int] = dict.fromkeys(KINDS, 0)
    for e in book["planted"]["events"]:
        events[e["kind"]] += 1
    return GenerateSummary(out, pp, seed, as_of, months, households, MappingProxyType(counts),
                           MappingProxyType(events), MappingProxyType(book["skipped"]))


def _arrays(pop) -> tuple[dict, dict, list[str]]:
    C, Acc = pop.clients, pop.accounts
    n = len(C["client_id"])
    P = {k: np.array(C[k]) for k in ("role", "employer", "family")}
    for k in ("salary", "spend", "cash", "mortgage_other", "revenue", "payroll", "tax",
              "dividend", "bonus_months"):
        P[k] = np.array(C[k], dtype=float)
    P["payday"] = np.array(C["payday"], dtype=np.int64)
    P["mortgage_day"] = np.array([d or 0 for d in C["mortgage_day"]], dtype=np.int64)
    markets = []
    for m in C["market"]:
        if m not in markets:
            markets.append(m)
    markets.sort()
    P["market"] = np.array([markets.index(m) for m in C["market"]], dtype=np.int64)
    A = {"client": np.array(Acc["client"], dtype=np.int64), "kind": np.array(Acc["kind"])}
    for k in ("target", "payment", "rate"):
        A[k] = np.array([v or 0.0 for v in Acc[k]], dtype=float)
    A["term_days"] = np.array([v or 0 for v in Acc["term_days"]], dtype=np.int64)
    A["opened"] = _days(Acc["opened"])
    A["maturity"] = _days(Acc["maturity"])
    for key, kind in (("cur_acc", "current"), ("cc_acc", "credit_card"), ("pay_acc",
                                                                          "payroll_agency")):
        idx = np.full(n, -1, dtype=np.int64)
        sel = np.flatnonzero(A["kind"] == kind)
        idx[A["client"][sel]] = sel
        P[key] = idx
    P["dormant_from"] = np.full(n, NEVER, dtype=np.int64)
    P["salary_stop"] = np.full(n, NEVER, dtype=np.int64)
    P["batch_stop"] = np.full(n, NEVER, dtype=np.int64)
    P["batch_factor_from"] = np.full(n, NEVER, dtype=np.int64)
    P["batch_factor"] = np.ones(n)
    P["kyc_review_due"] = _days(C["kyc_review_due"])
    return P, A, markets


def _days(values: list) -> np.ndarray:
    return np.array([np.datetime64(v, "D").astype(np.int64) if v else NEVER for v in values],
                    dtype=np.int64)


def _build(n_families: int, months: int, seed: int, as_of: dt.date) -> dict:
    prof = profiles()
    children = np.random.SeedSequence(seed).spawn(len(COMPONENTS))
    rngs = {name: np.random.default_rng(ss) for name, ss in zip(COMPONENTS, children, strict=True)}
    cal_start = (np.datetime64(as_of, "M") - (months - 1)).astype("datetime64[D]").item()
    pop = build_population(rngs["population"], prof, n_families, as_of, cal_start)
    P, A, markets = _arrays(pop)
    cal = Calendar(as_of, months, prof, markets)
    dormant_retail = np.flatnonzero(np.array(pop.clients["retail_dormant"], dtype=bool))
    P["dormant_from"][dormant_retail] = cal.first_day - 400
    plan = choose(rngs["plan"], P, A, cal, n_families, pop.family_companies, pop.family_wealth,
                  markets, prof)
    vocab = Vocab()
    s = Streams(cal, P, A, vocab, prof, markets)
    s.company_owners = _company_owners(pop)
    salaries(s, rngs["salaries"])
    payroll_batches(s, rngs["payroll"])
    company_operations(s, rngs["company"])
    loans(s)
    supplier_payments(s, rngs["suppliers"])
    spending(s, rngs["spending"])
    saving_and_investing(s)
    interest(s, rngs["interest"])
    regular = Rows.concat(s.parts)
    ledger = Ledger(regular, A)
    s.parts = [regular]
    closed = plant(rngs["plant"], s, plan, ledger)
    rows = Rows.concat(s.parts)
    if closed:
        acc_closed = np.full(len(A["kind"]), NEVER, dtype=np.int64)
        for a, d in closed.items():
            acc_closed[a] = d
        keep = rows.date <= acc_closed[rows.acc]
        rows = rows.take(np.flatnonzero(keep))
    else:
        acc_closed = None
    order = np.lexsort((rows.kind, rows.acc, rows.date))
    rows = rows.take(order)
    final = Ledger(rows, A)
    balances = month_end_balances(rows, final.opening, cal)
    ids = pop.clients["client_id"]
    events = []
    for ev in plan.events:
        if ev.kind == "dormant_high_potential":
            ev.date = last_activity(rows, P, A, ev.client)
        events.append({"kind": ev.kind, "client_id": ids[ev.client],
                       "account_id": pop.accounts["account_id"][ev.account]
                       if ev.account >= 0 else None,
                       "date": _iso(ev.date), **({"params": ev.params} if ev.params else {})})
    events.sort(key=lambda e: (e["kind"], e["client_id"]))
    planted = {"seed": seed, "as_of": as_of.isoformat(), "events": events,
               "nothing_planted_clients": [c for i, c in enumerate(ids) if i not in plan.taken],
               "skipped": plan.skipped}
    return {"pop": pop, "P": P, "A": A, "cal": cal, "rows": rows, "vocab": vocab,
            "balances": balances, "closed": acc_closed, "planted": planted,
            "skipped": dict(plan.skipped), "meta": {
                "format": FORMAT, "as_of": as_of.isoformat(), "base_currency": prof["fx_base"],
                "fx": prof["fx"], "bank": "Kinfolio 示範銀行 Demo Bank (synthetic)"}}


def _iso(day: int | None) -> str | None:
    if day is None or day >= NEVER:
        return None
    return str(np.datetime64(int(day), "D"))


def _company_owners(pop) -> dict[int, list[tuple[int, float]]]:
    ix = {c: i for i, c in enumerate(pop.clients["client_id"])}
    out: dict[int, list[tuple[int, float]]] = {}
    for frm, to, kind, share, _ in pop.relationships:
        if kind == "shareholder":
            out.setdefault(ix[to], []).append((ix[frm], float(share)))
    return out
