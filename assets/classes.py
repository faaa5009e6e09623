"""The 11 standard asset classes: names in three languages, liquidity and typical product risk."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

RISK_LEVELS: tuple[str, ...] = ("R1", "R2", "R3", "R4", "R5")
CLIENT_LEVELS: tuple[str, ...] = ("C1", "C2", "C3", "C4", "C5")


@dataclass(frozen=True)
class AssetClassInfo:
    """One standard asset class.

    ``liquidity`` is ``"daily"``, ``"weekly"``, ``"monthly"``, ``"quarterly"`` or ``"illiquid"``;
    ``risk`` is the typical risk level (R1–R5) of a bank product investing in the class.
    """

    id: str
    en: str
    zh_hant: str
    zh_hans: str
    liquidity: str
    risk: str

    def name(self, lang: str = "en") -> str:
        return {"en": self.en, "zh-Hant": self.zh_hant, "zh-Hans": self.zh_hans}[lang]

    @property
    def liquid(self) -> bool:
        return self.liquidity != "illiquid"


_INFO = (
    AssetClassInfo("cash", "Cash and deposits", "現金及存款", "现金及存款", "daily", "R1"),
    AssetClassInfo("gov_bond", "Government bonds", "政府債券", "政府债券", "daily", "R2"),
    AssetClassInfo("credit", "Corporate credit", "企業信用債", "企业信用债", "daily", "R3"),
    AssetClassInfo("cn_equity", "China A-shares", "中國A股", "中国A股", "daily", "R4"),
    AssetClassInfo("hk_equity", "Hong Kong equities", "香港股票", "香港股票", "daily", "R4"),
    AssetClassInfo("dm_equity", "Developed-market equities", "已發展市場股票", "发达市场股票",
                   "daily", "R4"),
    AssetClassInfo("em_equity", "Emerging-market equities", "新興市場股票", "新兴市场股票",
                   "daily", "R5"),
    AssetClassInfo("real_estate", "Real estate", "房地產", "房地产", "illiquid", "R4"),
    AssetClassInfo("gold", "Gold", "黃金", "黄金", "daily", "R3"),
    AssetClassInfo("hedge_funds", "Hedge funds", "對沖基金", "对冲基金", "monthly", "R4"),
    AssetClassInfo("private_equity", "Private equity", "私募股權", "私募股权", "illiquid", "R5"),
)

#: The 11 standard classes in the order of the file format, by id.
ASSET_CLASS_INFO: MappingProxyType[str, AssetClassInfo] = MappingProxyType(
    {a.id: a for a in _INFO}
)
ASSET_CLASS_IDS: tuple[str, ...] = tuple(ASSET_CLASS_INFO)


def risk_rank(level: str) -> int:
    """1–5 for ``R1``–``R5``, Taiwan's ``RR1``–``RR5`` or ``C1``–``C5``."""
    if len(level) == 3 and level.startswith("RR"):
        level = level[1:]
    if len(level) != 2 or level[0] not in "RC" or level[1] not in "12345":
        raise ValueError(f"risk level must be R1–R5, RR1–RR5 or C1–C5 (got {level!r})")
    return int(level[1])


def suitable(product_risk: str, client_level: str) -> bool:
    """A client of level Ck may hold products rated at or below Rk (CSRC suitability, 2017)."""
    return risk_rank(product_risk) <= risk_rank(client_level)
