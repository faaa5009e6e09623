"""Return generators: correlated lognormal factors with exact arithmetic moments.

A factor with arithmetic annual mean ``m`` and volatility ``s`` has gross return
``exp(mu + sigma z)`` with ``sigma^2 = ln(1 + s^2 / (1 + m)^2)`` and ``mu = ln(1 + m) - sigma^2/2``,
so that ``E[gross] = 1 + m`` and ``sd[gross] = s`` exactly. ``z`` are standard normals correlated by
a Cholesky factor ``L`` of the correlation matrix: ``z = L n`` (never ``multivariate_normal``, whose
factorisation and stream use are not ours to control). The stated correlation is applied to the
log returns. Sub-annual steps split ``mu`` and ``sigma^2`` evenly, so that compounding the steps of
a year gives exactly the annual lognormal.

Student-t option (fat tails): ``z`` is multivariate t with ``nu`` degrees of freedom scaled to unit
variance (one chi-square draw per path and step, shared by the factors), and the gross return is
the arithmetic ``1 + m + s z`` (a lognormal with t innovations has no finite mean), floored at
``T_FLOOR`` so that no price becomes negative. Mean and volatility are exact apart from the floor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .assumptions import Assumptions, check_correlation

T_FLOOR = 0.01
DEFAULT_NU = 5.0


def lognormal_params(mean: np.ndarray | float, vol: np.ndarray | float
                     ) -> tuple[np.ndarray, np.ndarray]:
    """``(mu, sigma)`` of the log gross return with arithmetic ``mean`` and ``vol``."""
    m = np.asarray(mean, dtype=np.float64)
    s = np.asarray(vol, dtype=np.float64)
    sigma2 = np.log1p((s / (1.0 + m)) ** 2)
    return np.log1p(m) - sigma2 / 2.0, np.sqrt(sigma2)


def cholesky(corr: np.ndarray) -> np.ndarray:
    """Lower Cholesky factor; a PSD matrix that is singular gets a tiny ridge (1e-12)."""
    try:
        return np.linalg.cholesky(corr)
    except np.linalg.LinAlgError:
        check_correlation(corr)
        return np.linalg.cholesky(corr + 1e-12 * np.eye(len(corr)))


@dataclass(frozen=True)
class FactorModel:
    """Correlated risk factors, each a lognormal gross return per step.

    ``names`` are the factor names (asset classes, ``inflation``, ``fx:CUR``, and any extra
    factors such as companies); ``mean``/``vol`` their arithmetic annual moments.
    """

    names: tuple[str, ...]
    mean: np.ndarray = field(repr=False)
    vol: np.ndarray = field(repr=False)
    corr: np.ndarray = field(repr=False)
    chol: np.ndarray = field(repr=False)

    def step_params(self, steps_per_year: int = 1) -> tuple[np.ndarray, np.ndarray]:
        mu, sigma = lognormal_params(self.mean, self.vol)
        return mu / steps_per_year, sigma / np.sqrt(steps_per_year)

    def draw(self, rng: np.random.Generator, n_paths: int, n_steps: int,
             steps_per_year: int = 1, student_t: float | None = None) -> np.ndarray:
        """Gross returns, factor-major: shape ``(K, n_steps, n_paths)``, float64.

        Factor-major because ``L @ Z`` with ``Z`` of shape ``(K, N)`` is one wide product
        (several times faster than ``Z' L'`` on a tall, skinny matrix) and every factor's
        returns are then contiguous."""
        k = len(self.names)
        z = correlate(rng.standard_normal((k, n_steps * n_paths)), self.chol)
        if student_t is None:
            mu, sigma = self.step_params(steps_per_year)
            z *= sigma[:, None]
            z += mu[:, None]
            np.exp(z, out=z)
            return z.reshape(k, n_steps, n_paths)
        nu = float(student_t)
        w = rng.chisquare(nu, size=(1, n_steps * n_paths))
        np.divide(nu - 2.0, w, out=w)
        np.sqrt(w, out=w)
        z *= w
        m = (1.0 + self.mean) ** (1.0 / steps_per_year) - 1.0
        s = self.vol / np.sqrt(steps_per_year)
        z *= s[:, None]
        z += (1.0 + m)[:, None]
        np.maximum(z, T_FLOOR, out=z)
        return z.reshape(k, n_steps, n_paths)


def correlate(z: np.ndarray, chol: np.ndarray) -> np.ndarray:
    """Correlated normals ``L @ z`` for independent standard normals ``z`` of shape (K, N)."""
    return chol @ z


def factor_model(a: Assumptions, classes: Sequence[str] | None = None,
                 currencies: Sequence[str] = (), extra: Sequence[tuple[str, str, float, float,
                                                                       float]] = ()
                 ) -> FactorModel:
    """Build the joint factor model: the chosen ``classes`` (default all of the set's),
    ``inflation``, one ``fx:CUR`` factor per currency, and ``extra`` factors given as
    ``(name, home_class, rho, mean, vol)``: correlated with ``home_class`` at ``rho`` (and with
    everything else through it), e.g. a family company and its home equity market.
    """
    classes = tuple(a.classes if classes is None else classes)
    idx = [a.index(c) for c in classes]
    for cur in currencies:
        if cur not in a.fx:
            from .assumptions import AssumptionError

            raise AssumptionError("fx", f"the set '{a.id}' has no FX factor for {cur}")
    names = [*classes, "inflation", *(f"fx:{c}" for c in currencies)]
    nc, nx = len(classes), len(currencies)
    k0 = nc + 1 + nx
    k = k0 + len(extra)
    corr = np.eye(k)
    corr[:nc, :nc] = a.correlation[np.ix_(idx, idx)]
    for i, ci in enumerate(currencies):
        for j, cj in enumerate(currencies):
            corr[nc + 1 + i, nc + 1 + j] = a.fx_corr(ci, cj)
    mean = [*(a.means[i] for i in idx), a.inflation_mean, *(a.fx[c].drift for c in currencies)]
    vol = [*(a.vols[i] for i in idx), a.inflation_vol, *(a.fx[c].volatility for c in currencies)]
    for e, (name, home, rho, m, s) in enumerate(extra):
        h = classes.index(home)
        row = rho * corr[h, :k0]
        corr[k0 + e, :k0] = row
        corr[:k0, k0 + e] = row
        for f, (_, home2, rho2, _, _) in enumerate(extra[:e]):
            v = rho * rho2 * corr[h, classes.index(home2)]
            corr[k0 + e, k0 + f] = corr[k0 + f, k0 + e] = v
        names.append(name)
        mean.append(m)
        vol.append(s)
    check_correlation(corr, "correlation (joint factor model)")
    return FactorModel(tuple(names), np.array(mean, dtype=np.float64),
                       np.array(vol, dtype=np.float64), corr, cholesky(corr))


def class_returns(a: Assumptions, rng: np.random.Generator, n_paths: int, n_years: int,
                  student_t: float | None = None, steps_per_year: int = 1) -> np.ndarray:
    """Gross returns of the set's classes, shape ``(n_years * steps_per_year, n_paths,
    n_classes)`` (a view of the factor-major draw)."""
    fm = factor_model(a)
    g = fm.draw(rng, n_paths, n_years * steps_per_year, steps_per_year, student_t)
    return np.moveaxis(g[: len(a.classes)], 0, -1)
