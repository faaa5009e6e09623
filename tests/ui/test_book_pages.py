"""AppTest of the book pages (issue 17): My book, the alerts inbox, calls, ledger and calendar,
on a small generated book; access by banker; meeting mode hides the book."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from store import access, audit
from store.storage import Store
from tests.ui.conftest import APP, calm_errors, texts

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def small_book(tmp_path_factory):
    import book

    out = tmp_path_factory.mktemp("book") / "book"
    book.generate_book(out, 12, months=14)
    return out


@pytest.fixture
def with_book(db, small_book, monkeypatch):
    monkeypatch.setenv("KINFOLIO_BOOK", str(small_book))
    return small_book


@pytest.fixture
def frames(small_book):
    import book

    return book.read_book(small_book)


BOOK_PAGES = {"book": "ui/pages/book.py", "alerts": "ui/pages/book_alerts.py",
              "calls": "ui/pages/book_calls.py", "household": "ui/pages/household.py"}


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(BOOK_PAGES[page]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def _sign_in(name: str) -> AppTest:
    at = _app()
    at.text_input(key="kinfolio_login_user").set_value(name)
    at.text_input(key="kinfolio_login_password").set_value(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.session_state["user"].name == name
    return at


def test_my_book_is_the_first_page_and_lists_the_families(with_book, frames):
    at = _app()
    assert not calm_errors(at)
    assert at.title[0].value == "My book"
    shown = texts(at)
    for hh in list(frames.households.values())[:3]:
        assert hh.name in shown
    # search in the other script: a Traditional name found by its Simplified spelling
    hh = next(iter(frames.households.values()))
    from ui.book_model import fold

    at.text_input(key="bk_search").set_value(fold(hh.name)[:4]).run()
    assert hh.name in texts(at)


def test_a_click_opens_the_household(with_book, frames):
    at = _app()
    hid = sorted(frames.households)[1]
    at.selectbox(key="bk_open_pick").set_value(hid).run()
    at.button(key="bk_open").click().run()
    assert not at.exception, at.exception
    assert at.session_state["hid"] == hid


def _two_bankers(frames):
    c = frames.clients
    counts = c["banker"].astype(str).value_counts()
    return str(counts.index[0]), str(counts.index[1])


def test_a_banker_sees_only_their_clients_and_a_refusal_is_audited(with_book, frames, db):
    anna, bert = _two_bankers(frames)
    store = Store(f"sqlite:///{db}")
    store.ensure_demos()
    access.create_admin(store, "root", PASSWORD)
    access.create_account(store, anna, PASSWORD)
    access.create_account(store, bert, PASSWORD)
    at = _sign_in(anna)
    goto(at, "book")
    shown = texts(at)
    c = frames.clients.assign(client_id=frames.clients["client_id"].astype(str))
    hh_of = frames.client_households()
    mine = set(c.loc[c["banker"] == anna, "client_id"])
    theirs = c[(c["banker"] == bert) & ~c["client_id"].isin(
        {x for x, h in hh_of.items() if h in {hh_of.get(m) for m in mine}})]
    lone = theirs[~theirs["client_id"].isin(hh_of)]
    assert not lone.empty
    for name in lone["name"].astype(str).head(5):
        assert name not in shown
    # a forged request for another banker's client: refused and audited
    from ui import book_data

    other = str(lone["client_id"].iloc[0])
    at.session_state["bk_alert_client"] = other
    goto(at, "alerts")
    admin = access.account(store, "root")
    refused = [e for e in audit.entries(store, admin) if e.action == "refused"
               and e.actor == anna and other in (e.detail or "")]
    assert refused, "the refusal is in the audit log"
    assert book_data.ENV_BOOK


def test_meeting_mode_hides_the_book(with_book, frames):
    at = _app()
    assert at.title[0].value == "My book"
    at.session_state["meeting"] = True
    at.run()
    assert not at.exception
    assert all(t.value != "My book" for t in at.title)  # the client sees the household page
    for page in ("book", "alerts", "calls"):  # not in the menu: not even reachable
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(BOOK_PAGES[page]).run()
    shown = texts(at)
    current = at.session_state["hid"]
    others = [hh.name for hid, hh in frames.households.items() if hid != current]
    assert not [n for n in others if n in shown]


def test_acknowledging_an_alert_removes_it_and_records_it(with_book, db):
    from book.watch_store import acks

    at = goto(_app(), "alerts")
    assert not calm_errors(at)
    episodes = list(at.selectbox(key="al_pick_en").options)
    assert episodes, "the small book has alerts"
    first = at.session_state["al_pick_en"]
    at.text_input(key="al_comment").set_value("called, property purchase")
    at.button(key="al_ack").click().run()
    assert not at.exception, at.exception
    store = Store(f"sqlite:///{db}")
    recorded = acks(store)
    assert len(recorded) == 1 and recorded[0].action == "ack"
    left = list(at.selectbox(key="al_pick_en").options)
    assert len(left) == len(episodes) - 1  # gone from the inbox
    assert at.session_state["al_pick_en"] != first
    ep = first.split("/")
    assert (recorded[0].kind, recorded[0].client_id) == (ep[0], ep[1])
    admin_view = [e for e in audit.entries(store, access.local_user())
                  if e.action == "alert_ack"]
    assert admin_view and first[:150] in admin_view[0].detail


def test_logging_a_call_appears_on_the_ledger(with_book, frames, db):
    from book.ledger import ledger

    led = ledger(frames)
    cid = led.rows[0].client_id
    at = goto(_app(), "calls")
    assert not calm_errors(at)
    at.selectbox(key="cl_client").set_value(cid)
    at.text_area(key="cl_what").set_value("ZZ called about the maturing deposit")
    at.text_input(key="cl_next").set_value("ZZ visit with the product sheet")
    at.button[[b.label for b in at.button].index("Record on the ledger")].click().run()
    assert not at.exception, at.exception
    goto(at, "calls")
    shown = texts(at)
    assert "ZZ called about the maturing deposit" in shown
    assert "ZZ visit with the product sheet" in shown


def test_excel_and_ics_downloads_open_with_their_libraries(frames, tmp_path):
    import datetime as dt
    import io

    import openpyxl
    from icalendar import Calendar

    from book.calendar import contact_calendar
    from book.ledger import ledger
    from book.watch_store import FollowUp
    from ui.book_exports import calendar_ics, ledger_xlsx

    led = ledger(frames)
    f = FollowUp(1, dt.datetime(2026, 12, 1, tzinfo=dt.UTC), "x", led.rows[0].client_id,
                 dt.date(2026, 12, 1), "call", "=HYPERLINK(\"http://evil\")", None, None, "open")
    wb = openpyxl.load_workbook(io.BytesIO(ledger_xlsx(led.rows, [f], "zh-Hant")))
    assert wb.sheetnames == ["重點客戶台賬", "跟進記錄"]
    ws = wb["重點客戶台賬"]
    assert ws.max_row == len(led.rows) + 1
    assert ws.cell(2, 3).value == led.rows[0].name
    what = wb["跟進記錄"].cell(2, 6).value
    assert what.startswith("'=")  # formula-safe: shown as text, never run
    names = dict(zip(frames.clients["client_id"].astype(str),
                     frames.clients["name"].astype(str), strict=True))
    cal = contact_calendar(frames, dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert cal.entries
    parsed = Calendar.from_ical(calendar_ics(cal.entries, names, "zh-Hans"))
    events = list(parsed.walk("VEVENT"))
    assert len(events) == len(cal.entries)
    assert events[0].decoded("dtstart") == cal.entries[0].date


def test_book_charts_in_chinese_units(with_book):
    at = _app()
    at.selectbox(key="lang_pick").set_value("zh-Hant").run()
    at.toggle(key="bk_charts").set_value(True).run()
    assert not at.exception, at.exception
    assert not calm_errors(at)
    charts = at.get("plotly_chart")
    assert len(charts) == 3
    import json

    specs = [json.loads(c.proto.spec) for c in charts]
    titles = [s["layout"]["title"]["text"] for s in specs]
    assert "各層級在本行資產（月末）" in titles
    ticks = specs[titles.index("各層級在本行資產（月末）")]["layout"]["yaxis"]["ticktext"]
    assert any("萬" in x or "億" in x for x in ticks), ticks


def test_meeting_brief_is_one_internal_page_in_the_bankers_language(small_book):
    import datetime as dt
    import io

    from pypdf import PdfReader

    import book
    from book.activation import activation
    from book.alerts import alerts
    from book.calendar import contact_calendar
    from book.linkage import linkage
    from book.segments import segments
    from proposal.meeting_brief import build_brief
    from ui.book_brief import brief_for
    from ui.book_data import LoadedBook

    with book.open_book(small_book) as ob:
        frames = ob.frames()
        seg = segments(ob.con, ob.meta, ob.households)
    names = dict(zip(frames.clients["client_id"].astype(str),
                     frames.clients["name"].astype(str), strict=True))
    b = LoadedBook(str(small_book), "x", frames, seg, names, None)
    aset = alerts(frames)
    hid = next(a.household_id for a in aset.alerts if a.household_id)
    cal = contact_calendar(frames, frames.meta.as_of, frames.meta.as_of + dt.timedelta(days=30))
    brief = brief_for(b, hid, aset.alerts, activation(frames).clients,
                      linkage(frames).companies, cal.entries, "zh-Hant", "anna")
    assert brief.sections[1][1], "the family's open alerts are listed"
    pdf = PdfReader(io.BytesIO(build_brief(brief)))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert len(pdf.pages) <= 2
    assert "會前簡報" in text and "內部資料" in text
    assert frames.households[hid].name.split(" ")[0] in text


def test_brief_download_is_offered_on_my_book(with_book):
    at = _app()
    labels = [el.proto.label for el in at.get("download_button")]
    assert "Meeting brief (PDF)" in labels


def test_without_a_book_the_household_comes_first_and_the_book_says_how_to_load_one(db,
                                                                                     monkeypatch):
    monkeypatch.delenv("KINFOLIO_BOOK", raising=False)
    at = _app()
    assert all(t.value != "My book" for t in at.title)
    goto(at, "book")
    assert any("KINFOLIO_BOOK" in i.value for i in at.info)


def test_assigning_an_alert_records_a_follow_up_and_closing_keeps_it_away(with_book, db):
    from book.watch_store import acks, followup_rows

    at = goto(_app(), "alerts")
    n = len(at.selectbox(key="al_pick_en").options)
    first = at.session_state["al_pick_en"]
    to = at.selectbox(key="al_assign_to").options[-1]
    at.selectbox(key="al_assign_to").set_value(to)
    at.button(key="al_assign").click().run()
    assert not at.exception, at.exception
    store = Store(f"sqlite:///{db}")
    f = followup_rows(store)
    assert len(f) == 1 and f[0].status == "in_progress" and to in f[0].what
    assert first in f[0].what
    assert len(at.selectbox(key="al_pick_en").options) == n  # assigned, still open
    at.selectbox(key="al_pick_en").set_value(first)
    at.button(key="al_close").click().run()
    assert [a.action for a in acks(store)] == ["close"]
    fresh = goto(_app(), "alerts")  # a new session: the closed episode does not come back
    assert len(fresh.selectbox(key="al_pick_en").options) == n - 1
    assert fresh.session_state["al_pick_en"] != first


def test_essential_goal_filter_reads_the_nightly_results(with_book, frames, tmp_path,
                                                         monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    hids = sorted(frames.households)
    low, high = hids[0], hids[1]
    out = tmp_path / "results"
    out.mkdir()
    pq.write_table(pa.table({"household_id": [low, high],
                             "success_all_essential": [0.55, 0.93]}),
                   out / "households.parquet")
    # a run of this very book folder (its manifest says which files it read)
    from book.nightly_results import book_files

    (out / "manifest.json").write_text(json.dumps({
        "status": "complete", "as_of": frames.meta.as_of.isoformat(),
        "book_files": book_files(with_book), "tables": {"households": "households.parquet"},
        "scans": {}}), encoding="utf-8")
    monkeypatch.setenv("KINFOLIO_BOOK_RESULTS", str(out))
    at = _app()
    at.checkbox(key="bk_success").check().run()
    assert not at.exception, at.exception
    assert not calm_errors(at)
    shown = texts(at)
    assert frames.households[low].name in shown
    assert frames.households[high].name not in shown
    assert "55.0%" in shown
