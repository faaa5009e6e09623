"""Writes watch_small/: a hand-made book for the watch tests (run once; the files are committed).

as_of 2026-11-30, base CNY, history from 2024-11. Every row is written explicitly below; the
events (one per alert kind) and the regular patterns that must NOT alert are commented where they
are made. The expected alerts, worked out by hand, are in watch_small.expected.json (beside the
book: a book folder holds only the spec's files).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

OUT = Path(__file__).parent / "watch_small"
MONTHS = [(2024 + (10 + i) // 12, (10 + i) % 12 + 1) for i in range(25)]  # 2024-11 .. 2026-11
rows: list[dict] = []


def d(y: int, m: int, day: int) -> str:
    return dt.date(y, m, day).isoformat()


def txn(acc: str, date: str, amount: float, kind: str, by: str = "", bank: str = "",
        cp: str = "", name: str = "", channel: str = "") -> None:
    rows.append({"txn_id": f"T{len(rows) + 1:05d}", "account_id": acc, "date": date,
                 "amount": f"{amount:.2f}", "kind": kind, "initiated_by": by,
                 "counterparty_bank": bank, "counterparty_client": cp,
                 "counterparty_name": name, "channel": channel})


for i, (y, m) in enumerate(MONTHS):
    last = (y, m) == (2026, 11)
    wobble = (i % 5) * 200  # card spending varies a little month to month
    # P01 (A01): salary from C01 on the 10th, card spend, mortgage to another bank on the 15th
    txn("A01", d(y, m, 10), 30000, "salary", bank="us", cp="C01", channel="batch")
    txn("A01", d(y, m, 3), -(3000 + wobble), "card", channel="pos")
    txn("A01", d(y, m, 21), -(5000 + wobble), "card", channel="pos")
    txn("A01", d(y, m, 15), -12000, "loan_repayment", bank="other", name="Mortgage, other bank")
    txn("A01", d(y, m, 25), 2000 + wobble, "transfer", bank="other", name="from spouse")
    if m == 2:  # yearly bonus from the employer in February: regular, never an alert
        txn("A01", d(y, m, 8), 600000, "transfer", bank="us", cp="C01", name="bonus")
    # P02 (A03): salary elsewhere arrives by transfer, a small cash withdrawal each month
    txn("A03", d(y, m, 12), 18000, "transfer", bank="other", name="salary")
    txn("A03", d(y, m, 14), -(2000 + wobble), "cash", channel="atm")
    txn("A03", d(y, m, 22), -(4000 + wobble), "card", channel="pos")
    # P04 (A05): salary, card; tax each quarter (Jan, Apr, Jul, Oct): regular, never an alert
    txn("A05", d(y, m, 9), 20000, "salary", bank="other")
    txn("A05", d(y, m, 18), -(3500 + wobble), "card", channel="pos")
    if m in (1, 4, 7, 10):
        txn("A05", d(y, m, 20), -150000, "tax", name="Tax bureau")
    # P05 (A06): a large savings account, a transfer in each month, card
    txn("A06", d(y, m, 5), 25000, "transfer", bank="other", name="rent received")
    txn("A06", d(y, m, 19), -(6000 + wobble), "card", channel="pos")
    # P08 (A10): nothing planted: salary, card, a monthly mortgage to another bank
    txn("A10", d(y, m, 10), 15000, "salary", bank="other")
    txn("A10", d(y, m, 12), -9000, "loan_repayment", bank="other", name="Mortgage, other bank")
    txn("A10", d(y, m, 25), -(2500 + wobble), "card", channel="pos")
    txn("A10", d(y, m, 26), 1000 + wobble, "transfer", bank="other", name="from parents")
    if m == 11:  # a year-end bonus each November from the employer: seasonal, never an alert
        txn("A10", d(y, m, 20), 600000, "transfer", bank="other", name="year-end bonus")
    # C01 (A07): payroll batch on the 10th, ~600k; February doubles (bonus)
    if not last:
        txn("A07", d(y, m, 10), -(1200000 if m == 2 else 600000 + 100 * i), "payroll_batch",
            channel="batch")
    # C02 (A08): payroll on the 5th, 400k: stops after October 2026
    if (y, m) <= (2026, 10):
        txn("A08", d(y, m, 5), -400000, "payroll_batch", channel="batch")
    # C03 (A09): payroll on the 15th, 300k; in February 2026 paid early, before 春節 (Feb 17)
    if (y, m) == (2026, 2):
        txn("A09", d(y, m, 5), -300000, "payroll_batch", channel="batch")
    elif not last:
        txn("A09", d(y, m, 15), -300000, "payroll_batch", channel="batch")
    # P03 (A04): quarterly interest credited by the bank (not activity)
    if m in (3, 6, 9, 12):
        txn("A04", d(y, m, 21), 800, "interest", by="bank")

# P03 (A04): last activity of the client in September 2025, then dormant
txn("A04", "2025-09-01", -2000, "transfer", bank="us")
# --- the events, all in November 2026
# payroll_change (shrunk): C01's batch halves
txn("A07", "2026-11-10", -300000, "payroll_batch", channel="batch")
# payroll_change (moved): C03 pays on the 28th instead of the 15th (no 春節 in November)
txn("A09", "2026-11-28", -300000, "payroll_batch", channel="batch")
# outflow_to_other_bank + large_value (person transfer >= 500k): P01 sends 800k elsewhere
txn("A01", "2026-11-18", -800000, "transfer", bank="other", name="Other Bank Wealth Mgmt")
# abnormal_flow (cash burst): P02 withdraws 20k cash five days running (each below 50k)
for day in (3, 4, 5, 6, 7):
    txn("A03", d(2026, 11, day), -20000, "cash", channel="branch")
# dormant_reactivated: P03's account wakes up with 300k leaving
txn("A04", "2026-11-20", -300000, "transfer", bank="other", name="Property developer")
# large_inflow + large_value: P04 redeems 2M of a product held elsewhere
txn("A05", "2026-11-12", 2000000, "redemption", bank="other", name="Other bank fund")
# balance_drop + large_value x2: P05 moves 1.4M of 3M out within a week, to P01's accounts
txn("A06", "2026-11-05", -700000, "transfer", bank="us", cp="P01")
txn("A06", "2026-11-09", -700000, "transfer", bank="us", cp="P01")

OUT.mkdir(exist_ok=True)
(OUT / "book.json").write_text(
    '{"format": "kinfolio.book/1", "as_of": "2026-11-30", "base_currency": "CNY", '
    '"fx": {"USD": 7.1, "HKD": 0.91}, "bank": "Watch Test Bank"}\n', encoding="utf-8")


def write(name: str, header: list[str], data: list[list | dict]) -> None:
    with open(OUT / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in data:
            w.writerow([r[h] for h in header] if isinstance(r, dict) else r)


write("clients.csv", ["client_id", "kind", "name", "birth_date", "sex", "banker", "branch",
                      "opened", "risk_level", "kyc_review_due", "employees"], [
    ["P01", "person", "王大明", "1960-03-15", "M", "amy", "Central", "2015-04-01", "C4",
     "2026-12-15", ""],
    ["P02", "person", "李美玲", "1985-12-08", "F", "amy", "Central", "2018-06-01", "C3",
     "2027-06-01", ""],
    ["P03", "person", "張偉", "1970-07-20", "M", "ben", "East", "2012-01-10", "C2",
     "2026-10-01", ""],
    ["P04", "person", "陳小紅", "1978-01-02", "F", "ben", "East", "2016-09-01", "C4",
     "2027-09-01", ""],
    ["P05", "person", "劉強", "1955-12-20", "M", "ben", "East", "2010-03-03", "C3",
     "2027-03-03", ""],
    ["P06", "person", "王小明", "2004-05-05", "M", "amy", "Central", "2022-09-01", "C2",
     "2028-01-01", ""],
    ["P08", "person", "趙敏", "1990-08-08", "F", "amy", "Central", "2019-02-01", "C3",
     "2028-02-01", ""],
    ["C01", "company", "華興科技有限公司", "", "", "amy", "Central", "2014-01-01", "",
     "2027-05-01", "120"],
    ["C02", "company", "東方貿易有限公司", "", "", "ben", "East", "2017-01-01", "", "", "60"],
    ["C03", "company", "南山製造有限公司", "", "", "ben", "East", "2019-01-01", "", "", "45"],
])
write("relationships.csv", ["from_client", "to_client", "kind", "share", "since"], [
    ["P01", "C01", "shareholder", "0.8", "2014-01-01"],
    ["P01", "C01", "director", "", "2014-01-01"],
    ["P01", "P06", "parent", "", ""],
    ["P02", "C01", "executive", "", "2019-01-01"],
    ["P08", "C01", "employee", "", "2019-02-01"],
    ["P04", "C02", "shareholder", "0.6", "2017-01-01"],
])
write("accounts.csv", ["account_id", "client_id", "kind", "currency", "opened", "closed",
                       "maturity", "product_id", "limit"], [
    ["A01", "P01", "current", "CNY", "2015-04-01", "", "", "", ""],
    ["A02", "P01", "time_deposit", "CNY", "2025-12-20", "", "2026-12-20", "", ""],
    ["A03", "P02", "current", "CNY", "2018-06-01", "", "", "", ""],
    ["A04", "P03", "savings", "CNY", "2012-01-10", "", "", "", ""],
    ["A05", "P04", "current", "CNY", "2016-09-01", "", "", "", ""],
    ["A06", "P05", "savings", "CNY", "2010-03-03", "", "", "", ""],
    ["A07", "C01", "payroll_agency", "CNY", "2014-01-01", "", "", "", ""],
    ["A08", "C02", "payroll_agency", "CNY", "2017-01-01", "", "", "", ""],
    ["A09", "C03", "payroll_agency", "CNY", "2019-01-01", "", "", "", ""],
    ["A10", "P08", "current", "CNY", "2019-02-01", "", "", "", ""],
    ["A11", "P06", "insurance", "CNY", "2017-01-15", "", "2027-01-15", "INS-EDU", ""],
    ["A12", "P04", "loan", "CNY", "2024-06-01", "", "2027-06-01", "", "1000000"],
    ["A13", "P06", "current", "CNY", "2022-09-01", "", "", "", ""],
])
balances = []
for acc, bal in (("A01", 1500000), ("A02", 1000000), ("A03", 320000), ("A04", 1250000),
                 ("A05", 300000), ("A06", 3000000), ("A07", 5000000), ("A08", 800000),
                 ("A09", 600000), ("A10", 40000), ("A11", 250000), ("A12", -600000),
                 ("A13", 2400000)):
    balances.append([acc, "2026-10-31", f"{bal:.2f}"])
write("balances.csv", ["account_id", "date", "balance"], balances)
write("transactions.csv", ["txn_id", "account_id", "date", "amount", "kind", "initiated_by",
                           "counterparty_bank", "counterparty_client", "counterparty_name",
                           "channel"], rows)
print(f"{len(rows)} transactions written to {OUT}")
