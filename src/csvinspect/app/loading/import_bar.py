"""The import bar above each table: what was detected, and combos to re-read at once.

Like LibreOffice's text-import dialog, but inline and non-modal (issue 3): changing the
encoding, delimiter, header row or report kind emits ``options_changed`` with the new
``ReadOptions`` and the tab re-reads in the background.

The encoding box takes encoding names only (issue 9: a customer's CSV pasted into it by
mistake was re-read as the encoding "utf-8Group\tRequests…", and "Try again" repeated the
failure). A name Python does not know is refused with a message beside the box and the
previous encoding stays; Ctrl+V there opens the clipboard as a new tab unless the clipboard
holds an encoding name.
"""

from __future__ import annotations

import codecs
from dataclasses import replace

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from csvinspect.app.widgets.flow_layout import FlowLayout, kept_together
from csvinspect.app.widgets.text_entry import RefusePaste
from csvinspect.core.analysis.formatting import counted
from csvinspect.core.reading.dialect import DELIMITER_NAMES
from csvinspect.core.reading.json_records import FORMAT_NAMES
from csvinspect.core.table import ReadOptions, ReportKind, SourceInfo

ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "gb18030",
    "gbk",
    "big5",
    "shift_jis",
    "euc-kr",
    "utf-16",
    "cp1252",
    "latin-1",
]
DELIMITERS = [  # the core's named delimiters, each beside its character if it shows
    (value, f"{name.capitalize()}  {value}" if value.strip() else name.capitalize())
    for value, name in DELIMITER_NAMES.items()
]
# What an encoding name can be made of ("utf-8", "shift_jis", "iso8859_15"): pasted lines,
# tabs and commas never get into the box.
ENCODING_NAME = QRegularExpression(r"[A-Za-z0-9_.:\- ]{0,40}")
PROBLEM_STYLE = "color: #c62828;"
KIND_LABELS = {
    ReportKind.GROUP_HEALTH: "Group health",
    ReportKind.REQUEST_LOG: "Request log",
    ReportKind.USAGE_SUMMARY: "Usage summary",
    ReportKind.GENERIC: "Other table",
}


