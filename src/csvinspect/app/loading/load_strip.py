"""The strip above a table while it loads (progress and Cancel) or when a load went wrong.

Issue 3: loading runs in the background with a progress bar and Cancel; a file that
cannot be read says why in words, never a silent blank (Tad #187, VisiData #1964).
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QWidget

from csvinspect.app.loading.import_bar import format_size
from csvinspect.app.widgets.banner import ERROR_COLOURS
from csvinspect.app.widgets.work_strip import BUSY_COLOURS, WorkStrip
from csvinspect.core.analysis.formatting import counted

PROGRESS_STEPS = 1000
_CANCELLED_COLOURS = ("#f3f3f3", "#cccccc")


class LoadStrip(WorkStrip):
    """Shows "Reading … 12.3 of 80.0 MB [Cancel]", or an error with "Try again"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("loadStrip", "Try again", 320, parent)

    def show_loading(self, name: str) -> None:
        self.set_colours(BUSY_COLOURS)
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.show_busy(f"Reading <b>{escape(name)}</b>…")

    def show_progress(self, name: str, done: int, total: int, rows: int | None = None) -> None:
        if total <= 0:
            return
        if done >= total:
            self.bar.setRange(0, 0)
            self.label.setText(
                f"Read {format_size(total)} of <b>{escape(name)}</b>; working out the columns…"
            )
            return
        self.bar.setRange(0, PROGRESS_STEPS)
        self.bar.setValue(int(PROGRESS_STEPS * done / total))
        about = f", about {counted(rows, 'row')}" if rows is not None else ""
        self.label.setText(
            f"Reading <b>{escape(name)}</b>: {format_size(done)} of {format_size(total)}{about}"
        )

    def show_typing(self, name: str, done: int, total: int, rows: int) -> None:
        """The second stage of a load: which columns are typed, and the exact row count."""
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.label.setText(
            f"Read {counted(rows, 'row')} of <b>{escape(name)}</b>; "
            f"working out the columns: {done} of {total}"
        )

    def show_rows_loaded(self, rows: int) -> None:
        self.label.setText(f"Loaded {counted(rows, 'row')}; drawing the table…")

    def show_error(self, name: str, message: str, can_change_options: bool = True) -> None:
        """Say why ``name`` could not be read; the hint names the import bar only when the
        tab shows it (a file that never loaded has no bar to change)."""
        self.set_colours(ERROR_COLOURS)
        hint = (
            "Try another encoding or delimiter in the bar above, or try again."
            if can_change_options
            else "Check the file, then try again."
        )
        self.retry.setText("Try again")
        self.show_stopped(f"<b>Could not read {escape(name)}.</b> {escape(message)}<br>{hint}")

    def show_cancelled(self, name: str) -> None:
        self.set_colours(_CANCELLED_COLOURS)
        self.retry.setText("Load again")
        self.show_stopped(f"Loading <b>{escape(name)}</b> was cancelled.")
