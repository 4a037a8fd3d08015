"""The sharing moment: meeting notes leave the laptop only once the meeting is over."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partnerdesk.core import clock, sharing
from partnerdesk.core.store.models import Meeting
from partnerdesk.core.sync.runner import sync

from .helpers import add_note, edit_note, note


@pytest.fixture
def pinned():
    """The clock pinned at the real present, so a test can move it on."""
    start = clock.now()
    clock.set_now(start)
    yield start
    clock.set_now(None)


def _meeting(store, status: str = "in_progress") -> str:
    with store.transaction() as session:
        meeting = Meeting(manager_id="manager-1", planned_for=date(2026, 12, 4), status=status)
        session.add(meeting)
    return meeting.id


def _set_status(store, meeting_id: str, status: str) -> None:
    with store.transaction() as session:
        session.get(Meeting, meeting_id).status = status


def test_meeting_notes_wait_until_the_meeting_is_held(trio, pinned):
    a, b, _c = trio
    meeting_id = _meeting(a)
    typed = add_note(a, "said in the meeting", meeting_id=meeting_id)
    loose = add_note(a, "a note outside any meeting")
    sync(a), sync(b)
    assert note(b, typed) is None and note(b, loose) is not None
    assert sharing.share_state(a, typed) == sharing.WAITING
    assert sharing.share_state(a, loose) == sharing.SHARED
    add_note(a, "a later note outside the meeting")  # the next scan starts after it
    sync(a)
    _set_status(a, meeting_id, "held")
    sync(a), sync(b)
    assert note(b, typed).body == "said in the meeting"
    assert sharing.share_state(a, typed) == sharing.SHARED


def test_an_hour_without_edits_lets_the_words_leave(trio, pinned):
    a, b, _c = trio
    typed = add_note(a, "still in progress", meeting_id=_meeting(a))
    clock.set_now(pinned + timedelta(minutes=59))
    sync(a), sync(b)
    assert note(b, typed) is None
    clock.set_now(pinned + timedelta(minutes=61))
    sync(a), sync(b)
    assert note(b, typed).body == "still in progress"


def test_share_now_releases_what_was_typed_so_far(trio, pinned):
    a, b, _c = trio
    meeting_id = _meeting(a)
    typed = add_note(a, "share this now", meeting_id=meeting_id)
    sharing.share_now(a)
    later = add_note(a, "typed after share now", meeting_id=meeting_id)
    sync(a), sync(b)
    assert note(b, typed).body == "share this now"
    assert note(b, later) is None and sharing.share_state(a, later) == sharing.WAITING


def test_a_private_note_is_withdrawn_at_once_even_mid_meeting(trio, pinned):
    a, b, _c = trio
    meeting_id = _meeting(a, status="held")
    typed = add_note(a, "shared, then private", meeting_id=meeting_id)
    sync(a), sync(b)
    assert note(b, typed) is not None
    _set_status(a, meeting_id, "in_progress")  # reopened
    edit_note(a, typed, visibility="private")
    sync(a), sync(b)
    assert note(b, typed).deleted and note(b, typed).body == ""
    assert sharing.share_state(a, typed) == sharing.PRIVATE


def test_waits_reads_the_stamp_wall_clock():
    stamp = str(clock.Stamp(1_000_000, 0, "dev"))
    assert sharing.waits("team", True, stamp, "", now_ms=1_000_000 + sharing.QUIET_MS - 1)
    assert not sharing.waits("team", True, stamp, "", now_ms=1_000_000 + sharing.QUIET_MS)
    assert not sharing.waits("team", False, stamp, "", now_ms=1_000_000)
    assert not sharing.waits("private", True, stamp, "", now_ms=1_000_000)
