"""Household page: the network, look-through ownership and control, the consolidated balance
sheet joining corporate and private with drill-down, and the banking relationship of every
entity."""

from __future__ import annotations

import streamlit as st

from household import Household, deposits_at, facts_of
from household.locale import date_text, money, pct
from household.safe_text import markdown_text as md

from .. import audience, charts, state, widgets
from ..i18n import role_name
from ..state import t


def _m(v: float, hh: Household) -> str:
    return money(v, hh.base_currency, state.lang())


def _details(hh: Household, nid: str) -> None:
    """What the app knows about one node, in words and figures."""
    lang = state.lang()
    kinds = hh.id_kinds()
    kind = kinds.get(nid)
    bs = facts_of(hh).balance
    rows: list[tuple[str, str]] = []
    if kind == "person":
        p = hh.person(nid)
        rows.append((t("kind.person"), p.name))
        rows.append((t("col.age"), str(hh.age(nid))))
        rows.append((t("col.client"), t("yes") if p.client else t("no")))
        if p.risk_level:
            rows.append((t("pl.risk"), p.risk_level))
        e = bs.entities[nid]
        rows.append((t("col.net_worth"), _m(e.net_worth, hh)))
        for cid, v in e.business_by_company.items():
            rows.append((hh.company(cid).name, f"{pct(bs.look_through.share(nid, cid))} · "
                                               f"{_m(v, hh)}"))
        if e.contingent:
            rows.append((t("col.contingent"), _m(e.contingent, hh)))
        roles = [f"{role_name(r.role, lang)} @ {hh.company(r.company).name}"
                 for r in hh.relations
                 if getattr(r, "kind", "") == "role" and r.person == nid]
        if roles:
            rows.append((t("col.role"), "; ".join(roles)))
        if audience.internal() and p.notes:
            rows.append((t("col.notes"), p.notes))
    elif kind == "company":
        c = hh.company(nid)
        rel = bs.companies[nid]
        ctrl = rel.controller
        rows += [(t("kind.company"), c.name), (t("col.equity_value"), _m(rel.equity_value, hh)),
                 (t("hh.controller"), _name(hh, ctrl) if ctrl else t("hh.no_controller"))]
        for o in hh.ownership:
            if o.company == nid:
                rows.append((_name(hh, o.owner), pct(o.share)))
        if audience.internal() and c.notes:
            rows.append((t("col.notes"), c.notes))
    elif kind == "trust":
        tr_ = hh.trust(nid)
        e = bs.entities[nid]
        rows += [(t("kind.trust"), tr_.name), (t("col.trustee"), tr_.trustee),
                 (t("col.trust_assets"), _m(e.assets, hh))]
        rows += [(_name(hh, b.person), pct(b.share)) for b in tr_.beneficiaries]
    elif kind == "policy":
        pol = next(p for p in hh.policies if p.id == nid)
        rows += [(t("kind.policy"), charts.policy_label(hh, pol, lang)),
                 (t("edge.insures"), _name(hh, pol.insured)),
                 (t("col.sum_assured"), money(pol.sum_assured, pol.currency, lang))]
        rows += [(_name(hh, b.target), pct(b.share)) for b in pol.beneficiaries]
    # a markdown table: the first page stays free of pandas and pyarrow (a faster first start)
    md = [f"| {t('col.field')} | {t('col.value')} |", "|---|---|"]
    md += [f"| {_cell(k)} | {_cell(v)} |" for k, v in rows]
    st.markdown("\n".join(md))


def _cell(text: str) -> str:
    """Text shown literally inside a markdown table cell."""
    return md(str(text).replace("\n", " "))


def _name(hh: Household, eid: str) -> str:
    for coll in (hh.people, hh.companies, hh.trusts):
        for it in coll:
            if it.id == eid:
                return it.name
    return eid


def _network(hh: Household) -> None:
    calm = audience.meeting_mode()
    lang = state.lang()
    pos = charts.network_positions(hh)
    chosen = st.session_state.get("node")
    fig = charts.network_figure(hh, lang, calm=calm, selected=chosen)
    # drawn at its own pixel size: the layout's no-overlap guarantee holds on screen
    event = st.plotly_chart(fig, width="content", on_select="rerun",
                            selection_mode="points", key=f"net_{hh.id}")
    try:
        points = event.selection.points if event else []
    except AttributeError:
        points = []
    for pt in points or []:
        cd = pt.get("customdata") if isinstance(pt, dict) else None
        if isinstance(cd, list):
            cd = cd[0] if cd else None
        if cd in pos:
            chosen = cd
    ids = list(pos)
    if chosen not in ids:
        chosen = ids[0] if ids else None
    if chosen is None:
        return
    st.caption(t("hh.network_help"))
    names = {i: _name(hh, i) for i in ids} | {p.id: charts.policy_label(hh, p, lang)
                                              for p in hh.policies}
    st.session_state["node_pick"] = chosen
    st.selectbox(t("hh.details_of"), ids, key="node_pick", format_func=lambda x: names[x],
                 on_change=lambda: st.session_state.update(node=st.session_state["node_pick"]))
    _details(hh, chosen)


