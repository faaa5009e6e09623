"""`kinfolio plan FILE [--cma FILE] --paths N --seed S [--json]`: the plan under the household's
real succession rules (:func:`scenarios.plan_household`), so the CLI, the app and the PDF give the
same numbers; the text report of a :class:`planner.PlanResult`."""

from __future__ import annotations

import argparse
import sys

from assets import ASSET_CLASS_INFO, AssumptionError, assumptions_for, load_assumptions
from household import HouseholdError, Problem, load
from household.locale import money, pct, table
from i18n import catalog
from planner.config import PlanConfig
from planner.cost import check_work
from planner.inputs import PlanInputError, check_plan_work
from planner.result import PlanResult


def _with_se(p: float, se: float, lang: str) -> str:
    """A probability with its standard error; when every path (or none) succeeds the estimated
    error is zero, which would read as certainty, so say what was seen instead."""
    if se == 0 and p in (0.0, 1.0):
        return f"{pct(p)} ({_t('every_path' if p == 1.0 else 'no_path', lang)})"
    return f"{pct(p)} ± {pct(se, 1)}"


def _t(key: str, lang: str) -> str:
    return catalog.text("plan." + key, lang)


def config_from_args(args: argparse.Namespace) -> PlanConfig:
    if args.paths < 1:
        raise HouseholdError([Problem("--paths", "must be at least 1")])
    if args.paths > 1_000_000:
        raise HouseholdError([Problem("--paths", "must be at most 1,000,000")])
    if args.seed < 0:
        raise HouseholdError([Problem("--seed", "must be zero or positive")])
    return PlanConfig(paths=args.paths, seed=args.seed,
                      risk_level=getattr(args, "risk_level", None),
                      real=not getattr(args, "nominal", False))


def load_cma(path: str | None, base_currency: str | None = None):
    """``--cma FILE`` (or a shipped set's id). Without it: the house set of ``base_currency``, or
    ``None`` when that is not given (the engines then use the household's own house set)."""
    if path is None:
        return assumptions_for(base_currency) if base_currency else None
    try:
        return load_assumptions(path)
    except AssumptionError as e:
        raise HouseholdError([Problem(f"--cma {e.source or path}: {e.field}", e.message)]) \
            from None


def check_plan_size(n_people: int, paths: int) -> None:
    """The CLI's form of :func:`planner.inputs.check_plan_work` (the problem names --paths)."""
    try:
        check_plan_work(n_people, paths)
    except PlanInputError as e:
        raise HouseholdError([Problem("--paths", e.message)]) from None


def plan_command(args: argparse.Namespace) -> int:
    """`kinfolio plan`: every simulated death follows the household's succession rules."""
    from scenarios.household_plan import plan_household

    hh = load(args.file)
    a = load_cma(getattr(args, "cma", None), hh.base_currency)
    cfg = config_from_args(args)
    check_plan_size(len(hh.people), cfg.paths)
    try:
        check_work(hh, cfg.paths)  # the measured cost model: people, companies, holdings, paths
    except PlanInputError as e:
        raise HouseholdError([Problem(f"--{e.field}" if e.field == "paths" else e.field,
                                      e.message)]) from None
    try:
        res = plan_household(hh, a, cfg)
    except (PlanInputError, AssumptionError) as e:
        raise HouseholdError([Problem(getattr(e, "field", ""), str(e))]) from None
    if args.json:
        sys.stdout.write(res.json_text())
    else:
        sys.stdout.write(report(res, hh, getattr(args, "lang", "en")) + "\n")
    return 0


def report(res: PlanResult, hh, lang: str = "en") -> str:
    cur = res.base_currency
    basis = "real" if res.real else "nominal"
    lines = [f"{_t('title', lang)} — {hh.name}",
             f"{_t('paths', lang)} {res.paths:,} · {_t('seed', lang)} {res.seed} · "
             f"{res.assumptions} · {_t('money_' + basis, lang)} ({cur})", ""]
    if getattr(res, "assumptions_note", ""):
        lines[-1:-1] = [res.assumptions_note]
    rows = [[_t("goal", lang), _t("priority", lang), _t("success", lang)]]
    for g in res.goals:
        rows.append([g.name, _t(g.priority, lang), _with_se(g.success, g.se, lang)])
    lines.append(table(rows, right={2}))
    lines.append("")
    lines.append(f"{_t('all_essential', lang)}: "
                 f"{_with_se(res.success_all_essential, res.success_all_essential_se, lang)}")
    lines.append(f"{_t('sale', lang)}: {pct(res.business_sale)}")
    lines.append("")
    lines.append(_t("wealth", lang))
    w = res.wealth["total"][basis]
    rows = [[_t("year", lang), "p5", "p25", "p50", "p75", "p95"]]
    n = len(res.years)
    picks = sorted({*range(0, n, 5), n - 1})
    for i in picks:
        rows.append([str(res.years[i])] + [money(w[k][i], cur, lang) for k in
                                           ("p5", "p25", "p50", "p75", "p95")])
    lines.append(table(rows, right={1, 2, 3, 4, 5}))
    if res.wealth_at_death:
        lines.append("")
        lines.append(_t("at_death", lang))
        for pid, d in res.wealth_at_death.items():
            name = hh.person(pid).name
            med = money(d["p50"], cur, lang) if "p50" in d else "—"
            lines.append(f"  {name}: {med} ({pct(d['probability_within_horizon'])})")
    lines.append("")
    lines.append(_t("allocation", lang) + ": " + ", ".join(
        f"{ASSET_CLASS_INFO[c].name(lang)} {pct(x)}" for c, x in res.allocation.items()))
    if res.succession_provisional:
        lines.append(_t("provisional", lang))
    else:
        lines.append(f"{_t('rules', lang)}: {res.succession}")
    return "\n".join(lines)
