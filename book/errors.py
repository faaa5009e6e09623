"""Problems found in a book, each naming its file, line and column (``FILE:LINE: column: problem``).

LINE counts the CSV header as line 1 and is the physical line where the record starts (a quoted
cell spanning lines counts from its first line). For Parquet files LINE is the row number plus one,
so that it reads the same way (the first data row is line 2). Household files under
``households/`` name the JSON path instead of a column and have no line.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_SHOWN = 300  # problems listed; beyond, only their count


@dataclass(frozen=True, slots=True, order=True)
class BookProblem:
    """One problem: ``file`` relative to the book folder; ``line``/``column`` when they apply."""

    file: str
    line: int = 0  # 0: the whole file
    column: str = ""
    message: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return ": ".join(x for x in (where, self.column, self.message) if x)


class BookError(ValueError):
    """A book that cannot be used. ``problems`` holds at most :data:`MAX_SHOWN` of them, sorted by
    file and line; ``total`` counts them all."""

    def __init__(self, problems: list[BookProblem], total: int | None = None):
        ordered = sorted(problems)
        self.problems = ordered[:MAX_SHOWN]
        self.total = max(total or 0, len(ordered))
        super().__init__("\n".join(self.lines()) or "invalid book")

    def lines(self) -> list[str]:
        """The problems as printed: one per line, then how many more were not listed."""
        out = [str(p) for p in self.problems]
        more = self.total - len(self.problems)
        if more > 0:
            out.append(f"... and {more} more problem{'s' if more != 1 else ''} not listed")
        return out


class Problems:
    """Collects problems, keeping enough to show and counting the rest."""

    def __init__(self) -> None:
        self.items: list[BookProblem] = []
        self.total = 0

    def add(self, file: str, line: int = 0, column: str = "", message: str = "") -> None:
        self.total += 1
        if len(self.items) < 4 * MAX_SHOWN:  # keep more than shown: they are sorted afterwards
            self.items.append(BookProblem(file, line, column, message))

    def count(self, n: int) -> None:
        """``n`` more problems found but not itemised."""
        self.total += n

    def __bool__(self) -> bool:
        return self.total > 0

    def raise_if_any(self) -> None:
        if self.total:
            raise BookError(self.items, self.total)
