"""N1-N3 at a tiny size (a smoke test: no timing is asserted)."""

from __future__ import annotations

from benchmarks import workloads_nightly as wn


def test_nightly_workloads_smoke(monkeypatch):
    assert [w.id for w in wn.WORKLOADS] == ["N1", "N2", "N3"]
    monkeypatch.setenv("KINFOLIO_BENCH_NIGHTLY_FAMILIES", "3")
    monkeypatch.setenv("KINFOLIO_BENCH_NIGHTLY_PATHS", "32")
    st = wn._setup(True)
    assert st["families"] == 3 and st["paths"] == 32
    for workers in (1, 2):
        m = wn._run(st, workers)
        assert m["status"] == "complete" and m["counts"]["computed"] == 3
        assert m["workers"] == workers
    wn._serial(st)
    n1, n2, n3 = wn._n1_extra(st), wn._n2_extra(st), wn._n3_extra(st)
    assert n1["plan_s_per_household"] > 0 and n1["task_bytes_per_household"] > 0
    assert n2["speedup"] > 0
    p16, p64 = n2["projected_100k_on_16_cores_s"], n2["projected_100k_on_64_cores_s"]
    assert p16 > p64 > 0
    assert n3["peak_worker_rss_mib"] > 0 and n3["memory_limit_mib"] == 1024.0


def test_projection_formula():
    # 100,000 households of 0.2 s at efficiency 0.8 on 16 cores, plus 1 ms each on the driver
    got = wn.projection(0.2, 0.001, 0.8, 2.0)
    assert got["projected_100k_on_16_cores_s"] == 2.0 + 100.0 + 100_000 * 0.2 / (0.8 * 16)
    assert got["projected_100k_on_64_cores_s"] == 2.0 + 100.0 + 100_000 * 0.2 / (0.8 * 64)
