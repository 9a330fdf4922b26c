""" "Copy for support": one message with everything seed 000 asks for, secrets redacted.

Seed 000, "Information for Support": user ID, time range (when the issue started and when
it last appeared), group name, model name, status code, error content, request ID and
impact scope (one token, one model, one group, or multiple groups at the same time), "in
one message so the technical team can investigate with less back-and-forth".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.group_columns import ranges
from csvinspect.core.analysis.peers import BELOW_GROUP, LOW_SUCCESS
from csvinspect.core.analysis.results import Finding, GroupHealth, HealthReport
from csvinspect.core.analysis.stats import Figures, Rows, TokenStats, combine
from csvinspect.core.analysis.token_views import TokenList
from csvinspect.core.redact import redact_text
from csvinspect.core.report_times import report_zone
from csvinspect.core.table import Table

_SCOPE_WORDS = {
    "token": "one token",
    "model": "one model",
    "group": "one group",
    "multi_group_upstream": "multiple groups at the same time",
}
_LISTED = 5
_USERS_LISTED = 10  # the users involved, most errors first
_GROUPS_LISTED = 10  # a finding over thousands of groups: the message names ten
_NOT_EXPORTED = "not in this export"


def build_support_message(
    report: HealthReport, *, table: Table | None = None, finding: Finding | None = None
) -> str:
    """The message for ``finding`` (else the report's top finding), redacted."""
    if finding is None and report.findings:
        finding = report.findings[0]
    chosen = _groups_of(report, finding)
    groups = report.groups.picked(chosen)  # only these are made, at once (issue 10)
    tokens = _tokens_of(report, chosen, finding)
    subject: Figures
    if finding is not None and finding.token and tokens:
        subject = tokens[0]
    else:
        subject = combine([g.stats for g in groups or report.groups])
    name = table.source.name if table is not None else "the export"
    zone = report_zone(table) if table is not None else None  # as the times were written
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
        f"- Time range: {fmt.time_span(subject.start_time, subject.latest_time, zone)}"
        " (first seen to latest request)",
        f"- Group name: {_listed([g.name for g in groups], _GROUPS_LISTED) or _NOT_EXPORTED}",
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


def _groups_of(report: HealthReport, finding: Finding | None) -> np.ndarray:
    """The positions of the groups the message is about, read from the group columns: the
    finding's, in its order (its summary names the most failing first), else those with
    errors, else all (issue 10: not twenty thousand objects)."""
    columns = report.groups.columns
    if finding is None or not finding.groups:
        errors = columns.figures["errors"]
        with_errors = np.flatnonzero(~np.isnan(errors) & (errors != 0))
        return with_errors if len(with_errors) else np.arange(len(columns))
    position = {name: g for g, name in enumerate(columns.names)}
    return np.array([position[n] for n in finding.groups if n in position], np.int64)


def _tokens_of(
    report: HealthReport, groups: np.ndarray, finding: Finding | None
) -> Sequence[TokenStats]:
    """The tokens the finding is about (issue 9: not the flagged tokens of other findings);
    without one, the failing tokens of ``groups``, else all their tokens. Made when read."""
    if finding is not None:
        return finding.users
    tokens = report.groups.columns.tokens
    positions = ranges(tokens.starts[groups], tokens.starts[groups + 1])
    failing = positions[tokens.flag_mask((LOW_SUCCESS, BELOW_GROUP))[positions]]
    return TokenList(tokens, failing if len(failing) else positions)


def _user_ids(tokens: Sequence[TokenStats]) -> str:
    if isinstance(tokens, TokenList):  # a big finding names 250k tokens (issue 10)
        ids, names = tokens.texts("user_id"), tokens.texts("username")
    else:
        ids, names = [t.user_id for t in tokens], [t.username for t in tokens]
    both = [f"{i} ({n})" if i and n else i or n for i, n in zip(ids, names, strict=True)]
    people = [who for who in dict.fromkeys(both) if who]  # each once, in order
    return _listed(people, _USERS_LISTED) or _NOT_EXPORTED


def _listed(names: list[str], most: int) -> str:
    """The first ``most`` of ``names``, and how many more there are."""
    more = f", and {fmt.count(len(names) - most)} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def _column_values(table: Table | None, field: str, rows: Rows) -> list[str]:
    if table is None or not len(rows) or table.column(field) is None:
        return []
    column = table.column(field)
    assert column is not None
    picked = column.text.take(np.asarray(rows[:10_000], dtype=np.int64)).to_pylist()
    stripped = (value.strip() for value in picked if value)
    return list(dict.fromkeys(value for value in stripped if value))


def _models(table: Table | None, finding: Finding | None, tokens: Sequence[TokenStats]) -> str:
    listed = tokens.texts("model") if isinstance(tokens, TokenList) else (t.model for t in tokens)
    models = [model for model in listed if model]
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
    errors = evidence if isinstance(evidence, int | float) else None
    return f"{words} ({fmt.errors_of(counts, errors)})"
