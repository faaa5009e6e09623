"""Guided editor: each short form saves a valid new version (ids made from names, shares in
percent, dates from a picker), bad entries get a message in the screen's language and save
nothing, and the change comment is cleared after a save."""

from __future__ import annotations

import datetime as dt

from store.storage import Store
from tests.ui.conftest import goto
from ui.i18n import tr
from ui.views.guided import make_id, shares_of

HID = "demo-tw-lin"


def _open(app, form: str, lang: str = "en"):
    app.session_state["lang"] = lang
    app.selectbox(key="hid_pick").set_value(HID).run()
    app.session_state["gd_form_v"] = form
    goto(app, "edit")
    return app


def _submit(app, lang: str = "en"):
    label = tr("gd.add_save", lang)
    next(b for b in app.button if b.label == label).click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _latest(db):
    s = Store(db)
    return s.latest_version(HID), s.load(HID), s.history(HID)[-1]


def test_add_a_grandchild_saves_a_version_with_an_id_made_from_the_name(app, db):
    _open(app, "child")
    app.multiselect(key="gd0_child_parents").set_value(["lin_junhong"])
    app.text_input(key="gd0_child_name").input("林小安 Lin Xiao-an")
    app.radio(key="gd0_child_sex_en").set_value("F")
    app.date_input(key="gd0_child_born").set_value(dt.date(2021, 3, 14))
    _submit(app)
    v, hh, info = _latest(db)
    assert v == 2
    kid = hh.person("lin_xiao_an")
    assert kid.birth_date == dt.date(2021, 3, 14) and kid.sex == "F"
    assert any(getattr(r, "child", None) == "lin_xiao_an" and r.parent == "lin_junhong"
               for r in hh.relations)
    assert info.comment == "added 林小安 Lin Xiao-an"
    assert app.text_input(key="gd1_child_name").value == ""  # a fresh form for the next one


def test_add_a_spouse(app, db):
    _open(app, "spouse")
    app.selectbox(key="gd0_spouse_of").set_value("lin_peiyu")
    app.text_input(key="gd0_spouse_name").input("王大明 Wang Da-ming")
    app.radio(key="gd0_spouse_sex_en").set_value("M")
    app.date_input(key="gd0_spouse_born").set_value(dt.date(1990, 1, 2))
    app.date_input(key="gd0_spouse_on").set_value(dt.date(2020, 5, 20))
    _submit(app)
    _, hh, _ = _latest(db)
    sp = next(r for r in hh.relations if getattr(r, "b", None) == "wang_da_ming")
    assert sp.a == "lin_peiyu" and sp.married_on == dt.date(2020, 5, 20)


def test_add_a_company_with_owners_in_percent_and_services_as_checkboxes(app, db):
    _open(app, "company")
    app.text_input(key="gd0_company_name").input("林家投資 Lin Family Investment")
    app.number_input(key="gd0_company_value").set_value(50_000_000.0)
    app.number_input(key="gd0_company_payout").set_value(30.0)
    app.selectbox(key="gd0_company_owner0").set_value("lin_zhiming")
    app.number_input(key="gd0_company_share0").set_value(60.0)
    app.selectbox(key="gd0_company_owner1").set_value("chen_yahui")
    app.number_input(key="gd0_company_share1").set_value(40.0)
    app.checkbox(key="gd0_company_svc_payroll").check()
    _submit(app)
    _, hh, _ = _latest(db)
    c = hh.company("lin_family_investment")
    assert c.currency == "TWD" and c.jurisdiction == "TW" and c.payout_ratio == 0.3
    assert c.banking == {"payroll": "us"}
    stakes = {o.owner: o.share for o in hh.ownership if o.company == c.id}
    assert stakes == {"lin_zhiming": 0.6, "chen_yahui": 0.4}


def test_add_a_policy_with_beneficiaries(app, db):
    _open(app, "policy")
    app.selectbox(key="gd0_policy_insured").set_value("chen_yahui")
    app.selectbox(key="gd0_policy_holder").set_value("lin_zhiming")
    app.number_input(key="gd0_policy_assured").set_value(20_000_000.0)
    app.selectbox(key="gd0_policy_ben0").set_value("lin_junhong")
    app.number_input(key="gd0_policy_bshare0").set_value(50.0)
    app.selectbox(key="gd0_policy_ben1").set_value("lin_peiyu")
    app.number_input(key="gd0_policy_bshare1").set_value(50.0)
    _submit(app)
    _, hh, _ = _latest(db)
    pol = hh.policies[-1]
    assert pol.insured == "chen_yahui" and pol.sum_assured == 20_000_000.0
    assert {b.person: b.share for b in pol.beneficiaries} == {"lin_junhong": 0.5,
                                                              "lin_peiyu": 0.5}
    assert not pol.id.startswith("gd")


def test_record_a_past_gift(app, db):
    _open(app, "gift")
    app.selectbox(key="gd0_gift_donor").set_value("lin_zhiming")
    app.selectbox(key="gd0_gift_to").set_value("lin_yuchen")
    app.date_input(key="gd0_gift_date").set_value(dt.date(2024, 12, 1))
    app.number_input(key="gd0_gift_amount").set_value(2_440_000.0)
    _submit(app)
    _, hh, _ = _latest(db)
    g = hh.gifts[-1]
    assert (g.donor, g.to, g.date, g.amount, g.currency) == (
        "lin_zhiming", "lin_yuchen", dt.date(2024, 12, 1), 2_440_000.0, "TWD")


def test_a_bad_share_says_what_to_enter_in_the_screens_language_and_saves_nothing(app, db):
    _open(app, "policy", "zh-Hant")
    app.selectbox(key="gd0_policy_insured").set_value("chen_yahui")
    app.number_input(key="gd0_policy_assured").set_value(1_000_000.0)
    app.selectbox(key="gd0_policy_ben0").set_value("lin_junhong")
    app.number_input(key="gd0_policy_bshare0").set_value(150.0)
    _submit(app, "zh-Hant")
    errors = [e.value for e in app.error]
    assert tr("gd.share_range", "zh-Hant") in errors
    assert "請輸入介於 0% 與 100% 之間的比例。" in errors
    assert not any("Input should" in e or "validation error" in e for e in errors)
    assert Store(db).latest_version(HID) == 1


def test_the_change_comment_is_cleared_after_saving(app, db):
    app.selectbox(key="hid_pick").set_value(HID).run()
    goto(app, "edit")
    app.text_input(key="ed_comment").input("checked with the client")
    app.button(key="ed_save").click().run()
    assert Store(db).history(HID)[-1].comment == "checked with the client"
    assert app.text_input(key="ed_comment").value == ""


def test_ids_from_names_and_shares_in_percent():
    assert make_id("林小明", {"person"}, "person") == "person_2"
    assert make_id("Lin Xiaoming", set(), "person") == "lin_xiaoming"
    assert make_id("Lin Xiaoming", {"lin_xiaoming"}, "person") == "lin_xiaoming_2"
    picked, problems = shares_of([("a", 60.0), ("b", 40.0), (None, None)], must_total=True)
    assert picked == [("a", 0.6), ("b", 0.4)] and not problems
    assert shares_of([("a", 0.0)], must_total=False)[1] == ["gd.share_range"]
    assert shares_of([("a", 60.0)], must_total=True)[1] == ["gd.total_100"]
    assert shares_of([("a", 60.0), ("b", 50.0)], must_total=False)[1] == ["gd.total_over"]
    assert shares_of([("a", 50.0), ("a", 50.0)], must_total=True)[1] == ["gd.twice"]
