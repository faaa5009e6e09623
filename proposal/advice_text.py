"""The recommendation in words: the one-sentence reason and what would secure the essential goals.

The planner returns a reason code with its parameters (``Recommendation.reason`` and
``reason_params``) and remedies as data; these functions write them in the reader's language for
the proposal, ``kinfolio recommend`` and the app.
"""

from __future__ import annotations

from typing import Any

from household.locale import chance, money

_R: dict[str, tuple[str, str, str]] = {
    "more_goals_met": (
        "Within your {level} band it keeps the essential goals at {success} and gives the "
        "important and aspirational goals a better chance ({goals_current} now, {goals} "
        "recommended).",
        "在{level}風險區間內，必要目標達成機率維持{success}，重要與理想目標的達成機率由{goals_current}"
        "提高至{goals}。",
        "在{level}风险区间内，必要目标达成概率保持{success}，重要与理想目标的达成概率由{goals_current}"
        "提高至{goals}。"),
    "larger_legacy": (
        "Within your {level} band it keeps every goal at least as likely as today and raises the "
        "expected wealth passed to the next generation, in today's money, from {legacy_current} "
        "to {legacy}.",
        "在{level}風險區間內，各項目標的達成機率不低於現況，預期留給下一代的財富（以今日幣值計）"
        "由{legacy_current}增至{legacy}。",
        "在{level}风险区间内，各项目标的达成概率不低于现状，预期留给下一代的财富（以今日币值计）"
        "由{legacy_current}增至{legacy}。"),
    "current_outside_band_above": (
        "The current portfolio's volatility of {current_volatility} is above the {level} band "
        "(at most {volatility_max}); staying within it costs some expected growth, which is why "
        "the recommendation shows less than the current portfolio on some figures.",
        "現有組合的波動率{current_volatility}高於{level}風險區間上限{volatility_max}；回到區間內"
        "須犧牲部分預期增長，因此部分指標低於現有組合。",
        "现有组合的波动率{current_volatility}高于{level}风险区间上限{volatility_max}；回到区间内"
        "须牺牲部分预期增长，因此部分指标低于现有组合。"),
    "current_unsuitable": (
        "The current portfolio holds classes rated above {max_product_risk}, the most a {level} "
        "client may hold; the recommendation stays within that limit at some cost in expected "
        "growth.",
        "現有組合持有風險等級高於{max_product_risk}的資產，超出{level}客戶可持有的上限；建議配置"
        "遵守此上限，因而須犧牲部分預期增長。",
        "现有组合持有风险等级高于{max_product_risk}的资产，超出{level}客户可持有的上限；建议配置"
        "遵守此上限，因而须牺牲部分预期增长。"),
    "current_below_band": (
        "The current portfolio is more cautious than the {level} band (volatility "
        "{current_volatility}, band from {volatility_min}); the recommendation moves into the "
        "band, and on the figures below it does not yet improve on the current portfolio.",
        "現有組合較{level}風險區間更保守（波動率{current_volatility}，區間下限{volatility_min}）；"
        "建議配置回到區間內，但下列指標暫未優於現有組合。",
        "现有组合较{level}风险区间更保守（波动率{current_volatility}，区间下限{volatility_min}）；"
        "建议配置回到区间内，但下列指标暂未优于现有组合。"),
    "current_better_noted": (
        "The current portfolio does slightly better on the figures below; the recommendation is "
        "the most efficient mix within the {level} band and the difference lies within the "
        "simulation's precision.",
        "現有組合在下列指標上略優；建議配置為{level}風險區間內最有效率的組合，兩者差異在模擬精度之內。",
        "现有组合在下列指标上略优；建议配置为{level}风险区间内最有效率的组合，两者差异在模拟精度之内。"),
    "banker_override": (
        "Your relationship manager proposes this allocation in place of the model "
        "recommendation; it gives the essential goals {success} (model recommendation: "
        "{model_success}){band_note}.",
        "此配置為您的客戶經理取代模型建議所提出；必要目標達成機率為{success}（模型建議：{model_success}）"
        "{band_note}。",
        "此配置为您的客户经理取代模型建议所提出；必要目标达成概率为{success}（模型建议：{model_success}）"
        "{band_note}。"),
    "target_out_of_reach": (
        "Within the {level} band the essential goals reach at most {success}, below the {target} "
        "we aim for; the options below would reach it.",
        "在{level}風險區間內，必要目標達成機率最高為{success}，低於目標{target}；下列方案可以達到。",
        "在{level}风险区间内，必要目标达成概率最高为{success}，低于目标{target}；下列方案可以达到。"),
    "essential_out_of_reach": (
        "No allocation within the {level} band keeps the essential goals at {required} (they "
        "reach at most {success}); the options below would.",
        "{level}風險區間內沒有任何配置能使必要目標達成機率維持在{required}（最高僅{success}）；"
        "下列方案可以做到。",
        "{level}风险区间内没有任何配置能使必要目标达成概率保持在{required}（最高仅{success}）；"
        "下列方案可以做到。"),
}

