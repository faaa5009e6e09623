"""The bank's product shelf: products mapped to asset classes with R1–R5 risk levels (data),
tagged with their currency and the markets (households' base currencies) they are offered in."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .classes import ASSET_CLASS_IDS, RISK_LEVELS, suitable

SHELF_FILE = "products.json"
#: markets of the shelf, named by the base currency of the households served there
MARKETS: tuple[str, ...] = ("CNY", "HKD", "TWD", "USD")
#: market whose shelf a household gets when its base currency has none of its own
FALLBACK_MARKET = "USD"


@dataclass(frozen=True)
class Product:
    """One product. ``fees`` are fractions: ``management`` (yearly) and ``subscription``
    (one-off); ``currency`` its denomination; ``markets`` the base currencies of the households it
    is offered to; ``margin`` the bank's yearly revenue as a fraction of the amount held
    (INTERNAL: never shown to clients); ``data_file`` is the shelf file it was read from."""

    id: str
    name_en: str
    name_zh_hant: str
    name_zh_hans: str
    asset_class: str
    risk: str
    management_fee: float
    subscription_fee: float
    description_en: str
    description_zh_hant: str
    description_zh_hans: str
    data_file: str
    currency: str = ""
    markets: tuple[str, ...] = ()
    margin: float = 0.0
    #: how soon the money can be had: daily, weekly, monthly, term (fixed-term deposit: at
    #: maturity), locked; "" = that of its asset class
    liquidity: str = ""
    minimum: float = 0.0  # in ``currency``
    deposit_insured: bool = False
    issuer_en: str = ""
    issuer_zh_hant: str = ""
    issuer_zh_hans: str = ""

    def issuer(self, lang: str = "en") -> str:
        return {"en": self.issuer_en, "zh-Hant": self.issuer_zh_hant,
                "zh-Hans": self.issuer_zh_hans}[lang]

    def name(self, lang: str = "en") -> str:
        return {"en": self.name_en, "zh-Hant": self.name_zh_hant,
                "zh-Hans": self.name_zh_hans}[lang]

    def description(self, lang: str = "en") -> str:
        return {"en": self.description_en, "zh-Hant": self.description_zh_hant,
                "zh-Hans": self.description_zh_hans}[lang]

    @property
    def fees(self) -> dict[str, float]:
        return {"management": self.management_fee, "subscription": self.subscription_fee}

    def suitable_for(self, client_level: str) -> bool:
        return suitable(self.risk, client_level)

    def offered_in(self, currency: str) -> bool:
        return currency in self.markets


def _shelf_path() -> Path:
    return Path(str(resources.files("assets") / "data" / SHELF_FILE))


def _read_shelf(p: Path) -> tuple[Product, ...]:
    doc = json.loads(p.read_text(encoding="utf-8"))
    out = []
    for i, d in enumerate(doc["products"]):
        if d["asset_class"] not in ASSET_CLASS_IDS:
            raise ValueError(f"{p.name}: products[{i}].asset_class: unknown class "
                             f"{d['asset_class']!r}")
        if d["risk"] not in RISK_LEVELS:
            raise ValueError(f"{p.name}: products[{i}].risk: must be R1–R5")
        markets = d.get("markets", list(MARKETS))
        if not isinstance(markets, list) or not all(isinstance(m, str) and len(m) == 3
                                                    for m in markets):
            raise ValueError(f"{p.name}: products[{i}].markets: must be a list of currency codes")
        out.append(Product(
            id=d["id"], name_en=d["name"]["en"], name_zh_hant=d["name"]["zh-Hant"],
            name_zh_hans=d["name"]["zh-Hans"], asset_class=d["asset_class"], risk=d["risk"],
            management_fee=float(d["fees"]["management"]),
            subscription_fee=float(d["fees"]["subscription"]),
            description_en=d["description"]["en"],
            description_zh_hant=d["description"]["zh-Hant"],
            description_zh_hans=d["description"]["zh-Hans"], data_file=p.name,
            currency=str(d.get("currency", "")), markets=tuple(markets),
            margin=float(d.get("margin", 0.0)),
            liquidity=str(d.get("liquidity", "")), minimum=float(d.get("minimum", 0.0)),
            deposit_insured=bool(d.get("deposit_insured", False)),
            issuer_en=str(d.get("issuer", {}).get("en", "")),
            issuer_zh_hant=str(d.get("issuer", {}).get("zh-Hant", "")),
            issuer_zh_hans=str(d.get("issuer", {}).get("zh-Hans", "")),
        ))
    return tuple(out)


_SHELVES: dict[str, tuple[Product, ...]] = {}


def product_shelf(currency: str | None = None, path: str | Path | None = None) -> list[Product]:
    """Products of the shelf file (default: the shipped illustrative shelf).

    ``currency`` is the household's base currency: only the products offered in that market;
    a currency without a market of its own gets the international (USD) shelf. ``None``: all.
    """
    p = Path(path) if path is not None else _shelf_path()
    key = str(p.resolve())
    if path is not None or key not in _SHELVES:
        _SHELVES[key] = _read_shelf(p)
    shelf = _SHELVES[key]
    if currency is None:
        return list(shelf)
    cur = currency.upper()
    if not any(cur in x.markets for x in shelf):
        cur = FALLBACK_MARKET
    return [x for x in shelf if cur in x.markets]


def suitable_products(client_level: str, shelf: list[Product] | None = None,
                      currency: str | None = None) -> list[Product]:
    """Products of ``shelf`` (default: the shelf of ``currency``'s market, see
    :func:`product_shelf`) that a client of ``client_level`` may hold."""
    return [p for p in (shelf if shelf is not None else product_shelf(currency))
            if p.suitable_for(client_level)]
