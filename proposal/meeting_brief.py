"""The banker's meeting brief: one internal A4 page on a family before a visit (recent flows,
open alerts, opportunities, birthdays, the plan's headline, succession status), drawn with the
proposal's page machinery (:class:`proposal.layout.Page`: shipped CJK fonts, Chinese line
breaking, literal text). The words come ready in the banker's language from the caller; this
module only lays them out."""

from __future__ import annotations

from dataclasses import dataclass

from .fonts import FontSet
from .layout import RED, Page


@dataclass(frozen=True)
class Brief:
    """What the page shows, already in the reader's language."""

    lang: str
    jurisdiction: str
    title: str  # "Meeting brief"
    family: str
    subtitle: str  # bank · data date · banker
    internal: str  # the internal-use warning printed under the title and in the footer
    figures: tuple[tuple[str, str], ...]  # headline figures (label, value)
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # heading, bullet lines
    empty: str  # what a section without lines says


def build_brief(brief: Brief) -> bytes:
    """The brief as PDF bytes (sections that do not fit on one page continue on a second)."""
    fonts = FontSet(brief.lang, brief.jurisdiction)
    pdf = Page(fonts, header_left=brief.family, header_right=brief.subtitle,
               footer_left=brief.internal, page_label="{n} / {total}")
    pdf.set_title(fonts.printable(f"{brief.title} — {brief.family}"))
    pdf.set_lang({"en": "en", "zh-Hant": "zh-TW", "zh-Hans": "zh-CN"}[brief.lang])
    pdf.section(f"{brief.title}: {brief.family}")
    pdf.para(brief.internal, size=8.5, color=RED)
    if brief.figures:
        pdf.key_figures(list(brief.figures[:4]))
        if len(brief.figures) > 4:
            pdf.key_figures(list(brief.figures[4:8]))
    for heading, lines in brief.sections:
        pdf.heading(heading)
        pdf.bullets(list(lines) if lines else [brief.empty], size=8.8)
    return pdf.finish()
