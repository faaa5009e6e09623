"""Banker's insights (internal, 公私聯動): opportunities with the figures behind each, and the
internal notes on file. Never rendered in meeting mode (see :mod:`ui.audience`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from household import facts_of
from household.safe_text import markdown_text as md

from .. import audience, compute, insight_rules, state, widgets
from ..state import t


def render() -> None:
    if not audience.internal():  # belt and braces: the shell already refuses the page
        st.info(t("err.internal_only"))
        return
    cur = state.current_in_script()
    if cur is None:
        st.info(t("side.no_households"))
        return
    hid, version, hh = cur
    st.title(t("in.title"))
    st.caption(t("in.intro"))
    estates = compute.estate_figures(hid, version)
    items = insight_rules.insights(hh, state.lang(), facts_of(hh).balance, estates)
    if not items:
        st.info(t("in.none"))
    for n, ins in enumerate(items):
        with st.container(border=True):
            st.markdown(f"**{t('in.cat.' + ins.category)}** · {md(ins.title)}")
            st.markdown(md(ins.detail))
            left, right = st.columns([3, 2])
            with left:
                st.caption(t("in.figures"))
                widgets.table(pd.DataFrame(ins.figures, columns=[t("col.item"), t("col.value")]),
                              f"insight_{n + 1}")
            with right:
                st.caption(t("in.action"))
                st.success(md(ins.action))
    notes = insight_rules.internal_notes(hh)
    if notes:
        st.subheader(t("in.notes"))
        widgets.table(pd.DataFrame(notes, columns=[t("col.entity"), t("col.notes")]),
                      "internal_notes")
