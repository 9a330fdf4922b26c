"""What each kind of export means to the core: one declaration per ``ReportKind`` (issue 10).

An entry names the kind for people (the app's side tab takes its title from it), the analysis
the panels run, the sections ``csvinspect report`` adds to its JSON, the text and Markdown
renderers of those sections, and its identity key: the JSON key whose presence marks a report
of that kind, so a renderer given only the JSON knows what it holds. ``core/report.py``
dispatches through ``KINDS`` instead of one ``if kind == ...`` per kind; adding a kind is one
``KindEntry`` here (and its panel in ``app/panels/registry.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from csvinspect.core.analysis import AnalysisSettings, analyze_health, health_to_json
from csvinspect.core.analysis.render import health_markdown, health_text
from csvinspect.core.requests.analysis import analyse_requests
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.report_section import (
    request_log_section,
    requests_markdown,
    requests_text,
    usage_summary_section,
)
from csvinspect.core.table import ReportKind, Table
from csvinspect.core.usage import analyse_usage

Section = Callable[[Table, AnalysisSettings | None, MoneySettings | None, bool], dict[str, Any]]
Lines = Callable[[dict[str, Any]], list[str]]


@dataclass(frozen=True)
class KindEntry:
    """One kind: label, analysis, report section and its renderers, identity key."""

    label: str
    analyse: Callable[..., object] | None
    section: Section | None  # the JSON keys the report adds: (table, settings, money, streamed)
    text: tuple[Lines, ...] = ()
    markdown: tuple[Lines, ...] = ()
    identity_key: str | None = None


def _health_section(
    table: Table, settings: AnalysisSettings | None, _money: MoneySettings | None, streamed: bool
) -> dict[str, Any]:
    result: dict[str, Any] = health_to_json(analyze_health(table, settings), streamed=streamed)
    return result


def _request_log_section(
    table: Table, settings: AnalysisSettings | None, money: MoneySettings | None, _streamed: bool
) -> dict[str, Any]:
    result: dict[str, Any] = request_log_section(table, settings, money)
    return result


def _usage_summary_section(
    table: Table, settings: AnalysisSettings | None, money: MoneySettings | None, _streamed: bool
) -> dict[str, Any]:
    # The Usage panel's analysis (issue 10): the report carries the panel's peer flags.
    result: dict[str, Any] = usage_summary_section(analyse_usage(table, settings, money), settings)
    return result


KINDS: dict[ReportKind, KindEntry] = {
    ReportKind.GROUP_HEALTH: KindEntry(
        "Health",
        analyze_health,
        _health_section,
        (health_text,),
        (health_markdown,),
        "totals",
    ),
    ReportKind.REQUEST_LOG: KindEntry(
        "Requests",
        analyse_requests,
        _request_log_section,
        (health_text, requests_text),
        (health_markdown, requests_markdown),
        "latency_s",
    ),
    ReportKind.USAGE_SUMMARY: KindEntry(
        "Usage",
        analyse_usage,
        _usage_summary_section,
        (health_text, requests_text),
        (health_markdown, requests_markdown),
        "usage",
    ),
    ReportKind.GENERIC: KindEntry("Table", None, None),
}

# Most specific first: a request log's and a usage summary's reports hold ``totals`` too.
_BY_IDENTITY = (ReportKind.REQUEST_LOG, ReportKind.USAGE_SUMMARY, ReportKind.GROUP_HEALTH)


def table_kind(table: Table) -> ReportKind:
    """The kind whose analysis and sections apply to ``table``: the loader's kind, or a known
    gateway's when its request log or usage summary was read with the kind forced to generic."""
    kind = table.source.kind
    dialect = table.source.dialect
    if kind == ReportKind.GENERIC and dialect is not None:
        if dialect.kind in (ReportKind.REQUEST_LOG, ReportKind.USAGE_SUMMARY):
            return dialect.kind
    return kind


def report_kind(report: dict[str, Any]) -> ReportKind:
    """The kind a report (JSON-ready data) holds, told by the identity keys present."""
    for kind in _BY_IDENTITY:
        if KINDS[kind].identity_key in report:
            return kind
    return ReportKind.GENERIC
