"""The note above a table that combines several exports: which files, and how many
duplicate request IDs were removed (issue 5: "duplicate request IDs removed and counted"), or
for a kind without request IDs, what combining did with its repeated rows (issue 10).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.ingest.combine import CombinedTable
from csvinspect.core.ingest.identity import repeats_said

NOTE_STYLE = (
    "QLabel { background: #eef3fb; color: #1f3b63; border: 1px solid #9db7e0;"
    " border-radius: 3px; padding: 3px 6px; }"
)
NAMED_FILES = 4  # more than this are counted, and listed in the tooltip


def combined_title(count: int) -> str:
    """The tab name of a combined view: ``3 files combined``."""
    return f"{count} files combined"


def describe_combined(combined: CombinedTable) -> str:
    """``3 files combined (a.csv 5 rows, ...) · 12 duplicate request IDs removed``."""
    parts = [
        f"{name} {fmt.count(rows)} row{'' if rows == 1 else 's'}"
        for name, rows in zip(combined.sources, combined.rows_per_source, strict=True)
    ]
    if len(parts) > NAMED_FILES:
        parts = [*parts[:NAMED_FILES], f"{len(parts) - NAMED_FILES} more"]
    repeated = combined.repeated_rows_removed
    text = f"{combined_title(len(combined.sources))} ({', '.join(parts)})"
    # issue 10: in the kind's words; group-health exports have no request IDs
    said = repeats_said(combined.identity, combined.duplicates_removed, combined.in_earlier_files)
    if said:
        text += f"  ·  {said}"
    if repeated:
        text += f"  ·  {fmt.count(repeated)} repeated account event{'' if repeated == 1 else 's'}"
        text += " removed"
    return text


_REQUEST_ID_RULE = (
    "\nA request ID already seen in an earlier file is counted once; so is a row"
    " without an ID (top-up, manage) that an earlier file holds exactly."
)


def _removes_repeats(combined: CombinedTable) -> bool:
    return combined.identity is not None and combined.identity.removes_repeats


class CombineNote(QLabel):
    """Hidden for a single export; for a combined one, says what was combined."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # file names are user text
        self.setWordWrap(True)
        self.setStyleSheet(NOTE_STYLE)
        self.hide()

    def show_combined(self, combined: CombinedTable | None) -> None:
        if combined is None:
            self.hide()
            return
        self.setText(describe_combined(combined))
        self.setToolTip(
            "\n".join(
                f"{name}: {fmt.counted(rows, 'row')} kept"
                for name, rows in zip(combined.sources, combined.rows_per_source, strict=True)
            )
            + (_REQUEST_ID_RULE if _removes_repeats(combined) else "")
            + "\nThe Source file and Source line columns say where each row came from."
        )
        self.show()
