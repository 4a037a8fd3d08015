"""The assignment dialog: pick a strategy, see who moves from whom to whom, apply.

The proposal is recomputed whenever the strategy changes; the table lists only the
managers whose rep would change, and the bar under it shows each rep's managers and
headcount after the change. Nothing is written until the user presses Apply.
"""

from __future__ import annotations

from partnerdesk.core.assign import (
    STRATEGIES,
    Move,
    Proposal,
    load_maps,
    map_keys,
    propose_assignment,
)
from partnerdesk.core.reps import list_reps
from partnerdesk.core.roster import TierRules
from partnerdesk.core.words import plural
from partnerdesk.ui.dialogs.buttons import dialog_buttons, primary_button
from partnerdesk.ui.dialogs.once import used_once
from partnerdesk.ui.geometry import sized_for_screen
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.rows_model import RowsModel
from partnerdesk.ui.state import AppState
from partnerdesk.ui.views.base import heading

#: Which map a strategy can be steered with.
MAP_OF_STRATEGY = {"department": "department", "blended": "department", "region": "region"}
BALANCED = "Balanced automatically"

STRATEGY_LABELS = {
    "org": "By org: everyone under the same executive",
    "department": "By department (department → rep map)",
    "tier": "By job tier: senior tiers to the HR lead",
    "region": "By region (the reps' own regions)",
    "blended": "Blended: by department, senior tiers to the HR lead",
}


#: How many reps' loads "After applying" shows on one line.
LOADS_A_ROW = 3


