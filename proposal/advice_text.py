"""The recommendation in words: the one-sentence reason and what would secure the essential goals.

The planner returns a reason code with its parameters (``Recommendation.reason`` and
``reason_params``) and remedies as data; these functions write them in the reader's language for
the proposal, ``kinfolio recommend`` and the app.
"""

from __future__ import annotations

from typing import Any

from household.locale import chance, money
from i18n import catalog

_R = catalog.table("advice.")
_REMEDY = catalog.table("remedy.")


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
        catalog.text("band.outside", lang),
    }
    key = code if code in _R else "larger_legacy"
    return catalog.render("advice." + key, lang, **fields)


def remedy_lines(rec: Any, lang: str = "en", currency: str = "") -> list[str]:
    """What would secure the essential goals (or bring them to the target), one sentence each;
    empty when nothing is missing."""
    if getattr(rec, "secured", True) and getattr(rec, "target_reached", True):
        return []
    out = []
    for r in getattr(rec, "remedies", ()) or ():
        out.append(catalog.render(
            "remedy." + r.kind, lang, level=r.level or "", success=probability(r.success, lang),
            years=r.years or 0, amount=money(r.amount or 0.0, currency or None, lang)))
    return out or [catalog.text("remedy.none", lang)]