def _ownership(hh: Household) -> None:
    import pandas as pd

    lt = facts_of(hh).look_through
    if not lt.companies:
        st.info(t("hh.no_companies"))
        return
    st.plotly_chart(charts.ownership_figure(hh, lt, state.lang(), audience.meeting_mode()),
                    width="stretch")
    st.caption(t("hh.ownership_help"))
    ctrl = facts_of(hh).controllers
    rows = [{t("col.company"): c.name,
             t("hh.controller"): _name(hh, ctrl[c.id]) if ctrl[c.id] else t("hh.no_controller"),
             t("col.equity_value"): _m(hh.to_base(c.equity_value, c.currency), hh)}
            for c in hh.companies]
    widgets.table(pd.DataFrame(rows), "ownership")


def _balance(hh: Household) -> None:
    import pandas as pd

    bs = facts_of(hh).balance
    lang = state.lang()
    calm = audience.meeting_mode()
    st.plotly_chart(charts.balance_figure(bs, lang, calm), width="stretch")
    cols = ["liquid", "property", "other_illiquid", "business", "policies", "liabilities",
            "contingent", "net_worth"]
    rows = []
    for e in bs.entities.values():
        row = {t("col.entity"): e.name, t("col.kind"): t(f"kind.{e.kind}")}
        row |= {t(f"col.{c}"): _m(getattr(e, c), hh) for c in cols}
        row[t("col.concentration")] = pct(e.concentration)
        rows.append(row)
    total = {t("col.entity"): t("hh.net_worth"), t("col.kind"): ""}
    total |= {t(f"col.{c}"): _m(bs.total(c), hh) for c in cols}
    total[t("col.concentration")] = pct(bs.concentration)
    rows.append(total)
    widgets.table(pd.DataFrame(rows), "balance_sheet")
    left, right = st.columns([2, 1])
    with left:
        ids = [e.id for e in bs.entities.values() if e.assets or e.liabilities]
        if ids:
            who = st.selectbox(t("hh.drill", name="…"), ids, key="drill",
                               format_func=lambda x: bs.entities[x].name)
            st.markdown(f"**{t('hh.drill', name=md(bs.entities[who].name))}**")
            widgets.table(pd.DataFrame(_drill_rows(hh, bs, who)), "balance_sheet_detail")
    with right:
        st.plotly_chart(charts.currency_figure(bs.by_currency(), hh.base_currency, lang, calm),
                        width="stretch")


def _drill_rows(hh: Household, bs, who: str) -> list[dict]:
    lang = state.lang()
    out = []
    for h in hh.holdings:
        if h.owner == who:
            out.append({t("col.item"): h.product or t(f"hk.{h.kind}") + " · " + t(
                "svc.us" if h.at_bank == "us" else "svc.other"), t("col.kind"): t(f"hk.{h.kind}"),
                        t("col.value"): money(h.value, h.currency, lang),
                        t("col.net_worth"): _m(hh.to_base(h.value, h.currency), hh)})
    for cid, v in bs.entities[who].business_by_company.items():
        out.append({t("col.item"): hh.company(cid).name, t("col.kind"): t("col.business"),
                    t("col.value"): pct(bs.look_through.share(who, cid)),
                    t("col.net_worth"): _m(v, hh)})
    for p in hh.policies:
        if p.policyholder == who and p.cash_value:
            out.append({t("col.item"): charts.policy_label(hh, p, lang),
                        t("col.kind"): t("col.policies"),
                        t("col.value"): money(p.cash_value, p.currency, lang),
                        t("col.net_worth"): _m(hh.to_base(p.cash_value, p.currency), hh)})
    for li in hh.liabilities:
        if li.borrower == who:
            out.append({t("col.item"): charts.liability_label(hh, li, lang),
                        t("col.kind"): t("col.liabilities"),
                        t("col.value"): money(-li.amount, li.currency, lang),
                        t("col.net_worth"): _m(-hh.to_base(li.amount, li.currency), hh)})
    return out


