"""Mortality: death years per person and path drawn from a life table by sex.

The shipped tables are the China life-insurance industry experience tables 2010–2013 (CL1–CL6,
one-year death probabilities ``qx`` for ages 0–105; ``planner/data``). Other tables plug in as any
:class:`LifeTable` (``qx`` per sex). Beyond the last age of a table death is certain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import numpy as np

TABLE_FILE = "china-life-table-2010-2013.tsv"
#: table name -> (male column, female column, mortality scale)
TABLES: dict[str, tuple[str, str, float]] = {
    "CL1/CL2": ("CL1_male", "CL2_female", 1.0),
    "CL3/CL4": ("CL3_male", "CL4_female", 1.0),
    "CL5/CL6": ("CL5_male_annuity", "CL6_female_annuity", 1.0),
    # Assumption (labelled): the 2025 industry table is about 20% lighter; values not published
    # in our sources, so the 2010–2013 table scaled by 0.8 stands in for it.
    "CL1/CL2x0.8": ("CL1_male", "CL2_female", 0.8),
}
DEFAULT_TABLE = "CL1/CL2"
NO_DEATHS = "none"  # nobody dies within the horizon: for checks and what-ifs


@dataclass(frozen=True)
class LifeTable:
    """One-year death probabilities by age for men (``M``) and women (``F``)."""

    name: str
    qx_male: np.ndarray = field(repr=False)
    qx_female: np.ndarray = field(repr=False)

    def qx(self, sex: str) -> np.ndarray:
        return self.qx_male if sex == "M" else self.qx_female

    def death_cdf(self, sex: str, age: int, years: int) -> np.ndarray:
        """``cdf[k]`` = probability of dying within ``k + 1`` years from exact age ``age``."""
        q = self.qx(sex)
        ages = age + np.arange(years)
        qk = np.where(ages < len(q), q[np.minimum(ages, len(q) - 1)],
                      0.0 if self.name == NO_DEATHS else 1.0)
        return 1.0 - np.cumprod(1.0 - qk)

    def life_expectancy(self, sex: str, age: int) -> float:
        """Complete expectation of life (deaths at mid-year)."""
        cdf = self.death_cdf(sex, age, 130)
        surv = 1.0 - cdf
        return float(np.sum(surv) + 0.5)


_CACHE: dict[str, LifeTable] = {}


def life_table(name: str = DEFAULT_TABLE) -> LifeTable:
    if name == NO_DEATHS:
        return LifeTable(NO_DEATHS, np.zeros(200), np.zeros(200))
    if name not in TABLES:
        raise ValueError(f"unknown life table {name!r}; choose one of {', '.join(TABLES)}")
    if name not in _CACHE:
        text = (resources.files("planner") / "data" / TABLE_FILE).read_text(encoding="utf-8")
        rows = [ln.split("\t") for ln in text.strip().splitlines()]
        head, body = rows[0], rows[1:]
        m_col, f_col, scale = TABLES[name]
        qm = np.array([float(r[head.index(m_col)]) for r in body])
        qf = np.array([float(r[head.index(f_col)]) for r in body])
        _CACHE[name] = LifeTable(name, np.minimum(qm * scale, 1.0), np.minimum(qf * scale, 1.0))
    return _CACHE[name]


def death_years(rng: np.random.Generator, table: LifeTable, sexes: list[str], ages: list[int],
                n_paths: int, horizon: int) -> np.ndarray:
    """Year index (0 = the first simulated year) in which each person dies, per path: shape
    ``(n_paths, n_people)``. A value of ``horizon`` or more means alive at the end."""
    u = rng.random((n_paths, len(sexes)))
    out = np.empty((n_paths, len(sexes)), dtype=np.int64)
    for j, (sex, age) in enumerate(zip(sexes, ages, strict=True)):
        cdf = table.death_cdf(sex, max(age, 0), horizon)
        out[:, j] = np.searchsorted(cdf, u[:, j], side="right")
    return out