class ImportBar(QWidget):
    """Detected read settings with editable combos; emits the user's overrides."""

    options_changed = Signal(object)  # ReadOptions
    option_rejected = Signal(str)  # why a typed choice was not used (for the status bar)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._options = ReadOptions()
        self._shown: dict[str, object] = {}
        self.encoding = QComboBox(self)
        self.encoding.setObjectName("encoding")
        self.encoding.setEditable(True)
        self.encoding.addItems(ENCODINGS)
        self.encoding.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # checked, not listed
        self.encoding.lineEdit().setValidator(QRegularExpressionValidator(ENCODING_NAME, self))
        # Ctrl+V with a CSV on the clipboard opens it as a tab, an encoding name pastes here.
        RefusePaste(self.encoding, lambda text: not encoding_problem(text.strip()))
        self.encoding.setToolTip("Text encoding used to read the file; change it to re-read")
        self.delimiter = QComboBox(self)
        for value, label in DELIMITERS:
            self.delimiter.addItem(label, value)
        self.delimiter.setToolTip("Character between fields; change it to re-read")
        self.header = QCheckBox("Header &row", self)
        self.header.setToolTip("The first row holds the column names")
        self.kind = QComboBox(self)
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.kind.setToolTip("What kind of export this is (decides the analysis)")
        # Why a typed encoding was refused: a line under the bar, which has no room to spare
        # beside the box at 800 px.
        self.problem = QLabel(self)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setContentsMargins(6, 0, 6, 2)
        self.problem.hide()
        self.summary = QLabel(self)
        self.redetect = QToolButton(self)
        self.redetect.setText("Detect again")
        self.redetect.setToolTip("Forget the choices made here and detect everything again")

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        # issue 9: one row set the window's minimum width (779 px at 150% scaling) and cut
        # off the row count at 800 px; the bar wraps onto a second row instead.
        layout = FlowLayout(spacing=8)
        layout.setContentsMargins(6, 2, 6, 2)
        column.addLayout(layout)
        column.addWidget(self.problem)
        for text, widget in (
            ("E&ncoding", self.encoding),
            ("&Delimiter", self.delimiter),
            (None, self.header),
            ("Report &kind", self.kind),
        ):
            if text:
                label = QLabel(text, self)
                label.setBuddy(widget)
                layout.addWidget(kept_together(self, label, widget))
            else:
                layout.addWidget(widget)
        layout.addWidget(self.summary)
        layout.addWidget(self.redetect)

        self.encoding.activated.connect(lambda _i: self._on_encoding_typed())
        self.encoding.lineEdit().editingFinished.connect(self._on_encoding_typed)
        self.delimiter.activated.connect(
            # the JSON item ("") means: detect again, which reads the JSON
            lambda _i: self._set(delimiter=self.delimiter.currentData() or None)
        )
        self.header.clicked.connect(lambda checked: self._set(has_header=bool(checked)))
        self.kind.activated.connect(lambda _i: self._set(kind=self.kind.currentData()))
        self.redetect.clicked.connect(lambda: self._emit(ReadOptions()))

    @property
    def options(self) -> ReadOptions:
        return self._options

    def set_options(self, options: ReadOptions) -> None:
        self._options = options

    def show_source(self, info: SourceInfo, rows: int, columns: int) -> None:
        """Show what the loader detected (or was told), without emitting anything."""
        for widget in (self.encoding, self.delimiter, self.header, self.kind):
            widget.blockSignals(True)
        self.encoding.setEditText(info.encoding)
        index = self.delimiter.findData(info.delimiter)
        if index < 0:
            # a JSON export has no delimiter: its format shows instead (issue 11)
            label = FORMAT_NAMES.get(info.format) or repr(info.delimiter)
            self.delimiter.addItem(label, info.delimiter)
            index = self.delimiter.count() - 1
        self.delimiter.setCurrentIndex(index)
        self.header.setChecked(info.has_header)
        self.kind.setCurrentIndex(max(self.kind.findData(info.kind), 0))
        for widget in (self.encoding, self.delimiter, self.header, self.kind):
            widget.blockSignals(False)
        self.problem.hide()
        self._shown = {
            "encoding": info.encoding,
            "delimiter": info.delimiter,
            "has_header": info.has_header,
            "kind": info.kind,
        }
        parts = [counted(rows, "row"), counted(columns, "column")]
        if info.decimal_comma:
            parts.append("decimal comma")
        if info.size_bytes:
            parts.append(format_size(info.size_bytes))
        self.summary.setText("  ·  ".join(parts))

    def _on_encoding_typed(self) -> None:
        """Re-read with the chosen or typed encoding, or refuse it and keep the shown one."""
        text = self.encoding.currentText().strip()
        shown = str(self._shown.get("encoding", ""))
        if not text or text == shown:
            self.encoding.setEditText(shown)
            return
        problem = encoding_problem(text)
        if problem:
            # Keep the table as read and say why, rather than a failed re-read.
            self.encoding.setEditText(shown)
            self.problem.setText(problem)
            self.problem.show()
            self.option_rejected.emit(problem)
            return
        self.problem.hide()
        self._set(encoding=text)

    def _set(self, **change: object) -> None:
        """Re-read with one more override, unless it only repeats what is shown."""
        if all(self._shown.get(key) == value for key, value in change.items()):
            return
        self._emit(replace(self._options, **change))

    def _emit(self, options: ReadOptions) -> None:
        self._options = options
        self.options_changed.emit(options)


def encoding_problem(name: str) -> str | None:
    """Why ``name`` cannot decode a text file (unknown, or a codec such as rot13 or
    base64 that does not turn bytes into text), or None when it can."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return f"Unknown text encoding {name!r}; pick one from the list (e.g. utf-8, gb18030)"
    usable = getattr(info, "_is_text_encoding", True)  # rot13, base64, zlib: not text
    if usable:
        try:
            info.decode(b"a,b\r\n1,2\r\n", "replace")  # idna, undefined: cannot read a file
        except (UnicodeError, ValueError, TypeError):
            usable = False
    if not usable:
        return f"{name!r} is not a text encoding; pick one from the list (e.g. utf-8, gb18030)"
    return None


def format_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size}"
