"""The health sections of ``csvinspect report`` as plain text and as Markdown.

Both read the JSON-ready report dict (``health_to_json``'s keys), so a request log's
derived group health (issue 5) renders the same way.
"""

from __future__ import annotations

from typing import Any

from csvinspect.core.analysis import formatting as fmt

_REASONS_SHOWN = 10


def health_text(report: dict[str, Any]) -> list[str]:
    """Readable report lines: summary, findings, groups, top reasons, reconciliation."""
    totals = report["totals"]
    currency = totals.get("currency")
    lines = ["Health:", "  " + _summary(totals)]
    if totals.get("start_time") or totals.get("latest_time"):
        lines.append(f"  time span {_span(totals)}")
    findings = report.get("findings", [])
    lines += ["", f"Findings ({len(findings)}):"]
    if not findings:
        lines.append("  none: every group and token looks healthy")
    for number, finding in enumerate(findings, 1):
        category = f" [{finding['category']}]" if finding.get("category") else ""
        lines.append(f"  {number}. {finding['scope']}: {finding['subject']}{category}")
        lines.append(f"     {finding['summary']}")
        lines.append(f"     Next step: {finding['next_step']}")
    lines += ["", "Groups:"]
    width = max((len(g["group"]) for g in report.get("groups", [])), default=5)
    for group in report.get("groups", []):
        marks = _marks(group)
        lines.append(
            f"  {group['group']:<{width}}  {fmt.count(group['requests']):>9} requests"
            f"  {fmt.percent(group['success_rate']):>7}  {fmt.count(group['errors']):>7} errors"
            f"  {fmt.money(group['cost'], currency):>12}{marks}"
        )
        for token in group.get("tokens", []):
            flags = f"  [{', '.join(token['flags'])}]" if token["flags"] else ""
            who = f" ({token['username']})" if token.get("username") else ""
            lines.append(
                f"    {token['token']}{who}: {fmt.counted(token['requests'], 'request')},"
                f" {fmt.percent(token['success_rate'])}, {fmt.money(token['cost'], currency)}"
                f"{flags}"
            )
    reasons = report.get("failure_reasons", [])
    if reasons:
        lines += ["", "Top failure reasons:"]
        for reason in reasons[:_REASONS_SHOWN]:
            lines.append(
                f"  {_count(reason['count']):>7}  {_label(reason)}  [{reason['category']}]"
                f"  in {', '.join(reason['groups'])}"
            )
    lines += ["", "Reconciliation:"]
    lines += ["  " + line for line in _reconciliation_lines(report)]
    return lines


def health_markdown(report: dict[str, Any]) -> list[str]:
    """A report to paste into a ticket or a weekly summary."""
    totals = report["totals"]
    currency = totals.get("currency")
    lines = ["### Summary", "", _summary(totals)]
    if totals.get("start_time") or totals.get("latest_time"):
        lines += ["", f"Time span: {_span(totals)}"]
    findings = report.get("findings", [])
    lines += ["", "### Findings", ""]
    if not findings:
        lines.append("None: every group and token looks healthy.")
    for number, finding in enumerate(findings, 1):
        category = f" (`{finding['category']}`)" if finding.get("category") else ""
        lines.append(
            f"{number}. **{_md(finding['subject'])}**: {finding['scope']}{category}."
            f" {_md(finding['summary'])}  \n   *Next step:* {_md(finding['next_step'])}"
        )
    lines += [
        "",
        "### Groups",
        "",
        "| Group | Requests | Success rate | Errors | Cost | Flags |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for group in report.get("groups", []):
        flagged = [t for t in group.get("tokens", []) if t["flags"]]
        notes = _marks(group).strip(" []")
        notes = "; ".join(
            [notes] * bool(notes) + [f"{_md(t['token'])}: {', '.join(t['flags'])}" for t in flagged]
        )
        lines.append(
            f"| {_md(group['group'])} | {fmt.count(group['requests'])} |"
            f" {fmt.percent(group['success_rate'])} | {fmt.count(group['errors'])} |"
            f" {fmt.money(group['cost'], currency)} | {notes} |"
        )
    reasons = report.get("failure_reasons", [])
    if reasons:
        lines += [
            "",
            "### Top failure reasons",
            "",
            "| Count | Reason | Category | Groups |",
            "|---:|---|---|---|",
        ]
        for reason in reasons[:_REASONS_SHOWN]:
            lines.append(
                f"| {_count(reason['count'])} | {_md(_label(reason))} | `{reason['category']}` |"
                f" {_md(', '.join(reason['groups']))} |"
            )
    lines += ["", "### Reconciliation", ""]
    lines += [f"- {_md(line)}" for line in _reconciliation_lines(report)]
    return lines


def _summary(totals: dict[str, Any]) -> str:
    return (
        f"{fmt.counted(totals['requests'], 'request')}, {fmt.percent(totals['success_rate'])}"
        f" success, {fmt.counted(totals['errors'], 'error')}, cost"
        f" {fmt.money(totals['cost'], totals.get('currency'))}, cache hit rate"
        f" {fmt.percent(totals['cache_hit_rate'])}, average latency"
        f" {fmt.seconds(totals['avg_latency_s'])}"
    )


def _span(totals: dict[str, Any]) -> str:
    start = (totals.get("start_time") or "n/a").replace("T", " ")
    latest = (totals.get("latest_time") or "n/a").replace("T", " ")
    offsets = totals.get("time_offsets")  # issue 11: rows written at different offsets
    note = f" (as written; UTC offsets differ: {', '.join(offsets)})" if offsets else ""
    return f"{start} to {latest}{note}"


def _marks(group: dict[str, Any]) -> str:
    marks = [name for name in ("low_success", "small_sample") if group.get(name)]
    return f"  [{', '.join(marks)}]" if marks else ""


def _reconciliation_lines(report: dict[str, Any]) -> list[str]:
    mismatches = report.get("reconciliation", [])
    if not mismatches:
        return [
            "clean: every Group row equals the sum of its Token rows, and every rate"
            " matches its counts"
        ]
    currency = report.get("totals", {}).get("currency")
    lines = []
    for m in mismatches:
        where = m["group"] + (f" / {m['token']}" if m.get("token") else "")
        field = m["field"]
        check = {
            "success_plus_errors": "requests vs success + errors",
            "recomputed_rate": f"{m['field']} exported vs recomputed",
        }.get(m.get("check", ""), f"{m['field']}: group row vs sum of token rows")
        lines.append(
            f"{where}: {check}: {fmt.figure(field, m['group_value'], currency)} vs"
            f" {fmt.figure(field, m['token_sum'], currency)}"
            f" (difference {fmt.figure(field, m['difference'], currency, signed=True)})"
        )
    return lines


def _label(reason: dict[str, Any]) -> str:
    if reason["status"] is None:
        message: str = reason["message"]
        return message
    return (
        f"{reason['status']}: {reason['message']}" if reason["message"] else str(reason["status"])
    )


def _count(value: int | None) -> str:
    return "?" if value is None else fmt.count(value)


def _md(text: str) -> str:
    """Escape what would break a Markdown table or start emphasis."""
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
