"""The key-client ledger (重點客戶台賬): who is on it, who serves them, what was done, what is next.

Lists, as the practice names them: ``vip`` (personal clients with assets with us at or above the
VIP level), ``loan`` (clients with a loan or mortgage with us), ``payroll_company`` (companies
paying staff through us, 代發工資) and ``payroll_staff`` (their staff who are our clients),
``succession`` (clients of families in succession planning: a will, a trust, or a founder past the
succession age). A client can be on several lists. Last contact, next action and status come from
the follow-ups recorded in the store (``book.watch_store``); the ledger itself is computed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from book import watch_db
from book.frames import BookFrames
from book.watch_config import _freeze, _in_force, _load, cny_factor
from book.watch_store import FollowUp

LISTS = ("vip", "loan", "payroll_company", "payroll_staff", "succession")
COLUMNS = ("list", "client_id", "name", "household_id", "banker", "assets_with_us", "currency",
           "last_contact", "last_action", "next_action", "next_date", "status")


@dataclass(frozen=True)
class LedgerRow:
    list: str
    client_id: str
    name: str
    household_id: str | None
    banker: str
    assets_with_us: float
    currency: str
    last_contact: dt.date | None
    last_action: str | None
    next_action: str | None
    next_date: dt.date | None
    status: str  # the latest follow-up's status, "none" without one
    detail: MappingProxyType  # why the client is on the list (codes' parameters)

    def as_json(self) -> dict:
        iso = lambda d: None if d is None else d.isoformat()  # noqa: E731
        return {"list": self.list, "client_id": self.client_id, "name": self.name,
                "household_id": self.household_id, "banker": self.banker,
                "assets_with_us": round(self.assets_with_us, 2), "currency": self.currency,
                "last_contact": iso(self.last_contact), "last_action": self.last_action,
                "next_action": self.next_action, "next_date": iso(self.next_date),
                "status": self.status, "detail": dict(self.detail)}


@dataclass(frozen=True)
class Ledger:
    as_of: dt.date
    rows: tuple[LedgerRow, ...]

    def as_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "rows": [r.as_json() for r in self.rows]}


def ledger_rules(on: dt.date) -> Mapping:
    return _freeze(_in_force(_load("watch_ledger.json")["versions"], on, "ledger rules"))


def assets_with_us(frames: BookFrames, as_of: dt.date) -> dict[str, float]:
    """Positive month-end balances (not loans) per client, in the base currency."""
    acc = watch_db.account_info(frames)
    b = frames.balances[frames.balances["date"] <= pd.Timestamp(as_of)]
    last = b.sort_values("date").groupby("account_id", sort=False).tail(1).merge(
        acc, on="account_id")
    last = last[last["rate"].notna()]
    v = (last["balance"].clip(lower=0) * last["rate"]).groupby(
        last["client_id"].astype(str)).sum()
    return {str(k): float(x) for k, x in v.items()}


def ledger(frames: BookFrames, followups: Iterable[FollowUp] = (), as_of: dt.date | None = None,
           banker: str | None = None, lists: Iterable[str] | None = None) -> Ledger:
    """The ledger on ``as_of``: one row per client and list, sorted by list, banker, assets."""
    as_of = as_of or frames.meta.as_of
    rules = ledger_rules(as_of)
    factor = cny_factor(frames.meta)
    held = assets_with_us(frames, as_of)
    c = frames.clients.assign(client_id=frames.clients["client_id"].astype(str))
    info = c.set_index("client_id")
    hh_of = frames.client_households()
    members: dict[str, dict[str, dict]] = {k: {} for k in LISTS}
    persons = c[c["kind"] == "person"]["client_id"]
    for cid in persons:
        if held.get(cid, 0.0) >= float(rules["vip_assets"]) * factor:
            members["vip"][cid] = {"private_banking": held.get(cid, 0.0) >= float(
                rules["private_banking_assets"]) * factor}
    acc = frames.accounts
    open_acc = acc[acc["closed"].isna() | (acc["closed"] > pd.Timestamp(as_of))]
    loans = open_acc[open_acc["kind"].isin(list(rules["loan_kinds"]))]
    loan_kinds: dict[str, set[str]] = {}
    for cid, kind in zip(loans["client_id"].astype(str).tolist(),
                         loans["kind"].astype(str).tolist(), strict=True):
        loan_kinds.setdefault(cid, set()).add(kind)
    for cid in sorted(loan_kinds):
        members["loan"][cid] = {"kinds": tuple(sorted(loan_kinds[cid]))}
    payroll = set(open_acc.loc[open_acc["kind"] == "payroll_agency", "client_id"].astype(str))
    staff = _staff(frames, payroll)
    for cid in payroll:
        emp = info.at[cid, "employees"] if cid in info.index else None
        members["payroll_company"][cid] = {
            "staff_with_us": len(staff.get(cid, ())),
            "employees": None if emp is None or pd.isna(emp) else int(emp)}
    for comp, people in staff.items():
        for p in people:
            members["payroll_staff"].setdefault(p, {"companies": ()})
            members["payroll_staff"][p] = {"companies": tuple(sorted(
                {*members["payroll_staff"][p]["companies"], comp}))}
    for hh in frames.households.values():
        why = _succession(hh, as_of, int(rules["succession_age"]))
        if why:
            for item in (*hh.people, *hh.companies):
                if item.client_id:
                    members["succession"][item.client_id] = {"reason": why}
    latest = _latest_followups(followups)
    wanted = set(lists) if lists else set(LISTS)
    # plain dicts: a DataFrame lookup per row (info.loc) cost 2.9 s for 22,000 rows
    name_of = dict(zip(c["client_id"], c["name"].astype(str), strict=True))
    banker_of = dict(zip(c["client_id"], c["banker"].astype(str), strict=True))
    rows = []
    for lst in LISTS:
        if lst not in wanted:
            continue
        for cid, detail in members[lst].items():
            if cid not in name_of:
                continue
            if banker is not None and banker_of[cid] != banker:
                continue
            f = latest.get(cid)
            rows.append(LedgerRow(
                lst, cid, name_of[cid], hh_of.get(cid), banker_of[cid], held.get(cid, 0.0),
                frames.meta.base_currency, None if f is None else f.contact_date,
                None if f is None else f.what, None if f is None else f.next_action,
                None if f is None else f.next_date, "none" if f is None else f.status,
                MappingProxyType(detail)))
    rows.sort(key=lambda x: (LISTS.index(x.list), x.banker, -x.assets_with_us, x.client_id))
    return Ledger(as_of, tuple(rows))


def _staff(frames: BookFrames, payroll: set[str]) -> dict[str, set[str]]:
    """company -> its staff who are our clients: relationships (employee, executive, director)
    and salaries paid by the company (counterparty_client on salary transactions)."""
    out: dict[str, set[str]] = {c: set() for c in payroll}
    rel = frames.relationships
    r = rel[rel["kind"].isin(("employee", "executive", "director")) &
            rel["to_client"].astype(str).isin(payroll)]
    for a, b in zip(r["from_client"].astype(str), r["to_client"].astype(str), strict=True):
        out[b].add(a)
    t = frames.transactions
    sal = t[(t["kind"] == "salary") & t["counterparty_client"].notna()]
    if not sal.empty:
        acc = frames.accounts.set_index("account_id")["client_id"].astype(str)
        pairs = pd.DataFrame({"company": sal["counterparty_client"].astype(str),
                              "person": sal["account_id"].map(acc)}).drop_duplicates()
        for comp, person in zip(pairs["company"], pairs["person"], strict=True):
            if comp in out and isinstance(person, str):
                out[comp].add(person)
    return out


def _succession(hh, as_of: dt.date, age: int) -> str | None:
    if hh.wills:
        return "will"
    if hh.trusts:
        return "trust"
    owners = {o.owner for o in hh.ownership if o.share > 0}
    for p in hh.people:
        years = as_of.year - p.birth_date.year - ((as_of.month, as_of.day) <
                                                  (p.birth_date.month, p.birth_date.day))
        if p.alive and p.id in owners and years >= age:
            return "founder_age"
    return None


def _latest_followups(followups: Iterable[FollowUp]) -> dict[str, FollowUp]:
    latest: dict[str, FollowUp] = {}
    for f in followups:
        cur = latest.get(f.client_id)
        if cur is None or f.id > cur.id:
            latest[f.client_id] = f
    return latest


# ----------------------------------------------------------------------------- Excel
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    """A cell value that a spreadsheet never runs as a formula: text starting with = + - @ (or a
    tab or line break) is prefixed with an apostrophe; numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def export_xlsx(sheets: Mapping[str, tuple[tuple[str, ...], list[tuple]]], path: str | Path,
                money_columns: Mapping[str, tuple[int, ...]] | None = None,
                force: bool = False) -> Path:
    """Write ``{sheet title: (headers, rows)}`` as a formatted workbook (bold frozen header,
    filters, column widths, thousands format for money, ISO dates), formula-safe, through the
    safe writer (``household.outfile``: an existing file only with ``force``)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from household.outfile import write_bytes

    wb = Workbook()
    wb.remove(wb.active)
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="1F4E79")
    for title, (headers, rows) in sheets.items():
        ws = wb.create_sheet(safe_cell(title)[:31].replace("'", ""))
        ws.append([safe_cell(h) for h in headers])
        for cell in ws[1]:
            cell.font, cell.fill = head_font, head_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        widths = [max(8, min(40, len(str(h)) * 2)) for h in headers]
        money = set((money_columns or {}).get(title, ()))
        for row in rows:
            ws.append([safe_cell(v) for v in row])
            for i, v in enumerate(row):
                widths[i] = max(widths[i], min(40, len(str(v)) + 2 if v is not None else 0))
        for i in range(len(headers)):
            col = get_column_letter(i + 1)
            ws.column_dimensions[col].width = widths[i]
            for cell in ws[col][1:]:
                if i in money and isinstance(cell.value, (int, float)):
                    cell.number_format = "#,##0.00"
                elif isinstance(cell.value, (dt.date, dt.datetime)):
                    cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
        if rows:
            ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return write_bytes(path, buf.getvalue(), force=force)
