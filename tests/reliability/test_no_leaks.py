"""No leaks: internal fields never reach a client-facing output.

Every internal field of a household — ``notes`` on the household, people, companies, trusts,
holdings, liabilities and policies — is filled with a unique marker string. Then every
client-facing output that exists is searched for every marker:

- each page of the app in meeting mode (AppTest, the whole element tree including the sidebar,
  tables and chart specs), which must also not name the bank's other households;
- the PDF proposal in English, 繁體中文 and 简体中文 (extracted text and raw bytes);
- the client view of the household (``ui.audience.client_view``) and the summary outputs.

A positive control shows the search can see: in the bank's internal view the markers do appear.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from cli.summary_text import summary_text
from household import demo, summary
from household.io import dumps
from store.storage import Store

from .walk import element_texts

SECTIONS = ("people", "companies", "trusts", "holdings", "liabilities", "policies")
HID = "demo-cn-chen"


def marked_household():
    """The Chen demo with a marker in every internal field; returns (household, markers)."""
    hh = demo(HID)
    markers = ["LEAKMARK_household"]
    update: dict = {"notes": markers[0]}
    for section in SECTIONS:
        items = []
        for i, it in enumerate(getattr(hh, section)):
            m = f"LEAKMARK_{section}_{i}"
            markers.append(m)
            items.append(it.model_copy(update={"notes": m}))
        update[section] = items
    return hh.model_copy(update=update), markers


def _found(at: AppTest, needles: list[str]) -> set[str]:
    blob = "\n".join(element_texts(at._tree, []))
    return {m for m in needles if m in blob}


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    db = tmp_path / "k.db"
    store = Store(db)
    hh, markers = marked_household()
    store.save(hh, "banker")
    store.ensure_demos()  # the bank's other households are in the same store
    others = [r["name"] for r in store.list() if r["id"] != HID]
    monkeypatch.setenv("KINFOLIO_DB", str(db))
    monkeypatch.setenv("KINFOLIO_UI_PATHS", "100")
    monkeypatch.delenv("KINFOLIO_USER", raising=False)
    return markers, others


def _client_pages() -> list[str]:
    from ui.audience import INTERNAL_PAGES
    from ui.shell import PAGES

    return [path for pid, (path, _k, _i) in PAGES.items() if pid not in INTERNAL_PAGES]


def _app(meeting: bool) -> AppTest:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    at = AppTest.from_file(str(root / "app.py"), default_timeout=180)
    at.session_state["hid"] = HID
    at.session_state["meeting"] = meeting
    return at


def test_marked_household_has_a_marker_in_every_internal_field():
    hh, markers = marked_household()
    expected = 1 + sum(len(getattr(hh, s)) for s in SECTIONS)
    assert len(markers) == expected == len(set(markers))
    assert all(m in dumps(hh) for m in markers)
    assert len(markers) >= 20  # the demo has enough of every kind to make the search mean much


def test_meeting_mode_pages_show_no_internal_field_and_no_other_household(app_db):
    from pathlib import Path

    markers, others = app_db
    pages = _client_pages()
    assert len(pages) >= 4
    at = _app(meeting=True).run()
    searched = 0
    for page in pages:
        at.switch_page(str(Path(at._script_path).parent / page)).run()
        assert not at.exception, page
        assert at.session_state["meeting"] is True
        assert _found(at, markers) == set(), page
        assert _found(at, others) == set(), page
        searched += 1
    assert searched == len(pages)


def test_positive_control_the_bank_view_does_show_the_markers(app_db):
    from pathlib import Path

    from ui.shell import PAGES

    markers, _ = app_db
    at = _app(meeting=False).run()
    seen: set[str] = set()
    for _pid, (path, _k, _i) in PAGES.items():
        at.switch_page(str(Path(at._script_path).parent / path)).run()
        seen |= _found(at, markers)
    assert seen, "the search found no marker even in the internal view: it would prove nothing"


def test_client_view_and_summaries_carry_no_internal_field():
    from ui.audience import client_view

    hh, markers = marked_household()
    client = client_view(hh)
    blob = dumps(client)
    assert not [m for m in markers if m in blob]
    outputs = [json.dumps(summary(hh), ensure_ascii=False)]
    outputs += [summary_text(hh, lang) for lang in ("en", "zh-Hant", "zh-Hans")]
    for out in outputs:
        assert not [m for m in markers if m in out]


@pytest.mark.parametrize("lang", ["en", "zh-Hant", "zh-Hans"])
def test_the_pdf_proposal_carries_no_internal_field(lang):
    import io

    from pypdf import PdfReader

    from proposal import build

    hh, markers = marked_household()
    pdf = build(hh, None, None, lang)
    # pypdf returns this font's text with NULs between characters; they carry no meaning here
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    text = text.replace("\x00", "")
    assert "Chen family" in text  # positive control: the extraction sees the client's name
    assert [m for m in markers if m in text] == []
    assert [m for m in markers if m.encode() in pdf] == []
