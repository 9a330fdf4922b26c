"""What each kind of export means to the core: one declaration per ``ReportKind`` (issue 10).

An entry names the kind for people (the app's side tab takes its title from it), the analysis
the panels run, the typed section ``csvinspect report`` makes from it once, the JSON keys and
the text and Markdown sections rendered from that typed section, and the kind's row identity
(what names a row, declared in ``ingest/identity.py`` for the combining code below us).
``core/report`` dispatches through ``KINDS`` instead of one ``if kind == ...`` per kind; a
kind is told from the table (``table_kind``), never from a rendered report.

Adding a kind: its ``ReportKind`` and detection (``ingest/kinds.py``), its ``RowIdentity``,
then one ``KindEntry`` here (and its panel in ``app/panels/registry.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from csvinspect.core.analysis import AnalysisSettings, analyze_health, health_to_json
from csvinspect.core.analysis.render import (
    HealthView,
    Shown,
    headline,
    health_markdown,
    health_text,
)
from csvinspect.core.cells.zones import WrittenZones
from csvinspect.core.ingest.identity import ROW_IDENTITY, RowIdentity
from csvinspect.core.requests.analysis import analyse_requests
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.request_report import (
    RequestLogReport,
    request_log_json,
    request_log_report,
)
from csvinspect.core.requests.request_text import requests_markdown, requests_text
from csvinspect.core.requests.usage_report import (
    UsageReport,
    usage_json,
    usage_markdown,
    usage_report,
    usage_text,
)
from csvinspect.core.table import ReportKind, Table
from csvinspect.core.usage import analyse_usage

S = TypeVar("S")  # a kind's typed report section
Zone = Callable[[], WrittenZones | None]  # the offsets the times are written at, when asked
Make = Callable[[Table, AnalysisSettings | None, MoneySettings | None, Zone], S]
Lines = Callable[[S, Shown], list[str]]


@dataclass(frozen=True)
class KindEntry(Generic[S]):
    """One kind: label, analysis, typed report section and its renderers, row identity.

    ``make`` runs the kind's analysis for the report, once: (table, settings, money, what
    gives the offsets its times are written at, read meanwhile). ``json`` gives the JSON
    keys the section adds (``streamed``: groups made as written), ``text`` and ``markdown``
    its sections' lines, each handed ``shown``, the report's redaction of a string from the
    export.
    """

    label: str
    analyse: Callable[..., object] | None
    identity: RowIdentity
    make: Make[S] | None = None
    json: Callable[[S, bool], dict[str, Any]] | None = None
    text: tuple[Lines[S], ...] = ()
    markdown: tuple[Lines[S], ...] = ()


def _health_view(
    table: Table,
    settings: AnalysisSettings | None,
    _money: MoneySettings | None,
    zone: Zone,
) -> HealthView:
    report = analyze_health(table, settings)
    return HealthView(report, headline(report.totals, zone()))


def _health_json(view: HealthView, streamed: bool) -> dict[str, Any]:
    made: dict[str, Any] = health_to_json(view.report, streamed=streamed)
    return made


def _usage_report(
    table: Table,
    settings: AnalysisSettings | None,
    money: MoneySettings | None,
    zone: Zone,
) -> UsageReport:
    # The Usage panel's analysis (issue 10): the report carries the panel's peer flags.
    usage = analyse_usage(table, settings, money)
    return usage_report(usage, settings, zone())


def _derived_text(section: RequestLogReport | UsageReport, shown: Shown) -> list[str]:
    return health_text(section.health, shown)


def _derived_markdown(section: RequestLogReport | UsageReport, shown: Shown) -> list[str]:
    return health_markdown(section.health, shown)


KINDS: dict[ReportKind, KindEntry[Any]] = {
    ReportKind.GROUP_HEALTH: KindEntry[HealthView](
        "Health",
        analyze_health,
        ROW_IDENTITY[ReportKind.GROUP_HEALTH],
        _health_view,
        _health_json,
        (health_text,),
        (health_markdown,),
    ),
    ReportKind.REQUEST_LOG: KindEntry[RequestLogReport](
        "Requests",
        analyse_requests,
        ROW_IDENTITY[ReportKind.REQUEST_LOG],
        request_log_report,
        request_log_json,
        (_derived_text, requests_text),
        (_derived_markdown, requests_markdown),
    ),
    ReportKind.USAGE_SUMMARY: KindEntry[UsageReport](
        "Usage",
        analyse_usage,
        ROW_IDENTITY[ReportKind.USAGE_SUMMARY],
        _usage_report,
        usage_json,
        (_derived_text, usage_text),
        (_derived_markdown, usage_markdown),
    ),
    ReportKind.GENERIC: KindEntry[None]("Table", None, ROW_IDENTITY[ReportKind.GENERIC]),
}


def table_kind(table: Table) -> ReportKind:
    """The kind whose analysis and sections apply to ``table``: the loader's kind, or a known
    gateway's when its request log or usage summary was read with the kind forced to generic."""
    kind = table.source.kind
    dialect = table.source.dialect
    if kind == ReportKind.GENERIC and dialect is not None:
        if dialect.kind in (ReportKind.REQUEST_LOG, ReportKind.USAGE_SUMMARY):
            return dialect.kind
    return kind
