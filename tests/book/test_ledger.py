"""Key-client ledger, follow-ups append-only and audited, Excel export formula-safe."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from book.alerts import Ack
from book.ledger import export_xlsx, ledger, safe_cell
from book.watch_store import WatchInputError, acks, followup_rows, record_ack, record_followup
from store import audit
from store.storage import Store
from tests.book.watch_helpers import watch_small


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "watch.db")


def test_lists():
    got = {(r.list, r.client_id) for r in ledger(watch_small()).rows}
    assert got == {
        ("vip", "P01"), ("vip", "P03"), ("vip", "P05"), ("vip", "P06"), ("loan", "P04"),
        ("payroll_company", "C01"), ("payroll_company", "C02"), ("payroll_company", "C03"),
        ("payroll_staff", "P01"), ("payroll_staff", "P02"), ("payroll_staff", "P08"),
        ("succession", "P01"), ("succession", "P06"), ("succession", "C01")}
    amy = ledger(watch_small(), banker="amy", lists=["vip"])
    assert [r.client_id for r in amy.rows] == ["P06", "P01"]  # by assets with us


def test_followups_append_only_and_audited(store):
    f1 = record_followup(store, "amy", "P01", "called about the transfer",
                         contact_date=dt.date(2026, 11, 19), channel="call",
                         next_action="visit", next_date=dt.date(2026, 12, 3))
    f2 = record_followup(store, "amy", "P01", "visited", contact_date=dt.date(2026, 12, 3),
                         channel="visit", status="done")
    record_ack(store, "amy", Ack("kyc_due", "P03", None, dt.date(2026, 10, 1),
                                 dt.date(2026, 10, 1)))
    rows = ledger(watch_small(), followup_rows(store)).rows
    p01 = next(r for r in rows if r.client_id == "P01")
    assert (p01.last_contact, p01.last_action, p01.status) == (dt.date(2026, 12, 3), "visited",
                                                              "done")
    for sql in ("UPDATE book_followups SET what = 'x'", "DELETE FROM book_followups",
                "UPDATE book_alert_acks SET kind = 'x'", "DELETE FROM book_alert_acks"):
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as c:
            c.execute(text(sql))
    assert [f.id for f in followup_rows(store)] == [f1.id, f2.id]
    log = audit.entries(store, "cli")
    assert [e.action for e in log[:3]] == ["alert_ack", "followup", "followup"]
    assert f"book_followups #{f2.id}" in log[1].detail and log[1].actor == "amy"
    with pytest.raises(WatchInputError, match="what"):
        record_followup(store, "amy", "P01", "  ")
    with pytest.raises(WatchInputError, match="actor"):
        record_followup(store, "", "P01", "x")


def test_acks_stored_and_audited(store):
    a = Ack("abnormal_flow", "P02", "A03", dt.date(2026, 11, 3), dt.date(2026, 11, 7))
    record_ack(store, "amy", a, "close", note="client buying a car")
    assert acks(store) == [Ack("abnormal_flow", "P02", "A03", dt.date(2026, 11, 3),
                               dt.date(2026, 11, 7), "close")]
    assert audit.entries(store, "cli")[0].action == "alert_ack"


def test_excel_opens_and_is_formula_safe(tmp_path):
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("-5") == "'-5" and safe_cell(-5) == -5
    rows = [("vip", "P01", "=HYPERLINK(\"http://x\")", "+86 123", "-x", "@SUM(A1)", 1.5e6,
             dt.date(2026, 12, 3), None)]
    heads = ("list", "id", "name", "phone", "a", "b", "assets", "date", "none")
    path = export_xlsx({"Ledger": (heads, rows), "=evil": (("x",), [("\tcmd",)])},
                       tmp_path / "l.xlsx", money_columns={"Ledger": (6,)})
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Ledger"
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value[:1] in "=+-@\t"), cell
                assert cell.data_type != "f"
    ws = wb["Ledger"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    assert ws["G2"].value == 1.5e6 and ws["G2"].number_format == "#,##0.00"
