"""One household of the nightly run, and one chunk of them (the unit of work sent to a worker).

Pure: a chunk takes the households, their book rows and the run's settings and returns rows;
it reads no file and writes none, so any worker (in-process, a local process, a remote machine)
gives the same rows. Each household's random streams start from
``SeedSequence(seed, spawn_key=(household_key(id),))``: independent of the worker, of the order
and of the other households of the chunk.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from book.frames import BookMeta
from book.nightly_link import link_household
from household import Household
from household.facts import facts_of

KEY_YEARS = (5, 10, 20)  # wealth percentiles at the end of these plan years, and at the end
WEALTH_PCTS = ("p5", "p50", "p95")


def household_key(household_id: str) -> int:
    """A stable 64-bit key of a household id (the spawn key of its random streams)."""
    return int.from_bytes(hashlib.sha256(household_id.encode("utf-8")).digest()[:8], "little")


@dataclass(frozen=True)
class Job:
    """One household to plan: its (already digested) inputs."""

    household_id: str
    digest: str
    household: Household
    # its linked clients' accounts with the day's balance: nightly_link.account_rows records
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class Settings:
    paths: int
    seed: int
    meta: BookMeta


def _wealth_columns(res: Any) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    real = res.wealth.get("total", {}).get("real" if res.real else "nominal", {})
    n = len(res.years)
    for k in (*KEY_YEARS, None):
        label = "end" if k is None else f"y{k}"
        idx = n - 1 if k is None else k - 1
        for q in WEALTH_PCTS:
            seq = real.get(q, ())
            out[f"wealth_{q}_{label}"] = float(seq[idx]) if 0 <= idx < len(seq) else None
    return out


def plan_row(job: Job, settings: Settings) -> dict[str, Any]:
    """Every figure of one household (raises on a household that cannot be planned)."""
    from planner import PlanConfig
    from scenarios import estate_figures, find_insights, plan_household

    linked = link_household(job.household, job.rows, settings.meta)
    hh = linked.household
    cfg = PlanConfig(paths=settings.paths, seed=settings.seed,
                     spawn_key=(household_key(job.household_id),))
    res = plan_household(hh, None, cfg)
    facts = facts_of(hh)
    bs = facts.balance
    who = facts.head
    business = [p.id for p in hh.people
                if p.alive and any(o.owner == p.id for o in hh.ownership)]
    estates = estate_figures(hh, list(dict.fromkeys([*([who] if who else []), *business])))
    top_est = estates.get(who) if who else None
    found = find_insights(hh, bs, {k: v for k, v in estates.items() if k in business})
    top = found[0] if found else None
    row: dict[str, Any] = {
        "household_id": job.household_id,
        "digest": job.digest,
        "status": "ok",
        "error": None,
        "base_currency": hh.base_currency,
        "paths": res.paths,
        "seed": res.seed,
        "spawn_key": str(household_key(job.household_id)),
        "plan_years": len(res.years),
        "success_all_essential": res.success_all_essential,
        "success_all_essential_se": res.success_all_essential_se,
        "succession_provisional": bool(res.succession_provisional),
        "start_wealth": res.start_wealth,
        **_wealth_columns(res),
        "death_today_person": who,
        "death_today_tax": top_est.tax if top_est else None,
        "death_today_cash_needed": top_est.cash_needed if top_est else None,
        "death_today_liquid": top_est.liquid if top_est else None,
        "liquidity_gap": top_est.gap if top_est else None,
        "max_liquidity_gap": max((e.gap for e in estates.values()), default=None),
        "insight_category": top.category if top else None,
        "insight_subject": top.subject if top else None,
        "insight_weight": top.weight if top else None,
        "insights": len(found),
        "linked_clients": ",".join(linked.clients),
        "accounts_linked": linked.accounts,
        "linked_assets_us": linked.assets_with_us,
        "linked_debts_us": linked.debts_with_us,
        "net_worth": bs.net_worth,
    }
    return row


def failed_row(job: Job, error: BaseException) -> dict[str, Any]:
    return {"household_id": job.household_id, "digest": job.digest, "status": "failed",
            "error": f"{type(error).__name__}: {error}"[:2000]}


def run_chunk(jobs: Sequence[Job], settings: Settings) -> dict[str, Any]:
    """Plan every household of the chunk; one that raises is recorded with its error and the rest
    go on. Returns ``{"rows": [...], "failures": [...], "seconds": {hid: s}}``."""
    rows, failures, seconds = [], [], {}
    for job in jobs:
        t0 = time.perf_counter()
        try:
            rows.append(plan_row(job, settings))
        except Exception as e:  # isolation: one household's error must not stop the others
            rows.append(failed_row(job, e))
            failures.append({"household_id": job.household_id,
                             "error": f"{type(e).__name__}: {e}"[:2000],
                             "where": "".join(traceback.format_exception_only(e)).strip()[:500]})
        seconds[job.household_id] = time.perf_counter() - t0
    return {"rows": rows, "failures": failures, "seconds": seconds}


def identity(value: Any) -> Any:
    """A value as a task's result (the book the scans share, recomputable if its worker dies)."""
    return value


def run_scan(name: str, scan: Any, book: Any, as_of: Any) -> Mapping[str, Any]:
    """A book-wide scan (alerts, activation, segments) as one task: ``scan(book, as_of)``."""
    from book.nightly_scans import as_document

    t0 = time.perf_counter()
    doc = as_document(scan(book, as_of))
    return {"name": name, "rows": doc, "seconds": time.perf_counter() - t0}


__all__ = ["KEY_YEARS", "Job", "Settings", "failed_row", "household_key", "identity", "plan_row",
           "run_chunk", "run_scan"]
