"""The page: A4 with header and footer, headings, paragraphs, tables and key figures.

Every piece of text goes through :meth:`Page.clean` (literal printing, fonts that can draw it) and
:func:`textflow.break_lines` (Chinese line-breaking rules); fpdf2's markdown and HTML are never
used, so ``<``, ``&``, ``{`` and ``\\`` in user text stay characters. Page numbers "n / N" are
written in a last pass over the pages once N is known (fpdf2's ``{nb}`` alias is switched off
so that a user typing ``{nb}`` sees exactly that).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import TextMode

from .fonts import FAMILY, FontSet
from .textflow import break_lines

NAVY = (23, 52, 89)
GOLD = (176, 141, 87)
INK = (40, 40, 46)
GREY = (110, 112, 120)
RULE = (205, 208, 214)
PALE = (243, 245, 248)
GREEN = (46, 125, 80)
AMBER = (196, 130, 20)
RED = (178, 54, 54)

MARGIN = 18.0
BODY = 9.5
LEAD = 1.45  # line height as a multiple of the font size


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # relative
    align: str = "L"


class Page(FPDF):
    """An A4 proposal document."""

    def __init__(self, fonts: FontSet, header_left: str, header_right: str,
                 footer_left: str, page_label: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.alias_nb_pages(None)
        self.fontset = fonts
        fonts.register(self)
        self.set_margins(MARGIN, 22, MARGIN)
        self.set_auto_page_break(True, margin=20)
        self.set_font(FAMILY, "", BODY)
        self.set_text_color(*INK)
        self.set_creator("Kinfolio")
        self._header_left = self.clean(header_left)
        self._header_right = self.clean(header_right)
        self._footer_left = self.clean(footer_left)
        self._page_label = page_label
        self.bare_pages: set[int] = set()

    # -- text
    def normalize_text(self, text: str) -> str:
        # text drawn without passing through clean() (diagram labels) is still in the reader's
        # script; converting twice changes nothing
        return super().normalize_text(self.fontset.script(text))

    def clean(self, text: object, keep_newlines: bool = False) -> str:
        return self.fontset.printable(text, keep_newlines)

    @property
    def content_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def _measure(self, s: str) -> float:
        """Width in mm, like ``get_string_width`` but without fpdf2's per-call fragment
        machinery (thousands of calls per document): glyph advances of the primary font, else of
        the fallback that draws the character."""
        cws = [self.fonts[FAMILY].cw] + [self.fonts[f].cw for f in self.fontset.fallback_fonts()]
        total = 0.0
        for ch in s:
            cp = ord(ch)
            for cw in cws:
                w = cw.get(cp)
                if w is not None:
                    total += w
                    break
            else:
                total += cws[0].default_factory()
        return total * self.font_size_pt * 0.001 / self.k

    def lines(self, text: object, width: float, keep_newlines: bool = True) -> list[str]:
        return break_lines(self.clean(text, keep_newlines), width - 0.2, self._measure)

    @contextmanager
    def style(self, size: float = BODY, color: tuple[int, int, int] = INK,
              bold: bool = False) -> Iterator[None]:
        """Font size and colour; ``bold`` strokes the outline of the glyphs (one font file serves
        every weight: the shipped subset has no bold face)."""
        old = (self.font_size_pt, self.text_color, self.text_mode, self.line_width,
               self.draw_color)
        self.set_font(FAMILY, "", size)
        self.set_text_color(*color)
        if bold:
            self.text_mode = TextMode.FILL_STROKE
            self.set_draw_color(*color)
            self.set_line_width(size * 0.0035)
        try:
            yield
        finally:
            self.set_font(FAMILY, "", old[0])
            self.text_color = old[1]
            self.text_mode = old[2]
            if bold:
                # fpdf2 may leave "2 Tr" in force outside q/Q; the mode is text state, so end it
                self._out("BT 0 Tr ET")
            self.set_line_width(old[3])
            self.draw_color = old[4]

    def line_height(self, size: float | None = None) -> float:
        return (size or self.font_size_pt) * LEAD * 25.4 / 72

    def write_lines(self, lines: Sequence[str], x: float, width: float, align: str = "L",
                    size: float | None = None) -> None:
        h = self.line_height(size)
        for ln in lines:
            if self.get_y() + h > self.page_break_trigger:
                self.add_page()
            self.set_x(x)
            self.cell(width, h, ln, align=align, new_x="LMARGIN", new_y="NEXT")

    # -- blocks
    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` mm fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def section(self, title: str, new_page: bool = True) -> None:
        """A section title; a section starts a new page unless the current page holds only the
        tail of the previous one (then it follows on it: no page is left mostly blank)."""
        top = 22.0
        short_tail = (self.page > 0 and self.page_no() not in self.bare_pages
                      and self.get_y() < top + 0.4 * (self.page_break_trigger - top))
        if new_page and not short_tail:
            self.add_page()
        elif new_page:
            self.ln(8)
        else:
            self.ensure(30)
            self.ln(4)
        self.start_section(self.clean(title))
        with self.style(17, NAVY, bold=True):
            self.write_lines(self.lines(title, self.content_width), self.l_margin,
                             self.content_width)
        y = self.get_y() + 1
        with self.style():
            self.set_draw_color(*GOLD)
            self.set_line_width(0.6)
            self.line(self.l_margin, y, self.l_margin + 24, y)
        self.set_y(y + 5)

    def heading(self, title: str) -> None:
        self.ensure(32)  # a heading never ends a page: room for it and a few lines after
        self.ln(2)
        with self.style(11.5, NAVY, bold=True):
            self.write_lines(self.lines(title, self.content_width), self.l_margin,
                             self.content_width)
        self.ln(1.5)

    def para(self, text: str, size: float = BODY, color: tuple[int, int, int] = INK,
             width: float | None = None, x: float | None = None, after: float = 2.0) -> None:
        width = width or self.content_width
        x = self.l_margin if x is None else x
        with self.style(size, color):
            self.write_lines(self.lines(text, width), x, width)
        self.ln(after)

    def bullets(self, items: Sequence[str], size: float = BODY) -> None:
        indent = 5.0
        width = self.content_width - indent
        with self.style(size):
            for item in items:
                lines = self.lines(item, width)
                self.ensure(self.line_height() * min(len(lines), 3))
                y = self.get_y()
                with self.style(size, GOLD):
                    self.set_xy(self.l_margin, y)
                    self.cell(indent, self.line_height(), "•")
                self.set_y(y)
                self.write_lines(lines, self.l_margin + indent, width)
                self.ln(1)
        self.ln(1)

    def key_figures(self, items: Sequence[tuple[str, str]]) -> None:
        """A row of boxed headline figures (label above, value below)."""
        n = max(1, len(items))
        gap = 3.0
        w = (self.content_width - gap * (n - 1)) / n
        h = 20.0
        self.ensure(h + 4)
        y = self.get_y()
        for i, (label, value) in enumerate(items):
            x = self.l_margin + i * (w + gap)
            self.set_fill_color(*PALE)
            self.rect(x, y, w, h, style="F")
            self.set_fill_color(*GOLD)
            self.rect(x, y, 1.2, h, style="F")
            with self.style(8, GREY):
                ls = self.lines(label, w - 5)[:2]
                self.set_xy(x + 3, y + 2)
                for ln in ls:
                    self.set_x(x + 3)
                    self.cell(w - 5, 3.6, ln, new_x="LMARGIN", new_y="NEXT")
            size = 13.0
            text = self.clean(value)
            with self.style(size, NAVY, bold=True):
                while size > 7 and self.get_string_width(text) > w - 6:
                    size -= 0.5
                    self.set_font_size(size)
                self.set_xy(x + 3, y + h - 9.5)
                self.cell(w - 5, 7, text)
        self.set_y(y + h + 4)

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]],
              size: float = 8.6, total_rows: int = 0, header: bool = True) -> None:
        """A table whose cells wrap by the Chinese rules; the header repeats after a page break.
        The last ``total_rows`` rows are drawn as totals."""
        total_w = sum(c.width for c in columns)
        widths = [c.width / total_w * self.content_width for c in columns]
        pad = 1.6
        lh = self.line_height(size) * 0.92

        def draw_header() -> None:
            if not header:
                return
            with self.style(size - 0.4, (255, 255, 255), bold=True):
                cells = [self.lines(c.title, w - 2 * pad) for c, w in zip(columns, widths,
                                                                          strict=True)]
                hh = max(len(c) for c in cells) * lh + 2.4
                y = self.get_y()
                self.set_fill_color(*NAVY)
                self.rect(self.l_margin, y, self.content_width, hh, style="F")
                x = self.l_margin
                for c, w, ls in zip(columns, widths, cells, strict=True):
                    self.set_xy(x + pad, y + 1.2)
                    for ln in ls:
                        self.set_x(x + pad)
                        self.cell(w - 2 * pad, lh, ln, align=c.align, new_x="LMARGIN",
                                  new_y="NEXT")
                    x += w
                self.set_y(y + hh)

        with self.style(size):
            first = max((len(self.lines(v, w - 2 * pad)) for v, w in
                         zip(rows[0], widths, strict=True)), default=1) if rows else 1
            heads = max(len(self.lines(c.title, w - 2 * pad)) for c, w in
                        zip(columns, widths, strict=True))
            self.ensure(lh * (first + heads) + 8)  # never a header alone at a page foot
            draw_header()
            for r, row in enumerate(rows):
                is_total = r >= len(rows) - total_rows
                cells = [self.lines(v, w - 2 * pad) for v, w in zip(row, widths, strict=True)]
                rh = max(len(c) for c in cells) * lh + 2.0
                if self.get_y() + rh > self.page_break_trigger:
                    self.add_page()
                    draw_header()
                y = self.get_y()
                if is_total:
                    self.set_fill_color(*PALE)
                    self.rect(self.l_margin, y, self.content_width, rh, style="F")
                    self.set_draw_color(*NAVY)
                    self.set_line_width(0.3)
                    self.line(self.l_margin, y, self.l_margin + self.content_width, y)
                elif r % 2 == 1:
                    self.set_fill_color(250, 251, 252)
                    self.rect(self.l_margin, y, self.content_width, rh, style="F")
                x = self.l_margin
                with self.style(size, NAVY if is_total else INK, bold=is_total):
                    for c, w, ls in zip(columns, widths, cells, strict=True):
                        self.set_xy(x + pad, y + 1.0)
                        for ln in ls:
                            self.set_x(x + pad)
                            self.cell(w - 2 * pad, lh, ln, align=c.align, new_x="LMARGIN",
                                      new_y="NEXT")
                        x += w
                self.set_draw_color(*RULE)
                self.set_line_width(0.15)
                self.line(self.l_margin, y + rh, self.l_margin + self.content_width, y + rh)
                self.set_y(y + rh)
        self.ln(3)

    def svg(self, data: bytes, width: float | None = None, height: float | None = None) -> None:
        """Place a vector chart (SVG) at the full text width, on a new page if it does not fit."""
        import io

        width = width or self.content_width
        if height is not None:
            self.ensure(height + 2)
        y = self.get_y()
        info = self.image(io.BytesIO(data), x=self.l_margin, y=y, w=width)
        self.set_y(y + info.rendered_height + 3)

    # -- header and footer
    def header(self) -> None:
        # fpdf2 sets a fallback font inside each line's q/Q and may not repeat the page font
        # outside it at the top of a new page: state it once, so that every line has a font
        f = self.current_font
        if f is not None and getattr(f, "i", None) is not None:
            self._out(f"BT /F{f.i} {self.font_size_pt:.2f} Tf ET")
        if self.page_no() in self.bare_pages:
            return
        with self.style(7.5, GREY):
            y = 10.0
            right_w = min(self.content_width * 0.62,
                          self._measure(self._header_right) + 1)
            left_w = self.content_width - right_w
            self._fitted(self._header_left, self.l_margin, y, left_w - 3, 7.5)
            self._fitted(self._header_right, self.l_margin + left_w, y, right_w, 7.5, "R")
            self.set_draw_color(*RULE)
            self.set_line_width(0.2)
            self.line(self.l_margin, y + 5.5, self.w - self.r_margin, y + 5.5)
        self.set_y(22)

    def _fitted(self, text: str, x: float, y: float, width: float, size: float,
                align: str = "L") -> None:
        """One line of header or footer: shrunk (down to 5.5 pt) rather than clipped; only a
        text too long even then is cut, with an ellipsis."""
        s = size
        self.set_font_size(s)
        while self._measure(text) > width and s > 5.5:
            s -= 0.25
            self.set_font_size(s)
        line = text
        if self._measure(line) > width:
            line = self.lines(text, width - self._measure("…"))[0] + "…"
        self.set_xy(x, y)
        self.cell(width, 4, line, align=align)
        self.set_font_size(size)

    def footer(self) -> None:
        """Nothing here: footers are written by :meth:`finish` once the page count is known."""

    def finish(self) -> bytes:
        total = self.pages_count
        keep_break = self.auto_page_break
        self.set_auto_page_break(False)
        for n in range(1, total + 1):
            if n in self.bare_pages:
                continue
            self.page = n
            with self.style(7.5, GREY):
                y = self.h - 12.5
                self.set_draw_color(*RULE)
                self.set_line_width(0.2)
                self.line(self.l_margin, y - 1.5, self.w - self.r_margin, y - 1.5)
                half = self.content_width - 42
                self._fitted(self._footer_left, self.l_margin, y, half, 7.5)
                self.set_xy(self.w - self.r_margin - 40, y)
                self.cell(40, 4, self._page_label.format(n=n, total=total), align="R")
        self.page = total
        self.set_auto_page_break(keep_break, margin=20)
        return bytes(self.output())
