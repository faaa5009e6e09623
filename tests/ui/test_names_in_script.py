"""Names in the reader's script on every page: a family whose names are typed in Traditional
characters reads them in Simplified in 简体中文 and a family typed in Simplified reads them in
Traditional in 繁體中文 -- sidebar picker, headings, tables, charts and pickers alike
(household.script, OpenCC)."""

from __future__ import annotations

import re

import pytest

from household import demo
from household.script import display_name, in_script, to_script
from tests.ui.conftest import PAGES, goto
from tests.ui.test_text_scan import visible

CJK = re.compile(r"[\u3400-\u9fff]+")


def _typed_names(hid: str) -> list[str]:
    hh = demo(hid)
    return [hh.name, *(x.name for x in (*hh.people, *hh.companies, *hh.trusts))]


def _wrong_and_right(hid: str, lang: str) -> tuple[set[str], set[str]]:
    """Chinese parts of the family's names as typed that differ in ``lang``'s script, and the
    same parts converted."""
    wrong, right = set(), set()
    for name in _typed_names(hid):
        for part in CJK.findall(name):
            conv = to_script(part, lang)
            if conv != part:
                wrong.add(part)
                right.add(conv)
    return wrong, right


def test_in_script_converts_names_and_leaves_english_and_ids_alone():
    hh = demo("demo-tw-lin")
    assert in_script(hh, "en") is hh
    hans = in_script(hh, "zh-Hans")
    assert [p.id for p in hans.people] == [p.id for p in hh.people]
    assert "陈雅惠" in hans.people[1].name and "陳雅惠" in hh.people[1].name
    assert hans.companies[0].name.startswith("志明电子")
    assert display_name(hh.people[1], "zh-Hans") == hans.people[1].name
    assert in_script(hans, "zh-Hant").people[1].name == hh.people[1].name
    # a name given for the language wins over the conversion
    p = hh.people[0].model_copy(update={"names": {"zh-Hans": "林志明（简）"}})
    assert in_script(hh.model_copy(update={"people": [p, *hh.people[1:]]}),
                     "zh-Hans").people[0].name == "林志明（简）"


@pytest.mark.parametrize(("hid", "lang"), [("demo-tw-lin", "zh-Hans"),
                                           ("demo-cn-chen", "zh-Hant")])
def test_every_page_shows_the_familys_names_in_the_readers_script(app, hid, lang):
    wrong, right = _wrong_and_right(hid, lang)
    assert wrong and right  # the demo has names that differ between the scripts
    app.selectbox(key="hid_pick").set_value(hid).run()
    app.session_state["lang"] = lang
    problems, seen = [], set()
    for page in PAGES:
        views = ("network", "ownership", "balance", "banking") if page == "household" \
            else (None,)
        for view in views:
            if view:
                app.session_state["hh_view_v"] = view
            goto(app, page)
            if page == "edit":  # the advanced table editor shows the file as typed: the
                # guided forms' pickers are what the banker reads there
                text = "\n".join(str(o) for kind in ("selectbox", "multiselect")
                                 for w in getattr(app, kind) for o in w.options)
            else:
                text = "\n".join(visible(app))
            text += "\n" + "\n".join(str(o) for o in app.sidebar.selectbox[1].options)
            problems += [(page, view, w) for w in wrong if w in text]
            seen |= {r for r in right if r in text}
    assert not problems, sorted(set(problems))
    assert seen == right  # every converted name is shown somewhere
