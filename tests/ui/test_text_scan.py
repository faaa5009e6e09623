"""A scan of the text every page shows, on every demo in every language, in the bank's view and
in meeting mode: no internal id (of a person, company, holding, debt, policy, household or
assumption set), no HTML entity, no English label left in a Chinese page, "1 goal" not "1 goals".

Only what a reader sees is scanned (headings, text, tables, widget labels and options, chart titles,
legends, labels and hover texts), not the page's machinery (widget keys, chart point ids)."""

from __future__ import annotations

import json
import re

import pytest

from assets import available_assumptions
from household import DEMO_IDS, demo
from household.script import in_script
from tests.ui.conftest import PAGES, goto
from ui.i18n import LANGS, table

ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos|nbsp);")
# three lower-case English words in a row: a sentence left untranslated (names are capitalised)
WORDS = re.compile(r"\b[a-z]{2,}(?:[ '-][a-z]{2,}){2,}\b")
PLURAL = re.compile(r"(?<![\d.,])1 (goals|executives|futures|years|people|companies)\b")


def _chart_texts(spec: dict) -> list[str]:
    out: list[str] = []
    lay = spec.get("layout", {})
    title = lay.get("title")
    out.append(title.get("text", "") if isinstance(title, dict) else str(title or ""))
    out += [a.get("text", "") for a in lay.get("annotations", []) or []]
    for ax in [v for k, v in lay.items() if k.startswith(("xaxis", "yaxis"))]:
        out += [str(x) for x in ax.get("ticktext", []) or []]
        t = ax.get("title")
        out.append(t.get("text", "") if isinstance(t, dict) else str(t or ""))
    for tr_ in spec.get("data", []):
        out.append(str(tr_.get("name", "") or ""))
        for k in ("text", "hovertext"):
            v = tr_.get(k)
            out += [str(x) for x in v] if isinstance(v, list) else [str(v or "")]
        node = tr_.get("node")
        if isinstance(node, dict):
            out += [str(x) for x in node.get("label", []) or []]
        for k in ("x", "y", "labels"):  # category axes (bar labels, heatmap rows)
            v = tr_.get(k)
            if isinstance(v, list):
                out += [x for x in v if isinstance(x, str)]
    return out


def visible(at) -> list[str]:
    """The texts a reader of the page sees."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info",
                 "warning", "error", "success"):
        out += [str(e.value) for e in getattr(at, kind)]
    for m in at.metric:
        out += [m.label, str(m.value), str(m.proto.delta or "")]
    for df in at.dataframe:
        out += [str(c) for c in df.value.columns]
        out += [str(v) for v in df.value.to_numpy().ravel()]
    for kind in ("selectbox", "multiselect", "radio", "select_slider"):
        for w in getattr(at, kind):
            out.append(w.label)
            out += [str(o) for o in w.options]
    for kind in ("button", "checkbox", "toggle", "text_input", "number_input", "slider",
                 "date_input", "text_area", "expander", "tabs"):
        out += [str(getattr(w, "label", "")) for w in getattr(at, kind)]
    for el in at.get("plotly_chart"):
        out += _chart_texts(json.loads(el.proto.spec))
    for el in at.get("download_button"):
        out.append(el.proto.label)
    return [s for s in out if s]


def _ids() -> list[str]:
    """Internal ids a reader must never see (those that are not plain words)."""
    out = set(DEMO_IDS) | set(available_assumptions())
    for did in DEMO_IDS:
        hh = demo(did)
        out |= {i for i in hh.id_kinds() if "_" in i or "-" in i}
    return sorted(out, key=len, reverse=True)


def _english_labels() -> list[str]:
    """English labels of the app with a Chinese translation (long enough not to be a name)."""
    out = []
    for en, hant, hans in table().values():
        if "{" in en or len(en) < 12 or " " not in en:
            continue
        if en != hant and en != hans:
            out.append(en)
    return out


@pytest.mark.parametrize("hid", DEMO_IDS)
def test_every_page_in_every_language_shows_no_id_entity_or_untranslated_label(app, hid):
    ids = _ids()
    english = _english_labels()
    app.selectbox(key="hid_pick").set_value(hid).run()
    problems: list[tuple] = []
    seen_ids: list[str] = []
    hh = demo(hid)
    data = set()
    for shown in (hh, *(in_script(hh, lang) for lang in LANGS)):  # as typed and as shown
        data |= {x.name for x in (*shown.people, *shown.companies, *shown.trusts,
                                  *shown.goals)}
        data |= {p.product for p in shown.policies if p.product} | {shown.name}
    data = sorted(data, key=len, reverse=True)
    for meeting in (False, True):
        if meeting:
            app.text_input(key="meeting_pin").input("2468")
            app.button(key="enter_meeting").click().run()
        for lang in LANGS:
            app.session_state["lang"] = lang
            for page in PAGES:
                if meeting and page in ("edit", "insights"):
                    continue
                views = ("network", "ownership", "balance", "banking") if page == "household" \
                    else (None,)
                for view in views:
                    if view:
                        app.session_state["hh_view_v"] = view
                    goto(app, page)
                    text = "\n".join(visible(app))
                    where = (hid, lang, page, view, "meeting" if meeting else "bank")
                    if page != "edit":  # the advanced table editor shows the file as it is
                        problems += [(where, "id", i) for i in ids if i in text]
                    else:  # positive control: the scan does see the ids that table shows
                        seen_ids += [i for i in ids if i in text]
                    problems += [(where, "entity", m.group(0)) for m in ENTITY.finditer(text)]
                    if lang == "en":
                        problems += [(where, "plural", m.group(0))
                                     for m in PLURAL.finditer(text)]
                    else:
                        problems += [(where, "english", e) for e in english if e in text]
                        if page not in ("edit", "insights"):  # those show the banker's notes
                            words = text
                            for name in data:  # the family's own (bilingual) names are data
                                words = words.replace(name, "")
                            problems += [(where, "words", m.group(0))
                                         for m in WORDS.finditer(words)]
    assert not problems, sorted({p[1:] for p in problems})[:60]
    assert seen_ids
