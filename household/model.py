"""The household file format ``kinfolio.household/1`` as pydantic v2 models.

Every model forbids unknown keys (a typo must not be silently ignored) and is frozen: a household is
a value. Defaults that depend on the rest of the file (a person's domicile, a holding's situs, the
marital character of a stake) are resolved once, when the whole household is validated, so that
every later stage reads one explicit value. Cross-references and whole-file rules live in
:mod:`household.checks`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

FORMAT = "kinfolio.household/1"

Jurisdiction = Literal["CN", "TW", "HK", "SG", "US", "UK", "JP"]
AssetClass = Literal[
    "cash",
    "gov_bond",
    "credit",
    "cn_equity",
    "hk_equity",
    "dm_equity",
    "em_equity",
    "real_estate",
    "gold",
    "hedge_funds",
    "private_equity",
]
JURISDICTIONS: tuple[str, ...] = get_args(Jurisdiction)
ASSET_CLASSES: tuple[str, ...] = get_args(AssetClass)
RiskLevel = Literal["C1", "C2", "C3", "C4", "C5"]
ProductRisk = Literal["R1", "R2", "R3", "R4", "R5"]
Marital = Literal["marital", "separate"]
Bank = Literal["us", "other"]

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Note = Annotated[str, StringConstraints(max_length=10_000)]


def _finite(v: float) -> float:
    if not math.isfinite(v):
        raise ValueError("must be a finite number")
    return v


def _currency(v: str) -> str:
    if len(v) != 3 or not v.isascii() or not v.isalpha() or not v.isupper():
        raise ValueError("must be a three-letter ISO 4217 code such as CNY")
    return v


# Upper bounds keep every total finite (a valid file must never sum to infinity): 1e18 is far
# above any family's wealth in any currency, and fx within [1e-9, 1e9] covers every pair.
MAX_AMOUNT = 1e18
Money = Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False), AfterValidator(_finite)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Share = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
Rate = Annotated[float, Field(ge=-1, le=10, allow_inf_nan=False)]
Currency = Annotated[str, AfterValidator(_currency)]


def _fx_floor(v: float) -> float:
    if v < 1e-9:
        raise ValueError("must be at least 1e-9 (units of the base currency per one unit)")
    return v


FxRate = Annotated[float, Field(gt=0, le=1e9, allow_inf_nan=False), AfterValidator(_fx_floor)]
MAX_YEAR = 2300
Year = Annotated[int, Field(ge=1900, le=MAX_YEAR)]

_SHARE_TOLERANCE = 1e-6


Language = Literal["en", "zh-Hant", "zh-Hans"]
# A name as written in each language; `name` is used where a language has none.
Names = dict[Language, Text]


class Model(BaseModel):
    """Base of every file model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_sum_to_one(items: list, what: str, allow_empty: bool = False) -> None:
    if not items and allow_empty:
        return
    total = math.fsum(x.share for x in items)
    if abs(total - 1.0) > _SHARE_TOLERANCE:
        raise ValueError(f"{what} shares must sum to 1 (they sum to {total:.6g})")


# ----------------------------------------------------------------------------- people and family
class Person(Model):
    id: Id
    name: Text
    sex: Literal["F", "M"]
    birth_date: dt.date
    alive: bool = True
    domicile: Jurisdiction | None = None
    risk_level: RiskLevel | None = None
    disabled_dependent: bool = False
    client: bool = False
    us_citizen: bool = False
    client_id: Id | None = None
    names: Names | None = None
    notes: Note | None = None


class Company(Model):
    id: Id
    name: Text
    jurisdiction: Jurisdiction
    currency: Currency
    equity_value: Money
    annual_profit: Money = 0.0
    payout_ratio: Fraction = 0.0
    growth: Rate = 0.03
    volatility: Annotated[float, Field(ge=0, le=5, allow_inf_nan=False)] = 0.30
    listed: bool = False
    employees: Annotated[int, Field(ge=0)] | None = None
    business_relief: bool = False
    banking: dict[str, Literal["us", "other", "none"]] | None = None
    industry: Text | None = None
    client_id: Id | None = None
    names: Names | None = None
    notes: Note | None = None


class BeneficiaryShare(Model):
    person: Id | None = None
    trust: Id | None = None
    share: Share

    @model_validator(mode="after")
    def _one_target(self) -> BeneficiaryShare:
        if (self.person is None) == (self.trust is None):
            raise ValueError("name exactly one of 'person' or 'trust'")
        return self

    @property
    def target(self) -> str:
        return self.person if self.person is not None else self.trust  # type: ignore[return-value]


class PersonShare(Model):
    person: Id
    share: Share


class Trust(Model):
    id: Id
    name: Text
    settlor: Id
    trustee: Text
    jurisdiction: Jurisdiction
    revocable: bool = False
    beneficiaries: list[PersonShare]
    notes: Note | None = None

    @field_validator("beneficiaries")
    @classmethod
    def _sum_one(cls, v: list[PersonShare]) -> list[PersonShare]:
        _check_sum_to_one(v, "beneficiary")
        return v


