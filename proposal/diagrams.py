"""Diagrams drawn directly as PDF vectors: the family and its companies, and the flow of wealth at a
death. Drawn with the document's own font, so every name in them is real, searchable text.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from household import Household, Parent, Spouse
from household.facts import facts_of
from household.graph import generations

from .layout import GOLD, GREY, INK, NAVY, PALE, RULE, Page

_MAX_PER_ROW = 7
BENEFICIARY = (160, 162, 170)  # the dotted trust-to-beneficiary links
#: one colour per owner of company stakes (people and trusts), so the arrows tell them apart
OWNER_COLORS = ((23, 52, 89), (178, 70, 60), (46, 125, 80), (150, 60, 120), (40, 120, 170),
                (196, 110, 30), (100, 100, 110), (120, 90, 60))
_MAX_COMPANIES = 14


@dataclass
class _Box:
    id: str
    title: str
    sub: str
    kind: str  # person, trust, company
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h


def family_members(hh: Household) -> list[str]:
    """People who belong in the client's family picture: kin, owners, settlors, beneficiaries and
    insured persons. Company staff known only by their role are not part of it."""
    ids: set[str] = set(facts_of(hh).kinship.members)
    people = {p.id for p in hh.people}
    ids.update(o.owner for o in hh.ownership if o.owner in people)
    ids.update(h.owner for h in hh.holdings if h.owner in people)
    for t in hh.trusts:
        ids.add(t.settlor)
        ids.update(b.person for b in t.beneficiaries)
    for pol in hh.policies:
        ids.add(pol.insured)
        ids.update(b.person for b in pol.beneficiaries if b.person)
    ids.update(w.testator for w in hh.wills)
    if not ids:
        ids = people
    return [p.id for p in hh.people if p.id in ids]


def _order_row(row: list[str], hh: Household, xpos: dict[str, float]) -> list[str]:
    kin = facts_of(hh).kinship
    parents_of = kin.parents
    index = {pid: i for i, pid in enumerate(row)}

    def key(pid: str) -> float:
        xs = [xpos[p] for p in parents_of.get(pid, ()) if p in xpos]
        if not xs:
            sp = kin.spouse_of(pid)
            xs = [xpos[p] for p in parents_of.get(sp, ()) if p in xpos] if sp else []
        return sum(xs) / len(xs) if xs else 1e6 + index[pid]

    ordered = sorted(row, key=lambda p: (key(p), index[p]))
    out: list[str] = []
    for pid in ordered:
        if pid in out:
            continue
        sp = kin.spouse_of(pid)
        if sp in row and sp not in out:
            # a married-in spouse sits beside their partner, on the side away from the centre
            if key(pid) >= 1e6 and key(sp) < 1e6:
                continue
            out.extend([pid, sp])
        else:
            out.append(pid)
    for pid in row:  # spouses skipped above
        if pid not in out:
            sp = kin.spouse_of(pid)
            out.insert(out.index(sp) + 1 if sp in out else len(out), pid)
    return out


def _company_layers(hh: Household) -> list[list[str]]:
    comp = [c.id for c in hh.companies]
    cset = set(comp)
    layer = dict.fromkeys(comp, 0)
    for _ in range(len(comp)):
        changed = False
        for o in hh.ownership:
            if o.owner in cset and o.owner != o.company and o.share >= 0.2:
                want = layer[o.owner] + 1
                if layer[o.company] < want <= len(comp):
                    layer[o.company] = want
                    changed = True
        if not changed:
            break
    rows: dict[int, list[str]] = defaultdict(list)
    for c in comp:
        rows[layer[c]].append(c)
    return [rows[k] for k in sorted(rows)]


def _wrap_rows(row: list[str], n: int) -> list[list[str]]:
    return [row[i:i + n] for i in range(0, len(row), n)] or [[]]


def family_diagram(pdf: Page, hh: Household, lang: str, labels: dict[str, str],
                   names: dict[str, str] | None = None) -> None:
    """People by generation, trusts, then companies by ownership depth, with marriage lines,
    parent–child connectors and ownership arrows labelled with the economic share."""
    members = family_members(hh)
    gen = generations(hh, members)
    people = {p.id: p for p in hh.people}
    boxes: dict[str, _Box] = {}
    for pid in members:
        p = people[pid]
        sub = labels["deceased"] if not p.alive else labels["age"].format(n=hh.age(pid))
        boxes[pid] = _Box(pid, (names or {}).get(pid, p.name), sub, "person")
    for tr in hh.trusts:
        boxes[tr.id] = _Box(tr.id, (names or {}).get(tr.id, tr.name), labels["trust"], "trust")
    comp_layers = _company_layers(hh)
    shown_companies = [c for layer in comp_layers for c in layer][:_MAX_COMPANIES]
    for c in hh.companies:
        if c.id in shown_companies:
            boxes[c.id] = _Box(c.id, (names or {}).get(c.id, c.name), labels["company"],
                               "company")

    rows: list[list[str]] = []
    xpos: dict[str, float] = {}
    for g in sorted(set(gen.values())):
        row = _order_row([m for m in members if gen[m] == g], hh, xpos)
        for i, pid in enumerate(row):
            xpos[pid] = (i + 0.5) / max(1, len(row))
        rows.extend(_wrap_rows(row, _MAX_PER_ROW))
    if hh.trusts:
        rows.extend(_wrap_rows([t.id for t in hh.trusts], _MAX_PER_ROW))
    for layer in comp_layers:
        layer = [c for c in layer if c in boxes]
        if layer:
            rows.extend(_wrap_rows(layer, 5))

    width = pdf.content_width - 28  # gutters either side for ownership lines that skip rows
    row_gap = 11.0
    box_h = 13.0
    page_h = pdf.page_break_trigger - pdf.t_margin - 14
    if len(rows) * (box_h + row_gap) - row_gap > page_h:  # a big family: tighter rows
        box_h, row_gap = 10.0, 6.0
    fit = int((page_h + row_gap) // (box_h + row_gap))
    hidden_boxes = 0
    if len(rows) > fit:  # still too big for a page: the tables below list everyone
        for row in rows[fit:]:
            for bid in row:
                del boxes[bid]
                hidden_boxes += 1
        rows = rows[:fit]
    total_h = len(rows) * box_h + (len(rows) - 1) * row_gap + 8
    top = pdf.get_y() + 2
    if top + total_h > pdf.page_break_trigger:
        pdf.add_page()
        top = pdf.get_y() + 2
    y = top
    for row in rows:
        n = len(row)
        gap = 6.0 if n > 1 else 0.0
        bw = min(46.0, (width - gap * (n - 1)) / max(n, 1))
        if all(boxes[b].kind == "company" for b in row):
            bw = min(62.0, (width - gap * (n - 1)) / max(n, 1))
        span = n * bw + (n - 1) * gap
        x = pdf.l_margin + 14 + (width - span) / 2
        for bid in row:
            b = boxes[bid]
            b.x, b.y, b.w, b.h = x, y, bw, box_h
            x += bw + gap
        y += box_h + row_gap

    pdf.set_auto_page_break(False)  # the diagram is placed to fit: nothing may spill over
    _draw_kinship(pdf, hh, boxes)
    _draw_trust_links(pdf, hh, boxes)
    for b in boxes.values():
        if b.kind != "company":
            _draw_box(pdf, b)
    # ownership is drawn over the people it passes (with a white halo), under the companies
    labels_at = _draw_ownership(pdf, hh, boxes)
    for b in boxes.values():
        if b.kind == "company":
            _draw_box(pdf, b)
    _draw_labels(pdf, labels_at)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_y(y - row_gap + 3)
    with pdf.style(7.2, GREY):
        pdf.set_x(pdf.l_margin)
        pdf.cell(pdf.content_width, 4, pdf.clean(labels["legend"]), align="C",
                 new_x="LMARGIN", new_y="NEXT")
    names = {k: b.title for k, b in boxes.items()}
    _draw_owner_key(pdf, owner_colors(hh, boxes), names,
                    (labels["settlor"], labels["beneficiary"])
                    if hh.trusts and "settlor" in labels else None)
    hidden = len(hh.companies) - len(shown_companies) + hidden_boxes
    if hidden > 0:
        pdf.para(labels["more"].format(n=hidden), size=7.5, color=GREY)
    pdf.ln(3)


def _draw_box(pdf: Page, b: _Box) -> None:
    fill = {"person": (255, 255, 255), "trust": (250, 246, 236), "company": PALE}[b.kind]
    edge = {"person": NAVY, "trust": GOLD, "company": NAVY}[b.kind]
    pdf.set_fill_color(*fill)
    pdf.set_draw_color(*edge)
    pdf.set_line_width(0.35 if b.kind != "person" else 0.3)
    style = "DF"
    if b.kind == "company":
        pdf.rect(b.x, b.y, b.w, b.h, style=style)
    else:
        pdf.rect(b.x, b.y, b.w, b.h, style=style, round_corners=True, corner_radius=2.0)
    size = 7.4
    with pdf.style(size, NAVY if b.kind != "trust" else INK, bold=False):
        lines = pdf.lines(b.title, b.w - 3, keep_newlines=False)
        while len(lines) > 2 and size > 5.5:
            size -= 0.4
            pdf.set_font_size(size)
            lines = pdf.lines(b.title, b.w - 3, keep_newlines=False)
        if len(lines) > 2:
            lines = [*lines[:1], _ellipsis(pdf, "".join(lines[1:]), b.w - 3)]
        lh = size * 0.42
        ty = b.y + 1.3
        for ln in lines:
            pdf.set_xy(b.x + 1.5, ty)
            pdf.cell(b.w - 3, lh, ln, align="C")
            ty += lh
    with pdf.style(6.4, GREY):
        pdf.set_xy(b.x + 1.5, b.bottom - 3.6)
        pdf.cell(b.w - 3, 2.8, pdf.clean(b.sub), align="C")


def _ellipsis(pdf: Page, text: str, width: float) -> str:
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _draw_kinship(pdf: Page, hh: Household, boxes: dict[str, _Box]) -> None:
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.3)
    couples: dict[frozenset[str], tuple[float, float]] = {}
    for r in hh.relations:
        if isinstance(r, Spouse) and r.a in boxes and r.b in boxes:
            a, b = boxes[r.a], boxes[r.b]
            if abs(a.y - b.y) < 0.1:
                left, right = (a, b) if a.x < b.x else (b, a)
                ym = a.y + a.h / 2
                pdf.set_draw_color(*GOLD)
                pdf.set_line_width(0.6)
                pdf.line(left.x + left.w, ym, right.x, ym)
                couples[frozenset((r.a, r.b))] = ((left.x + left.w + right.x) / 2, ym)
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.3)
    kids: dict[frozenset[str], list[str]] = defaultdict(list)
    parents_of: dict[str, list[str]] = defaultdict(list)
    for r in hh.relations:
        if isinstance(r, Parent) and r.parent in boxes and r.child in boxes:
            parents_of[r.child].append(r.parent)
    for child, ps in parents_of.items():
        kids[frozenset(ps)].append(child)
    for ps, children in kids.items():
        if ps in couples:
            sx, sy = couples[ps]
            start_y = sy
        else:
            p = boxes[sorted(ps)[0]]
            sx, start_y = p.cx, p.bottom
        bottom = max(boxes[p].bottom for p in ps)
        child_top = min(boxes[c].y for c in children)
        mid = bottom + (child_top - bottom) / 2 if child_top > bottom else child_top - 3
        pdf.line(sx, start_y, sx, mid)
        xs = [boxes[c].cx for c in children] + [sx]
        pdf.line(min(xs), mid, max(xs), mid)
        for c in children:
            pdf.line(boxes[c].cx, mid, boxes[c].cx, boxes[c].y)


def _arrow(pdf: Page, x1: float, y1: float, x2: float, y2: float, size: float = 1.6) -> None:
    pdf.line(x1, y1, x2, y2)
    ang = math.atan2(y2 - y1, x2 - x1)
    pts = [(x2, y2),
           (x2 - size * math.cos(ang - 0.4), y2 - size * math.sin(ang - 0.4)),
           (x2 - size * math.cos(ang + 0.4), y2 - size * math.sin(ang + 0.4))]
    pdf.polygon(pts, style="F")


def owner_colors(hh: Household, boxes: dict[str, _Box]) -> dict[str, tuple[int, int, int]]:
    """A colour per person or trust owning a company stake shown in the diagram."""
    owners: list[str] = []
    for o in hh.ownership:
        if o.owner in boxes and o.company in boxes and boxes[o.owner].kind != "company" \
                and o.owner not in owners:
            owners.append(o.owner)
    return {x: OWNER_COLORS[i % len(OWNER_COLORS)] for i, x in enumerate(owners)}


def _draw_ownership(pdf: Page, hh: Household, boxes: dict[str, _Box]
                    ) -> list[tuple[float, float, str, tuple[int, int, int]]]:
    from household.locale import pct

    colors = owner_colors(hh, boxes)
    labels: list[tuple[float, float, str, tuple[int, int, int]]] = []
    row_tops = sorted({bx.y for bx in boxes.values()})
    centre = pdf.l_margin + pdf.content_width / 2
    used = {"L": 0, "R": 0}
    for o in hh.ownership:
        if o.owner not in boxes or o.company not in boxes:
            continue
        a, b = boxes[o.owner], boxes[o.company]
        between = any(a.y + 0.1 < y < b.y - 0.1 for y in row_tops)
        if a.kind != "company" and a.bottom <= b.y and between:
            # around the rows in between, through the gutter on the owner's side
            side = "L" if a.cx < centre else "R"
            k = used[side]
            used[side] += 1
            gx = pdf.l_margin + 2 + 2.4 * k if side == "L" else \
                pdf.l_margin + pdf.content_width - 2 - 2.4 * k
            sx = a.x if side == "L" else a.x + a.w
            sy = a.y + a.h * 0.5
            ty = b.y + b.h * (0.2 + 0.3 * (k % 3))
            tx = b.x if side == "L" else b.x + b.w
            col = colors.get(o.owner, NAVY)
            pdf.set_draw_color(*col)
            pdf.set_fill_color(*col)
            pdf.set_line_width(0.3)
            pdf.polyline([(sx, sy), (gx, sy), (gx, ty)])
            _arrow(pdf, gx, ty, tx, ty)
            labels.append((gx + (tx - gx) * (0.3 + 0.22 * (k % 3)), ty - 2.0, pct(o.share, 0),
                           col))
            continue
        if a.bottom <= b.y:
            x1, y1, x2, y2 = a.cx, a.bottom, b.cx, b.y
        elif b.bottom <= a.y:
            x1, y1, x2, y2 = a.cx + 8, a.y, b.cx + 8, b.bottom
        else:  # same row: side to side
            if a.x < b.x:
                x1, x2 = a.x + a.w, b.x
            else:
                x1, x2 = a.x, b.x + b.w
            y1 = y2 = a.y + a.h * 0.7
        color = colors.get(o.owner, GREY)
        pdf.set_draw_color(255, 255, 255)
        pdf.set_line_width(1.0)
        pdf.line(x1, y1, x2, y2)
        pdf.set_draw_color(*color)
        pdf.set_fill_color(*color)
        pdf.set_line_width(0.25)
        _arrow(pdf, x1, y1, x2, y2)
        f = 0.5 if abs(y2 - y1) < 20 else 0.82  # long arrows: label near the company
        dx = 4.0 if abs(x2 - x1) < 1 else 0.0  # beside a vertical arrow, not on it
        labels.append((x1 + (x2 - x1) * f + dx, y1 + (y2 - y1) * f, pct(o.share, 0), color))
    return labels


def _draw_trust_links(pdf: Page, hh: Household, boxes: dict[str, _Box]) -> None:
    """Each trust linked to its settlor (dashed, gold, arrow into the trust) and to its
    beneficiaries (dotted, grey)."""
    for tr in hh.trusts:
        t = boxes.get(tr.id)
        if t is None:
            continue
        links = [(tr.settlor, GOLD, (1.2, 0.8), True)] + \
            [(b.person, BENEFICIARY, (0.4, 0.8), False) for b in tr.beneficiaries]
        for k, (pid, color, dash, arrow) in enumerate(links):
            p = boxes.get(pid)
            if p is None:
                continue
            x1 = p.cx + (k - len(links) / 2) * 1.2
            y1 = p.bottom if p.bottom <= t.y else p.y
            y2 = t.y if p.bottom <= t.y else t.bottom
            x2 = t.x + t.w * (k + 1) / (len(links) + 1)
            pdf.set_draw_color(*color)
            pdf.set_fill_color(*color)
            pdf.set_line_width(0.3)
            with pdf.local_context(dash_pattern={"dash": dash[0], "gap": dash[1]}):
                pdf.line(x1, y1, x2, y2)
            if arrow:
                _arrow(pdf, x1 + (x2 - x1) * 0.9, y1 + (y2 - y1) * 0.9, x2, y2)


def _draw_owner_key(pdf: Page, colors: dict[str, tuple[int, int, int]],
                    names: dict[str, str], trust_labels: tuple[str, str] | None) -> None:
    """Under the diagram: the colour of each owner's arrows, and the trust link styles."""
    items: list[tuple[tuple[int, int, int], str, tuple[float, float] | None]] = [
        (c, names.get(o, o), None) for o, c in colors.items()]
    if trust_labels:
        items += [(GOLD, trust_labels[0], (1.2, 0.8)),
                  (BENEFICIARY, trust_labels[1], (0.4, 0.8))]
    if not items:
        return
    with pdf.style(6.8, GREY):
        widths = [8 + pdf._measure(pdf.clean(t)) + 4 for _, t, _ in items]
        x = pdf.l_margin + max(0.0, (pdf.content_width - sum(widths)) / 2)
        y = pdf.get_y()
        for (color, text, dash), w in zip(items, widths, strict=True):
            if x + w > pdf.l_margin + pdf.content_width:
                x = pdf.l_margin
                y += 4.2
            pdf.set_draw_color(*color)
            pdf.set_line_width(0.6)
            if dash:
                with pdf.local_context(dash_pattern={"dash": dash[0], "gap": dash[1]}):
                    pdf.line(x, y + 2, x + 6, y + 2)
            else:
                pdf.line(x, y + 2, x + 6, y + 2)
            pdf.set_xy(x + 7, y)
            pdf.cell(w - 7, 4, pdf.clean(text))
            x += w
        pdf.set_y(y + 5)


