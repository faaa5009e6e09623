"""The bank's product shelf: products mapped to asset classes with R1–R5 risk levels (data)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .classes import ASSET_CLASS_IDS, RISK_LEVELS, suitable

SHELF_FILE = "products.json"


@dataclass(frozen=True)
class Product:
    """One product. ``fees`` are fractions: ``management`` (yearly) and ``subscription``
    (one-off); ``data_file`` is the shelf file it was read from."""

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


def _shelf_path() -> Path:
    return Path(str(resources.files("assets") / "data" / SHELF_FILE))


def product_shelf(path: str | Path | None = None) -> list[Product]:
    """Products of the shelf file (default: the shipped illustrative shelf)."""
    p = Path(path) if path is not None else _shelf_path()
    doc = json.loads(p.read_text(encoding="utf-8"))
    out = []
    for i, d in enumerate(doc["products"]):
        if d["asset_class"] not in ASSET_CLASS_IDS:
            raise ValueError(f"{p.name}: products[{i}].asset_class: unknown class "
                             f"{d['asset_class']!r}")
        if d["risk"] not in RISK_LEVELS:
            raise ValueError(f"{p.name}: products[{i}].risk: must be R1–R5")
        out.append(Product(
            id=d["id"], name_en=d["name"]["en"], name_zh_hant=d["name"]["zh-Hant"],
            name_zh_hans=d["name"]["zh-Hans"], asset_class=d["asset_class"], risk=d["risk"],
            management_fee=float(d["fees"]["management"]),
            subscription_fee=float(d["fees"]["subscription"]),
            description_en=d["description"]["en"],
            description_zh_hant=d["description"]["zh-Hant"],
            description_zh_hans=d["description"]["zh-Hans"], data_file=p.name,
        ))
    return out


def suitable_products(client_level: str, shelf: list[Product] | None = None) -> list[Product]:
    return [p for p in (shelf if shelf is not None else product_shelf())
            if p.suitable_for(client_level)]
