"""The filter row under the column headers: one small editor per column.

The syntax is parsed by the core (``csvinspect.core.query.filter_syntax``), never evaluated.
A filter that cannot be parsed gets a red border and a tooltip saying why; the other
filters keep applying (issue 3).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHeaderView, QLineEdit, QWidget

FILTER_HELP = (
    "Filter this column:\n"
    "  429        equals 429 (numbers) / contains 429 (text)\n"
    "  =alice     the whole cell is alice\n"
    "  >80  <=5s  compare values; on percent columns 80 means 80%\n"
    "  <80%       below 80 percent\n"
    "  10..20     between 10 and 20\n"
    "  empty  !empty\n"
    "  /regex/    regular expression (/regex/i ignores case)\n"
    "  !expr      rows where expr does not hold"
)
_INVALID_STYLE = "QLineEdit { border: 2px solid #d32f2f; background: #fdecea; }"
DEBOUNCE_MS = 250


class FilterHeader(QHeaderView):
    """A horizontal header with a filter editor below each section."""

    filter_edited = Signal(int, str)  # logical column, text (after a pause or Enter)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._editors: list[QLineEdit] = []
        self._pending: dict[int, QTimer] = {}
        self._visible = True
        self.click_modifiers = Qt.KeyboardModifier.NoModifier
        self.setSectionsClickable(True)
        self.setSectionsMovable(True)
        self.setHighlightSections(True)
        self.setSortIndicatorShown(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.sectionResized.connect(self.place_editors)
        self.sectionMoved.connect(self.place_editors)
        self.sectionCountChanged.connect(self._on_section_count_changed)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Remember Shift for ``sectionClicked`` (a second sort key) from the event itself.
        self.click_modifiers = event.modifiers()
        super().mousePressEvent(event)

    # -- editors ----------------------------------------------------------------------
    def editor(self, column: int) -> QLineEdit | None:
        return self._editors[column] if 0 <= column < len(self._editors) else None

    def set_filter_row_visible(self, visible: bool) -> None:
        self._visible = visible
        self.updateGeometries()
        self.place_editors()

    def set_filter_text(self, column: int, text: str) -> None:
        editor = self.editor(column)
        if editor is not None and editor.text() != text:
            editor.blockSignals(True)
            editor.setText(text)
            editor.blockSignals(False)

    def set_filter_error(self, column: int, message: str | None) -> None:
        editor = self.editor(column)
        if editor is None:
            return
        editor.setStyleSheet(_INVALID_STYLE if message else "")
        editor.setToolTip(f"Cannot use this filter: {message}" if message else FILTER_HELP)
        editor.setProperty("invalid", bool(message))

    def clear_filters(self) -> None:
        for column in range(len(self._editors)):
            self.set_filter_text(column, "")
            self.set_filter_error(column, None)

    def _on_section_count_changed(self, _old: int, new: int) -> None:
        for editor in self._editors[new:]:
            editor.deleteLater()
        del self._editors[new:]
        model = self.model()
        for column in range(len(self._editors), new):
            editor = QLineEdit(self)
            editor.setPlaceholderText("filter")
            editor.setClearButtonEnabled(True)
            editor.setToolTip(FILTER_HELP)
            name = model.headerData(column, Qt.Orientation.Horizontal) if model else column
            editor.setAccessibleName(f"Filter {name}")
            editor.textChanged.connect(lambda _t, c=column: self._schedule(c))
            editor.returnPressed.connect(lambda c=column: self._emit_now(c))
            self._editors.append(editor)
        self.updateGeometries()
        self.place_editors()

    def _schedule(self, column: int) -> None:
        timer = self._pending.get(column)
        if timer is None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(DEBOUNCE_MS)
            timer.timeout.connect(lambda c=column: self._emit_now(c))
            self._pending[column] = timer
        timer.start()

    def _emit_now(self, column: int) -> None:
        timer = self._pending.get(column)
        if timer is not None:
            timer.stop()
        self.filter_edited.emit(column, self._editors[column].text())

    # -- geometry ----------------------------------------------------------------------------
    def _editor_height(self) -> int:
        return self._editors[0].sizeHint().height() if self._editors else 0

    def sizeHint(self) -> QSize:
        size = super().sizeHint()
        if self._visible and self._editors:
            size.setHeight(size.height() + self._editor_height() + 2)
        return size

    def updateGeometries(self) -> None:
        extra = self._editor_height() + 2 if self._visible and self._editors else 0
        self.setViewportMargins(0, 0, 0, extra)
        super().updateGeometries()
        self.place_editors()

    def place_editors(self, *_args: object) -> None:
        top = super().sizeHint().height()
        height = self._editor_height()
        for column, editor in enumerate(self._editors):
            if not self._visible or self.isSectionHidden(column):
                editor.hide()
                continue
            x = self.sectionViewportPosition(column)
            editor.setGeometry(x + 1, top + 1, max(self.sectionSize(column) - 2, 0), height)
            editor.show()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.place_editors()
