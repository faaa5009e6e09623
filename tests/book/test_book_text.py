"""Every sentence of the watch in English, 繁體中文 and 简体中文."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from book.activation import activation
from book.alerts import alerts
from book.calendar import contact_calendar
from book.linkage import linkage
from cli.book_text import T, alert_sentence, sentence
from tests.book.watch_helpers import watch_small

LANGS = ("en", "zh-Hant", "zh-Hans")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


@pytest.mark.parametrize("key", sorted(T))
def test_three_languages_same_fields(key):
    en, hant, hans = T[key]
    assert en and hant and hans
    assert _fields(en) == _fields(hant) == _fields(hans)
    if _HAN.search(hant) and key not in ("word.none",):
        assert _HAN.search(hans)


def test_every_result_of_the_small_book_reads_in_three_languages():
    frames = watch_small()
    names = dict(zip(frames.clients["client_id"], frames.clients["name"], strict=True))
    alert_docs = [a.as_json() for a in alerts(frames).alerts]
    act = activation(frames).as_json()["clients"]
    link = linkage(frames).as_json()["companies"]
    cal = contact_calendar(frames, dt.date(2026, 1, 1), dt.date(2026, 12, 31)).as_json()
    for lang in LANGS:
        for a in alert_docs:
            s = alert_sentence(a, names[a["client_id"]], lang)
            assert names[a["client_id"]] in s and "{" not in s
            assert ("UNVERIFIED" in s) == (lang == "en" and a["kind"] == "large_value")
        for c in act:
            for r in (*c["reasons"], *c["suggested_actions"]):
                assert sentence(r["code"], r["params"], lang, "CNY")
        for c in link:
            for o in c["opportunities"]:
                assert sentence(o["code"], o["params"], lang, "CNY")
        for e in cal["entries"]:
            assert sentence(f"calendar.{e['kind']}", {**e["params"], "client": "X"}, lang)


def test_amounts_as_people_write_them():
    p = {"before": 3006600.0, "after": 1625000.0, "fraction": 0.46, "days": 30,
         "client": "劉強", "date": "2026-11-09", "currency": "CNY"}
    assert "¥301萬" in sentence("balance_drop.fraction", p, "zh-Hant")
    assert "¥301万" in sentence("balance_drop.fraction", p, "zh-Hans")
    assert "¥3.01M" in sentence("balance_drop.fraction", p, "en")
    assert "46.0%" in sentence("balance_drop.fraction", p, "en")


ENGINE_CODES = (
    "large_value.single", "large_value.day", "abnormal_flow.amount", "abnormal_flow.new",
    "abnormal_flow.cash_burst", "outflow_to_other_bank.amount", "outflow_to_other_bank.new",
    "large_inflow.amount", "large_inflow.new", "balance_drop.fraction",
    "payroll_change.missing", "payroll_change.shrunk", "payroll_change.moved",
    "dormant_reactivated.amount", "kyc_due.overdue", "kyc_due.soon",
    *(f"maturity.{k}" for k in ("time_deposit", "certificate_of_deposit", "wealth_product",
                                "fund", "bond", "structured", "insurance", "loan", "mortgage",
                                "credit_card")),
)


@pytest.mark.parametrize("code", ENGINE_CODES)
def test_every_alert_code_has_a_sentence(code):
    from cli.book_text import template

    for lang in LANGS:
        assert template(code, lang)


def test_new_outflow_sentence():
    p = {"client": "王大明", "date": "2026-11-18", "amount": 800000.0, "currency": "CNY",
         "share_of_liquid": 0.319, "txn_kind": "transfer", "direction": "out"}
    assert "31.9%" in sentence("outflow_to_other_bank.new", p, "zh-Hans")
    assert "80万" in sentence("outflow_to_other_bank.new", p, "zh-Hans")
