"""A usage summary's part of ``csvinspect report``: the typed section, its JSON and its text.

Written from the Usage panel's analysis (issue 10: the report assembled its own and lacked
the panel's peer flags; each ``usage.by_*`` row now carries its ``flags`` and ``peer_cost`` as
the panel highlights them), plus the health sections built from its per-team counts. The text
and Markdown read the typed section, never the JSON.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from csvinspect.core.analysis import AnalysisSettings, analyze_stats, health_to_json
from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.jsonify import rounded
from csvinspect.core.analysis.peers import COST_OUTLIER, LOW_SUCCESS
from csvinspect.core.analysis.render import HealthView, Shown, headline, md
from csvinspect.core.cells.zones import WrittenZones
from csvinspect.core.requests.request_report import totals_json
from csvinspect.core.requests.request_text import SHOWN
from csvinspect.core.requests.summaries import UsageRow

if TYPE_CHECKING:
    from csvinspect.core.usage import UsageAnalysis


@dataclass(frozen=True)
class UsageReport:
    """The Usage panel's analysis, the summary's totals and the health of its groups."""

    analysis: UsageAnalysis
    totals: UsageRow
    health: HealthView

    @property
    def currency(self) -> str | None:
        return self.health.headline.currency


def usage_report(
    analysis: UsageAnalysis,
    settings: AnalysisSettings | None = None,
    zone: WrittenZones | None = None,
) -> UsageReport:
    summary = analysis.summary
    if summary is None:  # analyse_usage always keeps it; a result without it cannot be told
        raise ValueError("the usage analysis holds no summary")
    health = analyze_stats(summary.group_stats(), summary.currency, settings)
    totals = summary.totals()
    head = dataclasses.replace(
        headline(health.totals, zone),
        requests=totals.requests,
        success_rate=rounded(totals.success_rate),
        errors=totals.errors,
        cost=rounded(totals.cost),
        currency=summary.currency,
        cache_hit_rate=rounded(totals.cache_hit_rate),
    )
    return UsageReport(analysis, totals, HealthView(health, head))


def usage_json(section: UsageReport, _streamed: bool = False) -> dict[str, Any]:
    json = health_to_json(section.health.report)
    totals = section.totals
    json["totals"].update(totals_json(totals, section.currency))
    json["usage"] = {
        "rows": totals.rows,
        "tokens_in": totals.tokens_in,
        "tokens_out": totals.tokens_out,
        "tokens_total": totals.tokens_total,
        **{
            f"by_{dimension}": [
                _usage_row(row, flags, peer)
                for row, flags, peer in zip(
                    shown.usage_rows, shown.flags, shown.peer_cost, strict=True
                )
            ]
            for dimension, shown in section.analysis.breakdowns.items()
        },
    }
    return json


def _usage_row(row: UsageRow, flags: tuple[str, ...], peer_cost: float | None) -> dict[str, Any]:
    return {
        "key": row.key,
        "requests": row.requests,
        "errors": row.errors,
        "success_rate": rounded(row.success_rate),
        "cost": rounded(row.cost),
        "tokens_total": row.tokens_total,
        "flags": list(flags),
        "peer_cost": rounded(peer_cost),
    }


def usage_text(section: UsageReport, shown: Shown) -> list[str]:
    """Plain-text lines: usage by day, then every row flagged against its peers."""
    lines = ["Usage by day:"]
    for row, flags, peer in _rows(section, "day", SHOWN):
        lines.append(f"  {shown(row.key)}: {_usage_line(row, flags, peer, section, shown)}")
    flagged = list(_flagged(section))
    if flagged:
        lines += ["", "Usage rows flagged against their peers:"]
        lines += [
            f"  {by} {shown(row.key)}: {_usage_line(row, flags, peer, section, shown)}"
            for by, row, flags, peer in flagged
        ]
    return lines


def usage_markdown(section: UsageReport, shown: Shown) -> list[str]:
    """Markdown lines: the same as ``usage_text``, usage by day as a table."""
    lines = ["### Usage by day", "", "| Day | Usage |", "|---|---|"]
    for row, flags, peer in _rows(section, "day", SHOWN):
        lines.append(f"| {shown(row.key)} | {_usage_line(row, flags, peer, section, shown)} |")
    flagged = list(_flagged(section))
    if flagged:
        lines += ["", "Usage rows flagged against their peers:", ""]
        lines += [
            f"- {by} {md(shown(row.key))}: {_usage_line(row, flags, peer, section, shown)}"
            for by, row, flags, peer in flagged
        ]
    return lines


ShownRow = tuple[UsageRow, tuple[str, ...], float | None]


def _rows(section: UsageReport, dimension: str, limit: int | None = None) -> list[ShownRow]:
    breakdown = section.analysis.breakdowns.get(dimension)
    if breakdown is None:
        return []
    rows = list(zip(breakdown.usage_rows, breakdown.flags, breakdown.peer_cost, strict=True))
    return rows[:limit]


def _flagged(section: UsageReport) -> Iterator[tuple[str, UsageRow, tuple[str, ...], float | None]]:
    """Every breakdown row the Usage panel highlights, as (dimension, row, flags, peer)."""
    for dimension in section.analysis.breakdowns:
        for row, flags, peer in _rows(section, dimension):
            if flags:
                yield dimension, row, flags, peer


def _usage_line(
    row: UsageRow,
    flags: tuple[str, ...],
    peer_cost: float | None,
    section: UsageReport,
    shown: Shown,
) -> str:
    currency = section.currency
    return (
        f"{fmt.counted(row.requests, 'request')}, {fmt.counted(row.errors, 'error')},"
        f" {fmt.percent(rounded(row.success_rate))}, {fmt.money(rounded(row.cost), currency)}"
        + "".join(_usage_flag(flag, rounded(peer_cost), currency, shown) for flag in flags)
    )


def _usage_flag(flag: str, peer_cost: float | None, currency: str | None, shown: Shown) -> str:
    """The Usage panel's highlight in words: a low success rate, a spend above its peers."""
    if flag == LOW_SUCCESS:
        return " (success rate below the threshold)"
    if flag == COST_OUTLIER and peer_cost:
        return f" (spend against a median of {fmt.money(peer_cost, currency)} for the others)"
    return f" ({shown(flag)})"