_REMEDY: dict[str, tuple[str, str, str]] = {
    "higher_band": ("A higher risk level, {level}, would give the essential goals {success}.",
                    "提高風險等級至{level}，必要目標達成機率可達{success}。",
                    "提高风险等级至{level}，必要目标达成概率可达{success}。"),
    "more_saving": ("Saving {amount} more a year (today's money) would give {success}.",
                    "每年多儲蓄{amount}（以今日幣值計），達成機率可達{success}。",
                    "每年多储蓄{amount}（以今日币值计），达成概率可达{success}。"),
    "later_goals": ("Starting the essential goals {years} years later would give {success}.",
                    "必要目標延後{years}年開始，達成機率可達{success}。",
                    "必要目标延后{years}年开始，达成概率可达{success}。"),
    "none": ("None of a higher level, more saving or later goals reaches it on its own; a "
             "combination should be discussed.",
             "單靠提高風險等級、增加儲蓄或延後目標皆無法達成，需綜合考慮。",
             "单靠提高风险等级、增加储蓄或延后目标均无法达成，需综合考虑。"),
}

_I = {"en": 0, "zh-Hant": 1, "zh-Hans": 2}
_BAND_NOTE = {"en": ", outside the risk band of your level",
              "zh-Hant": "，超出您風險等級的區間", "zh-Hans": "，超出您风险等级的区间"}


def probability(p: float | None, lang: str = "en") -> str:
    """A probability as people read it: "above 99%" rather than 100% from a simulation (the
    app's rule too: :func:`household.locale.chance`)."""
    return chance(p, lang)


def _pct1(x: float) -> str:
    return f"{x * 100:.1f}%"


def reason_sentence(rec: Any, lang: str = "en", currency: str = "") -> str:
    """The one sentence saying why this allocation (``rec``: a ``planner.Recommendation``)."""
    code = getattr(rec, "reason", "") or "larger_legacy"
    p = dict(getattr(rec, "reason_params", {}) or {})
    fields = {
        "level": p.get("level", rec.risk_level),
        "success": probability(p.get("success"), lang),
        "required": probability(p.get("required"), lang),
        "current_volatility": _pct1(p.get("current_volatility", 0.0)),
        "volatility_min": _pct1(p.get("volatility_min", 0.0)),
        "volatility_max": _pct1(p.get("volatility_max", 0.0)),
        "max_product_risk": p.get("max_product_risk", ""),
        "goals_current": probability(p.get("goals_current"), lang),
        "goals": probability(p.get("goals"), lang),
        "legacy_current": money(p.get("legacy_current") or 0.0, currency or None, lang),
        "legacy": money(p.get("legacy") or 0.0, currency or None, lang),
        "model_success": probability(p.get("model_success"), lang),
        "target": probability(p.get("target"), lang),
        "band_note": "" if p.get("in_band", True) and p.get("suitable", True) else
        _BAND_NOTE[lang],
    }
    return _R.get(code, _R["larger_legacy"])[_I[lang]].format(**fields)


def remedy_lines(rec: Any, lang: str = "en", currency: str = "") -> list[str]:
    """What would secure the essential goals (or bring them to the target), one sentence each;
    empty when nothing is missing."""
    if getattr(rec, "secured", True) and getattr(rec, "target_reached", True):
        return []
    out = []
    for r in getattr(rec, "remedies", ()) or ():
        out.append(_REMEDY[r.kind][_I[lang]].format(
            level=r.level or "", success=probability(r.success, lang), years=r.years or 0,
            amount=money(r.amount or 0.0, currency or None, lang)))
    return out or [_REMEDY["none"][_I[lang]]]
