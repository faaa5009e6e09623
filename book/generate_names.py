"""Names for the synthetic book: people and companies in the script each market writes them in,
with all three of Kinfolio's languages for the household files (en, zh-Hant, zh-Hans).

Small hand-kept tables (traditional, simplified, romanisation) rather than OpenCC: a few dozen
characters, and the romanisation (pinyin for CN and TW, Cantonese for HK) is not a script
conversion anyway."""

from __future__ import annotations

import numpy as np

# (traditional, simplified, pinyin, Cantonese)
SURNAMES: tuple[tuple[str, str, str, str], ...] = (
    ("陳", "陈", "Chen", "Chan"), ("林", "林", "Lin", "Lam"), ("黃", "黄", "Huang", "Wong"),
    ("張", "张", "Zhang", "Cheung"), ("李", "李", "Li", "Lee"), ("王", "王", "Wang", "Wong"),
    ("吳", "吴", "Wu", "Ng"), ("劉", "刘", "Liu", "Lau"), ("蔡", "蔡", "Cai", "Choi"),
    ("楊", "杨", "Yang", "Yeung"), ("許", "许", "Xu", "Hui"), ("鄭", "郑", "Zheng", "Cheng"),
    ("謝", "谢", "Xie", "Tse"), ("郭", "郭", "Guo", "Kwok"), ("何", "何", "He", "Ho"),
    ("周", "周", "Zhou", "Chow"), ("梁", "梁", "Liang", "Leung"), ("趙", "赵", "Zhao", "Chiu"),
    ("馬", "马", "Ma", "Ma"), ("羅", "罗", "Luo", "Law"), ("曾", "曾", "Zeng", "Tsang"),
    ("徐", "徐", "Xu", "Tsui"), ("孫", "孙", "Sun", "Suen"), ("胡", "胡", "Hu", "Wu"),
)
# (traditional, simplified, pinyin, Cantonese)
GIVEN: tuple[tuple[str, str, str, str], ...] = (
    ("偉", "伟", "Wei", "Wai"), ("明", "明", "Ming", "Ming"), ("華", "华", "Hua", "Wah"),
    ("志", "志", "Zhi", "Chi"), ("強", "强", "Qiang", "Keung"), ("建", "建", "Jian", "Kin"),
    ("國", "国", "Guo", "Kwok"), ("文", "文", "Wen", "Man"), ("俊", "俊", "Jun", "Chun"),
    ("麗", "丽", "Li", "Lai"), ("芳", "芳", "Fang", "Fong"), ("美", "美", "Mei", "Mei"),
    ("玲", "玲", "Ling", "Ling"), ("婷", "婷", "Ting", "Ting"), ("慧", "慧", "Hui", "Wai"),
    ("嘉", "嘉", "Jia", "Ka"), ("家", "家", "Jia", "Ka"), ("寶", "宝", "Bao", "Po"),
    ("傑", "杰", "Jie", "Kit"), ("豪", "豪", "Hao", "Ho"), ("欣", "欣", "Xin", "Yan"),
    ("怡", "怡", "Yi", "Yee"), ("雅", "雅", "Ya", "Nga"), ("宇", "宇", "Yu", "Yu"),
    ("軒", "轩", "Xuan", "Hin"), ("德", "德", "De", "Tak"), ("榮", "荣", "Rong", "Wing"),
    ("思", "思", "Si", "Sze"), ("穎", "颖", "Ying", "Wing"), ("浩", "浩", "Hao", "Ho"),
)
# (traditional, simplified, English)
INDUSTRIES: tuple[tuple[str, str, str], ...] = (
    ("精密製造", "精密制造", "Precision Manufacturing"), ("電子", "电子", "Electronics"),
    ("貿易", "贸易", "Trading"), ("物流", "物流", "Logistics"), ("餐飲", "餐饮", "Catering"),
    ("紡織", "纺织", "Textiles"), ("建材", "建材", "Building Materials"),
    ("醫療器械", "医疗器械", "Medical Devices"),
)
MERCHANTS: tuple[str, ...] = (
    "超市 supermarket", "餐廳 restaurant", "百貨 department store", "加油站 petrol",
    "網購 online shop", "藥房 pharmacy", "咖啡 cafe", "航空 airline", "酒店 hotel",
)


def person_names(rng: np.random.Generator, surname_idx: np.ndarray, market: str
                 ) -> list[dict[str, str]]:
    """One name per surname index: given names of one or two characters drawn from ``GIVEN``.

    Returns dicts with keys ``bank`` (as the bank records it), ``en``, ``zh-Hant``, ``zh-Hans``.
    """
    n = len(surname_idx)
    two = rng.random(n) < 0.75
    g1 = rng.integers(0, len(GIVEN), n)
    g2 = rng.integers(0, len(GIVEN), n)
    out = []
    for s, t, a, b in zip(surname_idx.tolist(), two.tolist(), g1.tolist(), g2.tolist(),
                          strict=True):
        sur = SURNAMES[s]
        chars = [GIVEN[a], GIVEN[b]] if t else [GIVEN[a]]
        hant = sur[0] + "".join(c[0] for c in chars)
        hans = sur[1] + "".join(c[1] for c in chars)
        if market == "HK":
            en = f"{sur[3].upper()} {' '.join(c[3] for c in chars)}"
        else:
            given = "".join(c[2] for c in chars)
            en = f"{sur[2]} {given[0]}{given[1:].lower()}"
        bank = hans if market == "CN" else (f"{hant} {en}" if market == "HK" else hant)
        out.append({"bank": bank, "en": en, "zh-Hant": hant, "zh-Hans": hans})
    return out


def company_name(surname: int, industry: int, market: str, serial: int) -> dict[str, str]:
    sur = SURNAMES[surname]
    ind = INDUSTRIES[industry]
    roman = sur[3] if market == "HK" else sur[2]
    hant = f"{sur[0]}氏{ind[0]}{'股份' if market == 'TW' else ''}有限公司"
    hans = f"{sur[1]}氏{ind[1]}{'股份' if market == 'TW' else ''}有限公司"
    if serial:
        hant = f"{sur[0]}氏{ind[0]}（{serial + 1}）有限公司"
        hans = f"{sur[1]}氏{ind[1]}（{serial + 1}）有限公司"
    en = f"{roman} {ind[2]} {'Co., Ltd.' if market != 'HK' else 'Limited'}"
    if serial:
        en = f"{roman} {ind[2]} ({serial + 1}) Limited"
    bank = hans if market == "CN" else (f"{hant} {en}" if market == "HK" else hant)
    return {"bank": bank, "en": en, "zh-Hant": hant, "zh-Hans": hans}
