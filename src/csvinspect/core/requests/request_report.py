"""A request log's part of ``csvinspect report`` (issue 5): the typed section and its JSON.

``request_log_report`` runs the Requests panel's analysis, unfiltered (issue 10: the app and
the report agree), once; the JSON and the text renderers (``request_text``) read what it
returns. The JSON has the same ``totals``, ``groups`` (derived from the requests),
``failure_reasons`` and ``findings`` as a group-health export, plus exactly ``latency_s``,
``non_request_rows``, ``by_model``, ``by_status`` and ``concentration``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from csvinspect.core.analysis import AnalysisSettings, health_to_json
from csvinspect.core.analysis.jsonify import rounded
from csvinspect.core.analysis.render import HealthView, headline
from csvinspect.core.cells.zones import WrittenZones
from csvinspect.core.requests.analysis import RequestAnalysis, analyse_requests
from csvinspect.core.requests.concentration import (
    Concentration,
    concentration_json,
    failure_concentration,
)
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.stats import SummaryCards
from csvinspect.core.requests.summaries import UsageRow
from csvinspect.core.table import Table


@dataclass(frozen=True)
class RequestLogReport:
    """A request log's analysis as the report states it: the requests' cards and breakdowns,
    the derived group health with the requests' own headline, and where failures fall."""

    analysis: RequestAnalysis
    health: HealthView
    concentration: Concentration

    @property
    def cards(self) -> SummaryCards:
        return self.analysis.cards


def request_log_report(
    table: Table,
    settings: AnalysisSettings | None = None,
    money: MoneySettings | None = None,
    zone: Callable[[], WrittenZones | None] = lambda: None,
) -> RequestLogReport:
    """The report's analysis of a request log; ``ValueError`` when no group health can be
    derived (the report has no view to keep usable: it says why). ``zone`` gives the
    offsets its times are written at, asked once the analysis is done."""
    analysis = analyse_requests(table, settings, money, breakdowns=("model", "status"))
    if analysis.health is None:
        raise ValueError(analysis.health_error)
    derived, cards = analysis.health.report, analysis.cards
    # The headline straight from the requests (the derived groups' sums would round latency)
    head = dataclasses.replace(
        headline(derived.totals, zone()),
        requests=cards.requests,
        success_rate=None if cards.mostly_unknown else rounded(cards.success_rate),
        errors=cards.errors,
        cost=rounded(cards.cost),
        currency=cards.currency,
        cache_hit_rate=rounded(cards.cache_hit_rate),
        avg_latency_s=rounded(cards.latency.mean, 3),
    )
    concentration = failure_concentration(analysis.records)  # issue 11
    return RequestLogReport(analysis, HealthView(derived, head), concentration)


def request_log_json(section: RequestLogReport, _streamed: bool = False) -> dict[str, Any]:
    analysis = section.analysis
    records, cards = analysis.records, analysis.cards
    json = health_to_json(section.health.report)
    known_cache = cards.tokens_cached is not None and cards.requests
    json["totals"].update(
        totals_json(cards, cards.currency),
        avg_latency_s=rounded(cards.latency.mean, 3),
        cache_request_share=rounded(cards.cache_requests / cards.requests if known_cache else None),
        **_outcome_counts(cards),
    )
    json["totals"].update(records.usage_totals())  # quota, cost components (issue 11)
    json["latency_s"] = {
        "mean": rounded(cards.latency.mean, 3),
        "p50": rounded(cards.latency.p50, 3),
        "p95": rounded(cards.latency.p95, 3),
        "p99": rounded(cards.latency.p99, 3),
    }
    json["non_request_rows"] = records.non_request_rows
    json["by_model"] = [
        {
            "model": row.value or None,
            "requests": row.requests,
            "errors": row.errors,
            "success_rate": rounded(row.success_rate),
            "cost": rounded(row.cost),
            "p95_latency_s": rounded(row.p95_latency_s, 3),
        }
        for row in analysis.breakdowns["model"].rows
    ]
    json["by_status"] = [
        {"status": row.value, "count": row.requests, "category": row.category}
        # issue 11: a row without a code says which (ok, failed, rejected, in progress)
        | ({"label": row.key} if row.value is None else {})
        for row in analysis.breakdowns["status"].rows
    ]
    json["concentration"] = concentration_json(section.concentration)  # issue 11
    return json


def _outcome_counts(cards: SummaryCards) -> dict[str, Any]:
    """Issue 11: outcomes that are neither success nor failure, counted beside the rate; when
    most are unknown the rate is withheld (``success_rate`` null, ``outcomes_mostly_unknown``)."""
    counts: dict[str, Any] = {
        "in_progress": cards.in_progress,
        "outcome_unknown": cards.unknown,
        "usage_unknown": cards.usage_unknown,
        "rejected": cards.rejected,
        "outcomes_mostly_unknown": cards.mostly_unknown,
    }
    if cards.mostly_unknown:
        counts["success_rate"] = None
    return counts


def totals_json(figures: SummaryCards | UsageRow, currency: str | None) -> dict[str, Any]:
    """The ``totals`` keys a request log and a usage summary both state exactly."""
    return {
        "requests": figures.requests,
        "success": figures.success,
        "errors": figures.errors,
        "success_rate": rounded(figures.success_rate),
        "cost": rounded(figures.cost),
        "currency": currency,
        "cache_hit_rate": rounded(figures.cache_hit_rate),
    }
