"""``kinfolio book alerts | ack | activation | ledger | calendar | linkage``: the daily watch list.

Engines live in ``book`` (alerts, activation, ledger, calendar, linkage); acknowledgements and
follow-ups are stored by ``book.watch_store``. This module prints their results, in the reader's
language, with the sentences of :mod:`cli.book_text`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from cli import CliError, _print_json, _store, _user
from cli.book_read import _book_errors
from cli.book_text import alert_sentence, sentence, tr


def _date(value: str | None, what: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CliError(f"{what}: not a date (YYYY-MM-DD): {value!r}") from None


def _frames(args: argparse.Namespace):
    from book import read_book

    return read_book(args.book)


def _names(frames) -> dict[str, str]:
    c = frames.clients
    return dict(zip(c["client_id"].astype(str), c["name"].astype(str), strict=True))


def _lang(args: argparse.Namespace) -> str:
    return getattr(args, "lang", None) or "en"


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")


# ----------------------------------------------------------------------------- alerts
def _alert_set(args: argparse.Namespace, frames):
    from book.alerts import alerts
    from book.watch_store import acks

    overrides = {}
    if getattr(args, "window_days", None):
        if args.window_days < 1:
            raise CliError("--window-days: must be at least 1")
        overrides["window_days"] = args.window_days
    return alerts(frames, _date(args.as_of, "--as-of"), acks(_store(args)), **overrides)


@_book_errors
def alerts_command(args: argparse.Namespace) -> int:
    frames = _frames(args)
    result = _alert_set(args, frames)
    names, lang = _names(frames), _lang(args)
    docs = []
    for a in result.alerts:
        d = a.as_json()
        d["reason"] = alert_sentence(d, names.get(a.client_id, a.client_id), lang)
        docs.append(d)
    if args.json:
        doc = result.as_json()
        doc["alerts"] = docs
        _print_json(doc)
        return 0
    _out(tr("head.alerts", lang).format(date=result.as_of.isoformat(), n=len(docs)))
    for d in docs:
        _out(f"{d['score']:6.1f}  {d['kind']:<22} {d['reason']}")
        _out(f"        {d['episode']}")
    if result.suppressed:
        _out(tr("head.suppressed", lang).format(n=result.suppressed))
    return 0


@_book_errors
def ack_command(args: argparse.Namespace) -> int:
    from book.watch_store import WatchInputError, record_ack

    frames = _frames(args)
    found = {a.episode: a for a in _alert_set(args, frames).alerts}
    alert = found.get(args.episode)
    if alert is None:
        raise CliError(f"--episode: no open alert '{args.episode}' on this date (run `kinfolio "
                       "book alerts` to see the episodes; an episode already acknowledged or "
                       "closed is not shown)")
    action = "close" if args.close else "ack"
    try:
        rid = record_ack(_store(args), _user(args), alert, action, note=args.note)
    except WatchInputError as e:
        raise CliError(str(e)) from None
    if args.json:
        _print_json({"id": rid, "action": action, "episode": alert.episode})
    else:
        _out(tr("head.acked", _lang(args)).format(action=action, episode=alert.episode))
    return 0


# ----------------------------------------------------------------------------- activation
@_book_errors
def activation_command(args: argparse.Namespace) -> int:
    from book.activation import activation

    frames = _frames(args)
    if args.dormant_months is not None and args.dormant_months < 1:
        raise CliError("--dormant-months: must be at least 1")
    result = activation(frames, _date(args.as_of, "--as-of"), args.dormant_months, args.limit)
    lang, names, ccy = _lang(args), _names(frames), frames.meta.base_currency
    docs = []
    for c in result.clients:
        d = c.as_json()
        d["reasons"] = [sentence(r["code"], r["params"], lang, ccy) for r in d["reasons"]]
        d["suggested_actions"] = [sentence(r["code"], r["params"], lang, ccy)
                                  for r in d["suggested_actions"]]
        docs.append(d)
    if args.json:
        _print_json({"as_of": result.as_of.isoformat(), "clients": docs})
        return 0
    _out(tr("head.activation", lang).format(date=result.as_of.isoformat(), n=len(docs)))
    for d in docs:
        _out(f"{d['score']:6.1f}  {d['client_id']}  {names.get(d['client_id'], '')}  "
             f"({d['banker']})")
        for line in d["reasons"]:
            _out(f"        · {line}")
        for line in d["suggested_actions"]:
            _out(f"        → {line}")
    return 0


# ----------------------------------------------------------------------------- ledger
def ledger_command(args: argparse.Namespace) -> int:
    return {"list": _ledger_list, "follow-up": _ledger_followup,
            "export": _ledger_export}[args.ledger_action](args)


def _ledger(args: argparse.Namespace, frames):
    from book.ledger import LISTS, ledger
    from book.watch_store import followup_rows

    lists = None
    if getattr(args, "list", None):
        lists = [x.strip() for x in args.list.split(",") if x.strip()]
        bad = [x for x in lists if x not in LISTS]
        if bad:
            raise CliError(f"--list: unknown list {', '.join(bad)} (one of {', '.join(LISTS)})")
    return ledger(frames, followup_rows(_store(args)), _date(args.as_of, "--as-of"),
                  args.banker, lists)


@_book_errors
def _ledger_list(args: argparse.Namespace) -> int:
    frames = _frames(args)
    result = _ledger(args, frames)
    if args.json:
        _print_json(result.as_json())
        return 0
    from household.locale import money

    lang = _lang(args)
    for r in result.rows:
        _out(f"{tr('ledger.list.' + r.list, lang)}  {r.client_id}  {r.name}  {r.banker}  "
             f"{money(r.assets_with_us, r.currency, lang)}  "
             f"{tr('status.' + r.status, lang)}  {r.next_action or ''} "
             f"{r.next_date.isoformat() if r.next_date else ''}")
    return 0


@_book_errors
def _ledger_followup(args: argparse.Namespace) -> int:
    from book.watch_store import WatchInputError, record_followup

    frames = _frames(args)
    if args.client not in set(frames.clients["client_id"].astype(str)):
        raise CliError(f"--client: no client '{args.client}' in {args.book}")
    try:
        f = record_followup(_store(args), _user(args), args.client, args.what,
                            contact_date=_date(args.contact_date, "--contact-date"),
                            channel=args.channel, next_action=args.next_action,
                            next_date=_date(args.next_date, "--next-date"), status=args.status)
    except WatchInputError as e:
        raise CliError(str(e)) from None
    if args.json:
        _print_json(f.as_json())
    else:
        _out(tr("head.followup", _lang(args)).format(id=f.id, client=args.client))
    return 0


@_book_errors
def _ledger_export(args: argparse.Namespace) -> int:
    from book.ledger import COLUMNS, export_xlsx
    from book.watch_store import followup_rows

    if not args.xlsx:
        raise CliError("--xlsx: say which file to write")
    out = Path(args.xlsx)
    if out.suffix.lower() != ".xlsx":
        raise CliError(f"--xlsx: the file name must end with .xlsx (got {args.xlsx!r})")
    if not out.parent.exists():
        raise CliError(f"--xlsx: no folder {out.parent}")
    frames = _frames(args)
    result = _ledger(args, frames)
    lang = _lang(args)
    heads = tuple(tr(f"ledger.col.{c}", lang) for c in COLUMNS)
    rows = [(tr(f"ledger.list.{r.list}", lang), r.client_id, r.name, r.household_id, r.banker,
             r.assets_with_us, r.currency, r.last_contact, r.last_action, r.next_action,
             r.next_date, tr(f"status.{r.status}", lang)) for r in result.rows]
    clients = {r.client_id for r in result.rows}
    fcols = ("at", "actor", "client_id", "contact_date", "channel", "what", "next_action",
             "next_date", "status")
    frows = [(f.at.replace(tzinfo=None), f.actor, f.client_id, f.contact_date, f.channel, f.what,
              f.next_action, f.next_date, tr(f"status.{f.status}", lang))
             for f in followup_rows(_store(args)) if f.client_id in clients]
    from household.outfile import OutputError

    try:
        export_xlsx({tr("ledger.sheet.ledger", lang): (heads, rows),
                     tr("ledger.sheet.followups", lang): (
                         tuple(tr(f"ledger.col.{c}", lang) for c in fcols), frows)},
                    out, money_columns={tr("ledger.sheet.ledger", lang): (5,)},
                    force=args.force)
    except OutputError as e:
        raise CliError(f"--xlsx: {e}") from None
    from store import audit

    audit.record(_store(args), _user(args), "export", None, None,
                 f"book ledger ({len(rows)} rows) to {out.name}")
    if args.json:
        _print_json({"file": str(out), "rows": len(rows), "followups": len(frows)})
    else:
        _out(f"{out}: {len(rows)} rows, {len(frows)} follow-ups")
    return 0


# ----------------------------------------------------------------------------- calendar
@_book_errors
def calendar_command(args: argparse.Namespace) -> int:
    from book.calendar import contact_calendar
    from book.watch_store import followup_rows

    frames = _frames(args)
    start = _date(args.start, "--from") or frames.meta.as_of
    end = _date(args.end, "--to") or start + dt.timedelta(days=30)
    if end < start:
        raise CliError(f"--to: {end.isoformat()} is before --from {start.isoformat()}")
    cal = contact_calendar(frames, start, end, args.banker, followup_rows(_store(args)))
    lang, names = _lang(args), _names(frames)
    docs = []
    for e in cal.entries:
        d = e.as_json()
        p = dict(e.params)
        p["client"] = names.get(e.client_id or "", "")
        d["text"] = sentence(f"calendar.{e.kind}", p, lang)
        docs.append(d)
    if args.ics:
        _write_ics(Path(args.ics), docs, args.force)
    if args.json:
        _print_json({"start": start.isoformat(), "end": end.isoformat(), "entries": docs})
        return 0
    _out(tr("head.calendar", lang).format(start=start.isoformat(), end=end.isoformat(),
                                          n=len(docs)))
    for d in docs:
        _out(f"{d['date']}  {d['banker']:<10} {d['text']}")
    return 0


def _write_ics(path: Path, docs: list[dict], force: bool) -> None:
    from icalendar import Calendar, Event

    from household.outfile import OutputError, write_bytes

    if not path.parent.exists():
        raise CliError(f"--ics: no folder {path.parent}")
    cal = Calendar()
    cal.add("prodid", "-//Kinfolio//book calendar//EN")
    cal.add("version", "2.0")
    for i, d in enumerate(docs):
        ev = Event()
        ev.add("uid", f"kinfolio-{d['date']}-{d['kind']}-{d['client_id'] or d['banker']}-{i}")
        ev.add("summary", d["text"])
        ev.add("dtstart", dt.date.fromisoformat(d["date"]))
        ev.add("dtstamp", dt.datetime.now(dt.UTC))
        cal.add_component(ev)
    try:
        write_bytes(path, cal.to_ical(), force=force)
    except OutputError as e:
        raise CliError(f"--ics: {e}") from None


# ----------------------------------------------------------------------------- linkage
@_book_errors
def linkage_command(args: argparse.Namespace) -> int:
    from book.linkage import linkage

    frames = _frames(args)
    result = linkage(frames, _date(args.as_of, "--as-of"), args.banker)
    lang, ccy = _lang(args), frames.meta.base_currency
    docs = []
    for c in result.companies[:args.limit] if args.limit else result.companies:
        d = c.as_json()
        d["opportunities"] = [sentence(o["code"], o["params"], lang, ccy)
                              for o in d["opportunities"]]
        docs.append(d)
    if args.json:
        _print_json({"as_of": result.as_of.isoformat(), "companies": docs})
        return 0
    _out(tr("head.linkage", lang).format(n=len(docs)))
    for d in docs:
        _out(f"{d['score']:6.1f}  {d['company_id']}  {d['name']}  ({d['banker']})")
        for line in d["opportunities"]:
            _out(f"        · {line}")
    return 0
