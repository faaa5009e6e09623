"""`kinfolio recommend FILE [--risk-level Ck] [--cma FILE] --paths N --seed S [--json]`.

The same call as the app and the proposal (``scenarios.recommend_household``: every candidate under
the household's real succession rules), so the same file, settings and seed print the same
figures everywhere."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from household import HouseholdError, Problem, load
from household.locale import money, pct, table
from i18n import catalog


def _num(x: float | None, digits: int = 6) -> float | None:
    return None if x is None or not math.isfinite(x) else round(float(x), digits)


def point_json(p: Any) -> dict:
    return {
        "weights": {c: _num(w) for c, w in p.weights.items()},
        "expected_return": _num(p.expected_return),
        "volatility": _num(p.volatility),
        "success_all_essential": _num(p.success),
        "success_all_essential_se": _num(p.success_se),
        "expected_legacy_real": _num(p.expected_legacy_real, 2),
        "bad_year_loss": _num(p.bad_year_loss),
        "success": {g: _num(s) for g, s in p.goals.items()},
    }


def recommendation_json(rec: Any, currency: str) -> dict:
    from proposal.advice_text import reason_sentence, remedy_lines

    return {
        "risk_level": rec.risk_level,
        "band": rec.band.as_json(),
        "current": point_json(rec.current),
        "recommended": point_json(rec.recommended),
        "reason": reason_sentence(rec, "en", currency),
        "reason_code": rec.reason,
        "essential_required": _num(rec.essential_required),
        "essential_target": rec.essential_target,
        "secured": rec.secured,
        "worse_than_current": rec.worse_than_current,
        "remedies": [{"kind": r.kind, "success": _num(r.success), "level": r.level,
                      "amount": _num(r.amount, 2), "years": r.years} for r in rec.remedies],
        "remedies_text": remedy_lines(rec, "en", currency),
        "liquidity_need": _num(rec.liquidity_need, 2),
        "override": rec.override,
        "model": point_json(rec.model) if rec.model is not None else None,
        "base_currency": currency,
        "paths": rec.paths,
        "seed": rec.seed,
    }


def recommend_command(args: argparse.Namespace) -> int:
    from cli.plan import check_plan_size, config_from_args, load_cma
    from planner import PlanInputError
    from scenarios import recommend_household

    hh = load(args.file)
    a = load_cma(getattr(args, "cma", None), hh.base_currency)
    cfg = config_from_args(args)
    check_plan_size(len(hh.people), cfg.paths)
    from cli.proposal import parse_override

    try:
        rec = recommend_household(hh, a, cfg)
        banker = parse_override(args)
        if banker:
            from planner import override
            from scenarios import household_policy

            rec = override(hh, rec, banker.get("weights"), banker.get("products"), a, cfg,
                           succession=household_policy(hh))
    except PlanInputError as e:
        raise HouseholdError([Problem(getattr(e, "field", ""), str(e))]) from None
    except ValueError as e:  # planner.OverrideError: the banker's weights or products
        raise HouseholdError([Problem("--weights/--products", str(e))]) from None
    if args.json:
        sys.stdout.write(json.dumps(recommendation_json(rec, hh.base_currency),
                                    ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    else:
        sys.stdout.write(report(rec, hh, getattr(args, "lang", "en")) + "\n")
    return 0


def report(rec: Any, hh: Any, lang: str = "en") -> str:
    from assets import ASSET_CLASS_INFO
    from proposal.advice_text import probability, reason_sentence, remedy_lines

    def w(key: str) -> str:
        return catalog.text("recommend." + key, lang)

    cur = hh.base_currency
    b = rec.band
    lines = [f"{w('title')} — {hh.name}",
             w("band").format(level=rec.risk_level, lo=pct(b.volatility_min),
                              hi=pct(b.volatility_max), risk=b.max_product_risk), ""]
    c, r = rec.current, rec.recommended
    rows = [["", w("current"), w("recommended")],
            [w("exp"), pct(c.expected_return), pct(r.expected_return)],
            [w("vol"), pct(c.volatility), pct(r.volatility)],
            [w("bad"), pct(c.bad_year_loss), pct(r.bad_year_loss)],
            [w("ess"), probability(c.success, lang), probability(r.success, lang)]]
    for g in hh.goals:
        rows.append([g.name, probability(c.goals.get(g.id), lang),
                     probability(r.goals.get(g.id), lang)])
    rows.append([w("legacy"), money(c.expected_legacy_real or 0.0, cur, lang),
                 money(r.expected_legacy_real or 0.0, cur, lang)])
    classes = [k for k in ASSET_CLASS_INFO if k in c.weights or k in r.weights]
    for k in classes:
        rows.append([ASSET_CLASS_INFO[k].name(lang), pct(c.weights.get(k, 0.0)),
                     pct(r.weights.get(k, 0.0))])
    lines.append(table(rows, right={1, 2}))
    lines.append("")
    lines.append(reason_sentence(rec, lang, cur))
    lines += [f"- {x}" for x in remedy_lines(rec, lang, cur)]
    return "\n".join(lines)