class ProposalModel(RowsModel):
    """The moves of a proposal: manager, from, to, why."""

    MANAGER, FROM, TO, WHY = range(4)
    HEADERS = ("Manager", "From", "To", "Why")

    rows: list[Move]

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
        sized_for_screen(self, 1040, 620)
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
        self.map_title = QtWidgets.QLabel()
        self.map_table = QtWidgets.QTableWidget(0, 2)
        self.map_table.setObjectName("assignmentMap")
        self.map_table.setHorizontalHeaderLabels(["", "Rep"])
        self.map_table.verticalHeader().hide()
        self.map_table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.map_table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        map_header = self.map_table.horizontalHeader()
        map_header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        map_header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.map_panel = QtWidgets.QWidget()
        map_layout = QtWidgets.QVBoxLayout(self.map_panel)
        map_layout.setContentsMargins(0, 0, 0, 0)
        map_layout.addWidget(self.map_title)
        map_layout.addWidget(self.map_table, 1)
        map_layout.addStretch(0)
        self.map_panel.setMinimumWidth(300)
        self.reps = list_reps(state.store)
        self.stored_maps = load_maps(state.store)
        self.after = QtWidgets.QLabel()
        self.after.setObjectName("loadAfter")
        self.after.setWordWrap(True)
        self.buttons = dialog_buttons(self, "Apply these moves")
        self.apply_button = primary_button(self.buttons)

        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel("Strategy"))
        row.addWidget(self.strategy, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading("Who supports whom", 1.3))
        layout.addLayout(row)
        layout.addWidget(self.summary)
        split = QtWidgets.QSplitter()
        split.addWidget(self.map_panel)
        self.no_moves = QtWidgets.QLabel(
            "No manager would move: each already has the rep this strategy picks. "
            "Pick another strategy, or another rep for a department on the left."
        )
        self.no_moves.setObjectName("emptyBody")
        self.no_moves.setWordWrap(True)
        self.no_moves.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.no_moves.setMargin(24)
        self.moves = QtWidgets.QStackedWidget()  # the moves, or why there are none
        self.moves.addWidget(self.table)
        self.moves.addWidget(self.no_moves)
        split.addWidget(self.moves)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        layout.addWidget(self.after)
        layout.addWidget(self.buttons)
        self.strategy.currentIndexChanged.connect(self._strategy_changed)
        self._strategy_changed()

    @classmethod
    def get_proposal(
        cls, parent: QtWidgets.QWidget | None, state: AppState
    ) -> tuple[Proposal | None, bool]:
        """Run the dialog; returns the proposal to apply and whether the user chose Apply."""
        dialog = cls(state, parent)
        with used_once(dialog) as ok:
            return dialog.proposal, ok and dialog.proposal is not None

    def _strategy_changed(self) -> None:
        self._fill_map()
        self.recompute()

    def _fill_map(self) -> None:
        """Show the department (or region) -> rep map the chosen strategy follows."""
        kind = MAP_OF_STRATEGY.get(self.strategy.currentData())
        self.map_panel.setVisible(kind is not None)
        self.map_table.setRowCount(0)
        if kind is None:
            return
        self.map_title.setText(f"<b>{kind.capitalize()} → rep</b> (remembered when applied)")
        self.map_table.setHorizontalHeaderLabels([kind.capitalize(), "Rep"])
        stored = {k.casefold(): v for k, v in self.stored_maps[kind].items()}
        keys = map_keys(self.state.store, kind)
        self.map_table.setRowCount(len(keys))
        for row, key in enumerate(keys):
            self.map_table.setItem(row, 0, QtWidgets.QTableWidgetItem(key))
            combo = QtWidgets.QComboBox()
            combo.addItem(BALANCED, None)
            for rep in self.reps:
                combo.addItem(rep.name, rep.id)
            combo.setCurrentIndex(max(0, combo.findData(stored.get(key.casefold()))))
            combo.currentIndexChanged.connect(self.recompute)
            self.map_table.setCellWidget(row, 1, combo)
        self.map_table.resizeRowsToContents()
        rows = sum(self.map_table.rowHeight(r) for r in range(len(keys)))
        frame = 2 * self.map_table.frameWidth()
        # as tall as its rows (a few departments leave no empty box), scrolling beyond that
        self.map_table.setMaximumHeight(self.map_table.horizontalHeader().height() + rows + frame)

    def _failed(self, message: str) -> None:
        self.proposal = None
        self.model.set_rows([])
        self.summary.setText(message)
        self.after.clear()
        self.apply_button.setEnabled(False)

    def chosen_map(self) -> dict[str, str | None]:
        """The map as the table shows it: key -> rep id (None: balanced automatically)."""
        return {
            self.map_table.item(row, 0).text(): self.map_table.cellWidget(row, 1).currentData()
            for row in range(self.map_table.rowCount())
        }

    def set_map_rep(self, key: str, rep_id: str | None) -> None:
        """Give one department (or region) to a rep, as a user does with its combo box."""
        for row in range(self.map_table.rowCount()):
            if self.map_table.item(row, 0).text() == key:
                combo = self.map_table.cellWidget(row, 1)
                combo.setCurrentIndex(combo.findData(rep_id))
                return
        raise KeyError(key)

    def recompute(self) -> None:
        """Work out the proposal for the chosen strategy and show its diff (a query through
        the operations layer: a failure is one sentence in the summary, nothing to apply)."""
        strategy = self.strategy.currentData()
        kind = MAP_OF_STRATEGY.get(strategy)
        maps = {f"{kind}_map": self.chosen_map()} if kind else {}
        ok, proposal = self.state.ops.read(
            lambda store: propose_assignment(store, strategy, tiers=self.tiers, **maps),
            on_error=self._failed,
        )
        if not ok:
            return
        self.proposal = proposal
        self.model.set_rows(proposal.moves)
        if proposal.moves:
            moving = plural(len(proposal.moves), "manager")
            kept = "keeps" if proposal.unchanged == 1 else "keep"
            text = f"{moving} would move; {proposal.unchanged} {kept} their rep."
        else:
            kept = plural(proposal.unchanged, "manager")
            text = f"Nothing to change: {kept}, each already fitting this strategy."
        self.summary.setText(" ".join([text, *proposal.notes]))
        cells = [
            f"<td style='padding-right:18px'><b>{load.name}</b><br>"
            f"{plural(load.managers, 'manager')}, "
            f"{plural(load.headcount, 'person', 'people')} · {load.capacity:.0%}</td>"
            for load in proposal.load_after
        ]
        rows = "".join(  # a few reps a row, so a name and its load keep one line each
            "<tr>" + "".join(cells[i : i + LOADS_A_ROW]) + "</tr>"
            for i in range(0, len(cells), LOADS_A_ROW)
        )
        self.after.setText(f"After applying:<table>{rows}</table>")
        self.apply_button.setEnabled(bool(proposal.moves))
        self.moves.setCurrentWidget(self.table if proposal.moves else self.no_moves)
