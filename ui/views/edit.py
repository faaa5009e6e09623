"""Editing page: guided forms for the common changes (:mod:`ui.views.guided`), and under
"advanced" every section of the household as a table and as a one-item form, validation
messages naming the field, save as a new version, history and restore, import and export.

The edit in progress is a draft kept in ``st.session_state["drafts"][household id]`` (the JSON
document, the version it started from and a revision counter), so it survives reruns and page
switches until it is saved or discarded.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from household import HouseholdError, Problem, StaleVersionError, dumps, from_dict, to_dict
from household.safe_text import markdown_text as md
from store.access import AccessDenied

from .. import auth, forms, state, widgets
from ..i18n import choice_label, field_label
from ..state import t

_MONEY_LIKE = ("share", "voting", "payout_ratio", "growth", "volatility", "rate",
               "annual_cost_rate")


# ----------------------------------------------------------------------------- the draft
def _drafts() -> dict:
    return st.session_state.setdefault("drafts", {})


def draft(hid: str, version: int) -> dict:
    """The draft of ``hid``, started from ``version`` when there is none."""
    d = _drafts().get(hid)
    if d is None:
        d = {"base": version, "doc": to_dict(state.load(hid, version)), "rev": 0, "cells": []}
        _drafts()[hid] = d
    return d


def reset_draft(hid: str, version: int) -> None:
    old = _drafts().get(hid, {})
    _drafts()[hid] = {"base": version, "doc": to_dict(state.load(hid, version)),
                      "rev": int(old.get("rev", 0)) + 1, "cells": []}


def validate(doc: dict) -> tuple[Any, list[Problem]]:
    try:
        return from_dict(copy.deepcopy(doc)), []
    except HouseholdError as e:
        return None, e.problems


def _flash(kind: str, text: str) -> None:
    st.session_state["ed_flash"] = (kind, text)


def _show_flash() -> None:
    msg = st.session_state.pop("ed_flash", None)
    if msg:
        getattr(st, msg[0])(msg[1])


def _problem_text(p: forms.Located) -> str:
    section = t(f"sec.{p.section}") if p.section != "household" else t("sec.household")
    if p.row is None:
        return md(t("ed.problem", field=p.field or section, message=p.message))
    return md(t("ed.problem_row", section=section, row=p.row + 1, field=p.field or "—",
                message=p.message))


# ----------------------------------------------------------------------------- widgets
def _widget(spec: forms.FieldSpec, value: Any, key: str) -> Any:
    label = field_label(spec.name, state.lang()) + (" *" if spec.required else "")
    if spec.kind == "choice":  # file values as options, shown translated; the key names the
        # language so that a language switch draws a fresh widget rather than a confused one
        lang = state.lang()
        opts = list(spec.choices) if spec.required else ["", *spec.choices]
        v = "" if value is None else str(value)
        return st.selectbox(label, opts, index=opts.index(v) if v in opts else 0,
                            key=f"{key}_{lang}",
                            format_func=lambda x: choice_label(spec.name, x, lang))
    if spec.kind == "bool":
        if spec.required or spec.default is not None:
            return st.checkbox(label, value=bool(value if value is not None else spec.default),
                               key=key)
        opts = ["—", "true", "false"]
        v = "—" if value is None else ("true" if value else "false")
        got = st.selectbox(label, opts, index=opts.index(v), key=key)
        return None if got == "—" else got == "true"
    if spec.kind == "integer":
        return st.number_input(label, value=None if value is None else int(value), step=1,
                               key=key)
    if spec.kind == "number":
        fmt = "%.4f" if spec.name in _MONEY_LIKE else "%.2f"
        return st.number_input(label, value=None if value is None else float(value),
                               format=fmt, key=key)
    if spec.kind == "json":
        import json

        text = "" if value is None else json.dumps(value, ensure_ascii=False)
        return st.text_area(label, value=text, key=key, height=80)
    return st.text_input(label, value="" if value is None else str(value), key=key)


def _item_form(hid: str, d: dict, section: str) -> None:
    items: list[dict] = d["doc"].setdefault(section, [])
    options = [*range(len(items)), -1]
    pick_key = f"pick_{section}"
    cur = st.session_state.get(f"{pick_key}_v", 0 if items else -1)
    if cur not in options:
        cur = -1
    st.session_state[pick_key] = cur
    st.selectbox(t("ed.choose_item"), options, key=pick_key,
                 format_func=lambda i: "+ …" if i == -1 else forms.item_label(section, items[i],
                                                                              i),
                 on_change=lambda: st.session_state.update(
                     {f"{pick_key}_v": st.session_state[pick_key]}))
    idx = cur
    item = items[idx] if idx >= 0 else {}
    rel_kind = None
    if section == "relations":
        kinds = list(forms.RELATIONS)
        lang = state.lang()
        rel_kind = st.selectbox(t("rel.kind"), kinds,
                                index=kinds.index(item.get("kind", "spouse")),
                                key=f"relkind_{d['rev']}_{idx}_{lang}",
                                format_func=lambda x: choice_label("kind", x, lang))
        if item.get("kind") != rel_kind:
            item = {"kind": rel_kind}
    specs = forms.specs_for(section, rel_kind)
    prefix = f"f{d['rev']}_{section}_{idx}"
    with st.form(f"form_{prefix}"):
        cols = st.columns(3)
        values = {}
        for n, spec in enumerate(specs):
            if spec.name == "kind" and section == "relations":
                continue
            with cols[n % 3]:
                values[spec.name] = _widget(spec, item.get(spec.name), f"{prefix}_{spec.name}")
        applied = st.form_submit_button(t("ed.apply"), type="primary", key=f"apply_{prefix}")
    if applied:
        new: dict[str, Any] = {"kind": rel_kind} if rel_kind else {}
        bad = []
        for spec in specs:
            if spec.name in values:
                try:
                    v = forms.coerce(spec, values[spec.name], t("ed.bad_json"))
                except forms.CellError as e:
                    bad.append(Problem(f"{section}[{max(idx, 0)}].{e.path}", e.message))
                    v = item.get(spec.name)
                if v is not None:
                    new[spec.name] = v
        if idx >= 0:
            items[idx] = new
        else:
            items.append(new)
            st.session_state[f"{pick_key}_v"] = len(items) - 1
        d["cells"] = [(p.path, p.message) for p in bad]
        d["rev"] += 1
        _flash("success", t("ed.applied"))
        st.rerun()
    if idx >= 0 and st.button(t("ed.remove"), key=f"remove_{prefix}"):
        del items[idx]
        st.session_state[f"{pick_key}_v"] = -1 if not items else 0
        d["rev"] += 1
        _flash("info", t("ed.removed"))
        st.rerun()


def _table(d: dict, section: str) -> None:
    key = f"de_{section}_{d['rev']}"
    snap = f"snap_{key}"
    if key not in st.session_state or snap not in st.session_state:
        st.session_state[snap] = forms.to_frame(section, d["doc"].get(section, []))
    st.caption(t("ed.table_help"))
    frame = st.session_state[snap]
    labels = _column_config(section, list(frame.columns), state.lang())
    edited = st.data_editor(frame, key=key, num_rows="dynamic", width="stretch",
                            hide_index=True, column_config=labels)
    delta = st.session_state.get(key) or {}
    if isinstance(delta, dict) and any(delta.get(k) for k in ("edited_rows", "added_rows",
                                                               "deleted_rows")):
        items, cells = forms.from_frame(section, pd.DataFrame(edited), t("ed.bad_json"))
        d["doc"][section] = items
        d["cells"] = cells


def _column_config(section: str, columns: list[str], lang: str) -> dict[str, Any]:
    """Column headers in ``lang``; choice columns as select boxes over the file's values, each
    shown by its translated label (the table still holds and saves the file's values)."""
    specs = {s.name: s for s in forms.specs_for(section)}
    out: dict[str, Any] = {}
    for c in columns:
        spec = specs.get(c)
        label = field_label(c, lang)
        if spec is not None and spec.kind == "choice":
            opts = list(forms.RELATIONS) if (section, c) == ("relations", "kind") else \
                list(spec.choices)
            out[c] = st.column_config.SelectboxColumn(
                label, options=opts, format_func=lambda x, n=c: choice_label(n, x, lang))
        else:
            out[c] = st.column_config.Column(label)
    return out


def _household_form(d: dict) -> None:
    doc = d["doc"]
    prefix = f"f{d['rev']}_household"
    specs = forms.household_specs()
    with st.form(f"form_{prefix}"):
        cols = st.columns(3)
        values = {}
        for n, spec in enumerate(specs):
            with cols[n % 3]:
                values[spec.name] = _widget(spec, doc.get(spec.name), f"{prefix}_{spec.name}")
        applied = st.form_submit_button(t("ed.apply"), type="primary", key=f"apply_{prefix}")
    if applied:
        cells = []
        for spec in specs:
            try:
                v = forms.coerce(spec, values[spec.name], t("ed.bad_json"))
            except forms.CellError as e:
                cells.append((e.path, e.message))
                continue
            if v is None:
                doc.pop(spec.name, None)
            else:
                doc[spec.name] = v
        d["cells"] = cells
        d["rev"] += 1
        _flash("success", t("ed.applied"))
        st.rerun()


# ----------------------------------------------------------------------------- saving
# Save and restore run as button callbacks bound to the household drawn with the button: a click
# always acts on that household, and the guarded store refuses (and audits) it when the household
# is no longer assigned to the banker — even if the picker has moved on to another household.
def _denied(hid: str) -> None:
    _flash("error", t("ed.denied", name=md(hid)))


def _do_save(hid: str) -> None:
    d = _drafts().get(hid)
    if d is None:
        return
    hh, problems = validate(d["doc"])
    if hh is None or problems or d.get("cells"):
        _flash("error", t("ed.not_saved"))
        return
    comment = st.session_state.get("ed_comment") or None
    try:
        info = state.guarded().save(hh, based_on=d["base"], comment=comment)
    except AccessDenied:
        _denied(hid)
    except StaleVersionError:
        latest = state.guarded().latest_version(hid)
        st.session_state["ed_stale"] = (d["base"], latest)
    except HouseholdError as e:
        _flash("error", md("; ".join(str(p) for p in e.problems)))
    else:
        reset_draft(hid, info.version)
        st.session_state["ed_comment"] = ""  # the next change gets its own comment
        _flash("success", t("ed.saved", version=info.version))


def _save(hid: str) -> None:
    st.text_input(t("ed.comment"), key="ed_comment")
    c1, c2 = st.columns([1, 1])
    c1.button(t("ed.save"), type="primary", key="ed_save", on_click=_do_save, args=(hid,))
    if c2.button(t("ed.discard"), key="ed_discard"):
        reset_draft(hid, state.guarded().latest_version(hid))
        st.rerun()
    stale = st.session_state.get("ed_stale")
    if stale:
        st.error(t("ed.stale", base=stale[0], latest=stale[1]))
        if st.button(t("ed.reload"), key="ed_reload"):
            st.session_state.pop("ed_stale", None)
            reset_draft(hid, state.guarded().latest_version(hid))
            st.rerun()


def _do_restore(hid: str, latest: int) -> None:
    which = st.session_state.get("restore_which")
    if which is None:
        return
    gs = state.guarded()
    try:
        old = gs.load(hid, int(which))
        info = gs.save(old, based_on=latest, comment=f"restored version {which}")
    except AccessDenied:
        _denied(hid)
    except StaleVersionError as e:
        _flash("error", md(str(e)))
    else:
        reset_draft(hid, info.version)
        _flash("success", t("ed.restored", old=which, new=info.version))


def _history(hid: str) -> None:
    hist = state.guarded().history(hid)
    rows = [{t("col.version"): h.version, t("col.saved_at"): h.saved_at.strftime(
        "%Y-%m-%d %H:%M"), t("col.saved_by"): h.saved_by, t("col.comment"): h.comment or "",
        "sha256": h.sha256[:12]} for h in reversed(hist)]
    widgets.table(pd.DataFrame(rows), "history")
    versions = [h.version for h in hist]
    if len(versions) > 1:
        st.selectbox(t("ed.restore_which"), versions[:-1][::-1], key="restore_which")
        st.button(t("ed.restore"), key="ed_restore", on_click=_do_restore,
                  args=(hid, versions[-1]))


def _import(data: bytes, name: str, key: str) -> None:
    """Import an uploaded file once (by content) through the guarded store: an import into a
    household assigned to another banker is refused, audited and nothing is saved."""
    digest = hashlib.sha256(data).hexdigest()
    if st.session_state.get(key) == digest:
        return
    st.session_state[key] = digest
    try:
        info = state.guarded().import_file(data, comment=f"import {name}")
    except HouseholdError as e:
        st.error(t("ed.import_bad"))
        for p in e.problems:
            st.markdown(f"- {md(p.path or '—')} · {md(p.message)}")
    except AccessDenied:
        st.error(t("ed.import_denied"))
    except StaleVersionError as e:
        st.error(md(str(e)))
    else:
        st.session_state["hid"] = info.household_id
        _drafts().pop(info.household_id, None)
        _flash("success", t("ed.import_done", name=info.household_id, version=info.version))
        st.rerun()


def _import_export(hid: str, version: int, d: dict, hh: Any) -> None:
    store = state.store()
    up = st.file_uploader(t("ed.import"), type=["json"], key="ed_import")
    if up is not None:
        _import(up.getvalue(), up.name, "ed_imported")
    user = state.user()
    # generated only on an explicit click, audited then (ui.auth.audited_download): rendering
    # the page sends no household file to the browser
    st.download_button(
        t("ed.export"), file_name=f"{hid}-v{version}.json", mime="application/json",
        key="ed_export", on_click="ignore",
        data=auth.audited_download(store, user, hid, version, "file",
                                   lambda: store.document(hid, version).encode("utf-8")))
    if hh is not None:
        st.download_button(t("ed.export_draft"),
                           file_name=f"{hid}-draft-{dt.date.today().isoformat()}.json",
                           mime="application/json", key="ed_export_draft", on_click="ignore",
                           data=auth.audited_download(store, user, hid, version, "draft file",
                                                      lambda: dumps(hh).encode("utf-8")))


# ----------------------------------------------------------------------------- page
def render() -> None:
    cur = state.current()
    if cur is None:
        st.info(t("side.no_households"))
        st.session_state.setdefault("no_hh", True)
        _import_only()
        return
    hid, version, stored = cur
    d = draft(hid, version)
    st.title(t("ed.title"))
    _show_flash()
    hh, problems = validate(d["doc"])
    cells = [Problem(p, m) for p, m in d.get("cells", [])]
    problems = cells + problems
    changed = hh is None or to_dict(hh) != to_dict(stored) or bool(cells)
    st.caption(t("ed.draft_from", version=d["base"]) + " · " +
               (t("ed.unsaved") if changed else t("ed.no_changes")))
    located = [forms.locate(p.path, p.message) for p in problems]
    if located:
        st.error(t("ed.problems") + "\n\n" + "\n".join(f"- {_problem_text(p)}" for p in located))
    from . import guided

    easy, advanced = st.tabs([t("gd.tab"), t("gd.advanced")])
    with easy:
        guided.render(hid, d)
    with advanced:
        # options are the labels themselves (a format_func that changes with the language confuses
        # widget state); the section id is kept in a non-widget key across pages
        sections = ["household", *forms.SECTIONS]
        labels = {s: t(f"sec.{s}") for s in sections}
        back = {v: k for k, v in labels.items()}
        section = st.session_state.get("ed_section_v", "ownership")
        st.session_state["ed_section"] = labels[section]
        st.selectbox(t("ed.section"), list(labels.values()), key="ed_section",
                     on_change=lambda: st.session_state.update(
                         ed_section_v=back.get(st.session_state["ed_section"], "ownership")))
        if section == "household":
            _household_form(d)
        else:
            _table(d, section)
            for p in located:
                if p.section == section:
                    st.warning(_problem_text(p))
            with st.expander(t("ed.form"), expanded=True):
                _item_form(hid, d, section)
    st.divider()
    _save(hid)
    with st.expander(t("ed.history")):
        _history(hid)
    with st.expander(t("ed.import")):
        _import_export(hid, version, d, hh)
    u = state.user()
    if u is not None and getattr(u, "is_admin", False):
        with st.expander(t("ed.audit")):
            auth.audit_panel(state.store(), u, state.lang())


def _import_only() -> None:
    up = st.file_uploader(t("ed.import"), type=["json"], key="ed_import_first")
    if up is not None:
        _import(up.getvalue(), up.name, "ed_imported_first")
