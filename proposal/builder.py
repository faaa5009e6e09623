"""``build``: the whole proposal as PDF bytes, from a household and the engine's results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

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
    """``sections``: which sections (printed in the standard order); ``prepared_on``: the date on
    the cover (default: today); ``recommendation``: the ``planner.Recommendation`` shown in the
    allocation section; ``recommended``: the ``PlanResult`` of the recommended allocation (goal
    probabilities after the change); ``assumptions``: the ``assets.Assumptions`` the plan used
    (default: read from the plan's assumption id); ``bank``: the bank profile for the cover,
    header, footer, signature and disclosures; ``appendix``: add the technical appendix."""

    sections: tuple[str, ...] = SECTIONS
    prepared_on: dt.date | None = None
    recommendation: Any = field(default=None, compare=False)
    recommended: Any = field(default=None, compare=False)
    assumptions: Any = field(default=None, compare=False)
    #: the bank profile (``proposal.bank.BankProfile`` or a path to its TOML file)
    bank: Any = field(default=None, compare=False)
    #: add the technical appendix (method, sources, seed, version) for the bank's files
    appendix: bool = False
    #: the banker's own proposal: ``{"weights": {class: w}, "products": {class: [ids]}}``
    #: (either key may be left out); the document then says it is the banker's proposal
    override: Any = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sections", tuple(self.sections))
        unknown = [s for s in self.sections if s not in SECTIONS]
        if unknown:
            raise ProposalError(f"unknown proposal section(s): {', '.join(unknown)}; choose from "
                                f"{', '.join(SECTIONS)}")

    @classmethod
    def coerce(cls, options: ProposalOptions | Mapping[str, Any] | None) -> ProposalOptions:
        """Options as given by the app (a mapping; unknown keys such as ``stress`` are ignored)."""
        if options is None:
            return cls()
        if isinstance(options, cls):
            return options
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in dict(options).items() if k in known and v is not None}
        return cls(**kw)


def build(household: Household, plan: object | None, scenarios: object | None, lang: str,
          options: ProposalOptions | Mapping[str, Any] | None = None) -> bytes:
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
    options = ProposalOptions.coerce(options)
    pv: PlanView | None = plan_view(household, plan, options.recommendation, options.recommended,
                                    options.assumptions, lang)
    sv: SuccessionView | None = succession_view(household, scenarios, t("base_case", lang), lang)
    ctx = fam.Ctx(household, lang, pv, sv, options.prepared_on or dt.date.today())
    bank = _bank(options.bank)
    ctx.bank = bank
    fonts = FontSet(lang, household.jurisdiction)
    hh_name = ctx.text(household.name)
    bank_name = bank.text("name", lang) if bank is not None else ""
    footer = t("confidential", lang, name=fonts.printable(hh_name))
    if bank is not None and bank.text("legal_entity", lang):
        footer += " · " + bank.text("legal_entity", lang)
    pdf = Page(fonts, header_left=hh_name,
               header_right=" · ".join(x for x in (bank_name, t("title", lang),
                                                   ctx.date(household.as_of)) if x),
               footer_left=footer, page_label=t("page", lang))
    pdf.set_title(fonts.printable(f"{t('title', lang)} — {hh_name}"))
    if bank_name:
        pdf.set_author(fonts.printable(bank_name))
    pdf.set_lang({"en": "en", "zh-Hant": "zh-TW", "zh-Hans": "zh-CN"}[lang])
    wanted = [s for s in SECTIONS if s in options.sections]
    if "cover" in wanted:
        fam.cover(pdf, ctx, wanted)
    for s in wanted:
        if s != "cover":
            _DRAW[s](pdf, ctx)
    if options.appendix:
        pln.appendix(pdf, ctx)
    if "cover" in wanted:
        fam.contents(pdf, ctx)
    return pdf.finish()


def _bank(bank: Any) -> Any:
    if bank is None or hasattr(bank, "disclosure"):
        return bank
    from .bank import BankProfileError, load_bank

    try:
        return load_bank(bank)
    except BankProfileError as e:
        raise ProposalError(str(e)) from None


def build_for(household: Household, lang: str, paths: int = 10_000, seed: int | None = None,
              assumptions: Any = None, options: ProposalOptions | Mapping[str, Any] | None = None
              ) -> bytes:
    """Compute everything the proposal shows with the app's functions and seed, then build it:
    ``scenarios.plan_household`` (current allocation, the household's succession rules at each
    simulated death), ``scenarios.recommend_household`` and the plan of the recommended
    allocation on the same seed, and the succession comparison at the death today of the head of
    the family (see :func:`proposal.compute.results`)."""
    from .compute import results

    options = ProposalOptions.coerce(options)
    r = results(household, paths=paths, seed=seed, assumptions=assumptions,
                override=options.override)
    opts = ProposalOptions(
        sections=options.sections, prepared_on=options.prepared_on,
        recommendation=options.recommendation or r.recommendation,
        recommended=options.recommended or r.recommended,
        assumptions=options.assumptions or r.assumptions, bank=options.bank,
        appendix=options.appendix, override=options.override)
    return build(household, r.plan, r.succession, lang, opts)