def _banking(hh: Household) -> None:
    import pandas as pd

    bs = facts_of(hh).balance
    lang = state.lang()
    st.markdown(f"**{t('hh.banking_people')}**")
    rows = []
    for e in bs.entities.values():
        us, other = deposits_at(hh, e.id, "us"), deposits_at(hh, e.id, "other")
        l_us = sum(hh.to_base(x.amount, x.currency) for x in hh.liabilities
                   if x.borrower == e.id and x.lender == "us")
        l_other = sum(hh.to_base(x.amount, x.currency) for x in hh.liabilities
                      if x.borrower == e.id and x.lender == "other")
        client = hh.person(e.id).client if e.kind == "person" else None
        rows.append({t("col.entity"): e.name,
                     t("col.client"): "" if client is None else (t("yes") if client else t("no")),
                     t("col.deposits_us"): _m(us, hh), t("col.deposits_other"): _m(other, hh),
                     t("col.loans_us"): _m(l_us, hh), t("col.loans_other"): _m(l_other, hh)})
    widgets.table(pd.DataFrame(rows), "banking")
    if not bs.companies:
        return
    st.markdown(f"**{t('hh.banking_companies')}**")
    crow = []
    for c in bs.companies.values():
        services = ", ".join(f"{t('svc.' + k) if _known('svc.' + k) else k}: "
                             f"{t('svc.' + v)}" for k, v in c.services.items())
        guar = ", ".join(f"{_name(hh, g)} {money(v, hh.base_currency, lang)}"
                         for g, v in c.guaranteed_by.items())
        crow.append({t("col.company"): c.name, t("col.deposits_us"): _m(c.deposits_us, hh),
                     t("col.deposits_other"): _m(c.deposits_other, hh),
                     t("col.loans_us"): _m(c.loans_us, hh),
                     t("col.loans_other"): _m(c.loans_other, hh),
                     t("col.services"): services, t("col.guaranteed_by"): guar})
    widgets.table(pd.DataFrame(crow), "banking_companies")
    if audience.internal():
        _with_us(hh)


def _with_us(hh: Household) -> None:
    """Each linked member's accounts and recent activity from the imported book (internal)."""
    import pandas as pd

    from book.activity import member_accounts, recent_activity

    from ..client_link import book_store

    names = {x.client_id: x.name for x in (*hh.people, *hh.companies) if x.client_id}
    store = book_store()
    meta = store.meta() if names else None
    if meta is None or store.parquet_glob("transactions") is None:
        return
    con = store.connect()
    try:
        acc = member_accounts(con, meta, list(names))
        recent = recent_activity(con, list(names), meta.as_of, limit=8)
    finally:
        con.close()
    st.markdown(f"**{t('hh.with_us', date=date_text(meta.as_of, state.lang()))}**")
    lang = state.lang()
    widgets.table(pd.DataFrame([{
        t("col.entity"): names[r.client_id], t("col.kind"): t(f"acct.{r.kind}"),
        t("col.balance"): money(r.balance, r.currency, lang)} for r in acc.itertuples()]),
        "with_us_accounts")
    widgets.table(pd.DataFrame([{
        t("col.date"): r.date.date().isoformat(), t("col.entity"): names[r.client_id],
        t("col.kind"): t(f"txn.{r.kind}"), t("col.amount"): money(r.amount, r.currency, lang)}
        for r in recent.itertuples()]), "with_us_recent")


def _known(key: str) -> bool:
    from ..i18n import has

    return has(key)


def render() -> None:
    cur = state.current_in_script()
    if cur is None:
        st.info(t("side.no_households"))
        return
    _hid, _version, raw = cur
    hh = audience.shown(raw)
    bs = facts_of(hh).balance
    st.title(md(hh.name))
    st.caption(t("hh.as_of", date=date_text(hh.as_of, state.lang()), ccy=hh.base_currency))
    # two rows of three: a figure such as "NT$200.00M" is never cut at 1280 px
    c = [*st.columns(3), *st.columns(3)]
    short = lambda v: money(v, hh.base_currency, state.lang())  # noqa: E731 (the headline rule)
    c[0].metric(t("hh.net_worth"), short(bs.net_worth))
    c[1].metric(t("hh.assets"), short(bs.assets))
    c[2].metric(t("hh.liabilities"), short(bs.total("liabilities")))
    c[3].metric(t("hh.contingent"), short(bs.total("contingent")))
    c[4].metric(t("hh.concentration"), pct(bs.concentration, 0))
    # one view at a time (tabs would draw every chart on every rerun)
    views = {"network": _network, "ownership": _ownership, "balance": _balance}
    if audience.internal():  # deposits here and elsewhere are the bank's view, not the client's
        views["banking"] = _banking
    labels = {k: t(f"hh.{k}") for k in views}
    back = {v: k for k, v in labels.items()}
    view = st.session_state.get("hh_view_v", "network")
    view = view if view in views else "network"
    st.session_state["hh_view"] = labels[view]
    st.segmented_control(
        t("hh.view"), list(labels.values()), key="hh_view", label_visibility="collapsed",
        on_change=lambda: st.session_state.update(
            hh_view_v=back.get(st.session_state.get("hh_view"), view)))
    views[view](hh)
