"""The facts the succession law depends on are editable in the app (issue 10 items 7-8): the
settlement-costs rate on the household form, past gifts and spouses who died earlier as tables."""

from __future__ import annotations

import pytest

from scenarios import death_today
from store.storage import Store
from tests.ui.conftest import goto
from ui.i18n import tr


def _section(at, section: str) -> None:
    at.selectbox(key="ed_section").set_value(tr(f"sec.{section}", "en")).run()
    assert not at.exception


def test_settlement_costs_rate_is_edited_saved_and_used(app, db):
    app.selectbox(key="hid_pick").set_value("demo-tw-lin").run()
    goto(app, "edit")
    _section(app, "household")
    rate = next(w for w in app.number_input if w.key.endswith("_settlement_costs_rate"))
    rate.set_value(0.01)
    next(b for b in app.button if (b.key or "").startswith("apply_")).click()
    app.run()
    assert not app.exception and not app.error
    app.button(key="ed_save").click().run()
    hh = Store(db).load("demo-tw-lin")
    assert hh.settlement_costs_rate == pytest.approx(0.01)
    res = death_today(hh, "lin_zhiming")
    assert res.costs == pytest.approx(0.01 * res.gross_estate)


@pytest.mark.parametrize("section", ["gifts", "prior_deaths"])
def test_gifts_and_prior_deaths_have_their_own_table(app, section):
    app.selectbox(key="hid_pick").set_value("demo-cn-chen").run()
    goto(app, "edit")
    _section(app, section)
    assert not app.exception
    assert any(tr("ed.table_help", "en") == c.value for c in app.caption)
