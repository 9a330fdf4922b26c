"""The health sections of ``csvinspect report`` as plain text and as Markdown.

Both read the typed analysis (issue 10: they used to read the JSON-ready dict back): the
``HealthReport``, its token columns, and a ``Headline`` holding the summary line's figures as
the report states them, so a request log's derived group health (issue 5) and a usage
summary's render the same way with their own totals. Every string taken from the export goes
through ``shown`` (the report's redaction), before any Markdown escaping.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.jsonify import rounded
from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.results import Finding, HealthReport, ReasonTotal, Totals
from csvinspect.core.analysis.stated import TokenLine, group_line, stated_mismatch, token_lines
from csvinspect.core.cells.zones import WrittenZones
from csvinspect.core.redact import Redaction

Shown = Redaction  # a string from the export as the report may show it (``shown(text)``)
_REASONS_SHOWN = 10


@dataclass(frozen=True)
class Headline:
    """The summary line's figures as the report states them (rounded as its JSON rounds).

    A group-health export's come from the analysis' totals; a request log and a usage
    summary state their own counts, cost and rates (``dataclasses.replace``).
    """

    requests: int | None
    success_rate: float | None
    errors: int | None
    cost: float | None
    currency: str | None
    cache_hit_rate: float | None
    avg_latency_s: float | None
    start_time: float | None  # epoch seconds of the wall clock as written
    latest_time: float | None
    zone: WrittenZones | None = None  # the offsets the export's times are written at


def headline(totals: Totals, zone: WrittenZones | None) -> Headline:
    return Headline(
        requests=totals.requests,
        success_rate=rounded(totals.success_rate),
        errors=totals.errors,
        cost=rounded(totals.cost),
        currency=totals.currency,
        cache_hit_rate=rounded(totals.cache_hit_rate),
        avg_latency_s=rounded(totals.avg_latency_s, 3),
        start_time=totals.start_time,
        latest_time=totals.latest_time,
        zone=zone,
    )


@dataclass(frozen=True)
class HealthView:
    """What the health sections render: the analysis and the headline it is stated with."""

    report: HealthReport
    headline: Headline


def health_text(view: HealthView, shown: Shown) -> list[str]:
    """Readable report lines: summary, findings, groups, top reasons, reconciliation."""
    report, head = view.report, view.headline
    currency = head.currency
    lines = ["Health:", "  " + _summary(head)]
    if head.start_time is not None or head.latest_time is not None:
        lines.append(f"  time span {fmt.time_span(head.start_time, head.latest_time, head.zone)}")
    lines += ["", f"Findings ({len(report.findings)}):"]
    if not report.findings:
        lines.append("  none: every group and token looks healthy")
    for number, finding in enumerate(report.findings, 1):
        named = _category(finding, shown)
        category = f" [{named}]" if named else ""
        lines.append(f"  {number}. {shown(finding.scope)}: {shown(finding.subject)}{category}")
        lines.append(f"     {shown(finding.summary)}")
        lines.append(f"     Next step: {shown(finding.next_step)}")
    lines += ["", "Groups:"]
    flag_texts = _FlagTexts(shown)
    names = shown.many([group.name for group in report.groups])
    width = max((len(name) for name in names), default=5)
    tokens_of = [token_lines(group.tokens) for group in report.groups]
    changed = shown.changes(_token_texts(tokens_of))  # every token at once (1M tokens)
    for group, name, tokens in zip(report.groups, names, tokens_of, strict=True):
        shown_group = group_line(group)
        lines.append(
            f"  {name:<{width}}  {fmt.count(shown_group.requests):>9} requests"
            f"  {fmt.percent(shown_group.success_rate):>7}"
            f"  {fmt.count(shown_group.errors):>7} errors"
            f"  {fmt.money(shown_group.cost, currency):>12}{_marks(shown_group.marks)}"
        )
        for token in tokens:
            token_name, user = changed.get(token.token, token.token), token.username
            user = changed.get(user, user)
            lines.append(_token_text(token, token_name, user, currency, flag_texts))
    if report.failure_reasons:
        lines += ["", "Top failure reasons:"]
        for reason in report.failure_reasons[:_REASONS_SHOWN]:
            groups = ", ".join(shown(g) for g in reason.groups)
            lines.append(
                f"  {_count(reason.count):>7}  {_label(reason, shown)}"
                f"  [{shown(str(reason.category))}]  in {groups}"
            )
    lines += ["", "Reconciliation:"]
    lines += ["  " + line for line in _reconciliation_lines(report, currency, shown)]
    return lines


def health_markdown(view: HealthView, shown: Shown) -> list[str]:
    """A report to paste into a ticket or a weekly summary."""
    report, head = view.report, view.headline
    currency = head.currency
    lines = ["### Summary", "", _summary(head)]
    if head.start_time is not None or head.latest_time is not None:
        lines += ["", f"Time span: {fmt.time_span(head.start_time, head.latest_time, head.zone)}"]
    lines += ["", "### Findings", ""]
    if not report.findings:
        lines.append("None: every group and token looks healthy.")
    for number, finding in enumerate(report.findings, 1):
        named = _category(finding, shown)
        category = f" (`{named}`)" if named else ""
        lines.append(
            f"{number}. **{md(shown(finding.subject))}**: {shown(finding.scope)}{category}."
            f" {md(shown(finding.summary))}  \n   *Next step:* {md(shown(finding.next_step))}"
        )
    lines += [
        "",
        "### Groups",
        "",
        "| Group | Requests | Success rate | Errors | Cost | Flags |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for group in report.groups:
        shown_group = group_line(group)
        flagged = [t for t in token_lines(group.tokens) if t.flags]
        notes = _marks(shown_group.marks).strip(" []")
        notes = "; ".join(
            [notes] * bool(notes)
            + [f"{md(shown(t.token))}: {', '.join(map(shown, t.flags))}" for t in flagged]
        )
        lines.append(
            f"| {md(shown(group.name))} | {fmt.count(shown_group.requests)} |"
            f" {fmt.percent(shown_group.success_rate)} | {fmt.count(shown_group.errors)} |"
            f" {fmt.money(shown_group.cost, currency)} | {notes} |"
        )
    if report.failure_reasons:
        lines += [
            "",
            "### Top failure reasons",
            "",
            "| Count | Reason | Category | Groups |",
            "|---:|---|---|---|",
        ]
        for reason in report.failure_reasons[:_REASONS_SHOWN]:
            groups = ", ".join(shown(g) for g in reason.groups)
            lines.append(
                f"| {_count(reason.count)} | {md(_label(reason, shown))} |"
                f" `{shown(str(reason.category))}` | {md(groups)} |"
            )
    lines += ["", "### Reconciliation", ""]
    lines += [f"- {md(line)}" for line in _reconciliation_lines(report, currency, shown)]
    return lines


def _summary(head: Headline) -> str:
    return (
        f"{fmt.counted(head.requests, 'request')}, {fmt.percent(head.success_rate)}"
        f" success, {fmt.counted(head.errors, 'error')}, cost"
        f" {fmt.money(head.cost, head.currency)}, cache hit rate"
        f" {fmt.percent(head.cache_hit_rate)}, average latency"
        f" {fmt.seconds(head.avg_latency_s)}"
    )


def _token_text(
    token: TokenLine, name: str, username: str, currency: str | None, flags: _FlagTexts
) -> str:
    who = f" ({username})" if username else ""
    return (
        f"    {name}{who}: {fmt.counted(token.requests, 'request')},"
        f" {fmt.percent(token.success_rate)}, {fmt.money(token.cost, currency)}"
        f"{flags.text(token.flags)}"
    )


def _token_texts(tokens_of: list[list[TokenLine]]) -> Iterator[str]:
    for tokens in tokens_of:
        for token in tokens:
            yield token.token
            yield token.username


class _FlagTexts:
    """``  [low_success, below_group]`` per distinct set of flags, made once each."""

    def __init__(self, shown: Shown) -> None:
        self.shown = shown
        self.made: dict[tuple[str, ...], str] = {}

    def text(self, flags: Sequence[str]) -> str:
        key = tuple(flags)
        made = self.made.get(key)
        if made is None:
            made = f"  [{', '.join(map(self.shown, key))}]" if key else ""
            self.made[key] = made
        return made


def _marks(marks: tuple[str, ...]) -> str:
    return f"  [{', '.join(marks)}]" if marks else ""


def _reconciliation_lines(report: HealthReport, currency: str | None, shown: Shown) -> list[str]:
    if not report.reconciliation:
        return [
            "clean: every Group row equals the sum of its Token rows, and every rate"
            " matches its counts"
        ]
    lines = []
    for m in map(stated_mismatch, report.reconciliation):
        field = shown(m.field)
        where = shown(m.group) + (f" / {shown(m.token)}" if m.token else "")
        check = {
            "success_plus_errors": "requests vs success + errors",
            "recomputed_rate": f"{field} exported vs recomputed",
        }.get(m.check, f"{field}: group row vs sum of token rows")
        lines.append(
            f"{where}: {check}: {fmt.figure(m.field, m.group_value, currency)} vs"
            f" {fmt.figure(m.field, m.token_sum, currency)}"
            f" (difference {fmt.figure(m.field, m.difference, currency, signed=True)})"
        )
    return lines


def _category(finding: Finding, shown: Shown) -> str:
    return "" if finding.category is None else shown(str(finding.category))


def _label(reason: ReasonTotal | FailureReason, shown: Shown) -> str:
    message = shown(reason.message)
    if reason.status is None:
        return message
    return f"{reason.status}: {message}" if message else str(reason.status)


def _count(value: int | None) -> str:
    return "?" if value is None else fmt.count(value)


def md(text: str) -> str:
    """Escape what would break a Markdown table or start emphasis (after redaction)."""
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
