"""Small table models of the health panel: top failure reasons and reconciliation mismatches.

Both wrap lists from the core's ``HealthReport`` (the UI is an adapter, STYLE.md) and format
their figures once, when the report arrives, so ``data()`` only looks strings up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from csvinspect.app.panels.fit_text import names_in_lines
from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.results import Mismatch, ReasonTotal

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CHECK_NAMES = {
    "token_sum": ("Group row", "Sum of tokens"),
    "success_plus_errors": ("Requests", "Success + Errors"),
    "recomputed_rate": ("Exported", "Recomputed"),
}
_Index = QModelIndex | QPersistentModelIndex


class _TextTableModel(QAbstractTableModel):
    """Rows of preformatted cells with per-column alignment, tooltips and sort keys."""

    headers: tuple[str, ...] = ()
    alignments: tuple[Qt.AlignmentFlag, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cells: list[tuple[str, ...]] = []
        self._tips: list[str] = []
        self._colours: list[QColor | None] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignments[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[index.row()] or None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.colour_column:
            return self._colours[index.row()]
        return None

    colour_column = -1
    stretch_column = -1  # the column that takes the panel's spare width (``CompactTable``)
    max_widths: ClassVar[dict[int, int]] = {}  # column -> widest it is sized to

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return section + 1

    def _reset(self, cells: list, tips: list[str], colours: list[QColor | None]) -> None:
        self.beginResetModel()
        self._cells, self._tips, self._colours = cells, tips, colours
        self.endResetModel()


class ReasonModel(_TextTableModel):
    """Failure reasons across groups, most frequent first (seed 000 step 2)."""

    headers = ("Count", "Reason", "Category", "Groups")
    alignments = (_RIGHT, _LEFT, _LEFT, _LEFT)
    stretch_column = 1
    max_widths: ClassVar[dict[int, int]] = {2: 130, 3: 100}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reasons: list[ReasonTotal] = []

    def set_reasons(self, reasons: Sequence[ReasonTotal]) -> None:
        self.reasons = list(reasons)
        cells = [
            (
                fmt.count(r.count) if r.count is not None else "?",
                r.label(),
                r.category.label,
                _groups_cell(r.groups),
            )
            for r in self.reasons
        ]
        tips = [
            f"{r.label()}\n{r.category.label} ({r.category}): {r.category.info.attribution}.\n"
            f"Check first: {r.category.info.check_first}.\nGroups: {_groups_tip(r.groups)}"
            for r in self.reasons
        ]
        self._reset(cells, tips, [None] * len(cells))


# A reason of a big export shows in thousands of groups (issue 10: 4,956 names in one cell
# and on one tooltip line): the cell names a few, the tooltip some in lines of six.
_GROUPS_IN_CELL = 3
_GROUPS_IN_TIP = 30


def _groups_cell(groups: Sequence[str]) -> str:
    if len(groups) <= _GROUPS_IN_CELL + 1:
        return ", ".join(groups)
    return f"{len(groups):,} groups: {', '.join(groups[:_GROUPS_IN_CELL])}, …"


def _groups_tip(groups: Sequence[str]) -> str:
    more = len(groups) - _GROUPS_IN_TIP
    listed = names_in_lines(groups[:_GROUPS_IN_TIP])
    return listed + (f",\nand {more:,} more" if more > 0 else "")


class MismatchModel(_TextTableModel):
    """Figures that do not add up: the group, the field, both values and the difference."""

    headers = ("Group", "Check", "Exported", "Expected", "Difference")
    alignments = (_LEFT, _LEFT, _RIGHT, _RIGHT, _RIGHT)
    colour_column = 4
    stretch_column = 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mismatches: list[Mismatch] = []

    def set_mismatches(self, mismatches: Sequence[Mismatch], currency: str | None) -> None:
        self.mismatches = list(mismatches)
        cells, tips = [], []
        for m in self.mismatches:
            subject = m.group if m.token is None else f"{m.group} / {m.token}"
            exported, expected = _CHECK_NAMES.get(m.check, ("Exported", "Expected"))
            cells.append(
                (
                    subject,
                    f"{m.field.replace('_', ' ')} vs {expected.lower()}",
                    format_figure(m.field, m.group_value, currency),
                    format_figure(m.field, m.token_sum, currency),
                    format_figure(m.field, m.difference, currency, signed=True),
                )
            )
            tips.append(
                f"{subject}, {m.field}: {exported.lower()} {cells[-1][2]}"
                f" vs {expected.lower()} {cells[-1][3]}"
            )
        self._reset(cells, tips, [QColor("#c62828")] * len(cells))


def format_figure(field: str, value: float, currency: str | None, *, signed: bool = False) -> str:
    """A reconciled figure as the export writes it (``fmt.figure``, shared with the report)."""
    return fmt.figure(field, value, currency, signed=signed)
