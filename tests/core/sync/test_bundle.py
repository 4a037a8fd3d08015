"""The bundle file format: any damage, truncation, forgery or foreign origin is refused by name."""

from __future__ import annotations

import json
import os
import struct

import pytest

from partnerdesk.core.sync.bundle import (
    MAGIC,
    BundleError,
    Sealer,
    bundle_name,
    open_bundle,
    seal,
    write_bundle,
)
from partnerdesk.core.sync.identity import DeviceKeys

KEY = bytes(range(32))
TEAM, DEVICE = "t" * 32, "d" * 16
SIGNER = DeviceKeys.generate()
PAYLOAD = {"device_name": "x", "rep": None, "changes": {"note": {"cols": ["id"], "rows": [["n1"]]}}}


def sealed(key: bytes = KEY, team: str = TEAM, seq: int = 1, signer=SIGNER) -> bytes:
    return seal(Sealer(signer, key, 1, team, DEVICE), seq, "", PAYLOAD)


def opened(data: bytes, name: str = "f.pdsync", seq: int = 1):
    return open_bundle(data, name, TEAM, DEVICE, seq, SIGNER.sign_pub, {1: KEY})


def test_round_trip():
    data = sealed()
    bundle = opened(data, "b.pdsync")
    assert bundle.payload == PAYLOAD
    assert bundle.header.seq == 1 and bundle.header.device == DEVICE
    assert data.startswith(MAGIC)
    assert b"n1" not in data  # the changes are encrypted


def test_truncated_at_every_length_is_refused_naming_the_file():
    data = sealed()
    for length in range(len(data)):
        with pytest.raises(BundleError, match=r"0000000001\.pdsync"):
            opened(data[:length], "0000000001.pdsync")


def test_a_flipped_bit_anywhere_is_refused():
    data = sealed()
    for index in range(len(data)):
        damaged = bytearray(data)
        damaged[index] ^= 1 << (index % 8)
        with pytest.raises(BundleError, match=r"0000000001\.pdsync"):
            opened(bytes(damaged), "0000000001.pdsync")


def _edit_header(data: bytes, **changes) -> bytes:
    length = struct.unpack_from(">I", data, 10)[0]
    header = json.loads(data[14 : 14 + length])
    header.update(changes)
    raw = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    return data[:10] + struct.pack(">I", len(raw)) + raw + data[14 + length :]


def test_an_edited_header_is_refused():
    data = sealed()
    with pytest.raises(BundleError, match="not signed by the laptop"):
        opened(_edit_header(data, created="2020-01-01T00:00:00"))
    with pytest.raises(BundleError, match="does not match its place"):
        opened(_edit_header(data, seq=2))
    with pytest.raises(BundleError, match="damaged header"):
        opened(_edit_header(data, extra=1))


def test_another_team_another_key_or_another_signer_is_refused():
    with pytest.raises(BundleError, match="another team"):
        opened(sealed(team="o" * 32))
    with pytest.raises(BundleError, match="cannot be opened with this team's key"):
        opened(sealed(key=os.urandom(32)))
    with pytest.raises(BundleError, match="not signed by the laptop"):
        opened(sealed(signer=DeviceKeys.generate()))  # another member posing as this device
    with pytest.raises(BundleError, match="was not given"):
        open_bundle(sealed(), "f.pdsync", TEAM, DEVICE, 1, SIGNER.sign_pub, {2: KEY})


def test_not_a_bundle_an_older_and_a_newer_format():
    with pytest.raises(BundleError, match="not a Partner Desk sync bundle"):
        opened(b"%PDF-1.7" + bytes(100), "x.pdsync")
    for version, message in ((1, "before this team used signed bundles"), (3, "newer")):
        other = bytearray(sealed())
        other[8:10] = version.to_bytes(2, "big")
        with pytest.raises(BundleError, match=message):
            opened(bytes(other), "x.pdsync")


def test_bundles_are_written_once_under_their_final_name(tmp_path):
    path = write_bundle(tmp_path, 7, sealed(seq=7))
    assert path.name == bundle_name(7) == "0000000007.pdsync"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left
    with pytest.raises(FileExistsError):
        write_bundle(tmp_path, 7, sealed(seq=7))
