"""Guided editing: one short form per common change, saved as a new version in one click.

Add a child or grandchild, a spouse, a company with its owners and banking services, a policy with
its beneficiaries, a past gift; link a member or company to the bank's client record (``client_id``,
found by name in the imported book). People and companies are picked from lists (ids are made from
names, never typed), shares are entered as percentages, dates with a date picker. Every message is
in the screen's language and says what to enter; the file's own validation runs last and, should it
still refuse, is reported by field name, never in the validation library's English.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import streamlit as st

from household import HouseholdError, StaleVersionError, from_dict
from household.model import JURISDICTIONS
from store.access import AccessDenied

from .. import state
from ..i18n import choice_label, field_label
from ..state import t

FORMS = ("child", "spouse", "company", "policy", "gift", "link")
SERVICES = ("operating_account", "payroll", "loans", "fx", "cash_management")
CURRENCIES = ("CNY", "TWD", "HKD", "SGD", "USD", "JPY", "EUR", "GBP")
OWNER_ROWS = 3
BENEFICIARY_ROWS = 3


# ----------------------------------------------------------------------------- pure helpers
def make_id(name: str, taken: set[str], prefix: str) -> str:
    """An id from a name: its Latin part in lower case ("林小明 Lin Xiaoming" → "lin_xiaoming"),
    else ``prefix``; "_2", "_3" … when taken."""
    latin = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:48] or prefix
    out, n = latin, 2
    while out in taken:
        out = f"{latin}_{n}"
        n += 1
    return out


def all_ids(doc: dict) -> set[str]:
    out: set[str] = set()
    for section in ("people", "companies", "trusts", "holdings", "liabilities", "policies",
                    "cash_flows", "goals"):
        out |= {str(it.get("id")) for it in doc.get(section, []) if it.get("id")}
    return out


def share_problem(pct: float | None) -> str | None:
    """The message key when ``pct`` is not a share in (0 %, 100 %]."""
    if pct is None:
        return "gd.share_missing"
    if not 0 < pct <= 100:
        return "gd.share_range"
    return None


def shares_of(rows: list[tuple[str | None, float | None]], must_total: bool
              ) -> tuple[list[tuple[str, float]], list[str]]:
    """The (id, fraction) rows that name someone, and message keys for what is wrong."""
    picked, problems = [], []
    for who, pct in rows:
        if not who:
            continue
        p = share_problem(pct)
        if p:
            problems.append(p)
            continue
        picked.append((who, float(pct) / 100))
    ids = [w for w, _ in picked]
    if len(set(ids)) < len(ids):
        problems.append("gd.twice")
    total = sum(s for _, s in picked)
    if must_total and picked and abs(total - 1) > 1e-6:
        problems.append("gd.total_100")
    if not must_total and total > 1 + 1e-9:
        problems.append("gd.total_over")
    return picked, problems


# ----------------------------------------------------------------------------- form helpers
def _names(doc: dict, sections: tuple[str, ...]) -> dict[str, str]:
    """id -> name in the reader's script (the pickers' labels; what is saved keeps the name as
    typed)."""
    from household.script import to_script

    lang = state.lang()
    out: dict[str, str] = {}
    for s in sections:
        for it in doc.get(s, []):
            if it.get("id"):
                own = (it.get("names") or {}).get(lang) if isinstance(it.get("names"),
                                                                      dict) else None
                out[it["id"]] = own or to_script(it.get("name") or it.get("product") or it["id"],
                                                 lang)
    return out


def _pick(label: str, options: dict[str, str], key: str, optional: bool = False) -> str | None:
    ids = ([""] if optional else []) + list(options)
    return st.selectbox(label, ids, key=key, format_func=lambda x: options.get(x, "—")) or None


def _date(label: str, key: str, default: dt.date | None, hi: dt.date, where: Any = st
             ) -> dt.date | None:
    return where.date_input(label, value=default, min_value=dt.date(1900, 1, 1), max_value=hi,
                         key=key, format="YYYY-MM-DD")


def _money(label: str, key: str) -> float | None:
    return st.number_input(label, value=None, step=10_000.0, format="%.0f", key=key)


def _pct(label: str, key: str) -> float | None:
    return st.number_input(label, value=None, step=1.0, format="%.2f", key=key)


def _person(name: str, sex: str, born: dt.date | None, taken: set[str], client: bool = False
            ) -> dict:
    return {"id": make_id(name, taken, "person"), "name": name.strip(), "sex": sex,
            "birth_date": born.isoformat() if born else None, "client": client}


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def search_text(name: str) -> str:
    """What to search the book for a member: the Chinese part of a name written in both scripts
    ("林志明 Lin Chih-ming" → "林志明", as the bank records it), else the whole name."""
    m = _CJK.search(name)
    return m.group(0) if m else name.strip()


def _sex_label(lang: str):
    return lambda x: choice_label("sex", x, lang)


# ----------------------------------------------------------------------------- the forms
def _child(doc: dict, k: str) -> tuple[dict | None, list[str], str]:
    people = _names(doc, ("people",))
    parents = st.multiselect(t("gd.parents"), list(people), max_selections=2,
                             format_func=lambda x: people[x], key=f"{k}_parents",
                             placeholder=t("gd.choose"))
    c = st.columns(3)
    name = c[0].text_input(t("gd.name"), key=f"{k}_name")
    sex = c[1].radio(t("gd.sex"), ("F", "M"), horizontal=True, key=f"{k}_sex_{state.lang()}",
                     format_func=_sex_label(state.lang()))
    born = _date(t("gd.birth_date"), f"{k}_born", None, dt.date.today(), c[2])
    client = st.checkbox(t("gd.is_client"), key=f"{k}_client")
    if not st.form_submit_button(t("gd.add_save"), type="primary"):
        return None, [], ""
    problems = [p for p, bad in (("gd.name_missing", not name.strip()),
                                 ("gd.parents_missing", not parents),
                                 ("gd.birth_missing", born is None)) if bad]
    if problems:
        return None, problems, ""
    person = _person(name, sex, born, all_ids(doc), client)
    doc["people"].append(person)
    for p in parents:
        doc["relations"].append({"kind": "parent", "parent": p, "child": person["id"]})
    return doc, [], t("gd.comment_child", name=person["name"])


def _spouse(doc: dict, k: str) -> tuple[dict | None, list[str], str]:
    married = {x for r in doc.get("relations", []) if r.get("kind") == "spouse"
               for x in (r.get("a"), r.get("b"))}
    people = {i: n for i, n in _names(doc, ("people",)).items() if i not in married}
    if not people:
        st.info(t("gd.everyone_married"))
        st.form_submit_button(t("gd.add_save"), disabled=True)
        return None, [], ""
    of = _pick(t("gd.spouse_of"), people, f"{k}_of")
    c = st.columns(3)
    name = c[0].text_input(t("gd.name"), key=f"{k}_name")
    sex = c[1].radio(t("gd.sex"), ("F", "M"), horizontal=True, key=f"{k}_sex_{state.lang()}",
                     format_func=_sex_label(state.lang()))
    born = _date(t("gd.birth_date"), f"{k}_born", None, dt.date.today(), c[2])
    on = _date(t("gd.married_on"), f"{k}_on", None, dt.date.today())
    if not st.form_submit_button(t("gd.add_save"), type="primary"):
        return None, [], ""
    problems = [p for p, bad in (("gd.name_missing", not name.strip()),
                                 ("gd.birth_missing", born is None)) if bad]
    if problems:
        return None, problems, ""
    person = _person(name, sex, born, all_ids(doc))
    doc["people"].append(person)
    rel = {"kind": "spouse", "a": of, "b": person["id"]}
    if on:
        rel["married_on"] = on.isoformat()
    doc["relations"].append(rel)
    return doc, [], t("gd.comment_spouse", name=person["name"])


def _company(doc: dict, k: str) -> tuple[dict | None, list[str], str]:
    lang = state.lang()
    c = st.columns(3)
    name = c[0].text_input(t("gd.company_name"), key=f"{k}_name")
    jur = c[1].selectbox(t("gd.jurisdiction"), JURISDICTIONS, key=f"{k}_jur_{state.lang()}",
                         index=JURISDICTIONS.index(doc.get("jurisdiction", "CN"))
                         if doc.get("jurisdiction") in JURISDICTIONS else 0,
                         format_func=lambda x: choice_label("jurisdiction", x, lang))
    ccys = list(dict.fromkeys([doc.get("base_currency", "CNY"), *CURRENCIES]))
    ccy = c[2].selectbox(t("gd.currency"), ccys, key=f"{k}_ccy")
    c = st.columns(3)
    value = c[0].number_input(t("gd.equity_value"), value=None, step=100_000.0, format="%.0f",
                              key=f"{k}_value")
    profit = c[1].number_input(t("gd.annual_profit"), value=None, step=10_000.0, format="%.0f",
                               key=f"{k}_profit")
    payout = c[2].number_input(t("gd.payout_pct"), value=None, step=5.0, format="%.0f",
                               key=f"{k}_payout")
    owners_pool = _names(doc, ("people", "trusts", "companies"))
    st.markdown(f"**{t('gd.owners')}**")
    rows = []
    for i in range(OWNER_ROWS):
        c = st.columns([2, 1])
        with c[0]:
            who = _pick(t("gd.owner_n", n=i + 1), owners_pool, f"{k}_owner{i}", True)
        rows.append((who, c[1].number_input(t("gd.share_pct"), value=None, step=1.0, format="%.2f",
                                       key=f"{k}_share{i}")))
    st.markdown(f"**{t('gd.services')}**")
    c = st.columns(len(SERVICES))
    services = {s: c[i].checkbox(t(f"svc.{s}"), key=f"{k}_svc_{s}")
                for i, s in enumerate(SERVICES)}
    if not st.form_submit_button(t("gd.add_save"), type="primary"):
        return None, [], ""
    owners, problems = shares_of(rows, must_total=False)
    if not name.strip():
        problems.insert(0, "gd.name_missing")
    if value is None or value < 0:
        problems.append("gd.value_missing")
    if payout is not None and not 0 <= payout <= 100:
        problems.append("gd.payout_range")
    if not owners and not problems:
        problems.append("gd.owners_missing")
    if problems:
        return None, problems, ""
    cid = make_id(name, all_ids(doc), "company")
    company = {"id": cid, "name": name.strip(), "jurisdiction": jur, "currency": ccy,
               "equity_value": float(value), "annual_profit": float(profit or 0.0),
               "payout_ratio": float(payout or 0.0) / 100}
    banking = {s: "us" for s, on in services.items() if on}
    if banking:
        company["banking"] = banking
    doc["companies"].append(company)
    doc.setdefault("ownership", []).extend({"owner": o, "company": cid, "share": s}
                                           for o, s in owners)
    return doc, [], t("gd.comment_company", name=company["name"])


def _policy(doc: dict, k: str) -> tuple[dict | None, list[str], str]:
    lang = state.lang()
    people = _names(doc, ("people",))
    c = st.columns(3)
    insured = c[0].selectbox(t("gd.insured"), list(people), key=f"{k}_insured",
                             format_func=lambda x: people[x])
    holder = c[1].selectbox(t("gd.policyholder"), list(people), key=f"{k}_holder",
                            format_func=lambda x: people[x])
    kind = c[2].selectbox(t("gd.policy_kind"), ("whole_life", "term", "annuity",
                                                "critical_illness"), key=f"{k}_kind_{state.lang()}",
                          format_func=lambda x: choice_label("kind", x, lang))
    c = st.columns(3)
    product = c[0].text_input(t("gd.product"), key=f"{k}_product")
    ccys = list(dict.fromkeys([doc.get("base_currency", "CNY"), *CURRENCIES]))
    ccy = c[1].selectbox(t("gd.currency"), ccys, key=f"{k}_ccy")
    issued = c[2].date_input(t("gd.issued_on"), value=None, min_value=dt.date(1950, 1, 1),
                             max_value=dt.date.today(), key=f"{k}_issued", format="YYYY-MM-DD")
    c = st.columns(2)
    assured = c[0].number_input(t("gd.sum_assured"), value=None, step=100_000.0, format="%.0f",
                                key=f"{k}_assured")
    premium = c[1].number_input(t("gd.premium"), value=None, step=10_000.0, format="%.0f",
                                key=f"{k}_premium")
    st.markdown(f"**{t('gd.beneficiaries')}**")
    rows = []
    for i in range(BENEFICIARY_ROWS):
        c = st.columns([2, 1])
        with c[0]:
            who = _pick(t("gd.beneficiary_n", n=i + 1), people, f"{k}_ben{i}", True)
        rows.append((who, c[1].number_input(t("gd.share_pct"), value=None, step=1.0,
                                            format="%.2f", key=f"{k}_bshare{i}")))
    if not st.form_submit_button(t("gd.add_save"), type="primary"):
        return None, [], ""
    bens, problems = shares_of(rows, must_total=True)
    if assured is None or assured <= 0:
        problems.insert(0, "gd.assured_missing")
    if premium is not None and premium < 0:
        problems.append("gd.amount_negative")
    if problems:
        return None, problems, ""
    label = product.strip() or None
    pid = make_id(label or f"policy {people[insured]}", all_ids(doc), "policy")
    pol: dict[str, Any] = {"id": pid, "insured": insured, "policyholder": holder,
                           "sum_assured": float(assured), "currency": ccy, "kind": kind,
                           "annual_premium": float(premium or 0.0),
                           "beneficiaries": [{"person": w, "share": s} for w, s in bens]}
    if label:
        pol["product"] = label
    if issued:
        pol["issued_on"] = issued.isoformat()
    doc.setdefault("policies", []).append(pol)
    return doc, [], t("gd.comment_policy", name=label or people[insured])


def _gift(doc: dict, k: str) -> tuple[dict | None, list[str], str]:
    people = _names(doc, ("people",))
    to_pool = _names(doc, ("people", "trusts"))
    c = st.columns(3)
    donor = c[0].selectbox(t("gd.donor"), list(people), key=f"{k}_donor",
                           format_func=lambda x: people[x])
    to = c[1].selectbox(t("gd.recipient"), list(to_pool), key=f"{k}_to",
                        format_func=lambda x: to_pool[x])
    kinds = {x: t(f"gd.gift_{x}") for x in ("cash", "property", "shares")}
    kind = c[2].selectbox(t("gd.gift_kind"), list(kinds), key=f"{k}_kind_{state.lang()}",
                          format_func=kinds.get)
    as_of = dt.date.fromisoformat(str(doc.get("as_of"))[:10]) if doc.get("as_of") else \
        dt.date.today()
    c = st.columns(3)
    with c[0]:
        when = _date(t("gd.gift_date"), f"{k}_date", None, as_of)
    amount = c[1].number_input(t("gd.amount"), value=None, step=10_000.0, format="%.0f",
                               key=f"{k}_amount")
    ccys = list(dict.fromkeys([doc.get("base_currency", "CNY"), *CURRENCIES]))
    ccy = c[2].selectbox(t("gd.currency"), ccys, key=f"{k}_ccy")
    tax = st.number_input(t("gd.gift_tax_paid"), value=None, step=1_000.0, format="%.0f",
                          key=f"{k}_tax")
    if not st.form_submit_button(t("gd.add_save"), type="primary"):
        return None, [], ""
    problems = []
    if to == donor:
        problems.append("gd.gift_self")
    if when is None:
        problems.append("gd.date_missing")
    if amount is None or amount <= 0:
        problems.append("gd.amount_missing")
    if tax is not None and tax < 0:
        problems.append("gd.amount_negative")
    if problems:
        return None, problems, ""
    doc.setdefault("gifts", []).append({
        "donor": donor, "to": to, "date": when.isoformat(), "amount": float(amount),
        "currency": ccy, "gift_tax_paid": float(tax or 0.0), "kind": kind})
    name = to_pool[to]
    return doc, [], t("gd.comment_gift", name=name, date=when.isoformat())


def _link(doc: dict, k: str) -> tuple[dict | None, list[str], str]:
    """Link a member or company to a client of the imported book, or clear the link. Not in a
    form: the list of matching clients follows the search as it is typed."""
    from ..client_link import book_loaded, client_link

    members = [(x, "person") for x in doc.get("people", [])] + \
        [(x, "company") for x in doc.get("companies", [])]
    labels = {x["id"]: x.get("name") or x["id"] for x, _ in members}
    linked = {x["id"]: x.get("client_id") for x, _ in members}
    shown = {i: f"{n} · {linked[i]}" if linked[i] else n for i, n in labels.items()}
    who = _pick(t("gd.link_member"), shown, f"{k}_who")
    if not book_loaded():
        st.info(t("link.no_book"))
        st.button(t("gd.link_save"), disabled=True, key=f"{k}_save")
        return None, [], ""
    if who is None:
        return None, [], ""
    item, kind = next((x, kd) for x, kd in members if x["id"] == who)
    current = item.get("client_id")
    chosen = client_link(f"{k}_{who}", search_text(labels[who]), kind, current)
    if not st.button(t("gd.link_save"), type="primary", key=f"{k}_save"):
        return None, [], ""
    if chosen == current:
        return None, ["gd.link_unchanged"], ""
    if chosen is not None and any(x.get("client_id") == chosen and x["id"] != who
                                  for x, _ in members):
        return None, ["gd.link_taken"], ""
    if chosen is None:
        item.pop("client_id", None)
        return doc, [], t("gd.comment_unlink", name=labels[who], client=current)
    item["client_id"] = chosen
    return doc, [], t("gd.comment_link", name=labels[who], client=chosen)


_BUILD = {"child": _child, "spouse": _spouse, "company": _company, "policy": _policy,
          "gift": _gift, "link": _link}


# ----------------------------------------------------------------------------- page part
def _save(hid: str, d: dict, doc: dict, comment: str) -> str | None:
    """Validate and save ``doc`` on top of the draft's base version; None when saved, else the
    message to show (in the screen's language)."""
    try:
        hh = from_dict(copy.deepcopy(doc))
    except HouseholdError as e:
        fields = sorted({field_label(p.path.split(".")[-1].split("[")[0], state.lang())
                         for p in e.problems if p.path})
        return t("gd.invalid", fields=", ".join(fields) or "—")
    try:
        info = state.guarded().save(hh, based_on=d["base"], comment=comment)
    except AccessDenied:
        return t("ed.denied", name=hid)
    except StaleVersionError:
        return t("gd.stale")
    from .edit import reset_draft

    reset_draft(hid, info.version)
    return None


def render(hid: str, d: dict) -> None:
    """The guided forms, one at a time."""
    labels = {f: t(f"gd.form_{f}") for f in FORMS}
    back = {v: k for k, v in labels.items()}
    chosen = st.session_state.get("gd_form_v", "child")
    st.session_state["gd_form"] = labels[chosen]
    st.segmented_control(t("gd.what"), list(labels.values()), key="gd_form",
                         on_change=lambda: st.session_state.update(
                             gd_form_v=back.get(st.session_state.get("gd_form"), chosen)))
    # widgets showing translated choices have the language in their key: a format_func that
    # changes with the language confuses a widget that keeps its key
    rev = int(st.session_state.get("gd_rev", 0))
    k = f"gd{rev}_{chosen}"
    box = st.container(border=True) if chosen == "link" else st.form(f"form_{k}", border=True)
    with box:
        st.caption(t(f"gd.help_{chosen}"))
        doc = copy.deepcopy(d["doc"])
        for s in ("people", "relations", "companies"):
            doc.setdefault(s, [])
        new, problems, comment = _BUILD[chosen](doc, k)
    for p in problems:
        st.error(t(p))
    if new is None:
        return
    msg = _save(hid, d, new, comment)
    if msg:
        st.error(msg)
        return
    st.session_state["gd_rev"] = rev + 1  # fresh, empty fields for the next entry
    st.session_state["ed_flash"] = ("success", t("gd.saved", what=comment))
    st.rerun()
