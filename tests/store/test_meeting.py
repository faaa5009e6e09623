"""Meeting mode held in the store: per banker, left only with the PIN or the banker's password,
every entry, exit and refusal audited."""

from __future__ import annotations

import pytest

from store import access, audit, meeting
from store.storage import Store


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "k.db")


def _actions(store, who):
    admin = access.local_user("admin")
    return [(e.action, e.detail) for e in audit.entries(store, admin, actor=who)]


def test_a_meeting_is_per_banker_and_ends_only_with_its_pin(store):
    assert meeting.current(store, "amy") is None
    m = meeting.enter(store, "amy", "demo-tw-lin", pin="2468", pin_required=True)
    assert m.has_pin and meeting.current(store, "amy").household_id == "demo-tw-lin"
    assert meeting.current(store, "bob") is None
    assert not meeting.leave(store, "amy", "")
    assert not meeting.leave(store, "amy", "1357")
    assert meeting.current(store, "amy") is not None
    assert meeting.leave(store, "amy", "2468")
    assert meeting.current(store, "amy") is None
    acts = _actions(store, "amy")
    assert [a for a, _ in acts].count("refused") == 2
    assert [a for a, _ in acts].count("meeting") == 2


def test_the_bankers_password_also_ends_the_meeting(store):
    access.create_account(store, "amy", "correct horse battery")
    assert meeting.has_password(store, "amy") and not meeting.has_password(store, "zed")
    meeting.enter(store, "amy", "demo-cn-chen")  # no PIN: the password is the way out
    assert not meeting.leave(store, "amy", "wrong password!")
    assert meeting.leave(store, "amy", "correct horse battery")


@pytest.mark.parametrize("pin,problem", [(None, "pin_required"), ("", "pin_required"),
                                         ("123", "pin_short"), ("9" * 201, "pin_long")])
def test_unusable_pins_are_refused_before_anything_is_stored(store, pin, problem):
    with pytest.raises(meeting.MeetingError, match=problem):
        meeting.enter(store, "amy", "demo-tw-lin", pin=pin, pin_required=True)
    assert meeting.current(store, "amy") is None
