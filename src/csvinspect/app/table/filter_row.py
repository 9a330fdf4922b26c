"""The filter row under the column headers: one small editor per column.

The syntax is parsed by the core (``csvinspect.core.query.filter_syntax``), never evaluated.
A filter that cannot be parsed gets a red border and a tooltip saying why; the other
filters keep applying (issue 3).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHeaderView, QLineEdit, QWidget

from csvinspect.core.query.filter_syntax import FILTER_HELP  # also the Filter syntax dialog

_INVALID_STYLE = "QLineEdit { border: 2px solid #d32f2f; background: #fdecea; }"
DEBOUNCE_MS = 250


class FilterHeader(QHeaderView):
    """A horizontal header with a filter editor below each section.

    Editors are made for the sections on screen only, when first shown: an export pasted
    by mistake can have 20,000 columns, and 40,000 line edits froze the window for 14 s.
    The filter texts and errors live here, so a column keeps them while off screen.
    """

    filter_edited = Signal(int, str)  # logical column, text (after a pause or Enter)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._editors: dict[int, QLineEdit] = {}
        self._texts: dict[int, str] = {}
        self._errors: dict[int, str] = {}
        self._pending: dict[int, QTimer] = {}
        self._visible = True
        self._editor_size = QLineEdit().sizeHint().height()
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
        """The filter editor of a column (made now if it was never on screen)."""
        if not 0 <= column < self.count():
            return None
        editor = self._editors.get(column)
        if editor is None:
            editor = self._editors[column] = self._make_editor(column)
        return editor

    def set_filter_row_visible(self, visible: bool) -> None:
        self._visible = visible
        self.updateGeometries()
        self.place_editors()

    def set_filter_text(self, column: int, text: str) -> None:
        if text:
            self._texts[column] = text
        else:
            self._texts.pop(column, None)
        editor = self._editors.get(column)
        if editor is not None and editor.text() != text:
            # Not with blocked signals: the editor hides its ⓧ button on its own textChanged
            # (issue 9); the filter pass this schedules is cancelled at once.
            editor.setText(text)
            timer = self._pending.get(column)
            if timer is not None:
                timer.stop()

    def set_filter_error(self, column: int, message: str | None) -> None:
        if bool(message) == (column in self._errors) and self._errors.get(column) == message:
            return  # unchanged: a table with thousands of columns re-checks them all
        if message:
            self._errors[column] = message
        else:
            self._errors.pop(column, None)
        editor = self._editors.get(column)
        if editor is not None:
            self._show_error(editor, message)

    def clear_filters(self) -> None:
        typed = {c for c, editor in self._editors.items() if editor.text()}
        for column in typed | set(self._texts) | set(self._errors):
            self.set_filter_text(column, "")
            self.set_filter_error(column, None)

    def _show_error(self, editor: QLineEdit, message: str | None) -> None:
        editor.setStyleSheet(_INVALID_STYLE if message else "")
        editor.setToolTip(f"Cannot use this filter: {message}" if message else FILTER_HELP)
        editor.setProperty("invalid", bool(message))

    def _make_editor(self, column: int) -> QLineEdit:
        editor = QLineEdit(self)
        editor.setPlaceholderText("filter")
        editor.setClearButtonEnabled(True)
        model = self.model()
        name = model.headerData(column, Qt.Orientation.Horizontal) if model else column
        editor.setAccessibleName(f"Filter {name}")
        editor.setText(self._texts.get(column, ""))
        self._show_error(editor, self._errors.get(column))
        editor.textChanged.connect(lambda _t, c=column: self._schedule(c))
        editor.returnPressed.connect(lambda c=column: self._emit_now(c))
        editor.hide()
        return editor

    def _on_section_count_changed(self, _old: int, new: int) -> None:
        for column in [c for c in self._editors if c >= new]:
            self._editors.pop(column).deleteLater()
        for store in (self._texts, self._errors, self._pending):
            for column in [c for c in store if c >= new]:
                del store[column]
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
        editor = self._editors.get(column)
        if editor is not None:
            self._texts[column] = editor.text()
            self.filter_edited.emit(column, editor.text())

    # -- geometry ----------------------------------------------------------------------------
    def _has_editors(self) -> bool:
        return self._visible and self.count() > 0

    def sizeHint(self) -> QSize:
        size = super().sizeHint()
        if self._has_editors():
            size.setHeight(size.height() + self._editor_size + 2)
        return size

    def updateGeometries(self) -> None:
        extra = self._editor_size + 2 if self._has_editors() else 0
        self.setViewportMargins(0, 0, 0, extra)
        super().updateGeometries()
        self.place_editors()

    def place_editors(self, *_args: object) -> None:
        """Show an editor under each section on screen; hide the others."""
        on_screen = set(self._sections_on_screen()) if self._visible else set()
        for column, editor in self._editors.items():
            if column not in on_screen:
                editor.hide()
        # Below the labels as laid out: the size hint can read 0 while the other pane re-sizes
        # a section (a Shift+click sort), which put the editors over the labels (issue 9).
        top = self.viewport().height() or super().sizeHint().height()
        for column in on_screen:
            editor = self.editor(column)
            x = self.sectionViewportPosition(column)
            editor.setGeometry(
                x + 1, top + 1, max(self.sectionSize(column) - 2, 0), self._editor_size
            )
            editor.show()

    def _sections_on_screen(self) -> list[int]:
        if not self.count():
            return []
        width = self.viewport().width()
        first = self.visualIndexAt(0)
        last = self.visualIndexAt(max(width - 1, 0))
        if first < 0 and self.offset() > 0:
            # Scrolled past the sections' end while their widths settle (the scroll range is
            # updated later): the last sections are on screen, not all 3,000 of a wide paste.
            first = max(self.count() - 1 - width // max(self.minimumSectionSize(), 1), 0)
        first = 0 if first < 0 else first
        last = self.count() - 1 if last < 0 else last
        columns = (self.logicalIndex(v) for v in range(first, last + 1))
        return [c for c in columns if not self.isSectionHidden(c)]

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.place_editors()
