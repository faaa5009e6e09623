"""AppTest of every page and the flows of issue 5 (language, household, editing, history,
meeting mode)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from household import DEMO_IDS, demo, to_dict
from household.safe_text import markdown_text
from household.script import in_script
from store.storage import Store
from tests.ui.conftest import APP, PAGES, calm_errors, goto, texts
from ui.i18n import LANGS, tr

MARKERS = {
    "household": "ZZ-HOUSEHOLD-NOTE", "person": "ZZ-PERSON-NOTE", "company": "ZZ-COMPANY-NOTE",
    "holding": "ZZ-HOLDING-NOTE", "liability": "ZZ-LIABILITY-NOTE", "policy": "ZZ-POLICY-NOTE",
}


def _pick_household(at, hid):
    at.selectbox(key="hid_pick").set_value(hid).run()
    assert at.session_state["hid"] == hid


def _pick_language(at, lang):
    at.selectbox(key="lang_pick").set_value(lang).run()
    assert at.session_state["lang"] == lang


@pytest.mark.parametrize("hid", DEMO_IDS)
def test_every_page_on_every_demo_in_every_language(app, hid):
    _pick_household(app, hid)
    for lang in LANGS:
        _pick_language(app, lang)
        for page in PAGES:
            goto(app, page)
            assert not calm_errors(app), (hid, lang, page)
            assert app.title or app.markdown, (hid, lang, page)
        for view in ("ownership", "balance", "banking", "network"):
            app.session_state["hh_view_v"] = view
            goto(app, "household")
            assert not calm_errors(app), (hid, lang, view)
    # the household page names the family in the chosen language's labels
    goto(app, "household")
    labels = [m.label for m in app.metric]
    assert tr("hh.net_worth", "zh-Hans") in labels


def test_switch_language_and_household(app):
    goto(app, "household")
    assert next(m.label for m in app.metric) == tr("hh.net_worth", "en")
    _pick_language(app, "zh-Hant")
    labels = [m.label for m in app.metric]
    assert labels[0] == "家族淨資產"
    value = app.metric[0].value
    assert "萬" in value or "億" in value  # Chinese amounts in 萬/億
    _pick_household(app, "demo-cn-chen")
    # shown literally, in the reader's script (陈氏家族 typed in 简体 reads 陳氏家族 in 繁體)
    assert app.title[0].value == markdown_text(in_script(demo("demo-cn-chen"), "zh-Hant").name)
    assert app.title[0].value.startswith("陳氏家族")
    _pick_household(app, "demo-hksg-wong")
    assert app.title[0].value == markdown_text(in_script(demo("demo-hksg-wong"), "zh-Hant").name)
    assert app.metric[0].value.startswith("HK$")


def _share_input(at):
    found = [w for w in at.number_input if w.key.endswith("_ownership_0_share")]
    assert found, [w.key for w in at.number_input]
    return found[0]


def _apply(at):
    next(b for b in at.button if (b.key or "").startswith("apply_")).click()
    at.run()
    assert not at.exception


def test_invalid_stake_share_shows_message_and_saves_nothing(app, db):
    _pick_household(app, "demo-cn-chen")
    goto(app, "edit")
    _share_input(app).set_value(1.5)
    _apply(app)
    errors = " ".join(e.value for e in app.error)
    assert "share" in errors and "got 1\\.5" in errors  # the field and the value, shown literally
    assert any("share" in w.value for w in app.warning)  # inline, under the stakes table
    app.button(key="ed_save").click().run()
    assert any(e.value == tr("ed.not_saved", "en") for e in app.error)
    assert len(Store(db).history("demo-cn-chen")) == 1


def test_valid_edit_is_saved_as_a_new_version_in_history(app, db):
    _pick_household(app, "demo-cn-chen")
    goto(app, "edit")
    _share_input(app).set_value(0.55)
    _apply(app)
    assert not app.error
    app.text_input(key="ed_comment").set_value("share corrected")
    app.button(key="ed_save").click().run()
    assert any(s.value == tr("ed.saved", "en", version=2) for s in app.success)
    hist = Store(db).history("demo-cn-chen")
    assert [h.version for h in hist] == [1, 2]
    assert hist[-1].comment == "share corrected" and hist[-1].saved_by == "test-banker"
    assert Store(db).load("demo-cn-chen").ownership[0].share == pytest.approx(0.55)
    # the history table on the page lists the new version
    history = [df.value for df in app.dataframe if "sha256" in df.value.columns]
    assert history and 2 in list(history[0][tr("col.version", "en")])


def test_restore_an_old_version(app, db):
    _pick_household(app, "demo-cn-chen")
    goto(app, "edit")
    _share_input(app).set_value(0.5)
    _apply(app)
    app.button(key="ed_save").click().run()
    app.selectbox(key="restore_which").set_value(1).run()
    app.button(key="ed_restore").click().run()
    store = Store(db)
    assert [h.version for h in store.history("demo-cn-chen")] == [1, 2, 3]
    assert to_dict(store.load("demo-cn-chen", 3)) == to_dict(store.load("demo-cn-chen", 1))


def test_edit_in_progress_survives_page_switches(app):
    _pick_household(app, "demo-cn-chen")
    goto(app, "edit")
    _share_input(app).set_value(0.42)
    _apply(app)
    goto(app, "household")
    goto(app, "plan")
    goto(app, "edit")
    assert _share_input(app).value == pytest.approx(0.42)
    assert tr("ed.unsaved", "en") in " ".join(c.value for c in app.caption)


def test_stale_save_is_refused_with_a_message(app, db):
    _pick_household(app, "demo-cn-chen")
    goto(app, "edit")
    _share_input(app).set_value(0.5)
    _apply(app)
    other = Store(db)  # someone else saves first
    other.save(demo("demo-cn-chen").model_copy(update={"name": "Changed elsewhere"}), "colleague",
               based_on=1)
    app.button(key="ed_save").click().run()
    assert any("version 2" in e.value for e in app.error)
    assert len(other.history("demo-cn-chen")) == 2


def _with_markers(hid: str):
    hh = demo(hid)
    doc = to_dict(hh)
    doc["notes"] = MARKERS["household"]
    doc["people"][0]["notes"] = MARKERS["person"]
    doc["companies"][0]["notes"] = MARKERS["company"]
    doc["holdings"][0]["notes"] = MARKERS["holding"]
    doc["liabilities"][0]["notes"] = MARKERS["liability"]
    doc["policies"][0]["notes"] = MARKERS["policy"]
    from household import from_dict

    return from_dict(doc)


def test_meeting_mode_hides_every_internal_panel(app, db):
    hid = "demo-cn-chen"
    Store(db).save(_with_markers(hid), "test-banker", based_on=1)
    _pick_household(app, hid)
    # positive control: the bank's view shows the notes
    goto(app, "insights")
    seen = texts(app)
    for m in ("household", "person", "company"):
        assert MARKERS[m] in seen
    goto(app, "household")
    app.text_input(key="meeting_pin").input("2468")
    app.button(key="enter_meeting").click().run()
    assert app.session_state["meeting"] is True
    other_names = [demo(d).name for d in DEMO_IDS if d != hid]
    for page in ("household", "plan", "succession", "proposal"):
        goto(app, page)
        shown = texts(app)
        for marker in MARKERS.values():
            assert marker not in shown, (page, marker)
        for name in other_names:
            assert name not in shown, (page, name)
        assert tr("nav.insights", "en") not in shown
        assert tr("col.margin", "en") not in shown
        assert "hid_pick" not in [s.key for s in app.selectbox]
    for page in ("insights", "edit"):  # internal pages are not in the navigation at all
        with pytest.raises(ValueError):
            app.switch_page(f"ui/pages/{page}.py")


def test_meeting_mode_needs_a_pin_without_password_and_leaving_needs_it(app):
    app.button(key="enter_meeting").click().run()  # single-banker mode: no password, no PIN
    assert app.session_state["meeting"] is False
    assert tr("side.pin_required", "en") in [c.value for c in app.sidebar.caption]
    app.text_input(key="meeting_pin").input("2468")
    app.button(key="enter_meeting").click().run()
    assert app.session_state["meeting"] is True
    app.button(key="leave_meeting").click().run()  # nothing typed: still in meeting mode
    assert app.session_state["meeting"] is True
    app.text_input(key="leave_secret").input("1357")
    app.button(key="leave_meeting").click().run()
    assert app.session_state["meeting"] is True
    app.text_input(key="leave_secret").input("2468")
    app.button(key="leave_meeting").click().run()
    assert app.session_state["meeting"] is False


def test_meeting_mode_survives_a_new_session_of_the_same_banker(app, db):
    """A reload or a new tab is a new Streamlit session: it finds the meeting in the store."""
    _pick_household(app, "demo-tw-lin")
    app.text_input(key="meeting_pin").input("2468")
    app.button(key="enter_meeting").click().run()
    fresh = AppTest.from_file(APP, default_timeout=120)
    fresh.run()
    assert not fresh.exception
    assert fresh.session_state["meeting"] is True
    assert fresh.session_state["hid"] == "demo-tw-lin"
    assert "hid_pick" not in [s.key for s in fresh.selectbox]
    assert tr("hh.banking", "en") not in texts(fresh)
    with pytest.raises(ValueError):
        fresh.switch_page("ui/pages/edit.py")
    # leaving in one tab ends the meeting in the other on its next run
    fresh.text_input(key="leave_secret").input("2468")
    fresh.button(key="leave_meeting").click().run()
    app.run()
    assert app.session_state["meeting"] is False


def test_household_page_shows_network_balance_sheet_and_banking(app):
    _pick_household(app, "demo-cn-chen")
    goto(app, "household")
    cols = {}
    for view in ("balance", "banking", "ownership"):
        app.session_state["hh_view_v"] = view
        app.run()
        assert not app.exception and not calm_errors(app)
        cols[view] = [set(df.value.columns) for df in app.dataframe]
    assert any(tr("col.business", "en") in c for c in cols["balance"])  # balance sheet
    assert any(tr("col.loans_other", "en") in c for c in cols["banking"])  # banking relationship
    assert any(tr("hh.controller", "en") in c for c in cols["ownership"])  # controllers
    app.session_state["hh_view_v"] = "network"
    app.run()
    app.selectbox(key="node_pick").set_value("huaxin_precision").run()
    detail = " ".join(m.value for m in app.markdown)
    assert "陈建国" in detail  # the controller is named in the node details


def test_run_a_plan_with_progress_and_cached_results(app):
    _pick_household(app, "demo-cn-chen")
    goto(app, "plan")
    assert app.session_state["pl_paths_v"] == 200  # small paths from KINFOLIO_UI_PATHS
    labels = [m.label for m in app.metric]
    assert tr("pl.all_essential", "en") in labels
    goals = [df.value for df in app.dataframe if tr("col.goal", "en") in df.value.columns]
    assert goals and len(goals[0]) == len(demo("demo-cn-chen").goals)
    assert all(" futures" in v for v in goals[0][tr("col.probability", "en")])
    stress = [df.value for df in app.dataframe if tr("pl.shock", "en") in df.value.columns]
    assert stress and len(stress[0]) >= 4
    first = [m.value for m in app.metric]
    goto(app, "household")
    goto(app, "plan")  # same version and settings: the cached result, the same numbers
    assert [m.value for m in app.metric] == first
    # another risk level is another plan
    app.selectbox(key="pl_risk_demo-cn-chen").set_value("C2").run()
    assert not app.exception and not calm_errors(app)


def test_compare_two_scenarios_side_by_side(app):
    _pick_household(app, "demo-cn-chen")
    goto(app, "succession")
    ms = app.multiselect(key="su_scen_demo-cn-chen_chen_jianguo")
    ms.set_value(["will", "insurance"]).run()
    table = next(df.value for df in app.dataframe if tr("col.measure", "en") in df.value.columns)
    assert len(table.columns) == 1 + 3  # the measure, the current case and two scenarios
    assert tr("su.base", "en") in table.columns
    rows = list(table[tr("col.measure", "en")])
    assert tr("su.tax_costs", "en") in rows and tr("su.liquidity_gap", "en") in rows
    assert any(r.startswith("Net to") for r in rows)
    # the plain sentence behind each number
    assert any("tax" in m.value.lower() for m in app.markdown)
    # the other spouse dies instead
    app.selectbox(key="su_deceased_demo-cn-chen").set_value("wang_meiling").run()
    assert not app.exception and not calm_errors(app)


def test_generate_the_proposal_pdf(app):
    _pick_household(app, "demo-tw-lin")
    goto(app, "proposal")
    app.selectbox(key="pr_lang").set_value("zh-Hant").run()
    app.button(key="pr_generate").click().run()
    assert not calm_errors(app)
    pdf = app.session_state["pr_pdf"][1]
    assert pdf.startswith(b"%PDF")
    assert any(s.value.startswith("The proposal is ready") for s in app.success)


def test_simulated_deaths_across_futures(app):
    _pick_household(app, "demo-cn-chen")
    goto(app, "succession")
    app.button(key="su_run_mc").click().run()
    assert not app.exception and not calm_errors(app)
    labels = [m.label for m in app.metric]
    assert tr("su.p_gap", "en") in labels and tr("su.expected_tax", "en") in labels
    heirs = next(df.value for df in app.dataframe if tr("col.heir", "en") in df.value.columns)
    assert tr("su.next_gen", "en") in list(heirs[tr("col.heir", "en")])


def test_an_unexpected_error_shows_a_calm_message_not_a_traceback(app, monkeypatch):
    import ui.views.household as page

    def boom(*_a, **_k):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(page, "facts_of", boom)
    goto(app, "household")
    assert calm_errors(app)
    assert "secret internals" not in texts(app)
    assert not app.exception


def test_a_domain_error_is_explained(app, monkeypatch):
    import scenarios
    import ui.compute as compute

    def refuse(*_a, **_k):
        raise scenarios.SuccessionError("the deceased 'x' is not in the household")

    monkeypatch.setattr(compute, "_compare", refuse)
    goto(app, "succession")
    assert any("is not in the household" in w.value for w in app.warning)


def test_a_meeting_on_a_household_no_longer_assigned_shows_no_other_household(app, db):
    from store import meeting

    meeting.enter(Store(db), "test-banker", "no-such-household", pin="2468")
    fresh = AppTest.from_file(APP, default_timeout=120)
    fresh.run()
    assert not fresh.exception
    assert fresh.session_state["meeting"] is True
    shown = texts(fresh)
    for did in DEMO_IDS:
        assert demo(did).name not in shown
