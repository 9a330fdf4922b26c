"""Which rows of a request log's table show as failed or in progress, and why (issue 11).

Issue 11, item 11: "in the table of a request log a failed request looks like any other row".
The status cell of a failed request is marked, an in-progress request is muted, and hovering
the row names its failure category. Everything is decided here once per table as arrays, so
the table model only indexes them (O(1) per cell on a million rows).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csvinspect.core.analysis.categories import FailureCategory
from csvinspect.core.requests.columns import RoleColumns
from csvinspect.core.requests.outcome import CATEGORIES, status_number
from csvinspect.core.requests.records import RequestRecords
from csvinspect.core.table import Table

# The column whose cell carries the mark: the status itself, else what says the outcome
# (TokenOpen, seed 002, writes the status only inside its Details JSON).
MARKED_ROLES = ("status", "result", "row_type", "error_message", "content", "details_json")


@dataclass(frozen=True)
class RequestRowMarks:
    """Per-row marks of a request log, row ``i`` being table row ``i``."""

    status_column: int | None  # the column whose cell is marked on a failed row
    failed: np.ndarray  # bool per row
    in_progress: np.ndarray  # bool per row
    category: np.ndarray  # int8 index into ``CATEGORIES`` for failed rows, -1 elsewhere
    status_code: np.ndarray  # int32 as in ``Outcomes.status_code``
    category_notes: tuple[str, ...]  # one hover text per category, built once

    def note(self, row: int) -> str | None:
        """What hovering the row says: its failure category and status, or that it runs."""
        if self.failed[row]:
            code = int(self.category[row])
            text = self.category_notes[code] if code >= 0 else "Failed request"
            status = status_number(int(self.status_code[row]))
            return text if status is None else f"{text} (status {status})"
        if self.in_progress[row]:
            return "In progress: no outcome yet, not counted as a success or a failure"
        return None


def _category_notes() -> tuple[str, ...]:
    """One hover text per category: its name, and the seed's first attribution when it has one."""
    return tuple(
        f"Failed request: {c.label} ({c.value})"
        + ("" if c is FailureCategory.OTHER else f" — {c.info.attribution.lower()}")
        for c in CATEGORIES
    )


def request_row_marks(table: Table, records: RequestRecords) -> RequestRowMarks:
    """The marks of ``table`` read as ``records`` (the Requests panel's own records)."""
    roles = RoleColumns(table, records.dialect)
    outcomes = records.outcomes
    counted = records.is_request
    # seed 004: a request still running is neither a success nor a failure (outcome.py)
    in_progress = outcomes.in_progress & counted
    failed = (outcomes.success == 0) & counted & ~in_progress
    column = None
    for role in MARKED_ROLES:
        col = roles.get(role)
        if col is not None:
            column = next(i for i, c in enumerate(table.columns) if c is col)
            break
    return RequestRowMarks(
        status_column=column,
        failed=failed,
        in_progress=in_progress,
        category=outcomes.category,
        status_code=outcomes.status_code,
        category_notes=_category_notes(),
    )
