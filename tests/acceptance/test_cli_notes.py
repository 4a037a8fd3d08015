"""The real CLI: ``search`` and ``followups`` over a profile holding notes and follow-ups."""

from __future__ import annotations

from datetime import timedelta

import pytest

from partnerdesk.core import clock
from partnerdesk.core.followups import FollowUpSpec, create_followup, set_status
from partnerdesk.core.notes import NoteDraft, create_note
from partnerdesk.core.profile import open_store
from tests.core.notes.data import add_manager, add_rep
from tests.helpers import run_cli


@pytest.fixture
def filled_profile(profile_paths, data_key):
    store = open_store(profile_paths, data_key)
    try:
        ana = add_manager(store, "Ana Ruiz", "Customer Success")
        bo = add_manager(store, "Bo Chen", "Engineering")
        rep = add_rep(store, "Rita Rep", "rita@example.com")
        create_note(store, NoteDraft(manager_id=ana.id), "Support team lacks product knowledge")
        create_note(store, NoteDraft(manager_id=bo.id), "Product roadmap unclear")
        late = clock.today() - timedelta(days=3)
        create_followup(
            store, FollowUpSpec("Send the product ladder", manager_id=ana.id, due_date=late)
        )
        create_followup(
            store,
            FollowUpSpec("Book training", manager_id=bo.id, rep_id=rep.id, owner_kind="manager"),
        )
        done = create_followup(store, FollowUpSpec("Old task", manager_id=bo.id))
        set_status(store, done.id, "done")
    finally:
        store.close()
    return profile_paths.root


def test_search_prints_hits_with_highlights(filled_profile):
    result = run_cli("search", "product", "--rebuild-index", profile=filled_profile)
    assert result.returncode == 0, result.stderr
    assert "Search index rebuilt: 5 records." in result.stdout
    assert "[product]" in result.stdout.lower()
    assert "3 matches." in result.stdout
    only_bo = run_cli(
        "search", "product", "--manager", "bo.chen@example.com", profile=filled_profile
    )
    assert "Bo Chen (Engineering)" in only_bo.stdout and "Ana Ruiz" not in only_bo.stdout


def test_search_bad_input_is_explained(filled_profile):
    bad_date = run_cli("search", "x", "--since", "01/05/2026", profile=filled_profile)
    assert bad_date.returncode == 1 and "--since wants a date like" in bad_date.stderr
    unknown = run_cli("search", "x", "--manager", "who@example.com", profile=filled_profile)
    assert unknown.returncode == 1 and "No manager has the email" in unknown.stderr


def test_followups_lists_overdue_and_by_rep(filled_profile):
    result = run_cli("followups", profile=filled_profile)
    assert result.returncode == 0, result.stderr
    assert "OVERDUE Send the product ladder" in result.stdout
    assert "Old task" not in result.stdout and "2 follow-ups." in result.stdout
    mine = run_cli("followups", "--rep", "Rita@Example.com", profile=filled_profile)
    assert "Book training" in mine.stdout and "owner: Bo Chen" in mine.stdout
    assert "1 follow-up." in mine.stdout
    done = run_cli("followups", "--status", "done", profile=filled_profile)
    assert "Old task [Done]" in done.stdout
    nobody = run_cli("followups", "--rep", "x@example.com", profile=filled_profile)
    assert nobody.returncode == 1 and "No rep has the email" in nobody.stderr


def test_followups_owner_is_me_only_for_my_own(profile_paths, data_key):
    from partnerdesk.core.me import set_me

    store = open_store(profile_paths, data_key)
    try:
        ana = add_manager(store, "Ana Ruiz", "Customer Success")
        rita = add_rep(store, "Rita Rep", "rita@example.com")
        sam = add_rep(store, "Sam Second", "sam@example.com")
        set_me(store, rita.id)
        create_followup(store, FollowUpSpec("Mine", manager_id=ana.id, rep_id=rita.id))
        create_followup(store, FollowUpSpec("Theirs", manager_id=ana.id, rep_id=sam.id))
    finally:
        store.close()
    out = run_cli("followups", profile=profile_paths.root).stdout
    assert "Mine\n    owner: Me;" in out and "Theirs\n    owner: Sam Second;" in out
