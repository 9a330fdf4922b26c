"""What ``csvinspect report`` says about a table, typed and made once (issue 10).

``make_report`` decides the kind from the table (``registry.table_kind``, as ingest recorded
it), runs that kind's analysis once (``KindEntry.make``) and keeps the result with the table's
source and columns and the combined files. The JSON (``as_json``), the text and the Markdown
(``as_text``) are each rendered from this ``Report``; none reads another back.

The report's ``Redaction`` (``core/redact.py``) is the one place that decides, from
``keep_secrets``, what the report may show: secrets (API keys, bearer tokens, JWTs) in any
string from the export are redacted in every output, as ``export`` does, unless the user asked
for the exact text (issue 11: the Markdown is meant for pasting into a ticket).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from csvinspect.core.analysis import AnalysisSettings
from csvinspect.core.cells.zones import WrittenZones
from csvinspect.core.ingest.combine import CombinedTable
from csvinspect.core.redact import Redaction
from csvinspect.core.registry import KINDS, table_kind
from csvinspect.core.report_times import report_zone
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.table import Column, ReportKind, SourceInfo, Table


@dataclass(frozen=True)
class Report:
    """The table's source and columns, the combined files, the kind, and the kind's typed
    section (``HealthView``, ``RequestLogReport``, ``UsageReport``; None for a generic table).

    ``zone``: the offsets the export's times are written at (issue 11), for the JSON's times.
    """

    source: SourceInfo
    rows: int
    columns: Sequence[Column]
    combined: CombinedTable | None
    kind: ReportKind
    section: Any  # the type ``KINDS[kind].make`` returns
    zone: WrittenZones | None
    redaction: Redaction


def make_report(
    table: Table,
    settings: AnalysisSettings | None = None,
    money: MoneySettings | None = None,
    combined: CombinedTable | None = None,
    keep_secrets: bool = False,
) -> Report:
    """Analyse ``table`` once for the report. ``money`` turns quota into money and sets the
    display currency of request logs (issue 5). Raises ``ValueError`` when a request log's
    group health cannot be derived."""
    kind = table_kind(table)  # issue 10: one entry per kind, the kind decided at load
    make = KINDS[kind].make
    section, zone = None, None
    if make is not None:
        # issue 10: the times' offsets are read on the other core while the analysis begins
        # (0.07-0.12 s of a 1M-row export's report); the kind asks for them when it needs them
        with ThreadPoolExecutor(1, thread_name_prefix="csvinspect-zone") as beside:
            read = beside.submit(report_zone, table)
            section = make(table, settings, money, read.result)
            zone = read.result()
    return Report(
        source=table.source,
        rows=table.n_rows,
        columns=table.columns,
        combined=combined,
        kind=kind,
        section=section,
        zone=zone,
        redaction=Redaction(keep_secrets),
    )
