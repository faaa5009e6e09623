"""The editing page driven through AppTest with hostile values typed into its forms.

Counts: 28 rounds over 7 forms (household, people, companies, holdings, liabilities, cash flows,
goals): every text field gets an empty, Unicode, markup, formula or 5,000-character value and every
number field a huge, negative, zero or tiny value (every fourth round only legal but hostile text in
free-text fields and 0, 1e15 amounts); the draft is applied and saved. Each round ends
with a new version that loads, or with "nothing was saved" and the history unchanged — never an
exception, never the page's "could not be shown" fallback.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from store.storage import Store
from ui.i18n import tr

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ["household", "people", "companies", "holdings", "liabilities", "cash_flows", "goals"]
TEXTS = ["", "   ", "名字" * 2500, "<script>alert(1)</script>", "=1+1", "\u202e\u0000x",
         "![t](http://tracker.invalid/x.png)", "😀 陳大文"]
NUMBERS = [1e308, -1.0, 0.0, 1e-12, 1e19, -1e308, 123456789.5]
FREE_TEXT = {"name", "label", "product", "notes", "trustee", "banker", "industry"}
AMOUNTS = {"value", "amount", "equity_value", "annual_profit", "sum_assured", "cash_value"}
LEGAL_AMOUNTS = [0.0, 1e15, 123456789.5]


def test_28_rounds_of_hostile_form_values_save_valid_or_nothing(tmp_path, monkeypatch):
    db = tmp_path / "k.db"
    monkeypatch.setenv("KINFOLIO_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["hid"] = "demo-cn-chen"
    at.run()
    at.switch_page(str(ROOT / "ui" / "pages" / "edit.py")).run()
    store = Store(db)
    calm = tr("err.calm", "en")
    outcome = {"saved": 0, "refused": 0}
    for k in range(28):
        section = SECTIONS[k % len(SECTIONS)]
        at.session_state["ed_section_v"] = section
        at.run()
        assert not at.exception
        form = [w for w in (*at.text_input, *at.number_input)
                if w.key and w.key.startswith("f") and f"_{section}" in w.key]
        assert form, section
        legal = k % 4 == 3  # every fourth round: hostile but legal values in free-text fields
        for j, w in enumerate(form):
            field = w.label.split(" ")[0]
            if legal and field not in FREE_TEXT | AMOUNTS:
                continue
            if w in at.number_input:
                w.set_value(LEGAL_AMOUNTS[(k + j) % 3] if legal
                            else NUMBERS[(k + j) % len(NUMBERS)])
            else:
                w.input(TEXTS[2 + (k + j) % (len(TEXTS) - 2)] if legal
                        else TEXTS[(k + j) % len(TEXTS)])
        apply = next(b for b in at.button if b.key and b.key.startswith("apply_f"))
        apply.click().run()
        assert not at.exception and not [w for w in at.warning if w.value.startswith(calm)]
        before = store.latest_version("demo-cn-chen")
        at.button(key="ed_save").click().run()
        assert not at.exception and not [w for w in at.warning if w.value.startswith(calm)]
        after = store.latest_version("demo-cn-chen")
        if after != before:
            assert after == before + 1
            store.load("demo-cn-chen", after)  # what was saved reads back
            outcome["saved"] += 1
        else:
            assert any(tr("ed.not_saved", "en") in e.value for e in at.error)
            outcome["refused"] += 1
            at.button(key="ed_discard").click().run()  # start the next round from the store
    assert sum(outcome.values()) == 28
    assert outcome["refused"] > 0 and outcome["saved"] > 0
    history = store.history("demo-cn-chen")
    assert [h.version for h in history] == list(range(1, len(history) + 1))
