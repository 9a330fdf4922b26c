"""Tooltip text for one cell: why it is highlighted, muted or odd (plain strings, no Qt)."""

from __future__ import annotations

import math

from csvinspect.core.analysis.formatting import counted
from csvinspect.core.query.highlight import RowHighlights
from csvinspect.core.table import Table


def _rate_note(highlights: RowHighlights, row: int, column: int) -> str | None:
    if highlights.rate_column != column:
        return None
    rate = highlights.success_rate[row]
    requests = highlights.requests[row]
    shown = "unknown" if math.isnan(rate) else f"{rate:.2%}"
    if highlights.small_sample[row] and not math.isnan(requests):
        return (
            f"Only {counted(requests, 'request')}: too few to judge a success rate of {shown} "
            "(seed 000: avoid over-reading small samples)"
        )
    if highlights.low_rate[row]:
        count = "" if math.isnan(requests) else f" over {counted(requests, 'request')}"
        return f"Success rate {shown}{count} is below the threshold: look at this one first"
    return None


def cell_tooltip(
    table: Table,
    row: int,
    column: int,
    highlights: RowHighlights | None,
    mark: str | None,
) -> str | None:
    """Everything worth saying about one cell, or None when there is nothing."""
    notes: list[str] = []
    if mark:
        notes.append(mark)
    if highlights is not None:
        note = _rate_note(highlights, row, column)
        if note:
            notes.append(note)
        elif highlights.small_sample[row] and not math.isnan(highlights.requests[row]):
            notes.append(f"Small sample: {counted(highlights.requests[row], 'request')}")
    col = table.columns[column]
    if col.unparsed is not None and col.unparsed[row]:
        notes.append(f"Could not read this as {col.type.value}; shown exactly as exported")
    for problem in table.problem_rows().get(row, []):
        where = f"line {problem.line}: " if problem.line is not None else ""
        notes.append(f"{where}{problem.message}")
    text = table.cell_text(row, column)
    if len(text) > 60:
        notes.insert(0, text[:2000])
    return "\n".join(notes) if notes else None
