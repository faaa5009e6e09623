"""Household drafts from relationships.csv: families, controlled companies, 公私聯動 links and the
ambiguous cases of the hand-made book, and of a book without its household file."""

from __future__ import annotations

import json

from book import read_book
from book.drafts import drafts
from cli import main

from .conftest import SMALL


def test_small_book_drafts_lin_and_shows_the_married_daughter(capsys):
    assert main(["book", "drafts", str(SMALL), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["rules"]) == 6
    (d,) = doc["drafts"]  # Chen has a household file; 黃大文 alone controls nothing
    assert d["draft_id"] == "draft-C101" and d["banker"] == "rm.li"
    assert [p["client_id"] for p in d["people"]] == ["C101", "C102"]
    assert d["companies"] == [{"client_id": "C110", "kind": "company",
                               "name": "林氏科技股份有限公司, Lin Tech", "family_share": 0.6}]
    assert doc["extends"] == [{"household_id": "hh-chen", "draft_id": "draft-C001",
                               "missing": []}]
    (amb,) = doc["ambiguous"]
    assert amb["code"] == "married_child" and amb["client"]["client_id"] == "C102"
    assert amb["parent"]["client_id"] == "C201"
    assert amb["by_marriage"] == "draft-C101" and amb["by_birth"] is None


def test_without_household_files_chen_is_a_network_with_staff_as_links(small_book):
    for p in (small_book / "households").iterdir():
        p.unlink()
    b = read_book(small_book)
    doc = drafts(b.clients, b.relationships, b.households)
    chen = next(d for d in doc["drafts"] if d["draft_id"] == "draft-C001")
    assert [p["client_id"] for p in chen["people"]] == ["C001", "C002", "C003"]
    assert [c["client_id"] for c in chen["companies"]] == ["C010"]
    assert chen["companies"][0]["family_share"] == 1.0
    links = {(x["kind"], x["client"]["client_id"]) for x in chen["links"]}
    # executive and employee of the family company, and the client who referred 陈建国
    assert links == {("executive", "C020"), ("employee", "C021"), ("referral", "C301")}
    assert "C020" not in {p["client_id"] for d in doc["drafts"] for p in d["people"]}


def test_a_company_split_between_two_families_is_ambiguous(small_book):
    rel = small_book / "relationships.csv"
    rel.write_text(rel.read_text().replace("C101,C110,shareholder,0.6", "C101,C110,shareholder,0.4")
                   + "C001,C110,shareholder,0.4,\n")
    b = read_book(small_book)
    doc = drafts(b.clients, b.relationships, b.households)
    codes = {(a["code"], a["client"]["client_id"]) for a in doc["ambiguous"]}
    assert ("no_controlling_family", "C110") in codes
    lin = next(d for d in doc["drafts"] if d["draft_id"] == "draft-C101")
    assert lin["companies"] == [] and lin["stakes"][0]["share"] == 0.4
