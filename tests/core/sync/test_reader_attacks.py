"""A folder writer cannot knock a sync over: every planted file is listed and stepped over."""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import pytest

from partnerdesk.core.clock import wall_ms
from partnerdesk.core.sync import bundle as bundles
from partnerdesk.core.sync.problems import list_problems
from partnerdesk.core.sync.runner import sync
from partnerdesk.core.sync.team import current_team

from .helpers import add_note, bundle_files, note, sealer_of


def _folder(store) -> Path:
    return Path(current_team(store).folder) / "devices" / store.device_id


def _seal_as(store, seq: int, payload: dict) -> bytes:
    return bundles.seal(sealer_of(store), seq, "", payload)


def test_a_deeply_nested_header_is_refused_without_a_traceback(trio):
    a, b, _c = trio
    first = add_note(a, "before")
    sync(a)
    nested = b"[" * 100_000 + b"]" * 100_000
    planted = bundles.MAGIC + struct.pack(">HI", 2, len(nested)) + nested + bytes(64)
    (_folder(a) / "0000000002.pdsync").write_bytes(planted)
    nested_small = b'{"a":' * 30 + b"1" + b"}" * 30
    (_folder(a) / "0000000003.pdsync").write_bytes(
        bundles.MAGIC + struct.pack(">HI", 2, len(nested_small)) + nested_small + bytes(96)
    )
    report = sync(b)
    assert report.reachable and report.imported_bundles == 1
    assert note(b, first).body == "before"
    messages = " ".join(report.problems)
    assert "0000000002.pdsync has a damaged header (too long)" in messages
    assert "0000000003.pdsync has a damaged header" in messages


def test_a_decompression_bomb_is_cut_off_at_the_cap(trio, monkeypatch):
    a, b, _c = trio
    assert bundles.MAX_PAYLOAD_BYTES <= 256 * 1024 * 1024
    monkeypatch.setattr(bundles, "MAX_PAYLOAD_BYTES", 1 << 20)
    bomb = {"changes": {}, "pad": "0" * (8 << 20)}
    data = _seal_as(a, 1, bomb)
    assert len(data) < 64 * 1024  # a small file ...
    (_folder(a) / "0000000001.pdsync").write_bytes(data)
    later = add_note(a, "after the bomb")
    sync(a)  # ... that a's own next bundle steps over as one of its own (it opens)
    report = sync(b)
    assert any("larger than 1 MB once unpacked" in p for p in report.problems)
    assert note(b, later).body == "after the bomb"


def test_a_planted_huge_number_neither_cuts_a_device_off_nor_stops_the_reader(trio):
    a, b, _c = trio
    add_note(a, "one")
    sync(a)
    (_folder(a) / "9999999999.pdsync").write_bytes(b"")
    second = add_note(a, "two")
    assert sync(a).bundle.endswith("0000000002.pdsync")  # not 10000000000
    report = sync(b)
    assert note(b, second).body == "two"
    assert any("9999999999.pdsync is truncated" in p for p in report.problems)


def test_sequence_numbers_wider_than_ten_digits_are_read(trio):
    a, b, _c = trio
    stamp = f"{wall_ms():013d}-0000-{a.device_id}"
    payload = {
        "changes": {
            "note": {
                "cols": ["id", "body", "updated_hlc", "device_id", "visibility"],
                "rows": [["wide", "eleven digits", stamp, a.device_id, "team"]],
            }
        }
    }
    seq = 12_345_678_901
    bundles.write_bundle(_folder(a), seq, _seal_as(a, seq, payload))
    assert (_folder(a) / "12345678901.pdsync").is_file()
    report = sync(b)
    assert note(b, "wide").body == "eleven digits"
    assert any("update(s) 1 to 12345678900 of computer" in p for p in report.problems)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")
def test_links_folders_and_pipes_named_like_bundles_are_skipped_one_by_one(trio):
    a, b, c = trio
    first = add_note(a, "from a")
    sync(a)
    folder = _folder(a)
    os.symlink("0000000002.pdsync", folder / "0000000002.pdsync")  # a loop
    os.symlink("/dev/zero", folder / "0000000003.pdsync")
    os.mkfifo(folder / "0000000004.pdsync")
    (folder / "0000000005.pdsync").mkdir()
    os.symlink(str(folder), folder.parent / "feedfacecafe0002")  # a linked device folder
    from_c = add_note(c, "from c")
    sync(c)
    report = sync(b)
    assert report.reachable
    assert note(b, first).body == "from a" and note(b, from_c).body == "from c"
    messages = " ".join(report.problems)
    assert "0000000002.pdsync is a link" in messages
    assert "0000000003.pdsync is a link" in messages
    assert "0000000004.pdsync is a pipe or a device" in messages
    assert "0000000005.pdsync is a folder" in messages
    assert "feedfacecafe0002 is a link" in messages
    # a's next bundle steps over the four names in its way
    later = add_note(a, "later")
    assert sync(a).bundle.endswith("0000000006.pdsync")
    sync(b)
    assert note(b, later).body == "later"


def test_a_damaged_conflicted_copy_raises_no_alarm(trio):
    a, b, _c = trio
    add_note(a, "hello")
    sync(a)
    sync(b)
    original = bundle_files(a)[0]
    data = bytearray(original.read_bytes())
    data[-5] ^= 0xFF
    (original.parent / "0000000001 (conflicted copy).pdsync").write_bytes(bytes(data))
    (original.parent / "0000000001 (2).pdsync").write_bytes(b"garbage")
    sync(b)
    assert [p.kind for p in list_problems(b)] == []


@pytest.mark.parametrize(
    "stamp",
    [
        "９９９９９９９９９９９９９-0000-{dev}",  # full-width digits: sorts after every real stamp
        "99999999999999-0000-{dev}",  # 14 digits
        "{now}-000g-{dev}",
        "{now}-00000-{dev}",
        " {now}-0000-{dev}",
        "0000000000001-0000-{dev}",  # 1970
        "{now}-0000-someoneelse00001",  # another device's stamp
    ],
)
def test_stamps_in_any_other_shape_are_refused(trio, stamp):
    a, b, _c = trio
    note_id = add_note(a, "real")
    sync(a), sync(b)
    text = stamp.format(dev=a.device_id, now=f"{wall_ms():013d}")
    payload = {
        "changes": {
            "note": {
                "cols": ["id", "body", "updated_hlc", "device_id", "visibility"],
                "rows": [[note_id, "TAKEOVER", text, a.device_id, "team"]],
            }
        }
    }
    (_folder(a) / "0000000002.pdsync").write_bytes(_seal_as(a, 2, payload))
    sync(b)
    assert note(b, note_id).body == "real"
    assert any("1 unreadable record(s) were skipped" in p.message for p in list_problems(b))


def test_header_fields_must_have_their_types(trio):
    a, b, _c = trio
    data = _seal_as(a, 1, {"changes": {}})
    length = struct.unpack_from(">I", data, 10)[0]
    header = json.loads(data[14 : 14 + length])
    header["seq"] = "1"
    raw = json.dumps(header).encode()
    (_folder(a) / "0000000001.pdsync").write_bytes(
        data[:10] + struct.pack(">I", len(raw)) + raw + data[14 + length :]
    )
    report = sync(b)
    assert any("damaged header" in p for p in report.problems)
