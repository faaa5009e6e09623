"""The book pages' downloads as bytes (no streamlit): the key-client ledger as an Excel workbook
(``book.ledger.export_xlsx``: formatted, every text cell formula-safe) and the contact calendar
as an iCalendar file (the ``icalendar`` library), in the reader's language."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from proposal.book_text import sentence, tr

FOLLOWUP_COLUMNS = ("at", "actor", "client_id", "contact_date", "channel", "what",
                    "next_action", "next_date", "status")


def ledger_xlsx(rows: Iterable, followups: Iterable, lang: str) -> bytes:
    """The ledger rows (``book.ledger.LedgerRow``) and their follow-ups as a workbook."""
    from book.ledger import COLUMNS, export_xlsx

    heads = tuple(tr(f"ledger.col.{c}", lang) for c in COLUMNS)
    body = [(tr(f"ledger.list.{r.list}", lang), r.client_id, r.name, r.household_id, r.banker,
             round(r.assets_with_us, 2), r.currency, r.last_contact, r.last_action,
             r.next_action, r.next_date, tr(f"status.{r.status}", lang)) for r in rows]
    fheads = tuple(tr(f"ledger.col.{c}", lang) for c in FOLLOWUP_COLUMNS)
    fbody = [(f.at.replace(tzinfo=None), f.actor, f.client_id, f.contact_date, f.channel, f.what,
              f.next_action, f.next_date, tr(f"status.{f.status}", lang)) for f in followups]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "ledger.xlsx"
        sheet = tr("ledger.sheet.ledger", lang)
        export_xlsx({sheet: (heads, body),
                     tr("ledger.sheet.followups", lang): (fheads, fbody)},
                    path, money_columns={sheet: (5,)})
        return path.read_bytes()


def entry_text(entry, names: Mapping[str, str], lang: str) -> str:
    """The sentence of a ``book.calendar.CalendarEntry``."""
    p = dict(entry.params)
    p["client"] = names.get(entry.client_id or "", "")
    return sentence(f"calendar.{entry.kind}", p, lang)


def calendar_ics(entries: Iterable, names: Mapping[str, str], lang: str) -> bytes:
    """All-day events, one per calendar entry, for the banker's own calendar."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Kinfolio//book calendar//EN")
    cal.add("version", "2.0")
    stamp = dt.datetime.now(dt.UTC)
    for i, e in enumerate(entries):
        ev = Event()
        ev.add("uid", f"kinfolio-{e.date.isoformat()}-{e.kind}-{e.client_id or e.banker}-{i}")
        ev.add("summary", entry_text(e, names, lang))
        ev.add("dtstart", e.date)
        ev.add("dtend", e.date + dt.timedelta(days=1))
        ev.add("dtstamp", stamp)
        cal.add_component(ev)
    return cal.to_ical()
