"""Item models of the Team & Sync view: devices seen, notes in conflict, sync problems."""

from __future__ import annotations

from typing import Any

from partnerdesk.core.sync.conflicts import Conflict
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
    HEADERS = ("Device", "Rep", "Last bundle", "Written", "Received here")

    def text(self, row: DeviceInfo, column: int, tooltip: bool) -> str | None:
        if tooltip:
            return f"Device id {row.device_id}" if column == self.DEVICE else None
        if column == self.DEVICE:
            name = row.name or row.device_id[:8]
            return f"{name} (this device)" if row.this_device else name
        if column == self.REP:
            return row.rep_name or "—"
        if column == self.BUNDLE:
            return f"#{row.last_seq}" if row.last_seq else "none yet"
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
