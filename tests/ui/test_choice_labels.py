"""The editor shows the file's choice values (separate, deposit, essential, us/other, …)
translated, and still saves the file's values."""

from __future__ import annotations

from store.storage import Store
from tests.ui.conftest import goto, texts
from ui.forms import RELATIONS, SECTIONS, household_specs, specs_for
from ui.i18n import LANGS, choice_label, tr


def _choice_specs():
    out = [(s.name, s.choices) for sec in SECTIONS for s in specs_for(sec) if s.kind == "choice"]
    out += [(s.name, s.choices) for k in RELATIONS for s in specs_for("relations", k)
            if s.kind == "choice"]
    out += [(s.name, s.choices) for s in household_specs() if s.kind == "choice"]
    return out


def test_every_choice_value_has_a_label_in_three_languages():
    codes = {f"R{i}" for i in range(1, 6)} | {f"C{i}" for i in range(1, 6)}  # shown as codes
    for name, values in _choice_specs():
        for value in values:
            if value in codes:
                assert choice_label(name, value, "zh-Hant") == value
                continue
            labels = [choice_label(name, value, lang) for lang in LANGS]
            assert all(labels) and labels[1] != value and labels[2] != value, (name, value)
    assert choice_label("at_bank", "us", "zh-Hant") == "本行"
    assert choice_label("marital", "separate", "zh-Hans") == "个人财产"
    assert choice_label("regime", "separate", "en") == "Separation of property"


def _marital(at):
    found = [w for w in at.selectbox if "_ownership_0_marital" in (w.key or "")]
    assert found, [w.key for w in at.selectbox]
    return found[0]


def test_choice_values_round_trip_in_traditional_chinese(app, db):
    app.selectbox(key="hid_pick").set_value("demo-cn-chen").run()
    app.selectbox(key="lang_pick").set_value("zh-Hant").run()
    goto(app, "edit")
    box = _marital(app)
    assert "個人財產" in box.options and "婚後共同財產" in box.options
    assert "separate" not in box.options and "marital" not in box.options
    box.set_value("separate")  # the widget holds the file's value behind the label
    next(b for b in app.button if (b.key or "").startswith("apply_")).click()
    app.run()
    assert not app.exception and not app.error
    assert _marital(app).value == "separate" and _marital(app).format_func("separate") == "個人財產"
    app.button(key="ed_save").click().run()
    assert any(s.value == tr("ed.saved", "zh-Hant", version=2) for s in app.success)
    saved = Store(db).load("demo-cn-chen")
    assert saved.ownership[0].marital == "separate"  # the file's value, not the label
    # the table column offers the same translated labels
    shown = texts(app)
    assert "個人財產" in shown
    # holdings: with us / another bank, deposit, in the table's select boxes
    app.session_state["ed_section_v"] = "holdings"
    goto(app, "edit")
    shown = texts(app)
    assert "本行" in shown and "存款" in shown
    assert Store(db).load("demo-cn-chen").holdings[0].at_bank == "us"
