"""The live what-if on the plan page: sliders answer on common random numbers (no change: exactly
no difference), the year-by-year table is there, and it works in meeting mode without a download."""

from __future__ import annotations

from tests.ui.conftest import goto, texts
from ui.i18n import tr

HID = "demo-tw-lin"


def _plan(app):
    app.selectbox(key="hid_pick").set_value(HID).run()
    return goto(app, "plan")


def _metric(app, key):
    return next(m for m in app.metric if m.label == tr(key, "en"))


def test_sliders_answer_with_the_difference_and_its_standard_error(app):
    _plan(app)
    assert _metric(app, "wi.with").value == _metric(app, "wi.now").value
    assert _metric(app, "wi.se").value == "± 0.0 points"  # no change: the very same futures
    spend = app.slider(key=f"wi_spend_{HID}")
    spend.set_value(spend.max).run()
    assert not app.exception
    assert _metric(app, "wi.with").value != _metric(app, "wi.now").value or \
        _metric(app, "wi.se").value != "± 0.0 points"
    app.slider(key=f"wi_age_{HID}").set_value(75).run()
    app.select_slider(key=f"wi_risk_{HID}_en").set_value("C2").run()
    assert not app.exception, [e.value for e in app.exception]
    shown = texts(app)
    assert tr("wi.col_p50", "en") in shown and tr("wi.median_now", "en") in shown
    assert [b for b in app.get("download_button") if "wi_csv_" in (b.proto.id or "")]


def test_the_what_if_works_in_meeting_mode_without_a_download(app):
    _plan(app)
    app.text_input(key="meeting_pin").input("2468")
    app.button(key="enter_meeting").click().run()
    goto(app, "plan")
    app.slider(key=f"wi_gift_{HID}").set_value(app.slider(key=f"wi_gift_{HID}").max).run()
    assert not app.exception
    assert float(_metric(app, "wi.with").value.rstrip("%")) <= float(
        _metric(app, "wi.now").value.rstrip("%"))
    assert not [b for b in app.get("download_button") if "csv_" in (b.proto.id or "")]
