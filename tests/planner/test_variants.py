"""What-if variants run as a batch give exactly what each gives on its own (same seed)."""

from __future__ import annotations

import numpy as np
import pytest

from household import demo, from_dict, to_dict
from planner import PlanConfig, SuccessionOutcome, Variant, run_variants

from .test_accounting import TaxHalfToSpouse


class ByValue:
    """Not value-free: big estates go to the eldest child, small ones equally to the others."""

    label = "by value"
    provisional = False

    def __call__(self, event):
        m = len(event.paths)
        ids = [p.id for p in event.household.people]
        others = [i for i, p in enumerate(ids) if p != event.deceased]
        shares = np.zeros((m, len(event.owners)))
        big = event.estate > np.median(event.estate) if m else np.zeros(0, bool)
        shares[np.ix_(big, [others[0]])] = 1.0
        shares[np.ix_(~big, others)] = 1.0 / len(others)
        return SuccessionOutcome(np.zeros(m), shares)


def _household():
    d = to_dict(demo("demo-cn-chen"))
    d["trusts"] = [{"id": "tr", "name": "Family trust", "settlor": "chen_jianguo",
                    "trustee": "T Ltd", "jurisdiction": "HK",
                    "beneficiaries": [{"person": "chen_wei", "share": 0.5},
                                      {"person": "chen_xin", "share": 0.5}]}]
    d["companies"].append({"id": "hkco", "name": "HK Co", "jurisdiction": "HK",
                           "currency": "HKD", "equity_value": 5e7, "annual_profit": 5e6,
                           "payout_ratio": 0.5})
    d["ownership"] += [{"owner": "tr", "company": "hkco", "share": 0.8},
                       {"owner": "chen_xin", "company": "hkco", "share": 0.1}]
    return from_dict(d)


@pytest.mark.parametrize("policy", [None, TaxHalfToSpouse(), ByValue()])
def test_batch_equals_separate_runs(policy):
    hh = _household()
    variants = [Variant("current", None), Variant("cash", {"cash": 1.0}),
                Variant("spend more", None, extra_spending=2e6),
                Variant("bigger goals", {"gov_bond": 0.5, "dm_equity": 0.5}, goal_scale=1.5)]
    cfg = PlanConfig(paths=400, years=45, chunk=150, seed=12)
    batch = run_variants(hh, None, cfg, variants, succession=policy)
    for v, r in zip(variants, batch, strict=True):
        alone = run_variants(hh, None, cfg, [v], succession=policy)[0]
        assert np.array_equal(r.met_all_essential, alone.met_all_essential)
        assert r.business_sale == alone.business_sale
        assert r.median_final_real == pytest.approx(alone.median_final_real, rel=1e-9)
