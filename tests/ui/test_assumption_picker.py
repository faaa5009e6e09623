"""The Plan page's assumption-set picker lists every shipped house set with the household's own
preselected, and the products it lists come from the household's market."""

from __future__ import annotations

from assets import available_assumptions, product_shelf
from ui.i18n import tr
from ui.views.plan import cma_label

from .conftest import goto, texts


def test_picker_lists_all_sets_with_the_households_preselected(app):
    app.selectbox(key="hid_pick").set_value("demo-tw-lin").run()
    goto(app, "plan")
    pick = app.selectbox(key="pl_cma_demo-tw-lin")
    names = {i: cma_label(i) for i in available_assumptions()}  # by currency and vintage
    assert list(pick.options) == list(names.values())
    assert pick.value == names["house-twd-2026"] == "TWD · 2026-01"
    assert not any(i in texts(app) for i in names)  # no set id on screen
    products = [df.value for df in app.dataframe if tr("col.item", "en") in df.value.columns]
    own = {p.name_en for p in product_shelf("TWD")}
    assert products and set(products[0][tr("col.item", "en")]) <= own
    pick.set_value(names["house-usd-2026"]).run()
    assert not app.exception
    assert app.session_state["pl_cma_demo-tw-lin_v"] == "house-usd-2026"
    app.selectbox(key="hid_pick").set_value("demo-hksg-wong").run()
    goto(app, "plan")
    assert app.session_state["pl_cma_demo-hksg-wong_v"] == "house-hkd-2026"
