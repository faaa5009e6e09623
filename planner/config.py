"""Settings of a Monte Carlo plan (a frozen value: part of the inputs a result depends on)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_SEED = 20261128
DEFAULT_PATHS = 10_000
MAX_YEARS = 60
TARGET_AGE = 95


@dataclass(frozen=True)
class PlanConfig:
    """``years=None``: until the youngest principal is about 95 (and every goal is covered),
    capped at 60. ``allocation=None``: the household's current liquid allocation (class ->
    weight, summing to 1). ``real``: report in today's money (else nominal); both are computed.
    ``chunk``: paths per chunk (bounds memory; results depend on it, so it is an input).
    ``trace``: keep the per-path ledger (accounting identity) in the result.
    ``spawn_key``: the root stream is ``SeedSequence(seed, spawn_key=spawn_key)``; the default
    ``()`` is exactly ``SeedSequence(seed)``. The nightly book run gives each household its own
    key (a stable hash of its id), so its numbers do not depend on which worker ran it."""

    paths: int = DEFAULT_PATHS
    seed: int = DEFAULT_SEED
    years: int | None = None
    risk_level: str | None = None
    real: bool = True
    student_t: bool = False
    nu: float = 5.0
    monthly: bool = False
    allocation: Mapping[str, float] | None = field(default=None, hash=False)
    chunk: int = 10_000
    mortality: str = "CL1/CL2"
    borrow_spread: float = 0.02
    trace: bool = False
    spawn_key: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.paths < 1:
            raise ValueError("paths must be at least 1")
        if self.years is not None and not 1 <= self.years <= 100:
            raise ValueError("years must be between 1 and 100")
        if any(not 0 <= k < 2**64 for k in self.spawn_key):
            raise ValueError("spawn_key entries must be integers in [0, 2**64)")
        if self.chunk < 1:
            raise ValueError("chunk must be at least 1")
        if self.student_t and self.nu <= 2:
            raise ValueError("nu must be above 2 for a finite variance")
        if self.allocation is not None:
            total = sum(self.allocation.values())
            if any(w < 0 for w in self.allocation.values()) or abs(total - 1.0) > 1e-6:
                raise ValueError("allocation weights must be non-negative and sum to 1 (they sum "
                                 f"to {total:.6g})")


@dataclass(frozen=True)
class Variant:
    """A what-if on the same household and the same random numbers: another allocation, extra
    yearly spending in today's money (negative: less), or all goals scaled."""

    label: str
    allocation: Mapping[str, float] | None = field(default=None, hash=False)
    extra_spending: float = 0.0
    goal_scale: float = 1.0
