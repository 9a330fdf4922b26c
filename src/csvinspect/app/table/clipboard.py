"""Copy the selected cells as tab-separated text (with headers) or as CSV.

What leaves the app for sharing is made safe: secrets (API keys, bearer tokens) are
redacted with ``csvinspect.core.redact.redact_text``, and a cell that a spreadsheet would
run as a formula (starting with = + - @ tab CR) gets a leading ``'`` (OWASP CSV injection),
exactly as ``csvinspect export`` does.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pyarrow.compute as pc
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from csvinspect.app.table.table_model import TableModel
from csvinspect.core.export import neutralise_array, neutralise_formula
from csvinspect.core.redact import redact_array, redact_text

MAX_COPY_CELLS = 5_000_000


class SelectionTooLarge(ValueError):
    """The selection holds more cells than can sensibly go to the clipboard."""


def safe_cell(text: str) -> str:
    """One cell as it may leave the app: secrets redacted, never a formula."""
    return neutralise_formula(redact_text(text)) if text else text


def format_tsv(rows: list[list[str]]) -> str:
    """Tab-separated lines a spreadsheet pastes cleanly; cells with tabs/newlines quoted."""
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            if any(ch in cell for ch in '\t\n\r"'):
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def format_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def selected_cells(
    model: TableModel,
    selection: QItemSelectionModel,
    column_order: list[int],
    *,
    exact: bool = False,
) -> list[list[str]]:
    """The selection as a grid with a header row: rows in view order, columns as on screen.

    Cells inside the grid that are not selected stay empty, as a spreadsheet would paste.
    Secrets are redacted and formulas neutralised unless ``exact`` (the user asked for the
    exact text, secrets included: issue 9).
    """
    ranges = selection.selection()
    if ranges.isEmpty():
        current = selection.currentIndex()
        if not current.isValid():
            return []
        spans = [(current.row(), current.row(), current.column(), current.column())]
    else:
        spans = [(r.top(), r.bottom(), r.left(), r.right()) for r in ranges]
    view_rows = np.unique(np.concatenate([np.arange(t, b + 1) for t, b, _l, _r in spans]))
    wanted = {c for _t, _b, left, right in spans for c in range(left, right + 1)}
    columns = [c for c in column_order if c in wanted]
    if len(view_rows) * len(columns) > MAX_COPY_CELLS:
        raise SelectionTooLarge(f"{len(view_rows) * len(columns):,} cells")
    chosen = np.zeros((len(view_rows), len(columns)), dtype=bool)
    column_position = {c: i for i, c in enumerate(columns)}
    for top, bottom, left, right in spans:
        row_from, row_to = np.searchsorted(view_rows, [top, bottom + 1])
        for column in range(left, right + 1):
            if column in column_position:
                chosen[row_from:row_to, column_position[column]] = True
    table = model.row_view.table
    source_rows = model.source_rows(view_rows)
    grid = [[table.columns[c].name if exact else safe_cell(table.columns[c].name) for c in columns]]
    texts = []
    for position, column in enumerate(columns):
        taken = pc.fill_null(pc.take(table.columns[column].text, source_rows), "")
        values = (taken if exact else neutralise_array(redact_array(taken))).to_pylist()
        texts.append([v if ok else "" for v, ok in zip(values, chosen[:, position], strict=True)])
    grid.extend([list(row) for row in zip(*texts, strict=True)])
    return grid


def copy_selected_text(widget: QWidget | None) -> bool:
    """Copy the text selected in ``widget`` (a label or read-only text box in the details
    or Health panes) and return True; False when it has none, so the table copies.

    The window's Ctrl+C would otherwise win over these widgets: unlike editable fields,
    read-only ones do not claim the shortcut (Qt's ShortcutOverride), so selecting a
    request ID in the details pane and pressing Ctrl+C copied table cells instead. Secrets
    in the selection are redacted, as everywhere else (issue 9).
    """
    if isinstance(widget, QLabel) and widget.hasSelectedText():
        QGuiApplication.clipboard().setText(redact_text(widget.selectedText()))
        return True
    if isinstance(widget, QLineEdit) and widget.hasSelectedText():
        widget.copy()
        return True
    if isinstance(widget, QPlainTextEdit | QTextEdit) and widget.textCursor().hasSelection():
        # U+2029 is how QTextCursor marks line breaks in a selection (Qt docs)
        selected = widget.textCursor().selectedText().replace("\u2029", "\n")
        QGuiApplication.clipboard().setText(redact_text(selected))
        return True
    return False


def copy_to_clipboard(rows: list[list[str]], as_csv: bool = False) -> None:
    text = format_csv(rows) if as_csv else format_tsv(rows)
    QGuiApplication.clipboard().setText(text)
