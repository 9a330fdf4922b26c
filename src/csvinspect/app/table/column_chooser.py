"""The column chooser: show, hide and reorder columns, and choose how many stay frozen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from csvinspect.app.table.column_layout import ColumnLayout


class ColumnChooser(QDialog):
    """Tick the columns to show, drag or use Up/Down to reorder; the layout is remembered."""

    def __init__(self, header: list[str], layout: ColumnLayout, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Columns")
        self._header = header
        order, hidden, frozen = layout.resolve(header)
        self.list = QListWidget(self)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setAccessibleName("Columns, in order")
        for logical in order:
            item = QListWidgetItem(header[logical], self.list)
            item.setData(Qt.ItemDataRole.UserRole, logical)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            shown = Qt.CheckState.Unchecked if logical in hidden else Qt.CheckState.Checked
            item.setCheckState(shown)
        self.list.setCurrentRow(0)
        up = QPushButton("Move &up", self)
        down = QPushButton("Move &down", self)
        show_all = QPushButton("Show &all", self)
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        show_all.clicked.connect(self._show_all)
        self.frozen = QSpinBox(self)
        self.frozen.setRange(0, max(len(header) - 1, 0))
        self.frozen.setValue(frozen)
        frozen_label = QLabel("&Freeze the first", self)
        frozen_label.setBuddy(self.frozen)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        side = QVBoxLayout()
        for button in (up, down, show_all):
            side.addWidget(button)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addLayout(side)
        freeze = QHBoxLayout()
        freeze.addWidget(frozen_label)
        freeze.addWidget(self.frozen)
        freeze.addWidget(QLabel("columns while scrolling sideways", self))
        freeze.addStretch(1)
        main = QVBoxLayout(self)
        main.addWidget(QLabel("Tick the columns to show; drag to reorder.", self))
        main.addLayout(middle)
        main.addLayout(freeze)
        main.addWidget(buttons)
        self.resize(420, 520)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def _show_all(self) -> None:
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(Qt.CheckState.Checked)

    def layout_chosen(self) -> ColumnLayout:
        names, hidden = [], set()
        for row in range(self.list.count()):
            item = self.list.item(row)
            name = self._header[item.data(Qt.ItemDataRole.UserRole)]
            names.append(name)
            if item.checkState() != Qt.CheckState.Checked:
                hidden.add(name)
        return ColumnLayout(order=names, hidden=hidden, frozen=self.frozen.value())
