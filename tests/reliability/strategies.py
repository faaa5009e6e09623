"""Hypothesis strategies for VALID household documents (``kinfolio.household/1`` dicts).

Random families (couples, several generations, the deceased), company webs with cross-holdings
(every company keeps an outside holder, so loops are legal), trusts, holdings, loans with
guarantors, policies, cash flows, goals and wills, in several currencies, with extreme but legal
numbers (0, 1e15, shares of 1e-9) and Unicode text (Chinese, markup, formula starts, control
characters).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from household.model import ASSET_CLASSES, JURISDICTIONS

MARKUP = ("<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)",
          "../../etc/passwd", "a\u202egpj.exe", "陳大文", "王小明 & Co.", "**bold**", "\"quoted\"")

names = st.one_of(
    st.sampled_from(MARKUP),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=24),
).filter(lambda s: 0 < len(s.strip()) <= 500)

notes = st.one_of(st.none(), names)

money = st.one_of(
    st.sampled_from([0.0, 1.0, 1e15, 0.01, 123456789.123]),
    st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False),
)

CURRENCIES = ("CNY", "HKD", "USD", "TWD", "SGD")


@st.composite
def _split(draw, n: int) -> list[float]:
    """``n`` positive fractions summing to 1 (within the format's tolerance)."""
    if n == 1:
        return [1.0]
    weights = [draw(st.integers(1, 100)) for _ in range(n)]
    total = sum(weights)
    parts = [w / total for w in weights]
    parts[-1] = 1.0 - sum(parts[:-1])
    return parts


def _people(draw, n_people: int, as_of: dt.date, jur) -> list[dict]:
    people = []
    for i in range(n_people):
        birth = draw(st.dates(dt.date(as_of.year - 100, 1, 1), as_of))
        p = {"id": f"p{i}", "name": draw(names), "sex": draw(st.sampled_from("FM")),
             "birth_date": birth.isoformat(), "alive": draw(st.booleans()) if i else True,
             "client": draw(st.booleans()), "notes": draw(notes)}
        if draw(st.booleans()):
            p["domicile"] = draw(jur)
        if draw(st.booleans()):
            p["risk_level"] = draw(st.sampled_from(["C1", "C2", "C3", "C4", "C5"]))
        people.append(p)
    return people


def _relations(draw, n_people: int) -> list[dict]:
    relations: list[dict] = []
    for i in range(0, n_people - 1, 2):
        if draw(st.booleans()):
            a, b = f"p{i}", f"p{i + 1}"
            rel = {"kind": "spouse", "a": a, "b": b}
            if draw(st.booleans()):
                rel["regime"] = draw(st.sampled_from(["community", "separate", "statutory"]))
            relations.append(rel)
    for i in range(2, n_people):
        if draw(st.booleans()):  # parents always come earlier: no ancestor loops
            relations.append({"kind": "parent", "parent": f"p{draw(st.integers(0, i - 1))}",
                              "child": f"p{i}", "adopted": draw(st.booleans())})
    return relations


def _ownership(draw, n_comp: int, owners: list[str]) -> list[dict]:
    ownership = []
    for j in range(n_comp):
        # every company keeps an outside holder (room), so cross-holding loops are legal
        room = draw(st.sampled_from([0.5, 0.9, 0.999999]))
        candidates = owners + [f"c{k}" for k in range(n_comp) if k != j]
        picks = draw(st.lists(st.sampled_from(candidates), max_size=4, unique=True))
        for o in picks:
            share = draw(st.sampled_from([1e-9, 0.01, 0.25, 0.5]))
            share = min(share, room)
            if share <= 0:
                break
            row = {"owner": o, "company": f"c{j}", "share": share}
            if draw(st.booleans()):
                row["voting"] = draw(st.floats(0, share))
            ownership.append(row)
            room -= share
    return ownership


@st.composite
def household_docs(draw, max_people: int = 8, max_companies: int = 6, max_holdings: int = 14,
                   years: tuple[int, int] = (2000, 2060),
                   jurisdictions: tuple[str, ...] = JURISDICTIONS,
                   fx_always: tuple[str, ...] = ()) -> dict:
    """``years``: range of the as-of date; ``jurisdictions``: the codes to use;
    ``fx_always``: currencies that always get an fx rate (e.g. the currencies of rule sets)."""
    as_of = draw(st.dates(dt.date(years[0], 1, 1), dt.date(years[1], 12, 31)))
    base = draw(st.sampled_from(CURRENCIES))
    others = [c for c in CURRENCIES if c != base]
    fx = {c: draw(st.sampled_from([1e-6, 0.13, 1.0, 7.2, 1e4])) for c in
          draw(st.lists(st.sampled_from(others), max_size=3, unique=True))}
    for c in fx_always:
        if c != base:
            fx.setdefault(c, draw(st.sampled_from([0.13, 1.0, 7.2])))
    currencies = [base, *(c for c in fx if c in CURRENCIES)]
    cur = st.sampled_from(currencies)
    jur = st.sampled_from(jurisdictions)

    n_people = draw(st.integers(1, max_people))
    people = _people(draw, n_people, as_of, jur)
    pid = st.sampled_from([p["id"] for p in people])
    relations = _relations(draw, n_people)

    trusts = []
    for k in range(draw(st.integers(0, 2))):
        bens = draw(st.lists(pid, min_size=1, max_size=3, unique=True))
        trusts.append({"id": f"t{k}", "name": draw(names), "settlor": draw(pid),
                       "trustee": draw(names), "jurisdiction": draw(jur),
                       "revocable": draw(st.booleans()), "notes": draw(notes),
                       "beneficiaries": [{"person": b, "share": s}
                                         for b, s in zip(bens, draw(_split(len(bens))),
                                                         strict=True)]})

    n_comp = draw(st.integers(0, max_companies))
    companies: list[dict] = []
    owners = [p["id"] for p in people] + [t["id"] for t in trusts]
    for j in range(n_comp):
        companies.append({"id": f"c{j}", "name": draw(names), "jurisdiction": draw(jur),
                          "currency": draw(cur), "equity_value": draw(money),
                          "annual_profit": draw(money),
                          "payout_ratio": draw(st.floats(0, 1)),
                          "growth": draw(st.floats(-0.5, 0.5)),
                          "volatility": draw(st.floats(0, 1)), "listed": draw(st.booleans()),
                          "notes": draw(notes),
                          "banking": {"payroll": draw(st.sampled_from(["us", "other", "none"]))}})
    ownership = _ownership(draw, n_comp, owners)
    all_owners = owners + [c["id"] for c in companies]

    holdings = []
    for h in range(draw(st.integers(0, max_holdings))):
        holdings.append({"id": f"h{h}", "owner": draw(st.sampled_from(all_owners)),
                         "asset_class": draw(st.sampled_from(ASSET_CLASSES)),
                         "value": draw(money), "currency": draw(cur),
                         "kind": draw(st.sampled_from(["deposit", "fund", "stock", "bond",
                                                       "property", "residence",
                                                       "private_equity", "other"])),
                         "at_bank": draw(st.sampled_from(["us", "other"])),
                         "notes": draw(notes)})
    borrowers = [p["id"] for p in people] + [c["id"] for c in companies]
    liabilities = []
    for i in range(draw(st.integers(0, 4))):
        liabilities.append({"id": f"l{i}", "borrower": draw(st.sampled_from(borrowers)),
                            "amount": draw(money), "currency": draw(cur),
                            "rate": draw(st.floats(0, 0.3)),
                            "kind": draw(st.sampled_from(["mortgage", "loan", "credit_line"])),
                            "guarantors": draw(st.lists(pid, max_size=2, unique=True)),
                            "notes": draw(notes)})
    policies = []
    holders = [p["id"] for p in people] + [t["id"] for t in trusts]
    for i in range(draw(st.integers(0, 3))):
        bens = draw(st.lists(st.sampled_from(holders), max_size=3, unique=True))
        split = draw(_split(len(bens))) if bens else []
        policies.append({
            "id": f"pol{i}", "insured": draw(pid), "policyholder": draw(st.sampled_from(holders)),
            "beneficiaries": [{"trust" if b.startswith("t") else "person": b, "share": s}
                              for b, s in zip(bens, split, strict=True)],
            "sum_assured": draw(money), "currency": draw(cur), "annual_premium": draw(money),
            "cash_value": draw(money),
            "kind": draw(st.sampled_from(["whole_life", "term", "annuity", "critical_illness"])),
            "notes": draw(notes)})
    y0 = as_of.year
    cash_flows = []
    for i in range(draw(st.integers(0, 4))):
        start = draw(st.integers(max(1900, y0 - 5), min(2300, y0 + 30)))
        cf = {"id": f"cf{i}", "person": draw(pid),
              "direction": draw(st.sampled_from(["income", "expense"])), "amount": draw(money),
              "currency": draw(cur), "start_year": start, "label": draw(names)}
        if draw(st.booleans()):
            cf["end_year"] = draw(st.integers(start, min(2300, start + 60)))
        if draw(st.booleans()):
            cf["growth"] = draw(st.floats(-0.2, 0.5))
        cash_flows.append(cf)
    goals = []
    for i in range(draw(st.integers(0, 3))):
        g = {"id": f"g{i}", "name": draw(names), "amount": draw(money), "currency": draw(cur),
             "start_year": draw(st.integers(y0, min(2300, y0 + 40))),
             "years": draw(st.integers(1, 30)),
             "priority": draw(st.sampled_from(["essential", "important", "aspirational"])),
             "kind": draw(st.sampled_from(["education", "retirement", "property", "other"]))}
        if draw(st.booleans()):
            g["beneficiary"] = draw(pid)
        goals.append(g)
    wills = []
    for testator in draw(st.lists(pid, max_size=2, unique=True)):
        heirs = draw(st.lists(st.sampled_from(holders), min_size=1, max_size=3, unique=True))
        split = draw(_split(len(heirs)))
        wills.append({"testator": testator, "residue": [
            {"trust" if b.startswith("t") else "person": b, "share": s}
            for b, s in zip(heirs, split, strict=True)]})

    doc = {"format": "kinfolio.household/1", "id": draw(st.from_regex(r"[A-Za-z0-9_-]{1,20}",
                                                                       fullmatch=True)),
           "name": draw(names), "as_of": as_of.isoformat(), "base_currency": base, "fx": fx,
           "jurisdiction": draw(jur), "notes": draw(notes), "people": people,
           "companies": companies, "trusts": trusts, "relations": relations,
           "ownership": ownership, "holdings": holdings, "liabilities": liabilities,
           "policies": policies, "cash_flows": cash_flows, "goals": goals, "wills": wills}
    return _drop_none(doc)


def _drop_none(x):
    if isinstance(x, dict):
        return {k: _drop_none(v) for k, v in x.items() if v is not None}
    if isinstance(x, list):
        return [_drop_none(v) for v in x]
    return x
