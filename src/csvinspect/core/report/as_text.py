"""``csvinspect report --format text|markdown``: the typed report as plain text or Markdown.

Read from the ``Report`` (issue 10: both used to read the JSON-ready dict back): the table's
source and columns, the combined files, then the kind's sections (``KindEntry.text`` and
``.markdown``), each given the report's redaction for the strings it takes from the export.
"""

from __future__ import annotations

from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.ingest.identity import repeats_said
from csvinspect.core.reading.dialect import delimiter_name
from csvinspect.core.reading.json_records import FORMAT_NAMES
from csvinspect.core.registry import KINDS, Lines
from csvinspect.core.report.contents import Report
from csvinspect.core.table import Column, LoadProblem


def render_text(report: Report) -> str:
    shown = report.redaction
    src = report.source
    # A JSON export has no delimiter: its format is named instead (issue 11).
    form = FORMAT_NAMES.get(src.format)
    lines = [
        f"{shown(src.name)}: {fmt.counted(report.rows, 'row')}, {src.kind!s}",
        f"  encoding {shown(src.encoding)}, "
        + (f"format {form}" if form else f"delimiter {delimiter_name(src.delimiter)}"),
    ]
    lines += [f"  {line}" for line in _combined_lines(report)]
    if src.problems:
        lines.append(f"  {len(src.problems)} problem(s) while reading:")
        lines += [f"    {_where(p)}{shown(p.message)}" for p in src.problems]
    lines.append("")
    lines.append("Columns:")
    names = [shown(col.name) for col in report.columns]
    width = max((len(name) for name in names), default=0)
    for col, name in zip(report.columns, names, strict=True):
        field = f" -> {shown(col.field)}" if col.field else ""
        unparsed = f", {col.unparsed_count} unparsed" if col.unparsed_count else ""
        lines.append(f"  {name:<{width}}  {_type(col, report)}{field}{unparsed}")
    lines += _sections(report, KINDS[report.kind].text)
    return "\n".join(lines) + "\n"


def render_markdown(report: Report) -> str:
    shown = report.redaction
    src = report.source
    lines = [
        f"## {shown(src.name)}",
        "",
        f"{fmt.counted(report.rows, 'row')} · kind `{src.kind!s}`"
        f" · encoding `{shown(src.encoding)}`",
        "",
    ]
    if report.combined is not None:
        lines += [f"- {line}" for line in _combined_lines(report)] + [""]
    if src.problems:
        lines.append("**Problems while reading**")
        lines.append("")
        lines += [f"- {_where(p)}{shown(p.message)}" for p in src.problems]
        lines.append("")
    lines += ["| Column | Type | Field | Unparsed |", "|---|---|---|---|"]
    for col in report.columns:
        name = shown(col.name).replace("|", "\\|")  # a pipe in a header would split the row
        field = shown(col.field) if col.field else ""
        lines.append(f"| {name} | {_type(col, report)} | {field} | {col.unparsed_count} |")
    lines += _sections(report, KINDS[report.kind].markdown)
    return "\n".join(lines) + "\n"


def _type(col: Column, report: Report) -> str:
    currency = f" ({report.redaction(col.currency)})" if col.currency else ""
    return f"{col.type!s}{currency}"


def _combined_lines(report: Report) -> list[str]:
    """Which files were combined, and what combining did in the kind's terms (issue 10: a
    group-health export has no request IDs; its groups and tokens add up across files)."""
    combined = report.combined
    if combined is None:
        return []
    files = [report.redaction(name) for name in combined.sources]
    lines = [f"{len(files)} files combined: {', '.join(files)}"]
    said = repeats_said(combined.identity, combined.duplicates_removed, combined.in_earlier_files)
    lines += [said] if said else []
    repeated = combined.repeated_rows_removed
    if repeated:
        rows = f"{repeated:,} repeated row{'' if repeated == 1 else 's'}"
        lines.append(f"{rows} without a request ID (account events) removed")
    return lines


def _where(problem: LoadProblem) -> str:
    """``line 7: `` before a problem's message; nothing for one without a line (empty file)."""
    return "" if problem.line is None else f"line {problem.line}: "


def _sections(report: Report, renderers: tuple[Lines[object], ...]) -> list[str]:
    """The kind's sections, each after a blank line; a section with nothing to say is left out."""
    lines: list[str] = []
    if report.section is None:
        return lines
    for render in renderers:
        section = render(report.section, report.redaction)
        if section:
            lines += ["", *section]
    return lines
