"""One demo proposal computes the look-through and the balance sheet once per household version,
and the controllers once per version (the household as it stands and as each death leaves it):
every stage takes the household's facts instead of recomputing them (counted calls)."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter

import pytest

import household
import household.balance as balance_mod
import household.lookthrough as lookthrough_mod
import proposal
from household.facts import clear_facts
from household.io import sha256
from proposal.compute import results

PATHS = 50
SEED = 7


@pytest.fixture
def counted(monkeypatch):
    """Wrap the three computations wherever a module holds them, counting the calls per
    household content."""
    originals = {"look_through": lookthrough_mod.look_through,
                 "controllers": lookthrough_mod.controllers,
                 "balance_sheet": balance_mod.balance_sheet}
    calls: dict[str, Counter] = {name: Counter() for name in originals}

    def wrap(name, fn):
        def wrapper(hh, *a, **k):
            calls[name][sha256(hh)] += 1
            return fn(hh, *a, **k)
        return wrapper

    wrappers = {name: wrap(name, fn) for name, fn in originals.items()}
    for mod in list(sys.modules.values()):
        found = getattr(mod, "__dict__", None)
        if not found:
            continue
        for name, fn in originals.items():
            if found.get(name) is fn:
                monkeypatch.setattr(mod, name, wrappers[name])
    clear_facts()
    yield calls
    clear_facts()


@pytest.mark.parametrize("hid", ["demo-cn-chen", "demo-tw-lin"])
def test_a_demo_proposal_computes_each_fact_once_per_version(counted, hid: str) -> None:
    hh = household.demo(hid)
    r = results(hh, paths=PATHS, seed=SEED)
    opts = proposal.ProposalOptions(prepared_on=dt.date(2026, 7, 1),
                                    recommendation=r.recommendation, recommended=r.recommended,
                                    assumptions=r.assumptions, appendix=True)
    pdf = proposal.build(hh, r.plan, r.succession, "en", opts)
    assert pdf.startswith(b"%PDF")
    for name, per_version in counted.items():
        assert per_version, name
        assert max(per_version.values()) == 1, (name, dict(per_version))
    # the household itself, and the versions the recommendation tries (goals later, in the
    # remedies): before, one proposal computed the look-through 20 to 24 times
    assert set(counted["look_through"]) == set(counted["balance_sheet"])
    assert sha256(hh) in counted["look_through"]
    # controllers: the household and the versions its deaths leave behind
    assert sha256(hh) in counted["controllers"] and len(counted["controllers"]) > 1
