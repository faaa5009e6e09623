"""W1–W5: the Monte Carlo planner against its random-number floor, measured in the same run.

The floor of a workload is the random-number pipeline of the same shape (paths x steps x all
asset classes), in chunks of the same size: standard normals, Cholesky factor, lognormal
transform, portfolio return, cumulative product (for W4: Student-t draws instead). It is the least
any Monte Carlo planner of that size must do; the ratio of the planner to it is the figure.
"""

from __future__ import annotations

import numpy as np

from assets import load_assumptions, lognormal_params
from assets.returns import T_FLOOR, cholesky, correlate
from household import demo
from planner import PlanConfig, Variant, run_plan, run_variants
from planner.inputs import current_allocation

from .core import Workload

_BLOCK_VALUES = 2_000_000  # as the planner: factor draws held at once per chunk


def _floor_state(paths: int, years: int, spy: int = 1, student_t: bool = False,
                 variants: int = 1, chunk: int = 10_000) -> dict:
    a = load_assumptions()
    mu, sigma = lognormal_params(a.means, a.vols)
    alloc = current_allocation(demo("demo-cn-chen"))
    w = np.array([alloc.get(c, 0.0) for c in a.classes])
    ws = np.stack([np.roll(w, k) for k in range(variants)], axis=1)  # (K, variants)
    return {"paths": paths, "steps": years * spy, "spy": spy, "chol": cholesky(a.correlation),
            "mu": mu / spy, "sigma": sigma / np.sqrt(spy), "m": (1 + a.means) ** (1 / spy) - 1,
            "s": a.vols / np.sqrt(spy), "w": ws, "t": student_t, "chunk": chunk, "seed": 1}


def floor(st: dict) -> np.ndarray:
    """Standard normals -> Cholesky -> lognormal -> portfolio return -> cumulative product,
    factor-major like the planner (``L @ Z`` is the fast way round for both)."""
    P, S, k = st["paths"], st["steps"], len(st["mu"])
    chunk = st["chunk"]
    rng = np.random.default_rng(st["seed"])
    wt = np.ascontiguousarray(st["w"].T)  # (variants, K)
    last = np.empty((wt.shape[0], P))
    for lo in range(0, P, chunk):
        n = min(chunk, P - lo)
        blk = max(1, min(S, _BLOCK_VALUES // (n * k)))
        acc = np.ones((wt.shape[0], n))
        for s0 in range(0, S, blk):
            b = min(blk, S - s0)
            z = correlate(rng.standard_normal((k, b * n)), st["chol"])
            if st["t"]:
                w = rng.chisquare(5.0, size=(1, b * n))
                np.divide(3.0, w, out=w)
                np.sqrt(w, out=w)
                z *= w
                z *= st["s"][:, None]
                z += (1.0 + st["m"])[:, None]
                np.maximum(z, T_FLOOR, out=z)
            else:
                z *= st["sigma"][:, None]
                z += st["mu"][:, None]
                np.exp(z, out=z)
            port = (wt @ z).reshape(-1, b, n)
            np.cumprod(port, axis=1, out=port)
            acc *= port[:, -1]
        last[:, lo:lo + n] = acc
    return last


def _plan_state(quick: bool, paths: int, years: int, **kw) -> dict:
    if quick:
        paths, years = min(paths, 500), min(years, 5)
    hh = demo("demo-cn-chen")
    cfg = PlanConfig(paths=paths, years=years, **kw)
    spy = 12 if cfg.monthly else 1
    return {"hh": hh, "a": load_assumptions(), "cfg": cfg,
            "floor": _floor_state(paths, years, spy, cfg.student_t)}


def _run_plan(st: dict):
    return run_plan(st["hh"], st["a"], st["cfg"])


def _variants(hh) -> list[Variant]:
    cur = current_allocation(hh)
    out = [Variant("current", cur)]
    for k, (frm, to) in enumerate([("cash", "gov_bond"), ("cash", "dm_equity"),
                                   ("cn_equity", "dm_equity"), ("cn_equity", "gov_bond"),
                                   ("gov_bond", "credit"), ("cash", "gold")]):
        alloc = dict(cur)
        move = alloc.get(frm, 0.0) / 2
        alloc[frm] = alloc.get(frm, 0.0) - move
        alloc[to] = alloc.get(to, 0.0) + move
        out.append(Variant(f"move-{k}", alloc))
    out.append(Variant("spend+500k", cur, extra_spending=500_000))
    out.append(Variant("spend-300k", cur, extra_spending=-300_000))
    out.append(Variant("goals+20%", cur, goal_scale=1.2))
    return out


def _setup_w5(quick: bool) -> dict:
    st = _plan_state(quick, 10_000, 50)
    st["variants"] = _variants(st["hh"])
    f = st["floor"]
    st["floor"] = _floor_state(f["paths"], f["steps"], 1, False, variants=len(st["variants"]))
    return st


def _cpu(run, st: dict) -> dict:
    """CPU time of the workload and of its floor (best of two each, ``time.process_time``):
    steadier than wall time when other processes share the machine."""
    import time

    def best(fn) -> float:
        out = []
        for _ in range(2):
            t0 = time.process_time()
            fn(st)
            out.append(time.process_time() - t0)
        return min(out)

    cpu, fcpu = best(run), best(_floor_of)
    return {"cpu_seconds": cpu, "floor_cpu_seconds": fcpu,
            "cpu_ratio": cpu / fcpu if fcpu > 0 else None}


def _w5_extra(st: dict) -> dict:
    """Also the work ten separate W1 runs would face: ten W1 floors (measured here)."""
    from .core import median_time

    one = _floor_state(st["floor"]["paths"], st["floor"]["steps"], 1, False, variants=1)
    ten = 10 * median_time(lambda: floor(one), 3)
    return {"floor_ten_independent_seconds": ten, **_cpu(_run_w5, st)}


def _run_w5(st: dict):
    return run_variants(st["hh"], st["a"], st["cfg"], st["variants"])


def _floor_of(st: dict):
    return floor(st["floor"])


WORKLOADS = [
    Workload("W1", "client meeting: demo-cn-chen, 10,000 paths x 50 years, all classes, "
             "mortality, cash flows, goals, companies, rebalancing",
             lambda q: _plan_state(q, 10_000, 50), _run_plan, floor=_floor_of, target_ratio=3.0,
             extra=lambda st: {"absolute_target_seconds": 0.5, **_cpu(_run_plan, st)}),
    Workload("W2", "monthly: 10,000 paths x 600 months", lambda q: _plan_state(
        q, 10_000, 50, monthly=True), _run_plan, floor=_floor_of, target_ratio=3.0,
        extra=lambda st: _cpu(_run_plan, st)),
    Workload("W3", "batch: 100,000 paths x 50 years (peak memory <= 500 MiB)",
             lambda q: _plan_state(q, 100_000, 50), _run_plan, floor=_floor_of,
             target_ratio=3.0, measure_memory=True,
             extra=lambda st: {"memory_limit_mib": 500, **_cpu(_run_plan, st)}),
    Workload("W4", "W1 with Student-t returns (floor: t draws)",
             lambda q: _plan_state(q, 10_000, 50, student_t=True), _run_plan, floor=_floor_of,
             target_ratio=3.0, extra=lambda st: _cpu(_run_plan, st)),
    Workload("W5", "ten what-if variants of W1 on common random numbers (floor: normals drawn "
             "once, portfolio return and cumulative product per variant)",
             _setup_w5, _run_w5, floor=_floor_of, target_ratio=3.0, extra=_w5_extra),
]
