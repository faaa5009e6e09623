"""The household file (``kinfolio.household/1``) of a generated family: the planner's view of the
same people and companies, linked to the book by ``client_id``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from book.generate_names import INDUSTRIES

if TYPE_CHECKING:
    from book.generate_clients import _Builder


def family_household(b: _Builder, f: int, market: str, banker: str, city: str,
                     person_rows: list, companies: list[dict], financial: float,
                     with_us: float) -> dict:
    rng, m = b.rng, b.p["markets"][market]
    cur = m["currency"]
    pop = b.pop
    people, relations, holdings, liabilities, flows, goals = [], [], [], [], [], []
    ids: dict[int, str] = {}
    for p in person_rows:
        if p is None:
            continue
        pid = ("owner", "spouse")[p["k"]] if p["k"] < 2 else f"child{p['k'] - 1}"
        ids[p["k"]] = pid
        row = {"id": pid, "name": p["names"]["zh-Hant" if market != "CN" else "zh-Hans"],
               "sex": p["sex"], "birth_date": p["birth"].isoformat(),
               "names": {k: p["names"][k] for k in ("en", "zh-Hant", "zh-Hans")}}
        if p["ci"] >= 0:
            row.update(client=True, client_id=pop.clients["client_id"][p["ci"]],
                       risk_level=pop.clients["risk_level"][p["ci"]])
        people.append(row)
    owner = ids[0]
    if 1 in ids:
        relations.append({"kind": "spouse", "a": owner, "b": ids[1]})
    for k, pid in ids.items():
        if k >= 2:
            relations.append({"kind": "parent", "parent": owner, "child": pid})
            if 1 in ids:
                relations.append({"kind": "parent", "parent": ids[1], "child": pid})
    comps, ownership = [], []
    for c in companies:
        co_id = f"co{c['k'] + 1}"
        row = {"id": co_id, "name": c["names"]["zh-Hant" if market != "CN" else "zh-Hans"],
               "names": {k: c["names"][k] for k in ("en", "zh-Hant", "zh-Hans")},
               "jurisdiction": market, "currency": cur, "equity_value": c["equity"],
               "annual_profit": c["profit"], "payout_ratio": c["payout"],
               "employees": c["employees"], "industry": INDUSTRIES[c["industry"]][2],
               "banking": {"operating_account": "us" if c["op_us"] else "other",
                           "payroll": "us" if c["pay_us"] else "other",
                           "loans": "us" if c["loan_us"] else "other"}}
        if c["ci"] >= 0:
            row["client_id"] = pop.clients["client_id"][c["ci"]]
        comps.append(row)
        ownership.append({"owner": owner, "company": co_id, "share": c["owner_share"]})
        if 1 in ids and c["spouse_share"]:
            ownership.append({"owner": ids[1], "company": co_id, "share": c["spouse_share"]})
        relations.append({"kind": "role", "person": owner, "company": co_id, "role": "chair"})
    for p in person_rows:
        if p is None:
            continue
        pid = ids[p["k"]]
        if p.get("with_us"):
            holdings.append({"id": f"{pid}_deposits_us", "owner": pid, "asset_class": "cash",
                             "value": round(p["with_us"], -3), "currency": cur,
                             "kind": "deposit", "at_bank": "us"})
        if p["salary"]:
            flows.append({"id": f"{pid}_pay", "person": pid, "direction": "income",
                          "amount": round(p["salary"] * 13, -2), "currency": cur,
                          "start_year": b.as_of.year, "label": "薪酬 Pay"})
    other = max(0.0, financial - with_us)
    holdings += [
        {"id": "deposits_other", "owner": owner, "asset_class": "cash",
         "value": round(other * 0.4, -3), "currency": cur, "kind": "deposit", "at_bank": "other"},
        {"id": "stocks_other", "owner": owner, "asset_class": "cn_equity" if market == "CN"
         else ("hk_equity" if market == "HK" else "em_equity"),
         "value": round(other * 0.6, -3), "currency": cur, "kind": "stock", "at_bank": "other"},
        {"id": "home", "owner": owner, "asset_class": "real_estate",
         "value": round(financial * float(rng.uniform(0.3, 1.0)), -4), "currency": cur,
         "kind": "residence"},
    ]
    if pop.clients["mortgage_other"][person_rows[0]["ci"]]:
        pay = pop.clients["mortgage_other"][person_rows[0]["ci"]]
        liabilities.append({"id": "home_mortgage", "borrower": owner, "kind": "mortgage",
                            "amount": round(pay * 120, -3), "currency": cur, "rate": 0.035,
                            "lender": "other", "end_year": b.as_of.year + 10})
    flows.append({"id": "living", "person": owner, "direction": "expense",
                  "amount": round(max(financial * 0.02, m["exec_salary_median"] * 6), -3),
                  "currency": cur, "start_year": b.as_of.year, "label": "生活費 Living costs"})
    for k, pid in ids.items():
        p = person_rows[k]
        if k >= 2 and p["age"] < 18:
            goals.append({"id": f"{pid}_education", "name": f"{p['names']['en']} education",
                          "amount": round(m["exec_salary_median"] * 4, -3), "currency": cur,
                          "start_year": b.as_of.year + max(1, int(18 - p["age"])), "years": 4,
                          "priority": "important", "beneficiary": pid, "kind": "education"})
    goals.append({"id": "retirement", "name": "退休 Retirement",
                  "amount": round(m["exec_salary_median"] * 12, -3), "currency": cur,
                  "start_year": b.as_of.year + max(1, int(65 - person_rows[0]["age"])),
                  "years": 25, "priority": "essential", "kind": "retirement"})
    owner_names = person_rows[0]["names"]
    return {
        "format": "kinfolio.household/1", "id": f"HH{f:05d}",
        "name": f"{owner_names['zh-Hant'][0]}氏家族 {owner_names['en'].split()[0].title()} "
                f"family ({city})",
        "as_of": b.as_of.isoformat(), "base_currency": cur, "jurisdiction": market,
        "banker": banker, "people": people, "companies": comps, "relations": relations,
        "ownership": ownership, "holdings": holdings, "liabilities": liabilities,
        "cash_flows": flows, "goals": goals,
    }
