"""One snapshot of a rule set per date (``rules.at(date)``): the values in force, by attribute or
by name, frozen, with the same errors as ``RuleSet.value``."""

import datetime as dt

import pytest

from scenarios.rules import JURISDICTION_CODES, RuleError, load_rules

ON = dt.date(2026, 6, 30)


@pytest.mark.parametrize("code", JURISDICTION_CODES)
def test_every_value_in_force_reads_the_same_as_value(code):
    rules = load_rules(code)
    snap = rules.at(ON)
    for name in rules.values:
        try:
            expected = rules.value(name, ON)
        except RuleError:
            with pytest.raises(RuleError):
                snap[name]
            continue
        assert snap[name] == expected
        assert snap.reference(name) == rules.reference(name, ON)


def test_attribute_access_follows_the_dotted_names():
    snap = load_rules("TW").at(ON)
    assert snap.estate_tax.kind == "tw" == snap["estate_tax.kind"]
    assert snap.estate_tax.brackets == load_rules("TW").value("estate_tax.brackets", ON)
    assert snap.gift.clawback_years == load_rules("TW").value("gift.clawback_years", ON)


def test_a_value_the_set_lacks_raises_a_rule_error_and_get_gives_the_default():
    snap = load_rules("CN").at(ON)
    assert "trust.no_such_value" not in snap
    assert snap.get("trust.no_such_value") is None
    assert snap.get("trust.no_such_value", 0.5) == 0.5
    with pytest.raises(RuleError, match=r"has no value 'trust\.no_such_value'"):
        snap["trust.no_such_value"]
    with pytest.raises(KeyError):
        snap["trust.no_such_value"]
    with pytest.raises(RuleError):
        snap.trust.no_such_value  # noqa: B018


def test_a_value_not_yet_in_force_raises_even_with_get():
    rules = load_rules("TW")
    early = rules.at(dt.date(2000, 1, 1))  # TW's estate tax values start in 2017
    with pytest.raises(RuleError, match="encoded only from"):
        early.estate_tax.kind  # noqa: B018
    with pytest.raises(RuleError):
        early.get("estate_tax.kind", "none")


def test_one_snapshot_per_date_and_frozen():
    rules = load_rules("UK")
    snap = rules.at(ON)
    assert rules.at(ON) is snap
    assert rules.at(dt.date(2020, 1, 1)) is not snap
    with pytest.raises(AttributeError):
        snap.on = dt.date(2000, 1, 1)
    assert len(snap) == len(rules.values) and set(snap) == set(rules.values)


def test_an_overridden_set_has_its_own_snapshots():
    rules = load_rules("UK")
    other = rules.with_values(estate_tax__rate=0.5)
    assert other.at(ON).estate_tax.rate == 0.5
    assert rules.at(ON).estate_tax.rate != 0.5
