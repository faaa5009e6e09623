"""H1: look-through and consolidated balance sheet of a web of 200 entities and 1,000 holdings.

The issue sets an absolute target (50 ms); the floor beside it is a dense solve of the same
ownership matrix, the least any exact look-through must do.
"""

from __future__ import annotations

import numpy as np

from household import balance_sheet, look_through
from household.synthetic import company_web

from .core import Workload


def _setup(quick: bool):
    n_people, n_companies, n_holdings = (20, 20, 100) if quick else (100, 100, 1000)
    hh = company_web(np.random.default_rng(np.random.SeedSequence(7)), n_people, n_companies,
                     n_holdings)
    m = len(hh.companies)
    mat = np.eye(m) - np.random.default_rng(1).uniform(0, 1 / m, (m, m))
    return hh, mat


def _run(state):
    hh, _ = state
    return balance_sheet(hh, look_through(hh))


def _floor(state):
    _, mat = state
    return np.linalg.solve(mat.T, np.ones((mat.shape[0], 100)))


WORKLOADS = [
    Workload("H1", "look-through + balance sheet, 200 entities, 1,000 holdings", _setup, _run,
             floor=None, limit_seconds=0.050, target_ratio=1.0,
             extra=lambda s: {"floor_dense_solve_seconds": _time_floor(s)}),
]


def _time_floor(state) -> float:
    from .core import median_time

    return median_time(lambda: _floor(state), 5)
