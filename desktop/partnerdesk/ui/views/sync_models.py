"""Item models of the Team & Sync view: people and their computers, requests to join,
computers heard from, notes in conflict, sync problems."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from partnerdesk.core.sync.admin import Member
from partnerdesk.core.sync.conflicts import Conflict
from partnerdesk.core.sync.joining import JoinRequest
from partnerdesk.core.sync.membership import Device
from partnerdesk.core.sync.problems import Problem
from partnerdesk.core.sync.status import DeviceInfo, local_time
from partnerdesk.ui.qt import QtCore
from partnerdesk.ui.rows_model import RowsModel

DISPLAY = QtCore.Qt.ItemDataRole.DisplayRole
TOOLTIP = QtCore.Qt.ItemDataRole.ToolTipRole


class TextRowsModel(RowsModel):
    """Rows whose cells (and tooltips) come from one ``text`` method of the subclass."""

    def data(self, index, role=DISPLAY):
        if not index.isValid() or role not in (DISPLAY, TOOLTIP):
            return None
        return self.text(self.rows[index.row()], index.column(), role == TOOLTIP)

    def text(self, row: Any, column: int, tooltip: bool) -> str | None:
        """The cell's text (or tooltip) for ``row`` at ``column``."""
        return None


KIND_LABELS = {
    "alarm": "Alarm",
    "damaged": "File skipped",
    "refused": "Changes refused",
    "newer": "Newer version",
    "future": "Clock ahead",
    "not_lead": "Agenda refused",
    "folder": "Folder",
}


def _when(stamp) -> str:
    return local_time(stamp) if stamp is not None else "—"


class DevicesModel(TextRowsModel):
    """Devices seen in the shared folder: whose, last bundle, when written and received."""

    DEVICE, REP, BUNDLE, WRITTEN, RECEIVED = range(5)
    HEADERS = ("Computer", "Rep", "Updates sent", "Last written", "Received here")

    def text(self, row: DeviceInfo, column: int, tooltip: bool) -> str | None:
        if tooltip:
            return f"Computer id {row.device_id}" if column == self.DEVICE else None
        if column == self.DEVICE:
            name = row.name or row.device_id[:8]
            return f"{name} (this computer)" if row.this_device else name
        if column == self.REP:
            return row.rep_name or "—"
        if column == self.BUNDLE:
            return str(row.last_seq) if row.last_seq else "none yet"
        if column == self.WRITTEN:
            return _when(row.last_bundle_at)
        return "—" if row.this_device else _when(row.last_imported_at)


class ConflictsModel(TextRowsModel):
    """Notes with versions to choose from."""

    MANAGER, CREATED, VERSIONS = range(3)
    HEADERS = ("Manager", "Note written", "Versions")

    def text(self, row: Conflict, column: int, tooltip: bool) -> str | None:
        if tooltip:
            return None
        if column == self.MANAGER:
            return row.manager_name or "(no manager)"
        if column == self.CREATED:
            return _when(row.created_at)
        return (
            "edited here, deleted elsewhere" if row.deleted_elsewhere else str(len(row.others) + 1)
        )


class ProblemsModel(TextRowsModel):
    """Sync problems and alarms, most serious first."""

    WHEN, KIND, MESSAGE = range(3)
    HEADERS = ("When", "Kind", "What happened and what to do")

    def text(self, row: Problem, column: int, tooltip: bool) -> str | None:
        if column == self.MESSAGE:
            return row.message
        if tooltip:
            return None
        if column == self.WHEN:
            return _when(row.at)
        return KIND_LABELS.get(row.kind, row.kind)


class PeopleModel(TextRowsModel):
    """One row per computer of each member: person, role, computer, fingerprint."""

    PERSON, ROLE, COMPUTER, FINGERPRINT = range(4)
    HEADERS = ("Person", "Role", "Computer", "Fingerprint")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.this_device = ""

    def set_people(self, members: list[Member], this_device: str) -> None:
        """Flatten members into (member, device) rows."""
        self.this_device = this_device
        self.set_rows([(m, d) for m in members for d in m.devices])

    def text(self, row: tuple[Member, Device], column: int, tooltip: bool) -> str | None:
        member, device = row
        if tooltip:
            return f"Computer id {device.device_id}" if column == self.COMPUTER else None
        if column == self.PERSON:
            return member.email
        if column == self.ROLE:
            return "Admin" if member.role == "admin" else "Member"
        if column == self.COMPUTER:
            name = device.name or device.device_id[:8]
            return f"{name} (this computer)" if device.device_id == self.this_device else name
        return device.fingerprint


class RequestsModel(TextRowsModel):
    """Computers asking to join, with the fingerprint to compare before approving."""

    PERSON, COMPUTER, FINGERPRINT, ASKED = range(4)
    HEADERS = ("Person", "Computer", "Fingerprint", "Asked")

    def text(self, row: JoinRequest, column: int, tooltip: bool) -> str | None:
        if tooltip:
            return f"Computer id {row.device.device_id}" if column == self.COMPUTER else None
        if column == self.PERSON:
            return row.device.email
        if column == self.COMPUTER:
            return row.device.name or row.device.device_id[:8]
        if column == self.FINGERPRINT:
            return row.device.fingerprint
        try:
            return local_time(datetime.fromisoformat(row.at))
        except ValueError:
            return "—"
