"""The My book table without streamlit: search across scripts, filters, access by banker."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ui.book_model import ROW_COLUMNS, filter_rows, fold, fold_many


def test_fold_makes_traditional_and_simplified_meet():
    assert fold("陳氏家族 Chen") == fold("陈氏家族 chen") == "陈氏家族chen"
    assert fold_many(["鄭", "劉 Liu", "黃"]) == ["郑", "刘liu", "黄"]


def _rows() -> pd.DataFrame:
    base = dict.fromkeys(ROW_COLUMNS)
    rows = [
        {**base, "key": "h:A", "kind": "family", "name": "陳氏家族", "search": fold("陳氏家族"),
         "banker": "anna", "branch": "上海分行", "market": "CN", "tier": "private",
         "assets_with_us": 9e6, "alerts": 2, "succession": "not_planned", "success": 0.62,
         "last_contact": dt.date(2026, 11, 1)},
        {**base, "key": "h:B", "kind": "family", "name": "林氏家族", "search": fold("林氏家族"),
         "banker": "anna, bert", "branch": "台北分行", "market": "TW", "tier": "wealth",
         "assets_with_us": 4e6, "alerts": 0, "succession": "planned", "success": 0.91,
         "last_contact": None},
        {**base, "key": "c:C", "kind": "person", "name": "王小明", "search": fold("王小明"),
         "banker": "bert", "branch": "", "market": None, "tier": "mass",
         "assets_with_us": 1e4, "alerts": 1, "succession": None, "success": None},
    ]
    return pd.DataFrame(rows, columns=list(ROW_COLUMNS))


@pytest.mark.parametrize(("kw", "keys"), [
    ({"query": "陈氏"}, ["h:A"]),  # Simplified query finds the Traditional name
    ({"query": "  "}, ["h:A", "h:B", "c:C"]),
    ({"tiers": ["private", "mass"]}, ["h:A", "c:C"]),
    ({"bankers": ["bert"]}, ["h:B", "c:C"]),
    ({"branches": ["台北分行"]}, ["h:B"]),
    ({"markets": ["CN"]}, ["h:A"]),
    ({"alerts_open": True}, ["h:A", "c:C"]),
    ({"succession_not_planned": True}, ["h:A"]),
    ({"success_below": 0.8}, ["h:A"]),  # a row without nightly results is not "below"
])
def test_filters(kw, keys):
    assert list(filter_rows(_rows(), **kw)["key"]) == keys


def test_a_banker_sees_their_clients_and_assigned_families(small_frames):
    from ui.book_model import visible_clients

    f = small_frames
    c = f.clients.assign(client_id=f.clients["client_id"].astype(str),
                         banker=f.clients["banker"].astype(str))
    who = c["banker"].value_counts().index[0]
    own = set(c.loc[c["banker"] == who, "client_id"])
    assert visible_clients(f, who, False) == own
    assert visible_clients(f, who, True) == set(c["client_id"])
    hh_of = f.client_households()
    hid = next(h for cid, h in hh_of.items() if cid not in own)
    members = {cid for cid, h in hh_of.items() if h == hid}
    assert visible_clients(f, who, False, [hid]) == own | members


@pytest.fixture(scope="module")
def small_frames(tmp_path_factory):
    import book

    out = tmp_path_factory.mktemp("bm") / "book"
    book.generate_book(out, 6, months=13)
    return book.read_book(out)
