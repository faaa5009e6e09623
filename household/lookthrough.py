"""Look-through economic interest and control of companies.

Effective interest E = D (I - M)^-1, where D holds the direct stakes of people and trusts and M the
stakes of companies in companies. The file checks guarantee that no set of companies is owned only
by itself, so I - M is invertible; cross-holdings are resolved exactly. Large webs use a sparse LU.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from .model import Household

_SPARSE_FROM = 150


@dataclass(frozen=True)
class LookThrough:
    """Effective economic fractions: ``matrix[i, j]`` is owner ``owners[i]``'s share of company
    ``companies[j]``, directly and through other companies."""

    owners: tuple[str, ...]
    companies: tuple[str, ...]
    matrix: np.ndarray = field(repr=False)

    def __post_init__(self) -> None:
        self.matrix.setflags(write=False)

    def of(self, owner: str) -> dict[str, float]:
        """Companies in which ``owner`` holds a direct or indirect interest."""
        i = self.owners.index(owner)
        row = self.matrix[i]
        return {c: float(row[j]) for j, c in enumerate(self.companies) if row[j] > 0}

    def share(self, owner: str, company: str) -> float:
        return float(self.matrix[self.owners.index(owner), self.companies.index(company)])

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {o: self.of(o) for o in self.owners}


def look_through(hh: Household) -> LookThrough:
    owners = tuple([p.id for p in hh.people] + [t.id for t in hh.trusts])
    comps = tuple(c.id for c in hh.companies)
    oi = {o: i for i, o in enumerate(owners)}
    ci = {c: j for j, c in enumerate(comps)}
    n, m = len(owners), len(comps)
    d_rows, d_cols, d_vals, m_rows, m_cols, m_vals = [], [], [], [], [], []
    for o in hh.ownership:
        j = ci[o.company]
        if o.owner in ci:
            m_rows.append(ci[o.owner])
            m_cols.append(j)
            m_vals.append(o.share)
        else:
            d_rows.append(oi[o.owner])
            d_cols.append(j)
            d_vals.append(o.share)
    if m == 0:
        return LookThrough(owners, comps, np.zeros((n, 0)))
    # a company's shares may sum to a hair over 1 (rounded inputs pass the load check's 1e-6):
    # scale them to 1 so that no company is more than fully owned
    total = np.bincount(np.asarray(d_cols + m_cols, dtype=np.intp),
                        weights=np.asarray(d_vals + m_vals, dtype=np.float64), minlength=m)
    over = np.maximum(total, 1.0)
    d_vals = list(np.asarray(d_vals, dtype=np.float64) / over[np.asarray(d_cols, dtype=np.intp)])
    m_vals = list(np.asarray(m_vals, dtype=np.float64) / over[np.asarray(m_cols, dtype=np.intp)])
    D = np.zeros((n, m))
    np.add.at(D, (np.asarray(d_rows, dtype=np.intp), np.asarray(d_cols, dtype=np.intp)), d_vals)
    # E (I - M) = D  <=>  (I - M)^T E^T = D^T
    if m < _SPARSE_FROM:
        A = np.eye(m)
        np.subtract.at(A, (np.asarray(m_rows, dtype=np.intp), np.asarray(m_cols, dtype=np.intp)),
                       m_vals)
        E = np.linalg.solve(A.T, D.T).T
    else:
        import scipy.sparse as sp  # only large webs pay for scipy's import
        import scipy.sparse.linalg as spla

        M = sp.csc_matrix((m_vals, (m_rows, m_cols)), shape=(m, m), dtype=np.float64)
        A = sp.identity(m, format="csc", dtype=np.float64) - M
        E = spla.splu(A.T.tocsc()).solve(D.T).T
    E = np.clip(E, 0.0, 1.0)  # remove round-off below 0 or above 1
    E[np.abs(E) < 1e-15] = 0.0
    return LookThrough(owners, comps, np.ascontiguousarray(E))


def controllers(hh: Household) -> Mapping[str, str | None]:
    """The person or trust controlling each company, or None.

    A party controls a company when its own votes plus the votes of companies it controls exceed
    one half; control is propagated to a fixed point, so chains and cross-holdings resolve.
    """
    votes: dict[str, dict[str, float]] = {}
    for o in hh.ownership:
        votes.setdefault(o.owner, {})
        votes[o.owner][o.company] = votes[o.owner].get(o.company, 0.0) + o.votes
    parties = [p.id for p in hh.people] + [t.id for t in hh.trusts]
    controlled: dict[str, str] = {}
    # Each party's closure: its own votes, then the votes of every company it comes to control.
    # One pass per party (linear in its web). Votes per company sum to at most 1, so two parties
    # cannot both pass one half — except within the file's rounding tolerance, where the party
    # listed first keeps control (a fixed-point loop over all parties would never settle there).
    for party in parties:
        tally: dict[str, float] = {}
        frontier = [party]
        while frontier:
            holder = frontier.pop()
            for c, v in votes.get(holder, {}).items():
                tally[c] = tally.get(c, 0.0) + v
                if tally[c] > 0.5 + 1e-12 and c not in controlled:
                    controlled[c] = party
                    frontier.append(c)
    return MappingProxyType({c.id: controlled.get(c.id) for c in hh.companies})


def person_controllers(hh: Household) -> dict[str, str | None]:
    """Controller of each company as the spec's `controller`: a person's ID or None."""
    from .facts import facts_of

    return dict(facts_of(hh).person_controllers)
