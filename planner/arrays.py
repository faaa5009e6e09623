"""Small array helpers of the Monte Carlo loop (chosen for speed on numpy)."""

from __future__ import annotations

import numpy as np


def _cols(a: np.ndarray, idx) -> np.ndarray:
    """``a[:, idx]``: ``np.take`` is several times faster for an index array on axis 1."""
    return a[:, idx] if isinstance(idx, slice) else np.take(a, idx, axis=1)


def _rowsum(a: np.ndarray) -> np.ndarray:
    """Sum over the (few) last-axis columns: a matrix-vector product beats a short-axis
    reduction."""
    if a.shape[-1] == 1:
        return a[..., 0].copy()
    return a @ np.ones(a.shape[-1])
