"""Problems found in a household file, each naming where it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: ``path`` is a JSON path such as ``ownership[3].share`` (or the IDs involved)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class HouseholdError(ValueError):
    """A household file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid household")


class StaleVersionError(RuntimeError):
    """A save based on a version that is no longer the latest."""


class StoreError(RuntimeError):
    """A database that cannot be used (missing, not a database, corrupted, read-only,
    unreachable); the message names it and says what to do. Nothing was saved."""
