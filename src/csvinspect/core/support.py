""" "Copy for support": one message with everything seed 000 asks for, secrets redacted.

Seed 000, "Information for Support": user ID, time range (when the issue started and when
it last appeared), group name, model name, status code, error content, request ID and
impact scope (one token, one model, one group, or multiple groups at the same time), "in
one message so the technical team can investigate with less back-and-forth".
"""

from __future__ import annotations

import numpy as np

from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.results import Finding, GroupHealth, HealthReport
from csvinspect.core.analysis.stats import Figures, Rows, TokenStats, combine
from csvinspect.core.analysis.token_views import flagged
from csvinspect.core.redact import redact_text
from csvinspect.core.table import Table

_SCOPE_WORDS = {
    "token": "one token",
    "model": "one model",
    "group": "one group",
    "multi_group_upstream": "multiple groups at the same time",
}
_LISTED = 5
_USERS_LISTED = 10  # the users involved, most errors first
_NOT_EXPORTED = "not in this export"


def build_support_message(
    report: HealthReport, *, table: Table | None = None, finding: Finding | None = None
) -> str:
    """The message for ``finding`` (else the report's top finding), redacted."""
    if finding is None and report.findings:
        finding = report.findings[0]
    groups = _groups_of(report, finding)
    tokens = _tokens_of(groups, finding)
    subject: Figures
    if finding is not None and finding.token and tokens:
        subject = tokens[0]
    else:
        subject = combine([g.stats for g in groups or report.groups])
    name = table.source.name if table is not None else "the export"
    lines = [f"Support request (prepared with csvinspect from {name})", ""]
    unknown = _unknown_outcomes(subject)
    if finding is not None:
        lines += [f"Issue: {finding.summary}", ""]
    elif unknown:
        lines += [f"Issue: {unknown}; nothing is claimed about failures.", ""]
    else:
        lines += ["Issue: no failing group or token found in the export.", ""]
    lines += [
        f"- User ID: {_user_ids(tokens)}",
        f"- Time range: {fmt.time_span(subject.start_time, subject.latest_time)}"
        " (first seen to latest request)",
        f"- Group name: {', '.join(g.name for g in groups) or _NOT_EXPORTED}",
        f"- Model name: {_models(table, finding, tokens)}",
    ]
    if finding is not None and finding.token:
        lines.append(f"- Token name: {finding.token}")
    lines += [
        f"- Status code: {_statuses(finding)}",
        f"- Error content: {_contents(finding)}",
        f"- Request ID: {_request_ids(table, finding)}",
        f"- Impact scope: {unknown or _scope(finding, groups, subject)}"
        if finding is None
        else f"- Impact scope: {_scope(finding, groups, subject)}",
    ]
    if finding is not None:
        lines += ["", f"Suggested next step: {finding.next_step}"]
    return redact_text("\n".join(lines) + "\n")


def _groups_of(report: HealthReport, finding: Finding | None) -> list[GroupHealth]:
    if finding is None or not finding.groups:
        return [g for g in report.groups if g.stats.errors] or list(report.groups)
    wanted = set(finding.groups)
    return [g for g in report.groups if g.name in wanted]


def _tokens_of(groups: list[GroupHealth], finding: Finding | None) -> list[TokenStats]:
    """The tokens the finding is about (issue 9: not the flagged tokens of other findings)."""
    if finding is not None:
        return list(finding.users)
    failing = [t for g in groups for t in flagged(g.tokens, ("low_success", "below_group"))]
    return [t.stats for t in failing or [t for g in groups for t in g.tokens]]


def _user_ids(tokens: list[TokenStats]) -> str:
    people = []
    for stats in tokens:
        if stats.user_id or stats.username:
            who = stats.user_id or stats.username
            if stats.user_id and stats.username:
                who += f" ({stats.username})"
            if who not in people:
                people.append(who)
    if not people:
        return _NOT_EXPORTED
    more = f", and {len(people) - _USERS_LISTED} more" if len(people) > _USERS_LISTED else ""
    return ", ".join(people[:_USERS_LISTED]) + more


def _column_values(table: Table | None, field: str, rows: Rows) -> list[str]:
    if table is None or not len(rows) or table.column(field) is None:
        return []
    column = table.column(field)
    assert column is not None
    picked = column.text.take(np.asarray(rows[:10_000], dtype=np.int64)).to_pylist()
    values: list[str] = []
    for value in picked:
        if value and value.strip() and value.strip() not in values:
            values.append(value.strip())
    return values


def _models(table: Table | None, finding: Finding | None, tokens: list[TokenStats]) -> str:
    models = [t.model for t in tokens if t.model]
    if finding is not None:
        models += _column_values(table, "model", finding.rows)
        if finding.scope == "model" and finding.evidence.get("model"):
            models.insert(0, str(finding.evidence["model"]))
    unique = list(dict.fromkeys(models))
    if not unique:
        return f"{_NOT_EXPORTED} (take it from the error log entry)"
    return ", ".join(unique[:_LISTED])


def _statuses(finding: Finding | None) -> str:
    codes = [str(r.status) for r in (finding.reasons if finding else ()) if r.status is not None]
    return ", ".join(dict.fromkeys(codes)) or _NOT_EXPORTED


def _contents(finding: Finding | None) -> str:
    if finding is None or not finding.reasons:
        return _NOT_EXPORTED
    return "; ".join(
        (r.message or str(r.status)) + (f" ({fmt.counted(r.count, 'time')})" if r.count else "")
        for r in finding.reasons
    )


def _request_ids(table: Table | None, finding: Finding | None) -> str:
    ids = _column_values(table, "request_id", finding.rows if finding else ())
    if not ids:
        return (
            f"{_NOT_EXPORTED}; copy request_id from the single error log entry or the API response"
        )
    more = f" (and {len(ids) - 3} more)" if len(ids) > 3 else ""
    return ", ".join(ids[:3]) + more


def _unknown_outcomes(subject: Figures) -> str:
    """Issue 11: when most requests have no readable outcome, say so; "no failures found"
    would be a claim the export does not support."""
    requests, success, errors = subject.requests, subject.success or 0, subject.errors or 0
    if not requests or success + errors >= requests / 2:
        return ""
    unknown = requests - success - errors
    return f"outcome unknown for {fmt.count(unknown)} of {fmt.counted(requests, 'request')}"


def _scope(finding: Finding | None, groups: list[GroupHealth], subject: Figures) -> str:
    if finding is None:
        return "no failures found"
    if finding.scope in _SCOPE_WORDS:
        words = _SCOPE_WORDS[finding.scope]
    elif finding.token:
        words = "one token"
    else:
        words = "one group" if len(groups) == 1 else "multiple groups at the same time"
    counts = subject.counts()
    if counts is None:
        return words
    evidence = finding.evidence.get("errors")
    errors = evidence if isinstance(evidence, int | float) else counts[2]
    return f"{words} ({fmt.counted(errors, 'error')} of {fmt.counted(counts[0], 'request')})"
