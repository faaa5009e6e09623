"""Return generators: exact lognormal moments, Cholesky correlation, Student-t option."""

from __future__ import annotations

import numpy as np
import pytest

from assets import factor_model, load_assumptions, lognormal_params
from assets.returns import T_FLOOR


@pytest.mark.parametrize(("m", "s"), [(0.015, 0.007), (0.061, 0.287), (0.086, 0.198),
                                      (-0.02, 0.4)])
def test_lognormal_params_give_exact_arithmetic_moments(m, s):
    mu, sigma = lognormal_params(m, s)
    mean = np.exp(mu + sigma**2 / 2)
    var = (np.exp(sigma**2) - 1) * np.exp(2 * mu + sigma**2)
    assert mean == pytest.approx(1 + m, rel=1e-12)
    assert np.sqrt(var) == pytest.approx(s, rel=1e-12)


@pytest.mark.parametrize("student_t", [None, 5.0])
def test_simulated_moments_and_correlation(student_t):
    a = load_assumptions()
    fm = factor_model(a)
    n = 40_000
    g = fm.draw(np.random.default_rng(np.random.SeedSequence(3)), n, 2,
                student_t=student_t).reshape(len(fm.names), -1).T
    se_mean = fm.vol / np.sqrt(g.shape[0])
    assert np.all(np.abs(g.mean(axis=0) - (1 + fm.mean)) <= 5 * se_mean + 1e-12)
    assert np.allclose(g.std(axis=0), fm.vol, rtol=0.05 if student_t else 0.03)
    i, j = a.index("hk_equity"), a.index("dm_equity")
    lg = np.log(g) if student_t is None else g
    r = np.corrcoef(lg[:, i], lg[:, j])[0, 1]
    assert r == pytest.approx(a.correlation[i, j], abs=0.03)
    if student_t:
        assert g.min() >= T_FLOOR


def test_t_has_fatter_tails():
    a = load_assumptions()
    fm = factor_model(a)
    k = a.index("cn_equity")
    rng = np.random.default_rng(5)
    normal = fm.draw(rng, 50_000, 1)[k, 0]
    fat = fm.draw(rng, 50_000, 1, student_t=4.5)[k, 0]

    def kurt(x):
        return float(((x - x.mean()) ** 4).mean() / x.var() ** 2)

    zn = (np.log(normal) - np.log(normal).mean()) / np.log(normal).std()
    assert kurt(fat) > kurt(zn) + 0.5


def test_class_returns_shape():
    from assets import class_returns

    g = class_returns(load_assumptions(), np.random.default_rng(2), 30, 4)
    assert g.shape == (4, 30, 11) and (g > 0).all()


def test_same_seed_same_draws():
    fm = factor_model(load_assumptions())
    a = fm.draw(np.random.default_rng(np.random.SeedSequence(1)), 100, 3)
    b = fm.draw(np.random.default_rng(np.random.SeedSequence(1)), 100, 3)
    assert np.array_equal(a, b)
