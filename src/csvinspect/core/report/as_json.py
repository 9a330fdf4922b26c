"""``csvinspect report --format json``: the typed report as JSON-ready data.

The JSON keys are a published interface (issues 2, 4, 5): keep them exactly so. A
group-health export adds ``totals``, ``groups``, ``failure_reasons``, ``findings`` and
``reconciliation`` (issue 4); a request log and a usage summary add their own keys beside
those (``core/requests/request_report.py``, ``usage_report.py``); several exports read as one
add ``combined``. ``core/report_json.py`` writes the result, compactly and a piece at a time.
"""

from __future__ import annotations

from typing import Any

from csvinspect.core.analysis import AnalysisSettings
from csvinspect.core.analysis.jsonify import GroupRows
from csvinspect.core.ingest.combine import CombinedTable
from csvinspect.core.redact import Redaction
from csvinspect.core.registry import KINDS
from csvinspect.core.report.contents import Report, make_report
from csvinspect.core.report_json import group_redactor
from csvinspect.core.report_times import label_times
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.table import Table


def build_report(
    table: Table,
    settings: AnalysisSettings | None = None,
    money: MoneySettings | None = None,
    combined: CombinedTable | None = None,
    keep_secrets: bool = False,
    *,
    streamed: bool = False,
) -> dict[str, Any]:
    """Everything ``csvinspect report`` says about ``table``, as plain JSON-ready data.

    ``make_report`` and ``report_json`` in one call: see them. Secrets in any of its strings
    are redacted unless ``keep_secrets``.
    """
    return report_json(make_report(table, settings, money, combined, keep_secrets), streamed)


def report_json(report: Report, streamed: bool = False) -> dict[str, Any]:
    """The report's JSON-ready data, redacted as the report's ``Redaction`` decides.

    ``streamed``: a group-health export's ``groups`` are made one at a time as ``json_chunks``
    writes them (issue 10), each redacted as it is made.
    """
    data: dict[str, Any] = {"source": source_section(report), "columns": columns_section(report)}
    if report.combined is not None:
        data["combined"] = combined_section(report.combined)
    to_json = KINDS[report.kind].json
    if to_json is not None and report.section is not None:
        data.update(to_json(report.section, streamed))
    if "totals" in data:  # issue 11: times as written, with the offset they were written in
        label_times(data["totals"], report.zone)
    return redacted_json(data, report.redaction)


def redacted_json(data: dict[str, Any], redaction: Redaction) -> dict[str, Any]:
    """The JSON-ready report as ``redaction`` shows it: every string value redacted, the keys
    kept; a group-health export's streamed groups are redacted as they are made."""
    if redaction.keep_secrets:
        return data
    groups = data.get("groups")
    if isinstance(groups, GroupRows):  # made as written: redacted as made
        groups.redact = group_redactor(groups)
    redacted: dict[str, Any] = redaction.data(data)
    return redacted


def source_section(report: Report) -> dict[str, Any]:
    src = report.source
    return {
        "name": src.name,
        "encoding": src.encoding,
        "delimiter": src.delimiter,
        "format": src.format,
        "kind": str(src.kind),
        "rows": report.rows,
        "problems": [{"line": p.line, "message": p.message} for p in src.problems],
    }


def columns_section(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "name": col.name,
            "field": col.field,
            "type": str(col.type),
            "currency": col.currency,
            "parsed": col.parsed_count,
            "unparsed": col.unparsed_count,
        }
        for col in report.columns
    ]


def combined_section(combined: CombinedTable) -> dict[str, Any]:
    return {
        "files": list(combined.sources),
        "rows_per_file": list(combined.rows_per_source),
        "duplicates_removed": combined.duplicates_removed,
        "repeated_rows_removed": combined.repeated_rows_removed,
    }
