"""No formula injection through tables: Streamlit's own CSV download is switched off (and the whole
table toolbar hidden in meeting mode); the app's own CSV downloads neutralise every text cell."""

from __future__ import annotations

import csv
import io
import math
import tomllib
from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from household import demo, from_dict, to_dict
from household.safe_text import FORMULA_STARTS
from store import access, audit
from store.storage import Store
from tests.ui.conftest import APP, goto
from ui.widgets import csv_bytes

FORMULAS = {"person": '=HYPERLINK("http://evil.example","click")', "company": "+cmd|' /C calc'!A0",
            "notes": "@SUM(A1:A9)", "holding": "-2+3+cmd|' /C calc'!A0", "comment": "=1+1"}
TOOLBAR_CSS = '[data-testid="stElementToolbar"] { display: none !important; }'


def _evil(db) -> str:
    hid = "demo-cn-chen"
    store = Store(db)
    store.ensure_demos()
    doc = to_dict(demo(hid))
    doc["people"][0]["name"] = FORMULAS["person"]
    doc["companies"][0]["name"] = FORMULAS["company"]
    doc["companies"][0]["notes"] = FORMULAS["notes"]
    doc["people"][0]["notes"] = FORMULAS["notes"]
    doc["holdings"][0]["product"] = FORMULAS["holding"]
    store.save(from_dict(doc), "-banker", based_on=1, comment=FORMULAS["comment"])
    return hid


@pytest.fixture
def downloads(monkeypatch):
    """(file name, bytes) of every CSV the app sends to the browser's media storage while
    rendering (none: downloads are made on click, issue 18.4)."""
    got: list[tuple[str, bytes]] = []
    real = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if mimetype == "text/csv":
            got.append((filename or "", bytes(path_or_data)))
        return real(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return got


@pytest.fixture
def deferred(monkeypatch):
    """{file name: the callable a click runs} of every CSV download offered."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    got: dict[str, object] = {}
    real = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        if mimetype == "text/csv":
            got[file_name or ""] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name=file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return got


def _cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def _number(cell: str) -> bool:
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return False


def test_streamlit_own_csv_download_is_switched_off():
    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True


def test_every_csv_the_app_offers_starts_no_text_cell_with_a_formula(app, db, downloads,
                                                                     deferred):
    hid = _evil(db)
    app.selectbox(key="hid_pick").set_value(hid).run()
    tables = 0
    for page, views in (("household", ("ownership", "balance", "banking")), ("plan", ()),
                        ("succession", ()), ("insights", ()), ("edit", ())):
        for view in views or (None,):
            if view:
                app.session_state["hh_view_v"] = view
            goto(app, page)
            shown = len([df for df in app.dataframe if not df.proto.editing_mode])
            offered = [b for b in app.get("download_button") if b.proto.id and
                       "csv_" in b.proto.id]
            assert len(offered) == shown, (page, view)  # one download per table
            tables += shown
    assert not downloads  # nothing is sent to the browser before a click
    assert tables >= 8 and len(deferred) >= 8
    history = next(f for f in deferred if f.endswith("-history.csv"))
    cells = [c for name, make in deferred.items() if name != history for c in _cells(make())]
    # the formulas were in the tables (positive control) and come out neutralised
    for text in (FORMULAS["person"], FORMULAS["company"]):
        assert "'" + text in cells, text
    bad = [c for c in cells if c.startswith(FORMULA_STARTS) and not _number(c)]
    assert not bad, bad[:5]
    # a download is an audited export, recorded when it is made (on the click)
    before = audit.entries(Store(db), access.local_user("test-banker"), household_id=hid)
    assert not any(e.action == "export" and e.detail == "csv history" for e in before)
    cells += _cells(deferred[history]())
    rows = audit.entries(Store(db), access.local_user("test-banker"), household_id=hid)
    assert any(e.action == "export" and e.detail == "csv history" for e in rows)
    assert "'" + FORMULAS["comment"] in cells


def test_csv_bytes_neutralises_headers_and_cells():
    import pandas as pd

    df = pd.DataFrame({"=A1": ["=1+1", "+x", "-y", "@z", "ok", "陳"], "n": [-1.5, 2, 3, 4, 5, 6]})
    cells = _cells(csv_bytes(df))
    assert cells[:2] == ["'=A1", "n"]
    assert [c for c in cells if c.startswith(FORMULA_STARTS)] == ["-1.5"]  # a number, not text
    assert "'=1+1" in cells and "陳" in cells


def test_meeting_mode_hides_the_table_toolbar_and_offers_no_csv(app, db, downloads):
    app.text_input(key="meeting_pin").input("2468")
    app.button(key="enter_meeting").click().run()
    for page in ("household", "plan", "succession", "proposal"):
        goto(app, page)
        assert any(TOOLBAR_CSS in h.proto.body for h in app.html), page
        assert not [b for b in app.get("download_button") if "csv_" in (b.proto.id or "")]
    assert not downloads
