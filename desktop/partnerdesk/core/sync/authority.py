"""Who may change what: every received change is checked against its signer's rights.

The signer is known from the membership log (never from the bundle's words): a device,
the email it speaks for, and whether that email is an admin. Its *reps* are the rep
records carrying that email.

- Notes (and addenda): only their author. A note names its author (``author_rep_id``);
  one without an author belongs to whoever wrote it first. No one, not even an admin,
  rewrites, withdraws or re-files another rep's note.
- Meetings, follow-ups, signals, cases and their updates: the rep who supports that manager,
  the rep an existing record names (a co-rep, set by someone allowed to), and admins.
  Naming oneself on a new record grants nothing. Finalising a meeting is for the
  meeting's own rep (or an admin). A case about no manager is for admins.
- Reps, the roster (employees, managers, the lifecycle events read from it), engagement
  results and assignment rules: admins. A rep may keep
  their own rep record (same email, never making themselves lead), and the rep of a
  manager may update that manager's record without moving it to another rep. Agendas
  from a non-admin are held back by the importer (and applied if the signer becomes an
  admin).

Both the version received and the version it would replace must pass, so a change can
neither take a record away from its owner nor hand it over. A change that names a rep
or manager this computer has not received yet (the sync service delivers files in any
order) is neither applied nor refused: the importer holds it and asks again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from partnerdesk.core.store.engine import StoreSession
from partnerdesk.core.store.models import Case, Manager, Rep, Signal
from partnerdesk.core.sync.records import TableCodec

_CHUNK = 500
#: Tables only admins change (with the two exceptions above for rep and manager).
ADMIN_TABLES = frozenset(
    {"rep", "employee", "manager", "assignment_rule", "lifecycle_event", "engagement_result"}
)
#: Updates that belong to a parent record (and so to its manager): parent and its column.
CHILD_TABLES = {"signal_update": (Signal, "signal_id"), "hr_case_update": (Case, "case_id")}
#: Tables of the reps who support a manager.
SUPPORT_TABLES = frozenset({"meeting", "followup", "signal", "hr_case", *CHILD_TABLES})


@dataclass
class Rights:
    """What the signer of one bundle may do, with lookups cached for the bundle."""

    device: str
    email: str
    admin: bool
    #: Every member device's email, from the log (for notes without an author).
    device_emails: Mapping[str, str]
    _reps: set[str] | None = None
    _manager_reps: dict[str, str | None] = field(default_factory=dict)

    def reps(self, session: StoreSession) -> set[str]:
        if self._reps is None:
            self._reps = set(
                session.scalars(select(Rep.id).where(func.lower(Rep.email) == self.email.lower()))
            )
        return self._reps

    def forget_reps(self) -> None:
        """Rep records may have changed (the rep table was just applied)."""
        self._reps = None


def _existing(session: StoreSession, codec: TableCodec, ids: list[str], cols: tuple[str, ...]):
    table = codec.table
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        stmt = select(table.c.id, *(table.c[c] for c in cols)).where(table.c.id.in_(chunk))
        for row in session.execute(stmt):
            found[row[0]] = dict(zip(cols, row[1:], strict=True))
    return found


def _manager_reps(session: StoreSession, rights: Rights, ids: set[str]) -> dict[str, str | None]:
    missing = [i for i in ids if i and i not in rights._manager_reps]
    for start in range(0, len(missing), _CHUNK):
        chunk = missing[start : start + _CHUNK]
        for manager_id, rep_id in session.execute(
            select(Manager.id, Manager.rep_id).where(Manager.id.in_(chunk))
        ):
            rights._manager_reps[manager_id] = rep_id
    return rights._manager_reps


@dataclass
class Verdict:
    """The records of one table sorted by what their signer may do."""

    allowed: list[dict[str, Any]] = field(default_factory=list)
    refused: int = 0
    #: Records naming a rep or manager not received yet: held, asked again later.
    unknown: list[dict[str, Any]] = field(default_factory=list)


def permitted(
    session: StoreSession, codec: TableCodec, records: list[dict[str, Any]], rights: Rights
) -> Verdict:
    """Which of ``records`` ``rights`` allow, refuse, or cannot judge yet."""
    name = codec.name
    if name == "note":
        check = _notes(session, codec, records, rights)
    elif name in SUPPORT_TABLES:
        check = _support(session, codec, records, rights)
    elif name in ADMIN_TABLES and not rights.admin:
        check = _admin_only(session, codec, records, rights)
    else:
        return Verdict(list(records))
    verdict = Verdict()
    for record, ok in zip(records, check, strict=True):
        if ok is None:
            verdict.unknown.append(record)
        elif ok:
            verdict.allowed.append(record)
        else:
            verdict.refused += 1
    return verdict


def _notes(session, codec, records, rights) -> list[bool | None]:
    ids = list({r["id"] for r in records})
    old = _existing(session, codec, ids, ("author_rep_id", "device_id"))
    reps = rights.reps(session)
    authors = {r.get("author_rep_id") for r in records} | {o["author_rep_id"] for o in old.values()}
    emails = dict(
        session.execute(
            select(Rep.id, func.lower(Rep.email)).where(Rep.id.in_([a for a in authors if a]))
        ).all()
    )

    def owner(author: str | None, device: str) -> str:
        return emails.get(author, "") if author else rights.device_emails.get(device, "")

    result: list[bool | None] = []
    for record in records:
        author = record.get("author_rep_id")
        mine = author in reps or (author is None and rights.email)
        before = old.get(record["id"])
        if author and author not in emails and before is None:
            result.append(None)  # its author's rep record has not arrived yet
            continue
        if before is not None:
            ok = owner(before["author_rep_id"], before["device_id"]) == rights.email and (
                record.get("author_rep_id") == before["author_rep_id"]
            )
        else:
            ok = bool(mine)
        result.append(ok)
    return result


def _support(session, codec, records, rights) -> list[bool | None]:
    if rights.admin:
        return [True] * len(records)
    reps = rights.reps(session)
    ids = list({r["id"] for r in records})
    name = codec.name
    if name in CHILD_TABLES:
        return _children(session, codec, records, rights, reps)
    has_rep = "rep_id" in codec.table.c
    cols = (
        ("manager_id",)
        + (("rep_id",) if has_rep else ())
        + (("finalized_at",) if name == "meeting" else ())
    )
    old = _existing(session, codec, ids, cols)
    wanted = {r.get("manager_id") for r in records} | {o["manager_id"] for o in old.values()}
    managers = _manager_reps(session, rights, {m for m in wanted if m})

    def manager_rep(version: Mapping[str, Any]) -> bool:
        manager = version.get("manager_id")
        return bool(manager) and managers.get(manager) in reps

    result: list[bool | None] = []
    for record in records:
        before = old.get(record["id"])
        if before is None and not record.get("manager_id"):
            result.append(False)  # about no manager: for admins
            continue
        if before is None and record.get("manager_id") not in managers:
            result.append(None)  # its manager has not arrived yet
            continue
        if before is None:
            ok = manager_rep(record)  # naming oneself as the record's rep grants nothing
        else:
            co_rep = (
                has_rep
                and before["rep_id"] in reps
                and all(record.get(k) == before[k] for k in ("manager_id", "rep_id"))
            )
            ok = (manager_rep(before) and manager_rep(record)) or co_rep
        if ok and name == "meeting" and before is not None:
            finalising = str(record.get("finalized_at") or "") != str(
                before["finalized_at"].isoformat() if before["finalized_at"] else ""
            )
            ok = not finalising or before.get("rep_id") in reps
        result.append(ok)
    return result


def _children(session, codec, records, rights, reps) -> list[bool | None]:
    """Updates of a signal or case: allowed to whoever may change the parent's manager."""
    parent, column = CHILD_TABLES[codec.name]
    ids = list({r["id"] for r in records})
    old_updates = _existing(session, codec, ids, (column,))
    parents = {r.get(column) for r in records} | {o[column] for o in old_updates.values()}
    wanted = [p for p in parents if p]
    owners = dict(
        session.execute(select(parent.id, parent.manager_id).where(parent.id.in_(wanted))).all()
    )
    named = (
        dict(session.execute(select(parent.id, parent.rep_id).where(parent.id.in_(wanted))).all())
        if hasattr(parent, "rep_id")
        else {}
    )
    managers = _manager_reps(session, rights, {m for m in owners.values() if m})

    def allowed(parent_id: str | None) -> bool | None:
        if parent_id not in owners:
            return None  # the parent has not arrived yet
        manager = owners[parent_id]
        if manager is None:
            return False  # a case about no manager: for admins
        if manager not in managers:
            return None  # its manager has not arrived yet
        return managers.get(manager) in reps or named.get(parent_id) in reps

    verdicts: list[bool | None] = []
    for r in records:
        ok = allowed(r.get(column))
        if ok and r["id"] in old_updates:
            ok = bool(allowed(old_updates[r["id"]][column]))
        verdicts.append(ok)
    return verdicts


def _admin_only(session, codec, records, rights) -> list[bool]:
    """A non-admin's changes to admin tables: only their own rep record, their managers."""
    name = codec.name
    ids = list({r["id"] for r in records})
    if name == "rep":
        old = _existing(session, codec, ids, ("email", "is_lead"))
        result = []
        for record in records:
            before = old.get(record["id"])
            own = str(record.get("email", "")).lower() == rights.email
            was_own = before is None or str(before["email"]).lower() == rights.email
            lead = bool(record.get("is_lead")) and not (before and before["is_lead"])
            result.append(own and was_own and not lead)
        return result
    if name == "manager":
        reps = rights.reps(session)
        old = _existing(session, codec, ids, ("rep_id",))
        return [
            r["id"] in old and old[r["id"]]["rep_id"] in reps and r.get("rep_id") in reps
            for r in records
        ]
    return [False] * len(records)
