"""The import bar above each table: what was detected, and combos to re-read at once.

Like LibreOffice's text-import dialog, but inline and non-modal (issue 3): changing the
encoding, delimiter, header row or report kind emits ``options_changed`` with the new
``ReadOptions`` and the tab re-reads in the background.
"""

from __future__ import annotations

import codecs
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from csvinspect.core.reading.dialect import DELIMITER_NAMES
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
        self.encoding.setEditable(True)
        self.encoding.addItems(ENCODINGS)
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
        self.summary = QLabel(self)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.redetect = QToolButton(self)
        self.redetect.setText("Detect again")
        self.redetect.setToolTip("Forget the choices made here and detect everything again")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for text, widget in (
            ("E&ncoding", self.encoding),
            ("&Delimiter", self.delimiter),
            (None, self.header),
            ("Report &kind", self.kind),
        ):
            if text:
                label = QLabel(text, self)
                label.setBuddy(widget)
                layout.addWidget(label)
            layout.addWidget(widget)
            layout.addSpacing(8)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.redetect)

        self.encoding.activated.connect(lambda _i: self._set(encoding=self.encoding.currentText()))
        self.encoding.lineEdit().editingFinished.connect(self._on_encoding_typed)
        self.delimiter.activated.connect(
            lambda _i: self._set(delimiter=self.delimiter.currentData())
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
            self.delimiter.addItem(repr(info.delimiter), info.delimiter)
            index = self.delimiter.count() - 1
        self.delimiter.setCurrentIndex(index)
        self.header.setChecked(info.has_header)
        self.kind.setCurrentIndex(max(self.kind.findData(info.kind), 0))
        for widget in (self.encoding, self.delimiter, self.header, self.kind):
            widget.blockSignals(False)
        self._shown = {
            "encoding": info.encoding,
            "delimiter": info.delimiter,
            "has_header": info.has_header,
            "kind": info.kind,
        }
        parts = [f"{rows:,} rows", f"{columns} columns"]
        if info.decimal_comma:
            parts.append("decimal comma")
        if info.size_bytes:
            parts.append(format_size(info.size_bytes))
        self.summary.setText("  ·  ".join(parts))

    def _on_encoding_typed(self) -> None:
        text = self.encoding.currentText().strip()
        if not text:
            return
        problem = encoding_problem(text)
        if problem:
            # Keep the table as read and say why, rather than a failed re-read.
            self.encoding.setEditText(str(self._shown.get("encoding", "")))
            self.option_rejected.emit(problem)
            return
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
    except LookupError:
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