def _draw_labels(pdf: Page, labels: list[tuple[float, float, str, tuple[int, int, int]]]
                 ) -> None:
    with pdf.style(6.2, NAVY):
        for x, y, text, color in labels:
            pdf.set_text_color(*color)
            w = pdf.get_string_width(text) + 1.6
            pdf.set_fill_color(255, 255, 255)
            pdf.rect(x - w / 2, y - 1.5, w, 3.0, style="F")
            pdf.set_xy(x - w / 2, y - 1.5)
            pdf.cell(w, 3.0, text, align="C")


# ----------------------------------------------------------------------------- succession flow
@dataclass(frozen=True)
class Flow:
    """One arrow of the flow chart: from a source node to a recipient, an amount."""

    source: str  # "marital", "estate", "insurance", "trust"
    target: str  # a display name, or the key "tax"
    amount: float


def flow_chart(pdf: Page, deceased: str, sources: Sequence[tuple[str, str, float]],
               flows: Sequence[Flow], fmt, tax_label: str) -> None:
    """Sources (key, label, amount) in the middle column, recipients on the right; arrows are
    as thick as the amount they carry."""
    sources = [s for s in sources if s[2] > 0]
    recipients: list[str] = []
    for f in flows:
        if f.amount > 0 and f.target not in recipients:
            recipients.append(f.target)
    if "tax" in recipients:
        recipients.remove("tax")
        recipients.append("tax")
    if not sources or not recipients:
        return
    width = pdf.content_width
    rh = 11.0
    gap = 4.0
    height = max(len(recipients) * (rh + gap), len(sources) * (rh + 10)) + 4
    pdf.ensure(height + 6)
    top = pdf.get_y() + 2
    total = sum(s[2] for s in sources)
    biggest = max(f.amount for f in flows) or 1.0
    col_w = width * 0.27
    x0, x1, x2 = pdf.l_margin, pdf.l_margin + width * 0.36, pdf.l_margin + width - col_w

    def box(x: float, y: float, w: float, title: str, amount: str, fill, edge) -> None:
        pdf.set_fill_color(*fill)
        pdf.set_draw_color(*edge)
        pdf.set_line_width(0.35)
        pdf.rect(x, y, w, rh, style="DF", round_corners=True, corner_radius=1.5)
        with pdf.style(7.3, NAVY):
            t = pdf.lines(title, w - 3, keep_newlines=False)
            t = t[:1] if len(t) == 1 else [*t[:1], _ellipsis(pdf, "".join(t[1:]), w - 3)][:1]
            pdf.set_xy(x + 1.5, y + 1.2)
            pdf.cell(w - 3, 4, t[0], align="L")
        with pdf.style(8.2, INK, bold=True):
            pdf.set_xy(x + 1.5, y + 5.6)
            pdf.cell(w - 3, 4, pdf.clean(amount), align="L")

    # the deceased, centred on the left
    dy = top + height / 2 - rh / 2
    box(x0, dy, col_w, deceased, fmt(total), PALE, NAVY)
    src_pos: dict[str, float] = {}
    sy_gap = (height - len(sources) * rh) / (len(sources) + 1)
    for i, (key, label, amount) in enumerate(sources):
        y = top + sy_gap * (i + 1) + rh * i
        src_pos[key] = y + rh / 2
        _thick(pdf, x0 + col_w, dy + rh / 2, x1, y + rh / 2, amount / biggest, GOLD)
        box(x1, y, col_w, label, fmt(amount), (255, 255, 255), GOLD)
    rec_pos: dict[str, float] = {}
    ry_gap = (height - len(recipients) * rh) / (len(recipients) + 1)
    for i, name in enumerate(recipients):
        y = top + ry_gap * (i + 1) + rh * i
        rec_pos[name] = y + rh / 2
    for f in flows:
        if f.amount <= 0 or f.source not in src_pos:
            continue
        color = (178, 54, 54) if f.target == "tax" else NAVY
        _thick(pdf, x1 + col_w, src_pos[f.source], x2, rec_pos[f.target], f.amount / biggest,
               color)
    received: dict[str, float] = defaultdict(float)
    for f in flows:
        received[f.target] += f.amount
    for name in recipients:
        title = tax_label if name == "tax" else name
        fill = (251, 238, 238) if name == "tax" else (255, 255, 255)
        box(x2, rec_pos[name] - rh / 2, col_w, title, fmt(received[name]), fill,
            RULE if name != "tax" else (178, 54, 54))
    pdf.set_y(top + height + 4)


def _thick(pdf: Page, x1: float, y1: float, x2: float, y2: float, frac: float, color) -> None:
    """A smooth band from (x1, y1) to (x2, y2) whose width shows the amount."""
    w = 0.4 + 3.6 * max(0.0, min(1.0, frac))
    pdf.set_draw_color(*color)
    pdf.set_line_width(w)
    # butt caps: a ribbon starts and ends exactly at the box edge (square caps ran into the box)
    with pdf.local_context(stroke_opacity=0.55, stroke_cap_style="BUTT"):
        mx = (x1 + x2) / 2
        pdf.bezier([(x1, y1), (mx, y1), (mx, y2), (x2, y2)])
    pdf.set_line_width(0.3)
