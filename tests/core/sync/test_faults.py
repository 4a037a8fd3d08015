"""Bad bundles and a shared folder that comes and goes: refused by name, nothing partial."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from partnerdesk.core.clock import wall_ms
from partnerdesk.core.store.models import Note, SyncTeam
from partnerdesk.core.sync.bundle import open_bundle, seal
from partnerdesk.core.sync.importer import Signer, apply_bundle
from partnerdesk.core.sync.problems import list_problems
from partnerdesk.core.sync.runner import resend_all, sync
from partnerdesk.core.sync.status import sync_status
from partnerdesk.core.sync.team import current_team

from .helpers import add_note, bundle_files, imported, note, plant, replica, sealer_of


def _three_bundles(a) -> list[str]:
    ids = []
    for text in ("first", "second", "third"):
        ids.append(add_note(a, f"{text} note"))
        assert sync(a).exported == 1
    return ids


def test_damaged_bundle_is_refused_by_name_and_the_rest_goes_on(trio):
    a, b, _c = trio
    ids = _three_bundles(a)
    files = bundle_files(a)
    good = files[1].read_bytes()
    files[1].write_bytes(good[:-40])  # truncated by a sync service
    report = sync(b)
    assert report.imported_bundles == 2
    assert len(report.problems) == 1 and files[1].name in report.problems[0]
    assert note(b, ids[0]).body == "first note"
    assert note(b, ids[1]) is None  # nothing from the damaged bundle
    assert note(b, ids[2]).body == "third note"
    assert [p.kind for p in list_problems(b)] == ["damaged"]
    files[1].write_bytes(good)  # the sync service finishes the copy
    report = sync(b)
    assert report.imported_bundles == 1 and not report.problems
    assert note(b, ids[1]).body == "second note"
    assert list_problems(b) == []


def test_flipped_bit_and_edited_header_change_nothing(trio):
    a, b, _c = trio
    add_note(a, "one")
    sync(a)
    path = bundle_files(a)[0]
    data = bytearray(path.read_bytes())
    before = replica(b)
    for index in (3, 20, len(data) // 2, len(data) - 1):
        damaged = bytearray(data)
        damaged[index] ^= 0x10
        path.write_bytes(bytes(damaged))
        report = sync(b)
        assert report.imported_bundles == 0
        assert any(str(path) in p.message for p in list_problems(b))
    assert replica(b) == before
    assert imported(b) == []


def test_bundle_from_another_team_or_key_is_refused(trio, make_store, tmp_path):
    a, b, _c = trio
    team = current_team(a)
    folder = Path(team.folder) / "devices" / "feedfacecafe0001"
    folder.mkdir()
    payload = {
        "device_name": "x",
        "rep": None,
        "changes": {
            "note": {
                "cols": ["id", "body", "updated_hlc", "device_id"],
                "rows": [
                    ["n9", "INJECTED", "1700000000000-0000-feedfacecafe0001", "feedfacecafe0001"]
                ],
            }
        },
    }
    # a stranger's device folder: refused whatever its content
    (folder / "0000000001.pdsync").write_bytes(seal(sealer_of(a, key=bytes(32)), 1, "", payload))
    # a's own real keys, but another team or another key
    plant(a, 1, payload, team="another-team")
    plant(a, 2, payload, key=bytes(32))
    report = sync(b)
    assert report.imported_bundles == 0
    messages = " ".join(report.problems)
    assert "feedfacecafe0001/0000000001.pdsync is in the folder of a computer that is not" in (
        messages
    )
    assert "0000000001.pdsync belongs to another team" in messages
    assert "0000000002.pdsync cannot be opened with this team's key" in messages
    assert note(b, "n9") is None


def test_temp_files_and_conflicted_copies(trio):
    a, b, _c = trio
    note_id = add_note(a, "hello")
    sync(a)
    folder = bundle_files(a)[0].parent
    data = bundle_files(a)[0].read_bytes()
    (folder / ".0000000002.pdsync.4242.tmp").write_bytes(data[:30])  # still being written
    (folder / "0000000002.pdsync.partial").write_bytes(data[:30])
    (folder / "0000000001 (conflicted copy 2026-05-01).pdsync").write_bytes(data)
    (folder / "0000000001-LAPTOP-7.pdsync").write_bytes(data)
    report = sync(b)
    assert report.imported_bundles == 1 and report.problems == []
    assert note(b, note_id).body == "hello"
    assert sync(b).problems == [] and list_problems(b) == []
    # a copy with other content under an imported number: two writers, one device id
    other = seal(sealer_of(a), 1, "", {"changes": {}})
    (folder / "0000000001 (1).pdsync").write_bytes(other)
    sync(b)
    assert [p.kind for p in list_problems(b)] == ["alarm"]
    assert "two different bundles numbered 1" in list_problems(b)[0].message


def test_same_bundle_twice_changes_nothing(trio):
    a, b, _c = trio
    add_note(a, "once")
    sync(a)
    path = bundle_files(a)[0]
    team = current_team(b)
    sealer = sealer_of(a)
    opened = open_bundle(
        path.read_bytes(),
        str(path),
        team.team_id,
        a.device_id,
        1,
        sealer.keys.sign_pub,
        {sealer.epoch: sealer.key},
    )
    signer = Signer(a.device_id, "a@example.com", True)
    apply_bundle(b, opened, signer, file=str(path), mtime_ns=0, now_ms=2**62)
    after_first = replica(b)
    stats = apply_bundle(b, opened, signer, file=str(path), mtime_ns=0, now_ms=2**62)
    assert stats.applied == 0
    assert replica(b) == after_first
    assert sync(b).imported_bundles == 0


def test_same_device_and_number_with_other_content_raises_an_alarm(trio):
    a, b, _c = trio
    note_id = add_note(a, "original")
    sync(a)
    sync(b)
    forged = {
        "changes": {
            "note": {
                "cols": ["id", "body", "updated_hlc", "device_id", "visibility"],
                "rows": [
                    [note_id, "rewritten", "9999999999999-0000-" + a.device_id, a.device_id, "team"]
                ],
            }
        }
    }
    plant(a, 1, forged)
    sync(b)
    problems = list_problems(b)
    assert [p.kind for p in problems] == ["alarm"]
    assert "0000000001.pdsync" in problems[0].message
    assert note(b, note_id).body == "original"


def test_folder_disappears_mid_sync_then_the_next_sync_finishes(trio, shared):
    a, b, _c = trio
    ids = _three_bundles(a)
    moved = shared.parent / "moved-away"

    def pull_the_plug(done: int, total: int, _label: str) -> None:
        if done == 1 and total == 3:
            shutil.move(str(shared), str(moved))

    report = sync(b, progress=pull_the_plug)
    assert not report.reachable
    assert "not reachable" in report.summary()
    assert len(imported(b)) == 1  # the first bundle whole, nothing of the others
    assert note(b, ids[0]) is not None and note(b, ids[1]) is None
    shutil.move(str(moved), str(shared))
    report = sync(b)
    assert report.reachable and report.imported_bundles == 2
    assert [note(b, i).body for i in ids] == ["first note", "second note", "third note"]


def test_changes_wait_while_the_folder_is_missing(trio, shared):
    a, b, _c = trio
    moved = shared.parent / "offline"
    shutil.move(str(shared), str(moved))
    for text in ("x", "y", "z"):
        add_note(a, text)
    report = sync(a)
    assert not report.reachable and report.waiting == 3
    status = sync_status(a)
    assert status.message == "3 changes waiting — shared folder not reachable"
    shutil.move(str(moved), str(shared))
    assert sync(a).exported == 3
    assert sync_status(a).waiting == 0
    sync(b)
    with b.session() as session:
        assert session.query(Note).count() == 3


def test_resend_all_heals_a_bundle_that_stays_damaged(trio):
    a, b, _c = trio
    ids = _three_bundles(a)
    files = bundle_files(a)
    files[0].write_bytes(files[0].read_bytes()[:100])  # damaged for good
    sync(b)
    assert note(b, ids[0]) is None
    assert "--resend-all" in list_problems(b)[0].message
    assert resend_all(a) == 3
    assert sync(a).exported == 3
    sync(b)
    assert [note(b, i).body for i in ids] == ["first note", "second note", "third note"]
    assert sync(a).exported == 0


def test_a_profile_behind_its_own_folder_continues_after_the_last_bundle(trio):
    a, b, _c = trio
    _three_bundles(a)
    with a.transaction() as session:  # as if restored from a backup taken after bundle 1
        session.get(SyncTeam, current_team(a).team_id).last_seq = 1
    add_note(a, "after the restore")
    assert sync(a).bundle.endswith("0000000004.pdsync")
    [problem] = list_problems(a)
    assert problem.kind == "alarm" and "restored from a backup" in problem.message
    assert sync(b).imported_bundles == 4 and list_problems(b) == []


def test_a_forked_history_raises_an_alarm(trio):
    a, b, _c = trio
    add_note(a, "one")
    sync(a), sync(b)
    plant(a, 2, {"changes": {}}, "0" * 64)
    sync(b)
    [problem] = list_problems(b)
    assert problem.kind == "alarm" and "forked" in problem.message


def test_a_change_stamped_behind_the_settled_mark_goes_out_with_a_full_scan(trio, monkeypatch):
    from partnerdesk.core.sync import outbox

    monkeypatch.setattr(outbox, "FULL_SCAN_EVERY", 3)
    a, b, _c = trio
    add_note(a, "first")
    sync(a)
    # another process wrote to this profile with its clock an hour behind
    with a.transaction() as session:
        session.info["importing"] = True
        stamp = f"{wall_ms() - 3_600_000:013d}-0000-{a.device_id}"
        session.add(Note(body="late writer", updated_hlc=stamp, device_id=a.device_id))
    exported = [sync(a).exported for _ in range(3)]
    assert exported == [0, 1, 0]  # the third sync scanned everything
    sync(b)
    with b.session() as session:
        assert session.query(Note).filter_by(body="late writer").count() == 1


def test_a_bundle_with_unstorable_records_is_refused_whole(trio):
    a, b, _c = trio
    note_id = add_note(a, "fine")
    sync(a)
    stamp = f"{wall_ms():013d}-0000-{a.device_id}"
    bad = {
        "changes": {
            "note": {
                "cols": ["id", "body", "updated_hlc", "device_id", "created_at"],
                "rows": [
                    ["n-good", "ok", stamp, a.device_id, "2026-01-01T00:00:00"],
                    ["n-bad", "x", stamp, a.device_id, "not a date"],
                ],
            }
        }
    }
    plant(a, 2, bad)
    report = sync(b)
    assert report.imported_bundles == 1
    assert "0000000002.pdsync holds records this Partner Desk cannot store" in report.problems[0]
    assert note(b, note_id).body == "fine"
    assert note(b, "n-good") is None and note(b, "n-bad") is None
    assert imported(b) == [(a.device_id, 1)]


def test_records_only_a_newer_version_knows_are_reported(trio):
    a, b, _c = trio
    stamp = f"{wall_ms():013d}-0000-{a.device_id}"
    payload = {
        "changes": {
            "note": {
                "cols": ["id", "body", "updated_hlc", "device_id", "visibility", "mood"],
                "rows": [["n1", "known", stamp, a.device_id, "team", "sunny"]],
            },
            "coaching_plan": {"cols": ["id"], "rows": [["p1"]]},
        }
    }
    plant(a, 1, payload)
    report = sync(b)
    assert report.imported_bundles == 1 and note(b, "n1").body == "known"
    [problem] = list_problems(b)
    assert problem.kind == "newer" and "coaching_plan" in problem.message


def test_an_import_steps_aside_for_the_main_thread_and_still_applies_everything(trio):
    """While b imports on a background thread, b's main thread keeps writing: each chunk
    it interrupts rolls back and is applied again, so every change arrives exactly once."""
    import threading

    from partnerdesk.core.store import gate
    from partnerdesk.core.sync import importer

    a, b, _c = trio
    ids = [add_note(a, f"note {n}") for n in range(3 * importer.APPLY_CHUNK)]
    assert sync(a).exported == len(ids)
    gave_way = []
    real = gate.WriteGate.give_way

    def counted(self) -> None:
        try:
            real(self)
        except gate.GiveWay:
            gave_way.append(1)
            raise

    reports = []
    own = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gate.WriteGate, "give_way", counted)
        worker = threading.Thread(target=lambda: reports.append(sync(b)))
        worker.start()
        while worker.is_alive():
            own.append(add_note(b, f"typed {len(own)}"))
        worker.join()
    assert gave_way, "the main thread never had to wait (the import was too quick)"
    assert reports[0].imported_changes >= len(ids)
    assert [note(b, i).body for i in ids] == [f"note {n}" for n in range(len(ids))]
    assert all(note(b, i).body == f"typed {n}" for n, i in enumerate(own))
