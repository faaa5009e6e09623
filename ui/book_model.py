"""What the book pages show, as plain tables (no streamlit here: the pages draw them).

- :func:`visible_clients`: the clients a user may see in the book — an administrator all of
  them, a banker the clients whose ``banker`` is them and the clients of households assigned to
  them (:mod:`store.access`).
- :func:`book_rows`: one row per family (a household file of the book) and per client outside any
  family: assets with us, known wealth, wallet share, tier (``book.segments``), last contact (the
  latest follow-up with a contact date, else the latest activity the client initiated), open
  alerts, succession planned, essential-goal success from the nightly run when there is one.
- :func:`fold` / :func:`matches`: search by name in any script — 繁/简 folded with OpenCC
  (``t2s``), case folded, every name of the family (``names`` in each script) searched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cache

import pandas as pd

from book.frames import BookFrames

ROW_COLUMNS = ("key", "kind", "name", "search", "household_id", "client_ids", "banker", "branch",
               "market", "tier", "assets_with_us", "known_wealth", "wallet_share",
               "last_contact", "alerts", "succession", "success")


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s.json")


def fold(text: str) -> str:
    """``text`` for matching: Traditional characters as Simplified, case folded, no spaces."""
    return _t2s().convert(str(text)).casefold().replace(" ", "")


def fold_many(texts: list[str]) -> list[str]:
    """:func:`fold` of many texts with one conversion (lines never contain a line break)."""
    joined = "\n".join(str(x).replace("\n", " ") for x in texts)
    return _t2s().convert(joined).casefold().replace(" ", "").split("\n")


def matches(search: str, query: str) -> bool:
    q = fold(query)
    return not q or q in search


def visible_clients(frames: BookFrames, user_name: str, is_admin: bool,
                    assigned_households: Iterable[str] = ()) -> frozenset[str]:
    """Client ids ``user_name`` may see in the book."""
    ids = frames.clients["client_id"].astype(str)
    if is_admin:
        return frozenset(ids)
    own = set(ids[frames.clients["banker"].astype(str) == user_name])
    assigned = set(assigned_households)
    for cid, hid in frames.client_households().items():
        if hid in assigned:
            own.add(str(cid))
    return frozenset(own)


def succession_status(hh) -> str:
    """``planned`` when the family has a will or a trust on file, else ``not_planned``."""
    return "planned" if (hh.wills or hh.trusts) else "not_planned"


def book_index(frames: BookFrames, segments, results: pd.DataFrame | None = None
               ) -> pd.DataFrame:
    """Every row My book can show, for everyone (one per family and one per client outside any
    family), without what depends on the user: built once per book version (the app's warm-up
    builds it before the first page asks); :func:`rows_for` then keeps a user's rows and adds
    their open alerts and last contacts. ``activity``: the latest activity a member initiated.
    """
    c = frames.clients
    ids = c["client_id"].astype(str).tolist()
    name_of = dict(zip(ids, c["name"].astype(str).tolist(), strict=True))
    kind_of = dict(zip(ids, c["kind"].astype(str).tolist(), strict=True))
    banker_of = dict(zip(ids, c["banker"].astype(str).tolist(), strict=True))
    branch_of = {k: str(v) for k, v in zip(ids, c["branch"].tolist(), strict=True)
                 if pd.notna(v)}
    seg_c = {x.client_id: x for x in segments.clients}
    seg_h = {h.household_id: h for h in segments.households}
    success: dict[str, float] = {}
    if results is not None and not results.empty and "success_all_essential" in results:
        ok = results[results["success_all_essential"].notna()]
        success = dict(zip(ok["household_id"].astype(str),
                           ok["success_all_essential"].astype(float), strict=True))

    def activity(members: Iterable[str]) -> dt.date | None:
        days = [d for d in (getattr(seg_c.get(m), "last_activity", None) for m in members) if d]
        return max(days) if days else None

    rows: list[dict] = []
    in_family: set[str] = set()
    for hid in sorted(frames.households):
        hh = frames.households[hid]
        members = [x.client_id for x in (*hh.people, *hh.companies)
                   if x.client_id and x.client_id in name_of]
        in_family.update(members)
        names = [hh.name]
        for x in (*hh.people, *hh.companies):
            names.append(x.name)
            names.extend((getattr(x, "names", None) or {}).values())
        names.extend(name_of[m] for m in members)
        seg = seg_h.get(hid)
        rows.append({
            "key": f"h:{hid}", "kind": "family", "name": hh.name,
            "search": "|".join(dict.fromkeys(names)), "household_id": hid,
            "client_ids": tuple(members),
            "banker": ", ".join(sorted({banker_of[m] for m in members})),
            "branch": ", ".join(sorted({branch_of[m] for m in members if m in branch_of})),
            "market": hh.jurisdiction, "tier": seg.tier if seg else None,
            "assets_with_us": seg.assets_with_us if seg else 0.0,
            "known_wealth": seg.known_wealth if seg else None,
            "wallet_share": seg.wallet_share if seg else None,
            "activity": activity(members), "succession": succession_status(hh),
            "success": success.get(hid)})
    for cid in sorted(set(ids) - in_family):
        seg = seg_c.get(cid)
        rows.append({
            "key": f"c:{cid}", "kind": kind_of[cid], "name": name_of[cid],
            "search": name_of[cid], "household_id": None, "client_ids": (cid,),
            "banker": banker_of[cid], "branch": branch_of.get(cid, ""), "market": None,
            "tier": seg.tier if seg else None,
            "assets_with_us": seg.assets_with_us if seg else 0.0, "known_wealth": None,
            "wallet_share": None, "activity": activity((cid,)), "succession": None,
            "success": None})
    if rows:  # one OpenCC call for the whole table, not one per name
        folded = fold_many([r["search"] for r in rows])
        for r, f in zip(rows, folded, strict=True):
            r["search"] = f
    cols = [k for k in ROW_COLUMNS if k not in ("last_contact", "alerts")] + ["activity"]
    return pd.DataFrame(rows, columns=cols)


def rows_for(index: pd.DataFrame, visible: frozenset[str], open_alerts: Mapping[str, int],
             last_contact: Mapping[str, dt.date]) -> pd.DataFrame:
    """The rows of :func:`book_index` a user sees (a family when one of its clients is theirs),
    with their open alerts and last contact (the latest follow-up with a contact date, else the
    latest activity a member initiated), in the order of :data:`ROW_COLUMNS`."""
    # plain loops over tuples: pandas' explode/isin on Arrow strings cost 10x more here
    keep = [not visible.isdisjoint(t) for t in index["client_ids"]]
    rows = index[keep].reset_index(drop=True)
    alerts, contact = dict(open_alerts), dict(last_contact)
    rows["alerts"] = [sum(alerts.get(m, 0) for m in t) for t in rows["client_ids"]]

    def latest(members: tuple[str, ...], activity) -> dt.date | None:
        days = [d for d in (contact.get(m) for m in members) if d is not None]
        if activity is not None and not pd.isna(activity):
            days.append(activity)
        return max(days) if days else None

    rows["last_contact"] = pd.Series(
        [latest(t, a) for t, a in zip(rows["client_ids"], rows["activity"], strict=True)],
        dtype=object)
    return rows[list(ROW_COLUMNS)]


def book_rows(frames: BookFrames, segments, visible: frozenset[str],
              open_alerts: Mapping[str, int], last_contact: Mapping[str, dt.date],
              results: pd.DataFrame | None = None) -> pd.DataFrame:
    """The My book table for the clients in ``visible``: :func:`rows_for` of :func:`book_index`.

    ``segments``: a :class:`book.segments.Segments`; ``open_alerts``: client id -> alerts shown;
    ``last_contact``: client id -> latest contact date from the follow-ups; ``results``: the
    nightly ``households.parquet`` (``household_id``, ``success_all_essential``) or None.
    """
    return rows_for(book_index(frames, segments, results), visible, open_alerts, last_contact)


def filter_rows(rows: pd.DataFrame, *, tiers: Iterable[str] = (), bankers: Iterable[str] = (),
                branches: Iterable[str] = (), markets: Iterable[str] = (),
                alerts_open: bool = False, succession_not_planned: bool = False,
                success_below: float | None = None, query: str = "") -> pd.DataFrame:
    """The rows passing every filter given (an empty choice filters nothing)."""
    keep = pd.Series(True, index=rows.index)
    tiers, bankers, branches, markets = (set(x) for x in (tiers, bankers, branches, markets))
    if tiers:
        keep &= rows["tier"].isin(tiers)
    if bankers:
        keep &= rows["banker"].map(lambda b: bool(bankers & set(b.split(", "))))
    if branches:
        keep &= rows["branch"].map(lambda b: bool(branches & set(b.split(", "))))
    if markets:
        keep &= rows["market"].isin(markets)
    if alerts_open:
        keep &= rows["alerts"] > 0
    if succession_not_planned:
        keep &= rows["succession"] == "not_planned"
    if success_below is not None:
        keep &= rows["success"].notna() & (rows["success"].astype(float) < success_below)
    if query.strip():
        q = fold(query)
        keep &= rows["search"].str.contains(q, regex=False)
    return rows[keep]
