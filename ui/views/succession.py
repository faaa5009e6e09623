"""Succession page: who dies and under which law, up to four structures side by side, where the
estate goes (Sankey), control of the companies afterwards, the liquidity gap, and the plain
sentence behind each number (from :mod:`scenarios`)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from household import Household
from household.locale import money, pct
from household.safe_text import markdown_text as md

from .. import audience, charts, compute, state, widgets
from ..i18n import choice_label
from ..state import t
from ..widgets import sticky, sticky_choice


def _names(hh: Household) -> dict[str, str]:
    return ({p.id: p.name for p in hh.people} | {c.id: c.name for c in hh.companies}
            | {tr_.id: tr_.name for tr_ in hh.trusts})


def sankey_parts(res: Any, names: dict[str, str], lang: str) -> tuple[list[str], list[tuple]]:
    """Labels and (source, target, amount) links from a succession result."""
    labels: list[str] = []
    index: dict[str, int] = {}

    def node(key: str, label: str) -> int:
        if key not in index:
            index[key] = len(labels)
            labels.append(label)
        return index[key]

    links: list[tuple[int, int, float]] = []

    def link(a: int, b: int, v: float) -> None:
        if v and v > 0:
            links.append((a, b, float(v)))

    root = node("root", charts.short_name(names.get(res.deceased, res.deceased)))
    # what the marital share actually moves out of the deceased's name (CN: the survivor's half
    # of the whole joint pool less what already stands in the survivor's name); when the
    # survivor's name holds more than half, nothing flows: marital_note() says so instead
    moved = max(0.0, float(res.ledger().marital_share if hasattr(res, "ledger") else
                           getattr(res, "marital_transfer_from_deceased", 0.0) or 0.0))
    if moved > 0 and res.spouse:
        ms = node("marital", charts.short_name(names.get(res.spouse, res.spouse)) + " · " +
                  _label("su.spouse_share", lang))
        link(root, ms, moved)
    est = node("estate", _label("su.estate", lang))
    link(root, est, res.estate)
    link(est, node("tax", _label("su.tax", lang)), res.tax)
    link(est, node("costs", _label("su.costs", lang)), res.costs)
    for heir, v in res.heirs.items():
        link(est, node(f"p:{heir}", charts.short_name(names.get(heir, heir))), v)
    for out in res.outside:
        key = "ins" if out.kind == "insurance" else "trust"
        mid = node(key, _label("su.insurance" if key == "ins" else "su.trust", lang))
        link(root, mid, out.value)
        for who, v in out.to.items():
            link(mid, node(f"p:{who}", charts.short_name(names.get(who, who))), v)
    return labels, links


def marital_note(res: Any, names: dict[str, str], currency: str, lang: str) -> str | None:
    """A note under the Sankey when the survivor's name already holds more than half of the CN
    joint pool (the marital share then moves nothing out of the deceased's name)."""
    moved = float(getattr(res, "marital_transfer_from_deceased", 0.0) or 0.0)
    if not res.spouse or moved >= 0 or res.marital_regime != "community":
        return None
    from ..i18n import tr

    who = charts.short_name(names.get(res.spouse, res.spouse))
    return tr("su.marital_back", lang, who=who, share=money(res.spouse_marital_share, currency,
                                                             lang),
              moved=money(-moved, currency, lang))


_MONEY_PARAMS = frozenset({"amount", "tax", "available"})
_NAME_PARAMS = frozenset({"person", "heir", "borrower", "trust"})


def warning_text(w: Any, hh: Household, names: dict[str, str], currency: str,
                 lang: str) -> str:
    """A succession warning in the reader's language: notes from :mod:`scenarios` carry a code
    and parameters (ids shown as names, amounts as money); anything else is shown as it is."""
    from ..i18n import choice_label, has, tr

    code = getattr(w, "code", None)
    if code is None or not has(f"sw.{code}"):
        return str(w)
    items = {li.id: li for li in hh.liabilities}
    policies = {p.id: p for p in hh.policies}
    values: dict[str, Any] = {}
    for k, v in w.params.items():
        if k in _MONEY_PARAMS:
            values[k] = money(float(v), currency, lang)
        elif k == "share":
            values[k] = pct(float(v), 0)
        elif k == "people":
            values[k] = ("、" if lang != "en" else ", ").join(
                charts.short_name(names.get(x, x)) for x in v)
        elif k in _NAME_PARAMS or k == "item":
            values[k] = charts.short_name(names.get(v, v))
        elif k == "policy":
            pol = policies.get(v)
            values[k] = (pol.product or v) if pol is not None else v
        elif k == "liability":  # liabilities have no name: their kind and amount
            li = items.get(v)
            if li is None:
                values[k] = v
            else:
                kind, amount = choice_label("kind", li.kind, lang), money(li.amount, li.currency,
                                                                          lang)
                values[k] = f"a {kind.lower()} of {amount}" if lang == "en" else f"{kind} {amount}"
        elif k == "reference":
            from scenarios import localized_reference

            values[k] = localized_reference(v, lang)
        elif k == "reasons":
            sep = "; " if lang == "en" else "；"
            values[k] = sep.join(tr(f"sw.r.{c}", lang, age=a) for c, a in v)
        else:
            values[k] = v
    return tr(f"sw.{code}", lang, **values)


SUGGESTED = ("will", "family-trust", "insurance", "gift-plan", "business-handover")


def scenario_label(sc: Any, hh: Household, lang: str) -> str:
    """A suggested structure's name in the language asked for (saved ones as the banker named
    them)."""
    from ..i18n import tr

    if sc.id not in SUGGESTED or any(s.id == sc.id for s in hh.scenarios):
        return _script(sc.name, lang)
    if sc.id == "business-handover":
        ch = next((c for c in sc.changes if getattr(c, "kind", "") == "business_transfer"), None)
        if ch is None:
            return _script(sc.name, lang)
        names = _names(hh)
        return tr("sc.business-handover", lang,
                  company=charts.short_name(names.get(ch.company, ch.company)),
                  successor=charts.short_name(names.get(ch.successor, ch.successor)))
    return tr(f"sc.{sc.id}", lang)


def _script(text: str, lang: str) -> str:
    """Text of the household (names as typed) in the reader's script."""
    from household.script import to_script

    return to_script(text, lang)


def _label(key: str, lang: str) -> str:
    from ..i18n import tr

    return tr(key, lang)


def render() -> None:
    cur = state.current_in_script()
    if cur is None:
        st.info(t("side.no_households"))
        return
    hid, version, hh = cur
    lang = state.lang()
    st.title(t("su.title"))
    import scenarios

    alive = [p.id for p in hh.people if p.alive]
    names = _names(hh)
    c = st.columns([2, 2, 3])
    with c[0]:
        deceased = sticky(st.selectbox, t("su.deceased"), f"su_deceased_{hid}",
                          scenarios.principal(hh), options=alive,
                          format_func=lambda x: names.get(x, x))
    with c[1]:
        law = sticky_choice(t("su.jurisdiction"), f"su_law_{hid}", "auto",
                            {"auto": t("su.law_auto")} | {
                                c: choice_label("jurisdiction", c, lang)
                                for c in scenarios.JURISDICTION_CODES})
    choices = compute.scenario_choices(hid, version, deceased)
    with c[2]:
        default = list(choices)[:2]
        chosen = sticky(st.multiselect, t("su.scenarios"), f"su_scen_{hid}_{deceased}", default,
                        options=list(choices), max_selections=4,
                        format_func=lambda x: scenario_label(choices[x], hh, lang)
                        if x in choices else x)
    chosen = [x for x in chosen if x in choices][:4]
    jurisdiction = None if law == "auto" else law
    with st.spinner(t("su.computing")):
        comp = compute.compare(hid, version, tuple(chosen), deceased, jurisdiction)
    names |= {k: _script(v, lang) for k, v in comp.names.items()}  # as typed: reader's script
    _table(comp, names, lang, {k: scenario_label(v, hh, lang) for k, v in choices.items()})
    ids = [o.id for o in comp.outcomes]
    labels = {o.id: (t("su.base") if o.id == "current" else
                     scenario_label(choices[o.id], hh, lang) if o.id in choices
                     else _script(o.name, lang))
              for o in comp.outcomes}
    shown = st.radio(t("su.show"), ids, horizontal=True, key="su_show",
                     format_func=lambda x: md(charts.short_name(labels[x])[:60]))
    o = comp.outcome(shown)
    res = o.result
    left, right = st.columns([3, 2])
    with left:
        lab, links = sankey_parts(res, names, lang)
        if links:
            st.plotly_chart(charts.sankey_figure(lab, links, comp.currency, lang,
                                                 audience.meeting_mode()), width="stretch")
        note = marital_note(res, names, comp.currency, lang)
        if note:
            st.caption(md(note))
    with right:
        st.subheader(t("su.liquidity"))
        if res.liquidity_gap > 0:
            st.warning(t("su.gap", gap=money(res.liquidity_gap, comp.currency, lang)))
        else:
            st.success(t("su.no_gap"))
        st.caption(md(_script(comp.explain("liquidity_gap", lang, shown), lang)))
        st.subheader(t("su.control"))
        rows = [{t("col.company"): names.get(cid, cid),
                 t("su.before"): names.get(res.control_before.get(cid) or "", "—"),
                 t("su.after"): names.get(who or "", "—")}
                for cid, who in res.control_after.items()]
        if rows:
            widgets.table(pd.DataFrame(rows), "control_after")
    with st.expander(t("su.explain"), expanded=True):
        ex = comp.explanations(lang)[shown]
        sentences = [ex["tax_and_costs"], ex["liquidity_gap"], ex["fairness"],
                     *ex["net_to_heirs"].values(), *ex["control_after"].values()]
        st.markdown("\n".join(f"- {md(_script(x, lang))}" for x in sentences))
    _simulated(hid, version, jurisdiction, names, comp.currency, lang)
    if res.warnings and audience.internal():
        for w in res.warnings:
            st.caption(md(warning_text(w, hh, names, comp.currency, lang)))


def _table(comp: Any, names: dict[str, str], lang: str, labels: dict[str, str]) -> None:
    st.subheader(t("su.compare"))
    cols = {o.id: (t("su.base") if o.id == "current" else labels.get(o.id, _script(o.name, lang)))
            for o in comp.outcomes}
    m = lambda v: money(v, comp.currency, lang)  # noqa: E731
    rows: list[dict[str, str]] = []

    def row(label: str, fn) -> None:
        rows.append({t("col.measure"): label} | {cols[o.id]: fn(o) for o in comp.outcomes})

    row(t("su.estate"), lambda o: m(o.result.estate))
    # the ledger's figures, as the flow chart draws them: the marital share that moves out of
    # the deceased's property, the tax and the settlement costs each on its own line
    row(t("su.spouse_share"), lambda o: m(max(0.0, o.result.ledger().marital_share)))
    row(t("su.tax"), lambda o: m(o.result.tax))
    row(t("su.costs"), lambda o: m(o.result.costs + o.lifetime_costs))
    row(t("su.tax_costs"), lambda o: m(o.tax_and_costs))
    row(t("su.liquidity_gap"), lambda o: m(o.liquidity_gap))
    row(t("su.fairness"), lambda o: "—" if comp.fairness(o.id) != comp.fairness(o.id)
        else pct(comp.fairness(o.id), 0))
    heirs = sorted({p for o in comp.outcomes for p in o.net_to})
    for p in heirs:
        row(t("su.net_to", who=charts.short_name(names.get(p, p))),
            lambda o, p=p: m(o.net_to.get(p, 0.0)))
    companies = sorted({c for o in comp.outcomes for c in o.result.control_after})
    for cid in companies:
        row(t("su.controls", company=charts.short_name(names.get(cid, cid))),
            lambda o, cid=cid: charts.short_name(names.get(o.result.control_after.get(cid)
                                                           or "", "—")))
    widgets.table(pd.DataFrame(rows), "scenarios")


def _simulated(hid: str, version: int, jurisdiction: str | None, names: dict[str, str],
               currency: str, lang: str) -> None:
    """Deaths drawn from mortality across the simulated futures (who dies is simulated)."""
    st.subheader(t("su.simulated"))
    paths = int(st.session_state.get("pl_paths_v", state.paths()))
    seed = int(st.session_state.get("pl_seed_v", state.seed()))
    key = (hid, version, paths, seed, jurisdiction)
    if st.session_state.get("su_mc_key") != key:
        if not st.button(t("su.run_mc"), key="su_run_mc"):
            st.caption(t("su.mc_help", paths=paths))
            return
        st.session_state["su_mc_key"] = key
    with st.spinner(t("pl.computing", paths=paths)):
        mc = compute.mc_succession(hid, version, paths, seed, None, jurisdiction)
    m = lambda v: money(v, currency, lang)  # noqa: E731
    c = st.columns(3)
    c[0].metric(t("su.expected_tax"), m(mc.expected_tax))
    c[1].metric(t("su.p_gap"), pct(mc.p_liquidity_gap, 0))
    c[2].metric(t("su.p_sale"), pct(mc.p_forced_sale, 0))
    rows = [{t("col.heir"): names.get(k, k), t("su.mean"): m(v["mean"]),
             t("su.range90"): t("pl.range_words", lo=m(v["p5"]), hi=m(v["p95"])),
             t("pl.median"): m(v["p50"])}
            for k, v in sorted(mc.heirs.items(), key=lambda kv: -kv[1]["mean"])]
    ng = mc.next_generation
    rows.append({t("col.heir"): t("su.next_gen"), t("su.mean"): m(ng["mean"]),
                 t("su.range90"): t("pl.range_words", lo=m(ng["p5"]), hi=m(ng["p95"])),
                 t("pl.median"): m(ng["p50"])})
    widgets.table(pd.DataFrame(rows), "heirs")
    st.caption(t("su.mc_note" if not getattr(mc, "real", False) else "su.mc_note_real",
                 paths=f"{mc.paths:,}"))
