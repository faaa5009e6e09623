"""`kinfolio bench`: every workload of the `benchmarks.workloads_*` modules, as ratios."""

from __future__ import annotations

import argparse
import json
import platform
import sys
from types import ModuleType

import numpy as np

from .core import Workload, measure


def workload_modules() -> tuple[ModuleType, ...]:
    """Every ``benchmarks.workloads_*`` module (a new one is added here; a test checks)."""
    from . import (
        workloads_book,
        workloads_household,
        workloads_nightly,
        workloads_planner,
        workloads_proposal,
        workloads_succession,
        workloads_watch,
    )

    return (workloads_book, workloads_household, workloads_nightly, workloads_planner,
            workloads_proposal, workloads_succession, workloads_watch)


def all_workloads() -> list[Workload]:
    found: list[Workload] = []
    for mod in workload_modules():
        found.extend(mod.WORKLOADS)
    return found


def run(quick: bool = False, only: set[str] | None = None, repeat: int = 5) -> dict:
    rows = []
    for w in all_workloads():
        if only and w.id not in only:
            continue
        rows.append(measure(w, quick, 1 if quick else repeat))
    return {
        "workloads": rows,
        "machine": {"python": platform.python_version(), "numpy": np.__version__,
                    "processor": platform.machine(), "cpus": _cpus()},
    }


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def bench_command(args: argparse.Namespace) -> int:
    only = set(args.only.split(",")) if args.only else None
    doc = run(quick=args.quick, only=only, repeat=args.repeat)
    if args.json:
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
        return 0
    for r in doc["workloads"]:
        lim = r.get("limit_seconds")
        ratio = f"{r['ratio']:.2f}x" if r.get("ratio") is not None else "—"
        if r.get("ratio_quartiles"):  # the middle half of the turns' ratios
            ratio += " [{:.2f}-{:.2f}]".format(*r["ratio_quartiles"])
        target = f" (target ≤ {r['target_ratio']}x)" if r.get("target_ratio") else ""
        mem = f", peak {r['peak_mib']:.0f} MiB" if "peak_mib" in r else ""
        sys.stdout.write(f"{r['id']:<6} {r['seconds'] * 1000:9.1f} ms   limit "
                         f"{(lim or 0) * 1000:9.1f} ms   ratio {ratio}{target}{mem}   "
                         f"{r['description']}\n")
    return 0
