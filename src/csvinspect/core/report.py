"""``csvinspect report``: the table and its analysis as JSON, plain text or Markdown.

The JSON keys are a published interface (issues 2, 4, 5): keep them exactly so.
"""

from __future__ import annotations

from typing import Any

from csvinspect.core.analysis import AnalysisSettings
from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.jsonify import GroupRows
from csvinspect.core.ingest.combine import CombinedTable
from csvinspect.core.reading.dialect import delimiter_name
from csvinspect.core.reading.json_records import FORMAT_NAMES
from csvinspect.core.redact import redact_data
from csvinspect.core.registry import KINDS, Lines, report_kind, table_kind
from csvinspect.core.report_json import group_redactor
from csvinspect.core.report_times import label_times, report_zone
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.table import Table


def source_section(table: Table) -> dict[str, Any]:
    src = table.source
    return {
        "name": src.name,
        "encoding": src.encoding,
        "delimiter": src.delimiter,
        "format": src.format,
        "kind": str(src.kind),
        "rows": table.n_rows,
        "problems": [{"line": p.line, "message": p.message} for p in src.problems],
    }


def columns_section(table: Table) -> list[dict[str, Any]]:
    return [
        {
            "name": col.name,
            "field": col.field,
            "type": str(col.type),
            "currency": col.currency,
            "parsed": col.parsed_count,
            "unparsed": col.unparsed_count,
        }
        for col in table.columns
    ]


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

    A group-health export adds ``totals``, ``groups``, ``failure_reasons``, ``findings``
    and ``reconciliation`` (issue 4). ``money`` turns quota into money and sets the display
    currency of request logs (issue 5); ``combined`` (several exports read as ``table``)
    adds ``combined``: the files, the rows each gave, the duplicate request IDs removed and
    the repeated rows without an ID (account events) removed. Secrets (API keys, bearer
    tokens, JWTs) in any of its strings are redacted, as ``export`` does, unless
    ``keep_secrets``: the Markdown is meant for pasting into a ticket (issue 11).
    ``streamed``: a group-health export's ``groups`` are made one at a time as ``json_chunks``
    writes them (issue 10), each redacted as it is made.
    """
    report: dict[str, Any] = {"source": source_section(table), "columns": columns_section(table)}
    if combined is not None:
        report["combined"] = combined_section(combined)
    section = KINDS[table_kind(table)].section  # issue 10: one entry per kind
    if section is not None:
        report.update(section(table, settings, money, streamed))
    if "totals" in report:  # issue 11: times as written, with the offset they were written in
        label_times(report["totals"], report_zone(table))
    if keep_secrets:
        return report
    groups = report.get("groups")
    if isinstance(groups, GroupRows):  # made as written: redacted as made
        groups.redact = group_redactor(groups)
    redacted: dict[str, Any] = redact_data(report)
    return redacted


def combined_section(combined: CombinedTable) -> dict[str, Any]:
    return {
        "files": list(combined.sources),
        "rows_per_file": list(combined.rows_per_source),
        "duplicates_removed": combined.duplicates_removed,
        "repeated_rows_removed": combined.repeated_rows_removed,
    }


def _combined_lines(report: dict[str, Any]) -> list[str]:
    combined = report.get("combined")
    if not combined:
        return []
    files = combined["files"]
    removed, repeated = combined["duplicates_removed"], combined["repeated_rows_removed"]
    lines = [
        f"{len(files)} files combined: {', '.join(files)}",
        f"{removed:,} duplicate request ID{'' if removed == 1 else 's'} removed",
    ]
    if repeated:
        rows = f"{repeated:,} repeated row{'' if repeated == 1 else 's'}"
        lines.append(f"{rows} without a request ID (account events) removed")
    return lines


def _where(problem: dict[str, Any]) -> str:
    """``line 7: `` before a problem's message; nothing for one without a line (empty file)."""
    return "" if problem.get("line") is None else f"line {problem['line']}: "


def render_text(report: dict[str, Any]) -> str:
    src = report["source"]
    delimiter = delimiter_name(src["delimiter"])
    # A JSON export has no delimiter: its format is named instead (issue 11).
    form = FORMAT_NAMES.get(src.get("format", "csv"))
    lines = [
        f"{src['name']}: {fmt.counted(src['rows'], 'row')}, {src['kind']}",
        f"  encoding {src['encoding']}, "
        + (f"format {form}" if form else f"delimiter {delimiter}"),
    ]
    lines += [f"  {line}" for line in _combined_lines(report)]
    if src["problems"]:
        lines.append(f"  {len(src['problems'])} problem(s) while reading:")
        lines += [f"    {_where(p)}{p['message']}" for p in src["problems"]]
    lines.append("")
    lines.append("Columns:")
    width = max((len(c["name"]) for c in report["columns"]), default=0)
    for col in report["columns"]:
        kind = col["type"] + (f" ({col['currency']})" if col["currency"] else "")
        field = f" -> {col['field']}" if col["field"] else ""
        unparsed = f", {col['unparsed']} unparsed" if col["unparsed"] else ""
        lines.append(f"  {col['name']:<{width}}  {kind}{field}{unparsed}")
    lines += _sections(report, KINDS[report_kind(report)].text)
    return "\n".join(lines) + "\n"


def render_markdown(report: dict[str, Any]) -> str:
    src = report["source"]
    lines = [
        f"## {src['name']}",
        "",
        f"{fmt.counted(src['rows'], 'row')} · kind `{src['kind']}` · encoding `{src['encoding']}`",
        "",
    ]
    if "combined" in report:
        lines += [f"- {line}" for line in _combined_lines(report)] + [""]
    if src["problems"]:
        lines.append("**Problems while reading**")
        lines.append("")
        lines += [f"- {_where(p)}{p['message']}" for p in src["problems"]]
        lines.append("")
    lines += ["| Column | Type | Field | Unparsed |", "|---|---|---|---|"]
    for col in report["columns"]:
        kind = col["type"] + (f" ({col['currency']})" if col["currency"] else "")
        name = col["name"].replace("|", "\\|")  # a pipe in a header would split the row
        lines.append(f"| {name} | {kind} | {col['field'] or ''} | {col['unparsed']} |")
    lines += _sections(report, KINDS[report_kind(report)].markdown)
    return "\n".join(lines) + "\n"


def _sections(report: dict[str, Any], renderers: tuple[Lines, ...]) -> list[str]:
    """The kind's sections, each after a blank line; a section with nothing to say is left out."""
    lines: list[str] = []
    for render in renderers:
        section = render(report)
        if section:
            lines += ["", *section]
    return lines
