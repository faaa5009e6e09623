"""Hypothesis strategies: small valid families under any of the six rule sets, with companies,
a trust, policies with and without beneficiaries, debts and sometimes a will."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from household import from_dict

CURRENCY = {"CN": "CNY", "TW": "TWD", "HK": "HKD", "SG": "SGD", "US": "USD", "UK": "GBP",
            "JP": "JPY"}
KINDS = ("deposit", "fund", "stock", "property", "residence", "other")


@st.composite
def families(draw, jurisdictions=tuple(CURRENCY)):
    jur = draw(st.sampled_from(jurisdictions))
    cur = CURRENCY[jur]
    n_kids = draw(st.integers(0, 3))
    people = [{"id": "p0", "name": "Parent A", "sex": "M", "birth_date": "1958-03-01",
               "us_citizen": draw(st.booleans())},
              {"id": "p1", "name": "Parent B", "sex": "F", "birth_date": "1961-07-01",
               "us_citizen": draw(st.booleans())}]
    rel = []
    if draw(st.booleans()):
        rel.append({"kind": "spouse", "a": "p0", "b": "p1",
                    "regime": draw(st.sampled_from([None, "community", "separate",
                                                    "statutory"]))})
        rel[-1] = {k: v for k, v in rel[-1].items() if v is not None}
    if draw(st.booleans()):
        people.append({"id": "gp", "name": "Grandparent", "sex": "F", "birth_date": "1935-01-01"})
        rel.append({"kind": "parent", "parent": "gp", "child": "p0"})
    for i in range(n_kids):
        alive = draw(st.booleans()) or i == 0
        people.append({"id": f"k{i}", "name": f"Child {i}", "sex": "MF"[i % 2],
                       "birth_date": f"{1985 + 3 * i}-01-01", "alive": alive,
                       "disabled_dependent": draw(st.booleans()) and alive})
        rel.append({"kind": "parent", "parent": "p0", "child": f"k{i}"})
        rel.append({"kind": "parent", "parent": "p1", "child": f"k{i}"})
        if not alive and draw(st.booleans()):
            people.append({"id": f"g{i}", "name": f"Grandchild {i}", "sex": "F",
                           "birth_date": "2015-01-01"})
            rel.append({"kind": "parent", "parent": f"k{i}", "child": f"g{i}"})
    living_kids = [p["id"] for p in people if p["id"].startswith("k") and p.get("alive", True)]
    trusts = [{"id": "tr", "name": "Trust", "settlor": "p0", "trustee": "T Ltd",
               "jurisdiction": jur, "revocable": draw(st.booleans()),
               "beneficiaries": [{"person": "p1", "share": 1.0}]}]
    holdings = []
    owners = ["p0", "p1", "tr", *living_kids]
    for j in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(KINDS))
        holdings.append({"id": f"h{j}", "owner": draw(st.sampled_from(owners)),
                         "asset_class": "cash" if kind != "residence" else "real_estate",
                         "value": draw(st.floats(0, 5e8, allow_nan=False)), "currency": cur,
                         "kind": kind, "marital": draw(st.sampled_from(["marital", "separate"]))})
    companies = [{"id": "co", "name": "Co", "jurisdiction": jur, "currency": cur,
                  "equity_value": draw(st.floats(0, 2e9, allow_nan=False)),
                  "business_relief": draw(st.booleans()), "listed": draw(st.booleans())},
                 {"id": "sub", "name": "Sub", "jurisdiction": jur, "currency": cur,
                  "equity_value": draw(st.floats(0, 5e8, allow_nan=False))}]
    s0 = draw(st.floats(0.05, 0.6))
    s1 = draw(st.floats(0.0, 0.3))
    ownership = [{"owner": "p0", "company": "co", "share": s0},
                 {"owner": "co", "company": "sub", "share": draw(st.floats(0.3, 1.0))}]
    if s1 > 0.01:
        ownership.append({"owner": draw(st.sampled_from(["p1", "tr"])), "company": "co",
                          "share": s1})
    liabilities = [{"id": "l0", "borrower": draw(st.sampled_from(["p0", "p1"])),
                    "amount": draw(st.floats(0, 3e8, allow_nan=False)), "currency": cur}]
    bens = draw(st.sampled_from(["kids", "trust", "none"]))
    to = ([{"person": k, "share": 1 / len(living_kids)} for k in living_kids]
          if bens == "kids" and living_kids else
          [{"trust": "tr", "share": 1.0}] if bens == "trust" else [])
    policies = [{"id": "pol", "insured": "p0", "policyholder": draw(st.sampled_from(["p0", "p1",
                                                                                     "tr"])),
                 "beneficiaries": to, "sum_assured": draw(st.floats(0, 1e8, allow_nan=False)),
                 "currency": cur, "cash_value": draw(st.floats(0, 1e7, allow_nan=False))},
                {"id": "pol1", "insured": "p1", "policyholder": "p0",
                 "beneficiaries": [{"trust": "tr", "share": 1.0}],
                 "sum_assured": draw(st.floats(0, 1e8, allow_nan=False)), "currency": cur,
                 "cash_value": draw(st.floats(0, 1e7, allow_nan=False))}]
    wills = []
    if draw(st.booleans()):
        targets = ["p1", "tr", *living_kids]
        who = draw(st.lists(st.sampled_from(targets), min_size=1, max_size=3, unique=True))
        specific = []
        if draw(st.booleans()):
            specific.append({"item": {"company": "co"}, "to": [{"person" if w != "tr" else
                                                                "trust": w, "share": 1.0}
                                                               for w in who[:1]]})
        wills.append({"testator": "p0", "specific": specific,
                      "residue": [{"person" if w != "tr" else "trust": w, "share": 1 / len(who)}
                                  for w in who]})
    # the past: lifetime gifts (some within the add-back and taper windows) and, when the parents
    # are not married to each other, an earlier spouse of p1 who left allowances unused
    gifts = [{"donor": draw(st.sampled_from(["p0", "p1"])),
              "to": draw(st.sampled_from(["p0", "p1", "tr", *[p["id"] for p in people[2:]]])),
              "date": draw(st.dates(min_value=dt.date(2017, 1, 1),
                                    max_value=dt.date(2026, 6, 30))).isoformat(),
              "amount": draw(st.floats(0, 5e7, allow_nan=False)), "currency": cur,
              "gift_tax_paid": draw(st.floats(0, 1e6, allow_nan=False))}
             for _ in range(draw(st.integers(0, 3)))]
    gifts = [g for g in gifts if g["donor"] != g["to"]]
    prior = []
    if not any(r["kind"] == "spouse" for r in rel) and draw(st.booleans()):
        people.append({"id": "ex", "name": "Earlier spouse", "sex": "M",
                       "birth_date": "1950-01-01", "alive": False})
        rel.append({"kind": "spouse", "a": "ex", "b": "p1"})
        prior.append({"person": "ex", "date": "2015-05-05", "jurisdiction": jur,
                      "unused_exclusion": draw(st.floats(0, 1e7, allow_nan=False)),
                      "unused_nil_rate_band_fraction": draw(st.floats(0, 1)),
                      "unused_residence_band_fraction": draw(st.floats(0, 1))})
    doc = {"format": "kinfolio.household/1", "id": "prop", "name": "Property family",
           "as_of": "2026-06-30", "base_currency": cur, "jurisdiction": jur, "people": people,
           "relations": rel, "trusts": trusts, "holdings": holdings, "companies": companies,
           "ownership": ownership, "liabilities": liabilities, "policies": policies,
           "wills": wills, "gifts": gifts, "prior_deaths": prior}
    if cur != "USD":
        doc["fx"] = {"USD": {"CNY": 7.1, "TWD": 32.0, "HKD": 7.8, "SGD": 1.35, "GBP": 0.79,
                             "JPY": 150.0}[cur]}
    rate = draw(st.sampled_from([None, 0.0, 0.01, 0.05]))
    if rate is not None:
        doc["settlement_costs_rate"] = rate
    return from_dict(doc)
