"""Synthetic households for benchmarks and fuzzing: families with company webs, cross-holdings,
trusts, policies, cash flows and goals. Always valid; sizes and randomness are explicit."""

from __future__ import annotations

import datetime as dt

import numpy as np

from .io import from_dict
from .model import ASSET_CLASSES, Household

_KINDS = ("deposit", "fund", "stock", "bond", "property", "residence", "other")


def company_web(rng: np.random.Generator, n_people: int = 100, n_companies: int = 100,
                n_holdings: int = 1000, n_trusts: int = 0, base: str = "CNY") -> Household:
    """A household with ``n_people`` people in couples and generations, ``n_companies`` companies
    owned by people, trusts and each other (cross-holdings included) and ``n_holdings`` holdings."""
    people = []
    relations = []
    for i in range(n_people):
        people.append({"id": f"p{i}", "name": f"成員 Member {i}", "sex": "MF"[i % 2],
                       "birth_date": f"{1940 + (i * 7) % 70}-0{1 + i % 9}-1{i % 9}"})
    for i in range(0, n_people - 1, 2):
        relations.append({"kind": "spouse", "a": f"p{i}", "b": f"p{i + 1}"})
    for i in range(2, n_people):
        parent = int(rng.integers(0, i)) if i > 2 else 0
        # parents come from an earlier couple, so no one is their own ancestor
        if parent // 2 < i // 2:
            relations.append({"kind": "parent", "parent": f"p{parent}", "child": f"p{i}"})
    trusts = [{"id": f"t{k}", "name": f"Trust {k}", "settlor": "p0", "trustee": "Trustee Ltd.",
               "jurisdiction": "SG", "beneficiaries": [{"person": "p1", "share": 0.5},
                                                        {"person": "p2" if n_people > 2 else "p1",
                                                         "share": 0.5}]}
              for k in range(n_trusts)] if n_people >= 2 else []
    companies, ownership = [], []
    owners_pool = [p["id"] for p in people] + [t["id"] for t in trusts]
    for j in range(n_companies):
        companies.append({"id": f"c{j}", "name": f"公司 Company {j}", "jurisdiction": "CN",
                          "currency": base, "equity_value": float(rng.uniform(1e6, 5e8)),
                          "annual_profit": float(rng.uniform(0, 3e7)), "payout_ratio": 0.3})
        room = 0.95
        picks = rng.choice(len(owners_pool), size=min(len(owners_pool), int(rng.integers(1, 4))),
                           replace=False) if owners_pool else []
        for k in picks:
            s = round(float(rng.uniform(0.05, room / 2)), 4)
            ownership.append({"owner": owners_pool[k], "company": f"c{j}", "share": s})
            room -= s
        if j > 0:
            for k in rng.choice(n_companies, size=min(2, n_companies - 1), replace=False):
                if int(k) != j and room > 0.05:
                    s = round(float(rng.uniform(0.01, min(0.2, room - 0.01))), 4)
                    ownership.append({"owner": f"c{int(k)}", "company": f"c{j}", "share": s})
                    room -= s
    owners_all = owners_pool + [c["id"] for c in companies]
    holdings = []
    for h in range(n_holdings):
        kind = _KINDS[int(rng.integers(0, len(_KINDS)))]
        holdings.append({"id": f"h{h}", "owner": owners_all[int(rng.integers(0, len(owners_all)))],
                         "asset_class": ASSET_CLASSES[int(rng.integers(0, len(ASSET_CLASSES)))],
                         "value": float(rng.uniform(1e4, 5e7)), "currency": base, "kind": kind})
    doc = {"format": "kinfolio.household/1", "id": "synthetic", "name": "Synthetic web",
           "as_of": dt.date(2026, 6, 30).isoformat(), "base_currency": base, "jurisdiction": "CN",
           "people": people, "companies": companies, "trusts": trusts, "relations": relations,
           "ownership": _merge(ownership), "holdings": holdings}
    return from_dict(doc)


def _merge(rows: list[dict]) -> list[dict]:
    """One row per (owner, company): the file format wants each stake once."""
    out: dict[tuple[str, str], dict] = {}
    for r in rows:
        key = (r["owner"], r["company"])
        if key in out:
            out[key]["share"] = round(out[key]["share"] + r["share"], 6)
        else:
            out[key] = dict(r)
    return list(out.values())
