"""User text is inert on every page of the app.

A household whose every name, label, product and note is a Markdown image or link pointing at a
tracker (``![t](http://tracker.invalid/...)``), raw HTML or a formula is opened on every page, in
the bank's view and in meeting mode. No element that Streamlit renders as Markdown (text, headings,
captions, alerts, metrics, widget labels, tabs, expanders) may carry the link unescaped — otherwise
the client's browser would fetch the tracker — and no element may allow raw HTML around user text.
Tables, pick-list options and chart data show text literally and are not searched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from household import demo, from_dict, to_dict
from store.storage import Store

from .walk import element_texts

ROOT = Path(__file__).resolve().parents[2]
EVIL = "![t](http://tracker.invalid/{}.png)"
RAW = "](http://tracker.invalid/"
LITERAL_TYPES = {"Arrow", "ArrowTable", "DataFrame", "Dataframe", "Selectbox", "MultiSelect",
                 "PlotlyChart", "Radio", "ButtonGroup", "TextInput", "TextArea", "DataEditor"}


def hostile_household():
    d = to_dict(demo("demo-cn-chen"))
    d["name"] = EVIL.format("household")
    d["banker"] = "[banker](http://tracker.invalid/b)"
    for sec in ("people", "companies", "trusts", "goals"):
        for i, it in enumerate(d.get(sec, [])):
            it["name"] = EVIL.format(f"{sec}{i}")
    for i, t in enumerate(d.get("trusts", [])):
        t["trustee"] = f"<img src=http://tracker.invalid/trustee{i}.png> =1+1"
    for i, c in enumerate(d.get("cash_flows", [])):
        c["label"] = EVIL.format(f"cf{i}")
    for i, h in enumerate(d.get("holdings", [])):
        h["product"] = EVIL.format(f"prod{i}")
    for r in d.get("relations", []):
        if r.get("kind") == "role":
            r["role"] = EVIL.format("role")
    return from_dict(d)


def _offending(node, out: list[str]) -> list[str]:
    proto = getattr(node, "proto", None)
    if proto is not None:
        kind = proto.DESCRIPTOR.name
        text = str(proto)
        if kind not in LITERAL_TYPES and RAW in text:
            i = text.index(RAW)
            out.append(f"{kind}: …{text[max(0, i - 60):i + 30]}…")
        if getattr(proto, "allow_html", False) and "tracker.invalid" in text:
            out.append(f"{kind} allows HTML around user text")
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            _offending(child, out)
    return out


def _naive_page(evil: str) -> None:
    import streamlit as st

    st.markdown(f"**{evil}**")
    st.caption("safe")


def test_the_detector_flags_a_name_passed_straight_to_markdown():
    at = AppTest.from_function(_naive_page, args=(EVIL.format("x"),)).run()
    assert len(_offending(at._tree, [])) == 1


@pytest.fixture
def hostile_db(tmp_path, monkeypatch):
    db = tmp_path / "k.db"
    hh = hostile_household()
    Store(db).save(hh, "banker")
    monkeypatch.setenv("KINFOLIO_DB", str(db))
    monkeypatch.setenv("KINFOLIO_UI_PATHS", "100")
    return hh.id


@pytest.mark.parametrize("meeting", [False, True], ids=["bank view", "meeting mode"])
def test_hostile_names_are_shown_literally_on_every_page(hostile_db, meeting):
    from ui.audience import INTERNAL_PAGES
    from ui.shell import PAGES

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["hid"] = hostile_db
    at.session_state["meeting"] = meeting
    at.run()
    pages = [(pid, path) for pid, (path, _k, _i) in PAGES.items()
             if not meeting or pid not in INTERNAL_PAGES]
    problems: dict[str, list[str]] = {}
    shown = 0
    for pid, path in pages:
        at.switch_page(str(ROOT / path)).run()
        assert not at.exception, pid
        found = _offending(at._tree, [])
        if found:
            problems[pid] = found
        shown += "tracker.invalid" in "".join(element_texts(at._tree, []))
    assert problems == {}
    assert shown >= 1  # the hostile text did reach the pages (literally)
    assert len(pages) == (4 if meeting else len(PAGES))
