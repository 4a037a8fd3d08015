"""How a received version of a record meets the local one.

Every table but notes: the version with the latest hybrid-logical-clock stamp wins,
whole record, tombstones included (a delete is just a later version). Equal stamps are
the same version. The result does not depend on the order bundles arrive in.

Notes additionally carry a version vector (device -> that device's latest stamp the
version has seen). A version that has seen the other replaces it; two versions that
have not seen each other are concurrent, and both survive as the note's *heads*: the
latest live head is shown, the other bodies go to ``Note.conflict_body`` and the note
counts as a conflict until the user resolves it. Keeping the set of heads (not just
the winner) makes the merge associative, so every replica ends identical. A delete
concurrent with an edit keeps the edited note, marked as a conflict whose other
version is empty ("deleted on another device").

A stamp more than ``MAX_DRIFT_MS`` ahead of this computer's clock does not win: the
change is held back until the clock catches up (or the sender's clock is fixed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from partnerdesk.core.clock import MAX_DRIFT_MS, Stamp

#: Between the other versions of a note in ``conflict_body``.
VERSION_SEPARATOR = "\n\n─── another version ───\n\n"


#: A stamp as this version writes it: 13 ASCII digits of milliseconds, 4 hex digits of
#: counter, the writer's device id. Anything else (full-width digits, other widths,
#: signs, spaces) is refused: stamps are compared as text, so a stamp in another shape
#: could sort after every real one.
STAMP = re.compile(r"^([0-9]{13})-([0-9a-f]{4})-([A-Za-z0-9_-]{1,64})$", re.ASCII)
#: 2001-09-09 (the first 13-digit millisecond); nothing older was ever written by Partner Desk.
MIN_WALL_MS = 10**12


class BadStamp(ValueError):
    """A record whose clock stamp is not in the one strict shape."""


def parse_stamp(hlc: object) -> Stamp:
    """The parts of a strict stamp; BadStamp for anything else."""
    match = STAMP.match(hlc) if isinstance(hlc, str) else None
    if match is None or int(match.group(1)) < MIN_WALL_MS:
        raise BadStamp(f"unreadable clock stamp {str(hlc)[:80]!r}")
    return Stamp(int(match.group(1)), int(match.group(2), 16), match.group(3))


def stamp_wall(hlc: str) -> int:
    """The wall-clock milliseconds of a stamp."""
    return parse_stamp(hlc).wall


def is_far_future(hlc: str, now_ms: int) -> bool:
    """True when ``hlc`` is further ahead of ``now_ms`` than clocks may drift."""
    return stamp_wall(hlc) > now_ms + MAX_DRIFT_MS


def newer(incoming_hlc: str, local_hlc: str | None) -> bool:
    """Last-writer-wins for plain records: does the incoming version replace the local one?"""
    return local_hlc is None or incoming_hlc > local_hlc


def without_words(record: dict[str, Any]) -> dict[str, Any]:
    """A deleted note as it travels: its words are not needed to delete it."""
    return {**record, "body": "", "tags": "", "conflict_body": None}


def redact_note(record: dict[str, Any]) -> dict[str, Any]:
    """A note withdrawn from the team: a tombstone without its words."""
    return {
        **record,
        "body": "",
        "tags": "",
        "conflict_body": None,
        "visibility": "private",
        "deleted": True,
    }


@dataclass(frozen=True)
class Head:
    """One version of a note: its record (JSON-able) and its version vector."""

    record: dict[str, Any]
    vv: dict[str, str]

    @property
    def hlc(self) -> str:
        return self.record["updated_hlc"]

    @property
    def live(self) -> bool:
        return not self.record.get("deleted")

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record, "vv": self.vv}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Head:
        return cls(dict(raw["record"]), dict(raw["vv"]))


def with_own_entry(vv: dict[str, str] | None, device: str, hlc: str) -> dict[str, str]:
    """``vv`` advanced by the version ``hlc`` written by ``device``."""
    out = dict(vv or {})
    if out.get(device, "") < hlc:
        out[device] = hlc
    return out


def dominates(a: dict[str, str], b: dict[str, str]) -> bool:
    """True when a version with vector ``a`` has seen everything ``b`` has."""
    return all(a.get(device, "") >= stamp for device, stamp in b.items())


def join_vv(heads: list[Head]) -> dict[str, str]:
    """The least vector that has seen every head."""
    out: dict[str, str] = {}
    for head in heads:
        for device, stamp in head.vv.items():
            if out.get(device, "") < stamp:
                out[device] = stamp
    return out


def maximal(heads: list[Head]) -> list[Head]:
    """The heads no other head has seen, one per stamp, oldest first."""
    unique = {head.hlc: head for head in heads}
    kept = [
        head
        for head in unique.values()
        if not any(
            other.hlc != head.hlc and dominates(other.vv, head.vv) for other in unique.values()
        )
    ]
    return sorted(kept, key=lambda head: head.hlc)


def split_versions(conflict_body: str | None) -> list[str]:
    """The other versions kept in a ``conflict_body``."""
    if not conflict_body:
        return []
    return [part for part in conflict_body.split(VERSION_SEPARATOR) if part]


def shown_record(heads: list[Head]) -> dict[str, Any]:
    """The note as stored and shown for a set of concurrent heads."""
    if len(heads) == 1:
        return dict(heads[0].record)
    live = [head for head in heads if head.live]
    if not live:
        return dict(max(heads, key=lambda head: head.hlc).record)
    winner = max(live, key=lambda head: head.hlc)
    others: set[str] = set()
    deleted_elsewhere = len(live) < len(heads)
    for head in heads:
        if head.live and head is not winner:
            others.add(head.record.get("body") or "")
        kept = head.record.get("conflict_body")
        deleted_elsewhere = deleted_elsewhere or (kept == "" and head.live)
        others.update(split_versions(kept))
    others.discard(winner.record.get("body") or "")
    others.discard("")
    if others:
        conflict: str | None = VERSION_SEPARATOR.join(sorted(others))
    else:
        conflict = "" if deleted_elsewhere else None
    return {**winner.record, "conflict_body": conflict}


@dataclass(frozen=True)
class NoteMerge:
    """The outcome of merging a note: what to store, and its sync bookkeeping."""

    record: dict[str, Any]
    vv: dict[str, str]
    heads: list[Head] | None

    @property
    def merged_hlc(self) -> str:
        return self.record["updated_hlc"]


def merge_note(local: list[Head], incoming: Head) -> NoteMerge | None:
    """Merge a received note version into the local heads; None when nothing changes."""
    heads = maximal([*local, incoming])
    if {head.hlc for head in heads} == {head.hlc for head in local}:
        return None
    return NoteMerge(shown_record(heads), join_vv(heads), heads if len(heads) > 1 else None)