class Spouse(Model):
    kind: Literal["spouse"]
    a: Id
    b: Id
    regime: Literal["community", "separate", "statutory"] | None = None
    married_on: dt.date | None = None


class Parent(Model):
    kind: Literal["parent"]
    parent: Id
    child: Id
    adopted: bool = False


class Role(Model):
    kind: Literal["role"]
    person: Id
    company: Id
    role: Text


class Referral(Model):
    kind: Literal["referral"]
    from_: Id = Field(alias="from")
    to: Id

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Relation = Annotated[Spouse | Parent | Role | Referral, Field(discriminator="kind")]


class Ownership(Model):
    owner: Id
    company: Id
    share: Share
    voting: Fraction | None = None
    marital: Marital | None = None

    @property
    def votes(self) -> float:
        return self.share if self.voting is None else self.voting


_ILLIQUID_KINDS = frozenset({"property", "residence", "private_equity"})


class Holding(Model):
    id: Id
    owner: Id
    asset_class: AssetClass
    value: Money
    currency: Currency
    kind: Literal[
        "deposit", "fund", "stock", "bond", "property", "residence", "private_equity", "other"
    ] = "other"
    liquid: bool | None = None
    situs: Jurisdiction | None = None
    marital: Marital | None = None
    at_bank: Bank = "other"
    product: Text | None = None
    product_risk: ProductRisk | None = None
    notes: Note | None = None

    @property
    def is_liquid(self) -> bool:
        return self.kind not in _ILLIQUID_KINDS if self.liquid is None else self.liquid


class Liability(Model):
    id: Id
    borrower: Id
    amount: Money
    currency: Currency
    rate: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.0
    kind: Literal["mortgage", "loan", "credit_line"] = "loan"
    lender: Bank = "other"
    guarantors: list[Id] = Field(default_factory=list)
    end_year: Year | None = None
    notes: Note | None = None


class Policy(Model):
    id: Id
    insured: Id
    policyholder: Id
    beneficiaries: list[BeneficiaryShare] = Field(default_factory=list)
    sum_assured: Money
    currency: Currency
    annual_premium: Money = 0.0
    premium_end_year: Year | None = None
    cash_value: Money = 0.0
    kind: Literal["whole_life", "term", "annuity", "critical_illness"] = "whole_life"
    issued_on: dt.date | None = None
    product: Text | None = None
    at_bank: Bank = "other"
    notes: Note | None = None

    @field_validator("beneficiaries")
    @classmethod
    def _sum_one(cls, v: list[BeneficiaryShare]) -> list[BeneficiaryShare]:
        _check_sum_to_one(v, "beneficiary", allow_empty=True)
        return v


class CashFlow(Model):
    id: Id
    person: Id
    direction: Literal["income", "expense"]
    amount: Money
    currency: Currency
    start_year: Year
    end_year: Year | None = None
    growth: Rate | None = None
    stops_at_death: bool | None = None
    label: Text | None = None

    @model_validator(mode="after")
    def _years(self) -> CashFlow:
        if self.end_year is not None and self.end_year < self.start_year:
            raise ValueError("end_year must not be before start_year")
        return self

    @property
    def stops(self) -> bool:
        if self.stops_at_death is None:
            return self.direction == "income"
        return self.stops_at_death


class Goal(Model):
    id: Id
    name: Text
    amount: Money
    currency: Currency
    start_year: Year
    years: Annotated[int, Field(ge=1, le=100)] = 1
    priority: Literal["essential", "important", "aspirational"] = "important"
    beneficiary: Id | None = None
    growth: Rate | None = None
    kind: Literal[
        "education", "retirement", "property", "philanthropy", "immigration", "other"
    ] = "other"


class WillItem(Model):
    item: Id | dict[Literal["company"], Id]
    to: list[BeneficiaryShare]

    @field_validator("to")
    @classmethod
    def _sum_one(cls, v: list[BeneficiaryShare]) -> list[BeneficiaryShare]:
        _check_sum_to_one(v, "recipient")
        return v

    @property
    def company(self) -> str | None:
        return self.item.get("company") if isinstance(self.item, dict) else None

    @property
    def holding(self) -> str | None:
        return self.item if isinstance(self.item, str) else None


class Will(Model):
    testator: Id
    specific: list[WillItem] = Field(default_factory=list)
    residue: list[BeneficiaryShare]
    signed_on: dt.date | None = None

    @field_validator("residue")
    @classmethod
    def _sum_one(cls, v: list[BeneficiaryShare]) -> list[BeneficiaryShare]:
        _check_sum_to_one(v, "residue")
        return v


# ----------------------------------------------------------------------------- scenarios
class StakeTransfer(Model):
    """Part of an owner's stake in a company moved elsewhere (a fraction of that owner's stake)."""

    owner: Id
    company: Id
    fraction: Share = 1.0


class SetWill(Model):
    kind: Literal["set_will"]
    will: Will


