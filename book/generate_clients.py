"""Who is in the synthetic book: business-owner families with their companies, the companies'
executives and staff, and ordinary retail clients; their accounts with us; one household file per
family, linked to the clients by ``client_id``.

The population is drawn per family (a few thousand small Python loops: a family's shape is a tree
of decisions, not an array); everything that repeats per month is in ``generate_flows``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from book.generate_names import INDUSTRIES, SURNAMES, company_name, person_names

ROLES = ("owner", "spouse", "child", "exec", "staff", "retail", "company")


@dataclass
class Population:
    """Clients, relationships and accounts as growing column lists, plus the numbers the flows
    need (salaries, paydays, spending levels, target balances), one entry per client/account."""

    clients: dict[str, list] = field(default_factory=lambda: {k: [] for k in (
        "client_id", "kind", "name", "birth_date", "sex", "banker", "branch", "opened",
        "risk_level", "kyc_review_due", "employees",
        # flow parameters (not written)
        "role", "market", "family", "employer", "salary", "payday", "bonus_months", "spend",
        "cash", "mortgage_other", "mortgage_day", "revenue", "payroll", "tax", "dividend",
        "retail_dormant")})
    relationships: list[tuple] = field(default_factory=list)
    accounts: dict[str, list] = field(default_factory=lambda: {k: [] for k in (
        "account_id", "client", "kind", "currency", "opened", "closed", "maturity", "product_id",
        "limit",
        # flow parameters (not written)
        "target", "payment", "rate", "term_days")})
    households: list[dict] = field(default_factory=list)
    family_members: list[list[int]] = field(default_factory=list)
    family_companies: list[list[int]] = field(default_factory=list)
    family_wealth: list[float] = field(default_factory=list)

    def add_client(self, **kw) -> int:
        c = self.clients
        i = len(c["client_id"])
        for k in c:
            c[k].append(kw.get(k))
        return i

    def add_account(self, **kw) -> int:
        a = self.accounts
        i = len(a["account_id"])
        for k in a:
            a[k].append(kw.get(k))
        return i


def _date(d: dt.date) -> str:
    return d.isoformat()


def _lognormal(rng: np.random.Generator, median: float, sigma: float) -> float:
    return float(median * np.exp(sigma * rng.standard_normal()))


@dataclass(frozen=True)
class PersonSpec:
    """A person client to add (the arguments of :meth:`_Builder.person`)."""

    cid: str
    names: dict
    sex: str
    birth: dt.date
    market: str
    banker: str
    branch: str
    opened: dt.date
    role: str
    family: int
    employer: int = -1
    salary: float = 0.0
    payday: int = 0
    bonus: float = 0.0
    spend: float = 0.0
    retail_dormant: bool = False


class _Builder:
    def __init__(self, rng: np.random.Generator, profiles: dict, as_of: dt.date,
                 start: dt.date, n_families: int) -> None:
        self.rng = rng
        self.p = profiles
        self.as_of = as_of
        self.start = start
        self.pop = Population()
        self.n_families = n_families
        self.markets = list(profiles["markets"])

    # -- small helpers
    def day_between(self, a: dt.date, b: dt.date) -> dt.date:
        return a + dt.timedelta(days=int(self.rng.integers(0, max(1, (b - a).days))))

    def kyc_due(self) -> str:
        return _date(self.as_of + dt.timedelta(days=int(self.rng.integers(121, 1000))))

    def banker(self, market: str, family: int, retail: bool = False) -> str:
        if retail:
            return f"{market.lower()}.retail{family % 3 + 1:02d}"
        per = max(1, self.n_families // 12)
        return f"{market.lower()}.rm{family // per % 8 + 1:02d}"

    def accounts_for_person(self, ci: int, market: str, wealth: float, family: bool) -> None:
        rng, m, cur = self.rng, self.p["markets"][market], self.p["markets"][market]["currency"]
        cid = self.pop.clients["client_id"][ci]
        opened = self.pop.clients["opened"][ci]
        salary = self.pop.clients["salary"][ci] or m["staff_salary_median"]
        deposits = wealth if wealth else salary * float(rng.uniform(2, 8))
        cur_share = 0.25 if family else 0.5
        self.pop.add_account(account_id=f"{cid}-CUR", client=ci, kind="current", currency=cur,
                             opened=opened, target=deposits * cur_share, rate=0.0025)
        if rng.random() < (0.6 if family else 0.4):
            self.pop.add_account(account_id=f"{cid}-SAV", client=ci, kind="savings",
                                 currency=cur, opened=opened, target=deposits * 0.2,
                                 payment=round(salary * float(rng.uniform(0.05, 0.2)), -2)
                                 if rng.random() < 0.5 else 0.0, rate=0.01)
        if rng.random() < (0.8 if family else 0.55):
            self.pop.add_account(account_id=f"{cid}-CC", client=ci, kind="credit_card",
                                 currency=cur, opened=opened,
                                 limit=round(max(salary * 3, m["staff_salary_median"] * 5), -3),
                                 target=0.0)
        n_td = int(rng.integers(1, 4)) if family else int(rng.random() < 0.25)
        for k in range(n_td):
            term_m = int(rng.choice([3, 6, 12, 24, 36]))
            self._time_deposit(ci, f"{cid}-TD{k + 1}", cur,
                               deposits * (0.55 if family else 0.3) / max(n_td, 1), term_m)
        if family and rng.random() < 0.6:
            for k in range(int(rng.integers(1, 3))):
                mat = self.as_of + dt.timedelta(days=int(rng.integers(121, 720)))
                self.pop.add_account(account_id=f"{cid}-WP{k + 1}", client=ci,
                                     kind="wealth_product", currency=cur,
                                     opened=self.day_between(dt.date(2015, 1, 1), self.start),
                                     maturity=mat,
                                     product_id=f"WP-{market}-{int(rng.integers(100, 140))}",
                                     target=deposits * float(rng.uniform(0.1, 0.4)))
        if rng.random() < (0.4 if family else 0.15):
            monthly = round(salary * float(rng.uniform(0.03, 0.1)), -2) \
                if rng.random() < 0.5 else 0.0
            self.pop.add_account(account_id=f"{cid}-FD", client=ci, kind="fund", currency=cur,
                                 opened=opened,
                                 product_id=f"FD-{market}-{int(rng.integers(1, 40))}",
                                 target=deposits * float(rng.uniform(0.05, 0.2)), payment=monthly)
        if rng.random() < (0.5 if family else 0.1):
            self.pop.add_account(account_id=f"{cid}-INS", client=ci, kind="insurance",
                                 currency=cur,
                                 opened=self.day_between(dt.date(2012, 1, 1), self.start),
                                 maturity=dt.date(self.as_of.year + int(rng.integers(5, 25)),
                                                  6, 30),
                                 product_id=f"INS-{market}-{int(rng.integers(1, 20))}",
                                 target=salary * float(rng.uniform(3, 20)),
                                 payment=round(salary * float(rng.uniform(0.5, 2.0)), -2))
        mortgage_at_us = rng.random() < 0.12
        if mortgage_at_us:
            pay = _lognormal(rng, m["mortgage_median"], 0.4)
            self.pop.add_account(account_id=f"{cid}-MTG", client=ci, kind="mortgage",
                                 currency=cur,
                                 opened=self.day_between(dt.date(2012, 1, 1), self.start),
                                 maturity=dt.date(self.as_of.year + int(rng.integers(5, 25)), 3, 1),
                                 target=-pay * float(rng.uniform(60, 200)), payment=round(pay, -1))
        elif rng.random() < 0.35:
            self.pop.clients["mortgage_other"][ci] = round(_lognormal(rng, m["mortgage_median"],
                                                                      0.4), -1)
            self.pop.clients["mortgage_day"][ci] = int(rng.integers(1, 28))

    def _time_deposit(self, ci: int, aid: str, cur: str, principal: float, term_m: int) -> None:
        term_days = round(term_m * 30.44)
        mat = self.as_of + dt.timedelta(days=int(self.rng.integers(121, 121 + term_days)))
        rolls = max(1, int(np.ceil(((mat - self.start).days + 400) / term_days)))
        opened = mat - dt.timedelta(days=rolls * term_days)
        self.pop.add_account(account_id=aid, client=ci, kind="time_deposit", currency=cur,
                             opened=opened, maturity=mat, target=round(principal, -3),
                             rate={3: 0.012, 6: 0.014, 12: 0.016, 24: 0.018, 36: 0.02}[term_m],
                             term_days=term_days)

    # -- a person client
    def person(self, p: PersonSpec) -> int:
        rng = self.rng
        return self.pop.add_client(
            client_id=p.cid, kind="person", name=p.names["bank"], birth_date=_date(p.birth),
            sex=p.sex, banker=p.banker, branch=p.branch, opened=_date(p.opened),
            risk_level=f"C{int(rng.integers(1, 6))}", kyc_review_due=self.kyc_due(),
            employees=None, role=p.role, market=p.market, family=p.family, employer=p.employer,
            salary=p.salary, payday=p.payday, bonus_months=p.bonus, spend=p.spend,
            cash=p.spend * float(rng.uniform(0.05, 0.2)), mortgage_other=0.0, mortgage_day=0,
            revenue=0.0, payroll=0.0, tax=0.0, dividend=0.0, retail_dormant=p.retail_dormant)

    def birth(self, age: float) -> dt.date:
        return self.as_of - dt.timedelta(days=int(age * 365.25 + self.rng.integers(0, 365)))


def build_population(rng: np.random.Generator, profiles: dict, n_families: int,
                     as_of: dt.date, start: dt.date) -> Population:
    """Draw every family (with its companies, executives and staff) and the retail clients."""
    b = _Builder(rng, profiles, as_of, start, n_families)
    shares = np.array([profiles["markets"][m]["share"] for m in b.markets])
    fam_market = rng.choice(len(b.markets), size=n_families, p=shares / shares.sum())
    for f in range(n_families):
        _family(b, f, b.markets[int(fam_market[f])])
    n_retail = max(1, round(n_families * 0.6))
    ret_market = rng.choice(len(b.markets), size=n_retail, p=shares / shares.sum())
    for r in range(n_retail):
        _retail(b, r, b.markets[int(ret_market[r])])
    return b.pop


def _retail(b: _Builder, r: int, market: str) -> None:
    rng, m = b.rng, b.p["markets"][market]
    names = person_names(rng, rng.integers(0, len(SURNAMES), 1), market)[0]
    age = float(rng.uniform(23, 70))
    dormant = rng.random() < 0.08
    salary = 0.0 if age > 62 else round(_lognormal(rng, m["retail_salary_median"], 0.35), -1)
    opened = b.day_between(dt.date(2008, 1, 1), b.start - dt.timedelta(days=400))
    ci = b.person(PersonSpec(cid=f"R{r:06d}", names=names, sex="MF"[int(rng.integers(0, 2))],
                  birth=b.birth(age), market=market, banker=b.banker(market, r, retail=True),
                  branch=f"{m['cities'][r % len(m['cities'])]}支行", opened=opened,
                  role="retail", family=-1, salary=salary, payday=int(rng.choice([5, 10, 15, 25])),
                  bonus=float(rng.uniform(*m["bonus_months_pay"])) if salary else 0.0,
                  spend=max(salary, m["retail_salary_median"] * 0.6)
                  * float(rng.uniform(0.25, 0.5)),
                  retail_dormant=dormant))
    b.accounts_for_person(ci, market, 0.0, family=False)


@dataclass(frozen=True)
class _Fam:
    """One family being drawn: its number, market (and the market's profile), banker, branch
    and the day it opened with us."""

    f: int
    market: str
    m: dict
    banker: str
    city: str
    branch: str
    opened: dt.date


def _family(b: _Builder, f: int, market: str) -> None:
    from book.generate_household import family_household

    rng, m = b.rng, b.p["markets"][market]
    pop = b.pop
    banker = b.banker(market, f)
    city = m["cities"][int(rng.integers(0, len(m["cities"])))]
    fam = _Fam(f, market, m, banker, city, f"{city}分行",
               b.day_between(dt.date(2005, 1, 1), b.start - dt.timedelta(days=500)))
    sur = int(rng.integers(0, len(SURNAMES)))
    spouse_sur = int(rng.integers(0, len(SURNAMES)))
    owner_age = float(rng.uniform(45, 72))
    owner_sex = "M" if rng.random() < 0.8 else "F"
    has_spouse = rng.random() < 0.88
    n_children = int(rng.integers(1, 4))
    child_ages = [owner_age - float(rng.uniform(24, 38)) for _ in range(n_children)]
    names = person_names(rng, np.array([sur, spouse_sur] + [sur] * n_children), market)
    companies = _draw_companies(rng, m, sur, market)
    co_by_us = [c for c in companies if c["op_us"] or c["pay_us"] or c["loan_us"]]
    _company_clients(b, fam, co_by_us)
    # people
    ages = [owner_age, owner_age + float(rng.uniform(-6, 3)), *child_ages]
    sexes = [owner_sex, "F" if owner_sex == "M" else "M"] + [
        "MF"[int(rng.integers(0, 2))] for _ in child_ages]
    person_rows, members = _family_people(b, fam, ages, sexes, names, has_spouse, co_by_us)
    # wealth: what the family holds outside the companies, and what of it is with us
    equity_total = sum(c["equity"] * c["owner_share"] for c in companies)
    financial = equity_total * float(rng.uniform(0.15, 0.6))
    with_us = financial * float(rng.uniform(0.1, 0.5))
    client_people = [p for p in person_rows if p is not None and p["ci"] >= 0]
    weights = np.array([3.0 if p["role"] == "owner" else 1.0 for p in client_people])
    weights = weights / weights.sum()
    for p, w in zip(client_people, weights, strict=True):
        p["with_us"] = with_us * float(w)
        b.accounts_for_person(p["ci"], market, p["with_us"], family=True)
    _staff(b, fam, co_by_us, client_people)
    _family_relationships(pop, person_rows, co_by_us)
    pop.family_members.append(members)
    pop.family_companies.append([c["ci"] for c in co_by_us])
    fx = m["fx_to_cny"]
    pop.family_wealth.append(equity_total * fx + financial * fx)
    pop.households.append(family_household(b, f, market, banker, city, person_rows, companies,
                                           financial, with_us))


def _draw_companies(rng: np.random.Generator, m: dict, sur: int, market: str) -> list[dict]:
    """The family's companies: size, profit, payout, staff and which of them bank with us."""
    n_co = 1 + int(rng.random() < 0.35) + int(rng.random() < 0.08)
    fx = m["fx_to_cny"]
    companies = []
    for k in range(n_co):
        equity = _lognormal(rng, m["company_equity_median"], m["company_equity_sigma"])
        employees = int(np.clip(round(equity * fx / 500_000 * np.exp(0.5 * rng.standard_normal())),
                                8, 3000))
        op_us = rng.random() < 0.85
        pay_us = rng.random() < (0.7 if op_us else 0.1)
        loan_us = rng.random() < 0.3
        companies.append({
            "k": k, "equity": round(equity, -4),
            "profit": round(equity * float(rng.uniform(0.06, 0.15)), -3),
            "payout": round(float(rng.uniform(0.2, 0.6)), 2), "employees": employees,
            "op_us": op_us, "pay_us": pay_us, "loan_us": loan_us,
            "industry": int(rng.integers(0, len(INDUSTRIES))),
            "payday": int(rng.choice([5, 10, 15, 25, 28])),
            "bonus": round(float(rng.uniform(*m["bonus_months_pay"])), 1),
            "owner_share": round(float(rng.uniform(0.5, 0.9)), 3),
            "spouse_share": round(float(rng.uniform(0.02, 0.1)), 3) if rng.random() < 0.5 else 0.0,
            "names": company_name(sur, int(rng.integers(0, len(INDUSTRIES))), market, k),
            "ci": -1,
        })
    return companies


def _company_clients(b: _Builder, fam: _Fam, co_by_us: list[dict]) -> None:
    """The companies that bank with us as clients, with their accounts."""
    rng, m, pop, f = b.rng, fam.m, b.pop, fam.f
    fam_opened = fam.opened
    for c in co_by_us:
        cid = f"F{f:05d}C{c['k']}"
        staff_salary = m["staff_salary_median"]
        revenue = c["employees"] * staff_salary * float(rng.uniform(2.5, 4.0))
        c["ci"] = pop.add_client(
            client_id=cid, kind="company", name=c["names"]["bank"], birth_date=None, sex=None,
            banker=fam.banker, branch=fam.branch, opened=_date(fam_opened), risk_level=None,
            kyc_review_due=b.kyc_due(), employees=c["employees"], role="company",
            market=fam.market, family=f, employer=-1, salary=0.0, payday=c["payday"],
            bonus_months=c["bonus"], spend=0.0, cash=0.0, mortgage_other=0.0, mortgage_day=0,
            revenue=revenue, payroll=0.0, tax=c["profit"] * 0.25 / len(m["tax_months"]),
            dividend=c["profit"] * c["payout"], retail_dormant=False)
        cur = m["currency"]
        if c["op_us"]:
            pop.add_account(account_id=f"{cid}-CUR", client=c["ci"], kind="current", currency=cur,
                            opened=fam_opened, target=revenue * float(rng.uniform(3, 6)),
                            rate=0.0025)
            if rng.random() < 0.3:
                b._time_deposit(c["ci"], f"{cid}-TD1", cur, revenue * float(rng.uniform(1, 3)),
                                int(rng.choice([3, 6, 12])))
        if c["pay_us"]:
            pop.add_account(account_id=f"{cid}-PAY", client=c["ci"], kind="payroll_agency",
                            currency=cur, opened=fam_opened, target=0.0)
        if c["loan_us"]:
            principal = c["equity"] * float(rng.uniform(0.05, 0.2))
            pop.add_account(account_id=f"{cid}-LN", client=c["ci"], kind="loan", currency=cur,
                            opened=b.day_between(dt.date(2018, 1, 1), b.start),
                            maturity=dt.date(as_year(b) + int(rng.integers(1, 6)), 6, 30),
                            limit=round(principal * 1.2, -4), target=-round(principal, -4),
                            payment=round(principal / 60, -2))


def _family_people(b: _Builder, fam: _Fam, ages: list[float], sexes: list[str], names: list,
                   has_spouse: bool, co_by_us: list[dict]
                   ) -> tuple[list[dict | None], list[int]]:
    """Owner, spouse and children: their pay and, for those who bank with us, the client rows;
    (one row per person, None for no spouse; the client indexes of the family)."""
    rng, m, f = b.rng, fam.m, fam.f
    first_co = co_by_us[0] if co_by_us else None
    payer = first_co if first_co is not None and first_co["pay_us"] else None
    person_rows: list[dict | None] = []
    members: list[int] = []
    for k in range(len(ages)):
        if k == 1 and not has_spouse:
            person_rows.append(None)
            continue
        age = ages[k]
        role = ("owner", "spouse")[k] if k < 2 else "child"
        is_client = age >= 20 and (k < 2 or rng.random() < 0.75)
        salary, employer, payday, bonus = 0.0, -1, 0, 0.0
        if role == "owner" and payer is not None:
            salary, employer = round(_lognormal(rng, m["owner_fee_median"], 0.4), -2), payer["ci"]
            payday, bonus = payer["payday"], payer["bonus"]
        elif role == "child" and is_client and payer is not None and rng.random() < 0.5:
            salary, employer = round(_lognormal(rng, m["exec_salary_median"], 0.3), -2), payer["ci"]
            payday, bonus = payer["payday"], payer["bonus"]
        elif is_client and rng.random() < (0.4 if role == "spouse" else 0.6):
            salary = round(_lognormal(rng, m["retail_salary_median"] * 2.5, 0.4), -1)
            payday = int(rng.choice([5, 10, 15, 25]))
            bonus = float(rng.uniform(*m["bonus_months_pay"]))
        ci = -1
        if is_client:
            spend_base = max(salary, m["exec_salary_median"] * 0.6)
            ci = b.person(PersonSpec(
                cid=f"F{f:05d}P{k}", names=names[k], sex=sexes[k], birth=b.birth(age),
                market=fam.market, banker=fam.banker, branch=fam.branch,
                opened=b.day_between(fam.opened, b.start - dt.timedelta(days=400)),
                role=role, family=f, employer=employer, salary=salary, payday=payday,
                bonus=bonus, spend=spend_base * float(rng.uniform(0.3, 0.6))))
            members.append(ci)
        person_rows.append({"k": k, "ci": ci, "age": age, "sex": sexes[k], "names": names[k],
                            "role": role, "salary": salary, "birth": b.birth(age)})
    return person_rows, members


def _staff(b: _Builder, fam: _Fam, co_by_us: list[dict], client_people: list[dict]) -> None:
    """Executives and staff of the companies that pay through us, and each company's payroll."""
    rng, m, pop, f, market = b.rng, fam.m, b.pop, fam.f, fam.market
    for c in co_by_us:
        if not c["pay_us"]:
            continue
        cid = f"F{f:05d}C{c['k']}"
        n_exec = 1 + int(rng.random() < 0.4)
        n_staff = min(c["employees"] - n_exec, int(rng.poisson(1.6)) + 1)
        in_book = 0.0
        staff_names = person_names(rng, rng.integers(0, len(SURNAMES), n_exec + n_staff), market)
        for j in range(n_exec + n_staff):
            exec_ = j < n_exec
            median = m["exec_salary_median"] if exec_ else m["staff_salary_median"]
            salary = round(_lognormal(rng, median, 0.3), -1)
            in_book += salary
            ci = b.person(PersonSpec(
                cid=f"{cid}S{j:02d}", names=staff_names[j], sex="MF"[int(rng.integers(0, 2))],
                birth=b.birth(float(rng.uniform(24, 58))), market=market,
                banker=fam.banker if exec_ else b.banker(market, f, retail=True),
                branch=fam.branch, opened=b.day_between(fam.opened, b.start),
                role="exec" if exec_ else "staff", family=-1, employer=c["ci"],
                salary=salary, payday=c["payday"], bonus=c["bonus"],
                spend=salary * float(rng.uniform(0.3, 0.55))))
            pop.relationships.append((f"{cid}S{j:02d}", cid, "executive" if exec_ else "employee",
                                      None, None))
            b.accounts_for_person(ci, market, salary * float(rng.uniform(3, 12)) if exec_ else 0.0,
                                  family=False)
        owner_pay = sum(p["salary"] for p in client_people if pop.clients["employer"][p["ci"]]
                        == c["ci"])
        others = max(0, c["employees"] - n_exec - n_staff) * m["staff_salary_median"]
        pop.clients["payroll"][c["ci"]] = in_book + owner_pay + others


def _family_relationships(pop: Population, person_rows: list[dict | None],
                          co_by_us: list[dict]) -> None:
    """Spouse, parent, shareholder, director and executive links between family clients."""
    owner, spouse = person_rows[0], person_rows[1]
    assert owner is not None  # the owner always has a row
    if spouse is not None and owner["ci"] >= 0 and spouse["ci"] >= 0:
        pop.relationships.append((_cid(pop, owner), _cid(pop, spouse), "spouse", None,
                                  None))
    for p in person_rows[2:]:
        if p is not None and p["ci"] >= 0:
            for par in (owner, spouse):
                if par is not None and par["ci"] >= 0:
                    pop.relationships.append((_cid(pop, par), _cid(pop, p), "parent", None, None))
    for c in co_by_us:
        cid = pop.clients["client_id"][c["ci"]]
        pop.relationships.append((_cid(pop, owner), cid, "shareholder", c["owner_share"], None))
        pop.relationships.append((_cid(pop, owner), cid, "director", None, None))
        if spouse is not None and spouse["ci"] >= 0 and c["spouse_share"]:
            pop.relationships.append((_cid(pop, spouse), cid, "shareholder", c["spouse_share"],
                                      None))
        for p in person_rows[2:]:
            if p is not None and p["ci"] >= 0 and pop.clients["employer"][p["ci"]] == c["ci"]:
                pop.relationships.append((_cid(pop, p), cid, "executive", None, None))


def _cid(pop: Population, p: dict) -> str:
    return pop.clients["client_id"][p["ci"]]


def as_year(b: _Builder) -> int:
    return b.as_of.year
