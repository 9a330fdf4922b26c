"""Request-log inspection (issue 5; seeds 001-004): per-request exports of any gateway.

``build_records(table)`` reads a typed table as requests (``RequestRecords``: per-row
arrays); ``apply_filter(records, RequestFilter(...))`` gives a row mask and warnings;
``RequestStats(records, mask)`` the summary cards and breakdowns; ``derived_health(records,
mask)`` the seed-000 group health and findings; ``usage_summary(table)`` the per-day/team
summaries of LiteLLM, Anthropic, OpenAI. Which gateway wrote a file is decided at load
(``core/ingest/dialects.py``) and read from ``table.source.dialect``.
"""

from csvinspect.core.requests.derived import DerivedHealth, derived_health
from csvinspect.core.requests.details import pretty_json, request_details
from csvinspect.core.requests.filters import (
    TIME_PRESETS,
    FilterResult,
    RequestFilter,
    apply_filter,
)
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.records import (
    DIMENSIONS,
    NO_VALUE,
    STATUS_CLASSES,
    RequestRecords,
    build_records,
)
from csvinspect.core.requests.stats import (
    BREAKDOWNS,
    Breakdown,
    BreakdownRow,
    Latency,
    RequestStats,
    SummaryCards,
)
from csvinspect.core.requests.summaries import UsageRow, UsageSummary, usage_summary

__all__ = [
    "BREAKDOWNS",
    "DIMENSIONS",
    "NO_VALUE",
    "STATUS_CLASSES",
    "TIME_PRESETS",
    "Breakdown",
    "BreakdownRow",
    "DerivedHealth",
    "FilterResult",
    "Latency",
    "MoneySettings",
    "RequestFilter",
    "RequestRecords",
    "RequestStats",
    "SummaryCards",
    "UsageRow",
    "UsageSummary",
    "apply_filter",
    "build_records",
    "derived_health",
    "pretty_json",
    "request_details",
    "usage_summary",
]
