"""Proposal page: choose the language and the sections, generate the client PDF from the same
cached results as the Plan and Succession pages, and download it."""

from __future__ import annotations

import streamlit as st

from scenarios import principal

from .. import auth, compute, state
from ..i18n import LANG_NAMES, LANGS
from ..state import t
from .plan import default_risk


def current_settings(hid: str, hh) -> dict:
    """The settings the Plan and Succession pages use now (their defaults when not visited)."""
    deceased = st.session_state.get(f"su_deceased_{hid}_v")
    if deceased is None:
        deceased = principal(hh)
    chosen = st.session_state.get(f"su_scen_{hid}_{deceased}_v")
    if chosen is None and deceased:
        chosen = list(compute.scenario_choices(hid, hh_version(hid), deceased))[:2]
    law = st.session_state.get(f"su_law_{hid}_v", "auto")
    return {"cma": st.session_state.get(f"pl_cma_{hid}_v"),
            "risk": st.session_state.get(f"pl_risk_{hid}_v", default_risk(hh)),
            "paths": int(st.session_state.get("pl_paths_v", state.paths())),
            "seed": int(st.session_state.get("pl_seed_v", state.seed())),
            "deceased": deceased, "scenario_ids": tuple(chosen or ()),
            "jurisdiction": None if law == "auto" else law,
            "override": tuple(st.session_state.get(f"pl_banker_{hid}", ()))}


def hh_version(hid: str) -> int:
    return state.guarded().latest_version(hid)


def render() -> None:
    cur = state.current()
    if cur is None:
        st.info(t("side.no_households"))
        return
    hid, version, hh = cur
    st.title(t("pr.title"))
    from proposal import SECTIONS

    c = st.columns([1, 3])
    with c[0]:
        lang = st.selectbox(t("pr.lang"), LANGS, index=LANGS.index(state.lang()),
                            format_func=lambda x: LANG_NAMES[x], key="pr_lang")
    with c[1]:
        sections = st.multiselect(t("pr.sections"), list(SECTIONS), default=list(SECTIONS),
                                  key="pr_sections", format_func=_section_label)
    st.caption(t("pr.same_numbers"))
    s = current_settings(hid, hh)
    key = (hid, version, lang, tuple(sections), tuple(sorted(s.items())))
    if st.button(t("pr.generate"), type="primary", key="pr_generate"):
        bar = st.progress(0.1, text=t("pl.computing", paths=s["paths"]))
        pdf = compute.proposal_pdf(hid, version, lang, tuple(sections),
                                   compute.ProposalSettings(**s))
        bar.empty()
        st.session_state["pr_pdf"] = (key, pdf)
    got = st.session_state.get("pr_pdf")
    if got and got[0] == key:
        pdf = got[1]
        st.success(t("pr.ready", pages=max(1, len(pdf) // 1024)))
        user = state.user()
        st.download_button(t("pr.download"), mime="application/pdf", on_click="ignore",
                           file_name=f"{hid}-v{version}-{lang}.pdf", key="pr_download",
                           data=auth.audited_download(state.store(), user, hid, version, "pdf",
                                                      lambda: pdf))


def _section_label(section: str) -> str:
    from ..i18n import has

    key = f"pr.sec.{section}"
    return t(key) if has(key) else section
