"""The report's times as written: ``start_time`` and ``latest_time`` keep the export's offset.

Issue 11: an export written at ``+08:00`` used to be reported in UTC without saying so. The
analyses hold the wall clock as written (``cells/timestamps``), so the report prints it and
adds the offset the cells wrote (``2026-07-08T16:02:11+08:00``). When the offsets differ
between rows, no single offset is true: the times stay as written, without one, and
``totals.time_offsets`` lists the offsets so the reader knows.
"""

from __future__ import annotations

from typing import Any

from csvinspect.core.cells.zones import WrittenZones, export_zone
from csvinspect.core.table import ColumnType, Table

_REPORTED = ("time", "start_time", "latest_time")  # the fields the report's span comes from


def report_zone(table: Table) -> WrittenZones | None:
    """The offsets written in the time columns the report's time span is read from."""
    times = [c for c in table.columns if c.type is ColumnType.TIMESTAMP and c.values is not None]
    reported = [c for c in times if c.field in _REPORTED] or times
    return export_zone([c.text for c in reported])


def label_times(totals: dict[str, Any], zone: WrittenZones | None) -> None:
    """Add the written offset to ``totals``' times, or say that the offsets differ."""
    if zone is None:
        return
    if zone.mixed:
        totals["time_offsets"] = list(zone.labels)
        return
    for key in ("start_time", "latest_time"):
        if totals.get(key):
            totals[key] = f"{totals[key]}{zone.label}"
