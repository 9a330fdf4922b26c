"""The details pane: every field of the current row, label and value, with a copy button.

Long text wraps; JSON (``other``, ``metadata``, ``Details``) is pretty-printed (issue 3).
Copy redacts secrets (API keys, bearer tokens, JWTs) as Ctrl+C on the table does; where a
value holds one, the Copy button's menu offers the exact text, on request (issue 9).
"""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QFontDatabase,
    QGuiApplication,
    QResizeEvent,
    QTextOption,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from csvinspect.core.redact import redact_text
from csvinspect.core.table import RowKind, Table

JSON_FIELDS = {"details_json"}
JSON_NAMES = {"other", "metadata", "details", "详情", "extra"}
LONG_TEXT = 80
LONG_WORD = 24  # a request ID or key this long cannot wrap in a QLabel: it gets a text box
MAX_FIELDS = 300
MAX_VALUE_LINES = 16
EXACT_COPY = "Copy exact text (includes secrets)"


def pretty_json(text: str) -> str | None:
    """Indented JSON when ``text`` is a JSON object or array, else None."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[":
        return None
    try:
        return json.dumps(json.loads(stripped), indent=2, ensure_ascii=False)
    except ValueError:
        return None


def row_title(table: Table, row: int) -> str:
    kind = ""
    if table.row_kinds is not None:
        kind = {RowKind.GROUP: "Group row", RowKind.TOKEN: "Token row"}.get(
            RowKind(int(table.row_kinds[row])), "Row"
        )
    return f"{kind or 'Row'} at {table.row_place(row)}"


class DetailsPane(QScrollArea):
    """Shows one source row of a table; ``show_row(None)`` clears it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Values wrap to the pane's width; a sideways scroll bar would hide the Copy buttons.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._table: Table | None = None
        self._row: int | None = None
        self._body = QWidget(self)
        self.setWidget(self._body)
        self._show_message("Select a row to see all its fields here.")

    @property
    def row(self) -> int | None:
        return self._row

    def set_table(self, table: Table | None) -> None:
        self._table = table
        self.show_row(None)

    def show_row(self, row: int | None) -> None:
        if row == self._row and row is not None:
            return
        self._row = row
        if self._table is None or row is None:
            self._show_message("Select a row to see all its fields here.")
            return
        body = QWidget(self)
        grid = QGridLayout(body)
        grid.setColumnStretch(1, 1)
        title = QLabel(f"<b>{row_title(self._table, row)}</b>", body)
        grid.addWidget(title, 0, 0, 1, 3)
        problems = self._table.problem_rows().get(row, [])
        line = 1
        for problem in problems:
            note = QLabel(f"⚠ {problem.message}", body)
            note.setWordWrap(True)
            note.setStyleSheet("color: #9a5b00;")
            grid.addWidget(note, line, 0, 1, 3)
            line += 1
        for column in self._table.columns[:MAX_FIELDS]:
            value = column.text[row].as_py()
            text = "" if value is None else value
            name = QLabel(column.name, body)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            name.setStyleSheet("color: #555;")
            shown = self._value_widget(column.name, column.field, text, body)
            name.setBuddy(shown)
            copy = copy_button(column.name, text, body)
            grid.addWidget(name, line, 0)
            grid.addWidget(shown, line, 1)
            grid.addWidget(copy, line, 2, Qt.AlignmentFlag.AlignTop)
            line += 1
        grid.setRowStretch(line, 1)
        self._replace_body(body)

    def _value_widget(self, name: str, field: str | None, text: str, parent: QWidget) -> QWidget:
        pretty = None
        if field in JSON_FIELDS or name.strip().lower() in JSON_NAMES or text[:1] in "{[":
            pretty = pretty_json(text)
        boxed = len(text) > LONG_TEXT or "\n" in text
        if pretty is None and not boxed and all(len(w) <= LONG_WORD for w in text.split()):
            label = QLabel(text if text else "—", parent)
            _redacting_context_menu(label, lambda: label.selectedText() or text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            # Never let a value widen the grid past the pane: the Copy buttons must stay visible.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            if not text:
                label.setStyleSheet("color: #999;")
            return label
        return WrappedValue(pretty if pretty is not None else text, pretty is not None, parent)

    def _show_message(self, message: str) -> None:
        body = QWidget(self)
        layout = QVBoxLayout(body)
        label = QLabel(message, body)
        label.setWordWrap(True)
        label.setStyleSheet("color: #777;")
        layout.addWidget(label)
        layout.addStretch(1)
        self._replace_body(body)

    def _replace_body(self, body: QWidget) -> None:
        old = self.takeWidget()
        self.setWidget(body)
        if old is not None:
            old.deleteLater()


def copy_button(name: str, text: str, parent: QWidget) -> QToolButton:
    """The Copy button of one field: secrets redacted; its menu copies the exact text.

    Issue 9: this button copied keys in full while Ctrl+C on the same cell redacted them.
    """
    safe = redact_text(text)
    copy = QToolButton(parent)
    copy.setText("Copy")
    copy.setAutoRaise(True)
    copy.setAccessibleName(f"Copy {name}")
    copy.clicked.connect(lambda _c=False, t=safe: QGuiApplication.clipboard().setText(t))
    if safe == text:
        copy.setToolTip(f"Copy {name} exactly as exported")
        return copy
    copy.setToolTip(f"Copy {name} with its secrets redacted (the arrow offers the exact text)")
    menu = QMenu(copy)
    exact = menu.addAction(EXACT_COPY)
    exact.triggered.connect(lambda _c=False, t=text: QGuiApplication.clipboard().setText(t))
    copy.setMenu(menu)
    copy.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    return copy


def _redacting_context_menu(label: QLabel, selected) -> None:
    """Replace a label's own context menu, whose Copy puts secrets on the clipboard."""
    label.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    copy = QAction("Copy", label)
    copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(redact_text(selected())))
    label.addAction(copy)
    exact = QAction(EXACT_COPY, label)
    exact.triggered.connect(lambda: QGuiApplication.clipboard().setText(selected()))
    label.addAction(exact)


class WrappedValue(QPlainTextEdit):
    """A read-only value that wraps anywhere (long IDs, text, JSON) and is as tall as its
    wrapped lines, up to ``MAX_VALUE_LINES``; it never widens the details pane.

    Its Copy (keys, context menu, drag) redacts secrets; the context menu adds the exact
    text (issue 9).
    """

    def __init__(self, text: str, fixed_font: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setPlainText(text)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        if fixed_font:
            self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._fit_height()

    def createMimeDataFromSelection(self) -> QMimeData:
        data = QMimeData()
        data.setText(redact_text(self._selected_text()))
        return data

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        selected = self._selected_text()
        if selected and redact_text(selected) != selected:
            exact = menu.addAction(EXACT_COPY)
            exact.triggered.connect(lambda: QGuiApplication.clipboard().setText(selected))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _selected_text(self) -> str:
        # QTextCursor marks line breaks in a selection with U+2029 (Qt docs)
        return self.textCursor().selectedText().replace("\u2029", "\n")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # QPlainTextDocumentLayout measures its height in (wrapped) lines.
        lines = int(self.document().documentLayout().documentSize().height())
        lines = min(max(lines, 1), MAX_VALUE_LINES)
        margins = 2 * (self.frameWidth() + int(self.document().documentMargin()))
        height = self.fontMetrics().lineSpacing() * lines + margins + 2
        if height != self.height():
            self.setFixedHeight(height)
