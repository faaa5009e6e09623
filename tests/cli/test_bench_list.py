"""`kinfolio bench` names its workload modules plainly: none of them is left out."""

import pkgutil

import benchmarks
from benchmarks.run import all_workloads, workload_modules


def test_every_workloads_module_is_in_the_list():
    found = {f"benchmarks.{m.name}" for m in pkgutil.iter_modules(benchmarks.__path__)
             if m.name.startswith("workloads_")}
    assert {m.__name__ for m in workload_modules()} == found
    ids = [w.id for w in all_workloads()]
    assert ids and len(ids) == len(set(ids))
