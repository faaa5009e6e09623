"""P1: the full client proposal (plan, recommendation, succession comparison and the PDF) of a
demo household with 10,000 paths. The issue sets an absolute target: under 5 s."""

from __future__ import annotations

import datetime as dt

from household import demo

from .core import Workload


def _setup(quick: bool):
    return demo("demo-cn-chen"), (1_000 if quick else 10_000)


def _run(state):
    from proposal import ProposalOptions, build_for

    hh, paths = state
    return build_for(hh, "zh-Hant", paths=paths, seed=20261128,
                     options=ProposalOptions(prepared_on=dt.date(2026, 7, 1)))


WORKLOADS = [
    Workload("P1", "full PDF proposal (zh-Hant) with plan, recommendation and succession, "
             "10,000 paths", _setup, _run, floor=None, limit_seconds=5.0, target_ratio=1.0),
]
