"""Problems found while reading: a non-modal banner with a count, and a panel listing each.

Issue 3: ragged rows, undecodable bytes and unterminated quotes are never silently
dropped; each is listed with its line, and activating one jumps to that row.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from csvinspect.app.widgets.banner import WARNING_COLOURS, Banner
from csvinspect.core.analysis.formatting import counted
from csvinspect.core.reading.json_records import LEFT_OUT
from csvinspect.core.reading.problems import NO_DATA, no_data_sentence
from csvinspect.core.table import LoadProblem

_HEADERS = ("Line", "Problem", "What was found")
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)


def describe_code(code: str) -> str:
    return code.replace("_", " ")


class ProblemsModel(QAbstractTableModel):
    """The load problems of one table: line, kind, message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._problems: list[LoadProblem] = []

    def set_problems(self, problems: list[LoadProblem]) -> None:
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def problem(self, row: int) -> LoadProblem:
        return self._problems[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        if role not in (_DISPLAY, _TOOLTIP, _ALIGN):
            return None
        problem = self._problems[index.row()]
        column = index.column()
        if role == _ALIGN:
            if column == 0:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if column == 0:
            return problem.place  # "b.csv:17" in a combined table
        if column == 1:
            return describe_code(problem.code)
        return problem.message

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < 3:
            return _HEADERS[section]
        return None


class ProblemsPanel(QWidget):
    """The list of problems; activating one (click, Enter) asks to show its row."""

    problem_activated = Signal(object)  # LoadProblem
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProblemsModel(self)
        self.title = QLabel(self)
        close = QToolButton(self)
        close.setText("×")
        close.setToolTip("Hide the problems panel")
        close.setAccessibleName("Hide problems")
        close.clicked.connect(self.close_requested)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setColumnWidth(0, 70)
        self.view.setColumnWidth(1, 150)
        self.view.clicked.connect(self._on_view_activated)
        self.view.activated.connect(self._on_view_activated)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(top)
        layout.addWidget(self.view)

    def height_for_rows(self, rows: int) -> int:
        """The panel's height when its list shows ``rows`` problems without scrolling."""
        margins = self.layout().contentsMargins()
        view = self.view
        list_height = (
            view.horizontalHeader().sizeHint().height()
            + rows * view.verticalHeader().defaultSectionSize()
            + 2 * view.frameWidth()
            + view.horizontalScrollBar().sizeHint().height()  # a long message may need it
        )
        return (
            margins.top()
            + self.title.sizeHint().height()
            + self.layout().spacing()
            + list_height
            + margins.bottom()
        )

    def set_problems(self, problems: list[LoadProblem]) -> None:
        self.model.set_problems(problems)
        if any(p.source is not None for p in problems):
            self.view.resizeColumnToContents(0)  # "b.csv:17" in a combined table
        self.title.setText(
            f"<b>Problems while reading</b> ({len(problems)}): click one to go to its row"
        )

    def _on_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.problem_activated.emit(self.model.problem(index.row()))


class ProblemBanner(Banner):
    """A non-modal strip above the table: "3 problems while reading …  [Show] [×]"."""

    show_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "problemBanner",
            WARNING_COLOURS,
            "Dismiss (the Problems panel stays available in the View menu)",
            parent,
        )
        show = QPushButton("Show &problems", self)
        show.clicked.connect(self.show_requested)
        self.add_button(show)

    def set_problems(self, problems: list[LoadProblem]) -> None:
        if not problems:
            self.hide()
            return
        counts = Counter(describe_code(p.code) for p in problems)
        kinds = ", ".join(f"{name} ({count})" for name, count in counts.most_common(4))
        lines = [p.place for p in problems[:3] if p.line is not None]
        combined = any(p.source is not None for p in problems)  # places read "b.csv:17"
        word, files = ("", "these files") if combined else ("line ", "this file")
        more = "…" if len(problems) > 3 else ""
        where = f" ({word}{escape(', '.join(lines))}{more})" if lines else ""
        noun = "problem" if len(problems) == 1 else "problems"
        no_data = no_data_sentence(problems)
        others = [p for p in problems if p.code not in NO_DATA]
        if no_data is not None:  # no rows to keep or shade (issue 9)
            also = Counter(describe_code(p.code) for p in others)
            self.label.setText(
                f"<b>{escape(no_data)}.</b>" + (f" Also: {', '.join(also)}." if also else "")
            )
        else:
            left_out = sum(1 for p in others if p.code in LEFT_OUT)
            kept = (
                "Every row is kept; affected rows are shaded."
                if not left_out  # a JSON line that is no record has no row (issue 11)
                else f"{counted(left_out, 'line')} {'is' if left_out == 1 else 'are'} left out "
                "(no JSON record); every other record is kept."
            )
            self.label.setText(
                f"⚠ <b>{len(problems):,} {noun}</b> while reading {files}{where}: {kinds}. " + kept
            )
        self.show()