class SettleTrust(Model):
    kind: Literal["settle_trust"]
    trust: Trust
    holdings: list[Id] = Field(default_factory=list)
    stakes: list[StakeTransfer] = Field(default_factory=list)
    setup_cost: Money = 0.0
    annual_cost_rate: Annotated[float, Field(ge=0, le=0.1, allow_inf_nan=False)] = 0.0


class BuyPolicy(Model):
    kind: Literal["buy_policy"]
    policy: Policy


class GiftPlan(Model):
    kind: Literal["gift_plan"]
    donor: Id
    recipients: list[PersonShare]
    annual_amount: Money
    currency: Currency
    start_year: Year
    years: Annotated[int, Field(ge=1, le=60)] = 1

    @field_validator("recipients")
    @classmethod
    def _sum_one(cls, v: list[PersonShare]) -> list[PersonShare]:
        _check_sum_to_one(v, "recipient")
        return v


class BusinessTransfer(Model):
    kind: Literal["business_transfer"]
    company: Id
    owner: Id
    successor: Id
    fraction: Share = 1.0
    equalise: bool = True
    when: Literal["now", "at_death"] = "at_death"


ScenarioChange = Annotated[
    SetWill | SettleTrust | BuyPolicy | GiftPlan | BusinessTransfer, Field(discriminator="kind")
]


class Scenario(Model):
    """A named set of changes on top of the base household, saved with it."""

    id: Id
    name: Text
    description: Note | None = None
    changes: list[ScenarioChange] = Field(default_factory=list)


class Gift(Model):
    """A lifetime gift made before ``as_of`` (the law may add it back, tax or taper it at death)."""

    donor: Id
    to: Id
    date: dt.date
    amount: Money
    currency: Currency
    gift_tax_paid: Money = 0.0
    kind: Literal["cash", "property", "shares"] = "cash"


class PriorDeath(Model):
    """Allowances left by a spouse who died before ``as_of`` (US DSUE, UK transferred bands)."""

    person: Id
    date: dt.date
    jurisdiction: Jurisdiction
    unused_exclusion: Money = 0.0
    unused_nil_rate_band_fraction: Fraction = 0.0
    unused_residence_band_fraction: Fraction = 0.0


# ----------------------------------------------------------------------------- the household
class Household(Model):
    format: Literal["kinfolio.household/1"]
    id: Id
    name: Text
    as_of: dt.date
    base_currency: Currency
    fx: dict[Currency, FxRate] = Field(
        default_factory=dict
    )
    jurisdiction: Jurisdiction
    banker: Text | None = None
    notes: Note | None = None
    people: list[Person] = Field(default_factory=list)
    companies: list[Company] = Field(default_factory=list)
    trusts: list[Trust] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    ownership: list[Ownership] = Field(default_factory=list)
    holdings: list[Holding] = Field(default_factory=list)
    liabilities: list[Liability] = Field(default_factory=list)
    policies: list[Policy] = Field(default_factory=list)
    cash_flows: list[CashFlow] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    wills: list[Will] = Field(default_factory=list)
    gifts: list[Gift] = Field(default_factory=list)
    prior_deaths: list[PriorDeath] = Field(default_factory=list)
    settlement_costs_rate: Fraction | None = None
    scenarios: list[Scenario] = Field(default_factory=list)

    # -- lookups (cheap dict builds; a household has at most a few thousand items)
    def person(self, pid: str) -> Person:
        return _index(self.people)[pid]

    def company(self, cid: str) -> Company:
        return _index(self.companies)[cid]

    def trust(self, tid: str) -> Trust:
        return _index(self.trusts)[tid]

    def kind_of(self, entity_id: str) -> str | None:
        """'person', 'company', 'trust', 'holding', 'liability', 'policy', 'cash_flow', 'goal',
        'scenario' or None."""
        return self.id_kinds().get(entity_id)

    def id_kinds(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for kind, items in (
            ("person", self.people),
            ("company", self.companies),
            ("trust", self.trusts),
            ("holding", self.holdings),
            ("liability", self.liabilities),
            ("policy", self.policies),
            ("cash_flow", self.cash_flows),
            ("goal", self.goals),
            ("scenario", self.scenarios),
        ):
            for it in items:
                out.setdefault(it.id, kind)
        return out

    def rate(self, currency: str) -> float:
        """Units of the base currency per one unit of ``currency``."""
        if currency == self.base_currency:
            return 1.0
        return self.fx[currency]

    def to_base(self, amount: float, currency: str) -> float:
        return amount * self.rate(currency)

    def spouse_of(self, pid: str) -> str | None:
        for r in self.relations:
            if isinstance(r, Spouse):
                if r.a == pid:
                    return r.b
                if r.b == pid:
                    return r.a
        return None

    def will_of(self, pid: str) -> Will | None:
        found = [w for w in self.wills if w.testator == pid]
        return found[-1] if found else None

    def age(self, pid: str, on: dt.date | None = None) -> int:
        on = on or self.as_of
        b = self.person(pid).birth_date
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def _index(items: list) -> dict:
    return {it.id: it for it in items}
