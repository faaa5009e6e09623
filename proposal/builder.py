"""``build``: the whole proposal as PDF bytes, from a household and the engine's results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from household import Household
from household.locale import check_lang

from . import sections_family as fam
from . import sections_plan as pln
from . import sections_succession as suc
from .adapters import plan_view, succession_view
from .fonts import FontSet
from .i18n import t
from .inputs import PlanView, SuccessionView
from .layout import Page

SECTIONS: tuple[str, ...] = (
    "cover", "summary", "family", "balance", "goals", "allocation", "succession", "actions",
    "products", "assumptions", "disclaimers",
)

_DRAW: dict[str, Callable[[Page, fam.Ctx], None]] = {
    "summary": fam.summary,
    "family": fam.family,
    "balance": fam.balance,
    "goals": pln.goals,
    "allocation": pln.allocation,
    "succession": suc.succession,
    "actions": suc.actions,
    "products": pln.products,
    "assumptions": pln.assumptions,
    "disclaimers": pln.disclaimers,
}


class ProposalError(ValueError):
    """Options that cannot make a proposal (an unknown section or language)."""


@dataclass(frozen=True)
class ProposalOptions:
    """``sections``: which sections, in the standard order; ``prepared_on``: the date printed on
    the cover (default: today)."""

    sections: tuple[str, ...] = SECTIONS
    prepared_on: dt.date | None = None

    def __post_init__(self) -> None:
        unknown = [s for s in self.sections if s not in SECTIONS]
        if unknown:
            raise ProposalError(f"unknown proposal section(s): {', '.join(unknown)}; choose from "
                                f"{', '.join(SECTIONS)}")


def build(household: Household, plan: object | None, scenarios: object | None, lang: str,
          options: ProposalOptions | None = None) -> bytes:
    """The client proposal as PDF bytes.

    ``plan``: a :class:`~proposal.inputs.PlanView`, or the planner's result (``PlanResult``, or a
    ``(PlanResult, Recommendation)`` pair, or a mapping with keys ``result``, ``current`` and
    ``recommendation``); ``scenarios``: a :class:`~proposal.inputs.SuccessionView` or the result of
    ``scenarios.compare``. Either may be ``None``: its sections then say that the results were not
    available. ``lang``: ``en``, ``zh-Hant`` or ``zh-Hans``.
    """
    try:
        check_lang(lang)
    except ValueError as e:
        raise ProposalError(str(e)) from None
    options = options or ProposalOptions()
    pv: PlanView | None = plan_view(household, plan)
    sv: SuccessionView | None = succession_view(household, scenarios)
    ctx = fam.Ctx(household, lang, pv, sv, options.prepared_on or dt.date.today())
    fonts = FontSet(lang, household.jurisdiction)
    pdf = Page(fonts, header_left=household.name,
               header_right=f"{t('title', lang)} · {ctx.date(household.as_of)}",
               footer_left=t("confidential", lang, name=fonts.printable(household.name)),
               page_label=t("page", lang))
    pdf.set_title(fonts.printable(f"{t('title', lang)} — {household.name}"))
    pdf.set_lang({"en": "en", "zh-Hant": "zh-TW", "zh-Hans": "zh-CN"}[lang])
    wanted = [s for s in SECTIONS if s in options.sections]
    if "cover" in wanted:
        fam.cover(pdf, ctx, wanted)
    for s in wanted:
        if s != "cover":
            _DRAW[s](pdf, ctx)
    if "cover" in wanted:
        fam.contents(pdf, ctx)
    return pdf.finish()
