"""The assignment dialog: pick a strategy, see who moves from whom to whom, apply.

The proposal is recomputed whenever the strategy changes; the table lists only the
managers whose rep would change, and the bar under it shows each rep's managers and
headcount after the change. Nothing is written until the user presses Apply.
"""

from __future__ import annotations

from partnerdesk.core.assign import STRATEGIES, Move, Proposal, propose_assignment
from partnerdesk.core.roster import TierRules
from partnerdesk.core.store.engine import StoreError
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.state import AppState
from partnerdesk.ui.views.base import heading

STRATEGY_LABELS = {
    "org": "By org: everyone under the same executive",
    "department": "By department (department → rep map)",
    "tier": "By job tier: senior tiers to the HR lead",
    "region": "By region (the reps' own regions)",
    "blended": "Blended: by department, senior tiers to the HR lead",
}


class ProposalModel(QtCore.QAbstractTableModel):
    """The moves of a proposal: manager, from, to, why."""

    MANAGER, FROM, TO, WHY = range(4)
    HEADERS = ("Manager", "From", "To", "Why")

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Move] = []

    def set_rows(self, rows: list[Move]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == QtCore.Qt.Orientation.Horizontal
        if horizontal and role == QtCore.Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        move = self.rows[index.row()]
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return (move.manager_name, move.from_rep, f"→ {move.to_rep}", move.reason)[
                index.column()
            ]
        if role == QtCore.Qt.ItemDataRole.ToolTipRole and index.column() == self.MANAGER:
            return move.manager_email
        return None


class AssignmentDialog(QtWidgets.QDialog):
    """Choose a strategy and review the proposed moves before applying them."""

    def __init__(self, state: AppState, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("Assign reps to managers")
        self.resize(860, 560)
        self.proposal: Proposal | None = None
        self.tiers = TierRules.load(state.paths.root)

        self.strategy = QtWidgets.QComboBox()
        self.strategy.setObjectName("strategyPicker")
        self.strategy.setAccessibleName("Strategy")
        for key in STRATEGIES:
            self.strategy.addItem(STRATEGY_LABELS[key], key)
        self.strategy.setCurrentIndex(self.strategy.findData("blended"))
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("proposalSummary")
        self.summary.setWordWrap(True)
        self.model = ProposalModel(self)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("proposalTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.after = QtWidgets.QLabel()
        self.after.setObjectName("loadAfter")
        self.after.setWordWrap(True)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Apply
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.apply_button = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText("Apply these moves")
        self.apply_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel("Strategy"))
        row.addWidget(self.strategy, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading("Who supports whom", 1.3))
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.after)
        layout.addWidget(self.buttons)
        self.strategy.currentIndexChanged.connect(self.recompute)
        self.recompute()

    @classmethod
    def get_proposal(
        cls, parent: QtWidgets.QWidget | None, state: AppState
    ) -> tuple[Proposal | None, bool]:
        """Run the dialog; returns the proposal to apply and whether the user chose Apply."""
        dialog = cls(state, parent)
        ok = dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted
        return dialog.proposal, ok and dialog.proposal is not None

    def recompute(self) -> None:
        """Work out the proposal for the chosen strategy and show its diff."""
        try:
            self.proposal = propose_assignment(
                self.state.store, self.strategy.currentData(), tiers=self.tiers
            )
        except StoreError as exc:
            self.proposal = None
            self.model.set_rows([])
            self.summary.setText(str(exc))
            self.after.clear()
            self.apply_button.setEnabled(False)
            return
        proposal = self.proposal
        self.model.set_rows(proposal.moves)
        if proposal.moves:
            text = (
                f"{len(proposal.moves)} managers would move; {proposal.unchanged} keep their rep."
            )
        else:
            text = (
                f"Nothing to change: all {proposal.unchanged} managers already fit this strategy."
            )
        self.summary.setText(" ".join([text, *proposal.notes]))
        self.after.setText(
            "After: "
            + "   ·   ".join(
                f"<b>{load.name}</b> {load.managers} managers, {load.headcount} people "
                f"({load.capacity:.0%})"
                for load in proposal.load_after
            )
        )
        self.apply_button.setEnabled(bool(proposal.moves))
