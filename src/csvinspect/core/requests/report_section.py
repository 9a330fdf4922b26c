"""The request-log and usage-summary sections of ``csvinspect report`` (issue 5).

A request log gets the same ``totals``, ``groups`` (derived from its requests),
``failure_reasons`` and ``findings`` as a group-health export, plus exactly ``latency_s``,
``non_request_rows``, ``by_model`` and ``by_status``. A usage summary gets the health
sections built from its per-team counts plus ``usage`` (totals by day, team, model, key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csvinspect.core.analysis import AnalysisSettings, analyze_stats, health_to_json
from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.jsonify import rounded
from csvinspect.core.analysis.peers import COST_OUTLIER, LOW_SUCCESS
from csvinspect.core.requests.analysis import analyse_requests
from csvinspect.core.requests.concentration import (
    concentration_json,
    concentration_lines,
    failure_concentration,
)
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.stats import SummaryCards
from csvinspect.core.requests.summaries import UsageRow
from csvinspect.core.table import Table

if TYPE_CHECKING:
    from csvinspect.core.usage import UsageAnalysis

_SHOWN = 15


def request_log_section(
    table: Table, settings: AnalysisSettings | None = None, money: MoneySettings | None = None
) -> dict[str, Any]:
    # The Requests panel's analysis, unfiltered (issue 10): the app and the report agree.
    analysis = analyse_requests(table, settings, money, breakdowns=("model", "status"))
    if analysis.health is None:  # the report has no view to keep usable: say why
        raise ValueError(analysis.health_error)
    records, cards = analysis.records, analysis.cards
    section = health_to_json(analysis.health.report)
    # Totals straight from the requests (the derived groups' sums would round latency).
    known_cache = cards.tokens_cached is not None and cards.requests
    section["totals"].update(
        _totals(cards, cards.currency),
        avg_latency_s=rounded(cards.latency.mean, 3),
        cache_request_share=rounded(cards.cache_requests / cards.requests if known_cache else None),
        **_outcome_counts(cards),
    )
    section["totals"].update(records.usage_totals())  # quota, cost components (issue 11)
    section["latency_s"] = {
        "mean": rounded(cards.latency.mean, 3),
        "p50": rounded(cards.latency.p50, 3),
        "p95": rounded(cards.latency.p95, 3),
        "p99": rounded(cards.latency.p99, 3),
    }
    section["non_request_rows"] = records.non_request_rows
    section["by_model"] = [
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
    section["by_status"] = [
        {"status": row.value, "count": row.requests, "category": row.category}
        # issue 11: a row without a code says which (ok, failed, rejected, in progress)
        | ({"label": row.key} if row.value is None else {})
        for row in analysis.breakdowns["status"].rows
    ]
    section["concentration"] = concentration_json(failure_concentration(records))  # issue 11
    return section


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


def _outcome_note(totals: dict[str, Any]) -> str:
    """One line on outcomes beside the rate: rejected, in progress, unknown, usage unknown."""
    if totals.get("outcomes_mostly_unknown"):
        return (
            f"Outcome unknown for {fmt.count(totals['outcome_unknown'])} of"
            f" {fmt.counted(totals['requests'], 'request')}: the export does not say which"
            " succeeded, so no success rate is given."
        )
    parts = [
        f"{fmt.count(totals.get(key) or 0)} {words}"
        for key, words in (
            ("rejected", "of the failures rejected before upstream work"),
            ("in_progress", "in progress"),
            ("outcome_unknown", "outcome unknown"),
            ("usage_unknown", "succeeded without usage figures"),
        )
        if totals.get(key)
    ]
    if not parts:
        return ""
    return f"Success rate {fmt.percent(totals['success_rate'])} of finished requests; " + (
        ", ".join(parts) + " (not in the rate)."
    )


def _totals(figures: SummaryCards | UsageRow, currency: str | None) -> dict[str, Any]:
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


def usage_summary_section(
    analysis: UsageAnalysis, settings: AnalysisSettings | None = None
) -> dict[str, Any]:
    """The report of a usage summary, written from the Usage panel's analysis (issue 10: the
    report assembled its own and lacked the panel's peer flags; each ``usage.by_*`` row now
    carries its ``flags`` and ``peer_cost`` as the panel highlights them)."""
    summary = analysis.summary
    if summary is None:  # analyse_usage always keeps it; a result without it cannot be told
        raise ValueError("the usage analysis holds no summary")
    report = analyze_stats(summary.group_stats(), summary.currency, settings)
    section = health_to_json(report)
    totals = summary.totals()
    section["totals"].update(_totals(totals, summary.currency))
    section["usage"] = {
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
            for dimension, shown in analysis.breakdowns.items()
        },
    }
    return section


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


def requests_text(report: dict[str, Any]) -> list[str]:
    """Plain-text lines for the request-log / usage keys (nothing when absent)."""
    currency = report.get("totals", {}).get("currency")
    lines: list[str] = []
    if "latency_s" in report:
        lat = report["latency_s"]
        lines += [
            "Requests:",
            f"  {fmt.counted(report['totals']['requests'], 'request')};"
            f" {fmt.count(report['non_request_rows'])} account rows (top-up, manage, system)"
            " shown but not counted",
            *(f"  {n}" for n in [_outcome_note(report["totals"])] if n),
            f"  latency mean {fmt.seconds(lat['mean'])}, p50 {fmt.seconds(lat['p50'])},"
            f" p95 {fmt.seconds(lat['p95'])}, p99 {fmt.seconds(lat['p99'])}",
            *(f"  {line}" for line in _usage_totals(report["totals"], currency)),
            "",
            "By model:",
        ]
        for m in report["by_model"][:_SHOWN]:
            lines.append(
                f"  {m['model'] or '(none)'}: {fmt.counted(m['requests'], 'request')},"
                f" {fmt.counted(m['errors'], 'error')}, {fmt.percent(m['success_rate'])},"
                f" {fmt.money(m['cost'], currency)}, p95 {fmt.seconds(m['p95_latency_s'])}"
            )
        lines += ["", "By status:"]
        for s in report["by_status"]:
            category = f"  [{s['category']}]" if s["category"] else ""
            lines.append(
                f"  {_status(s['status'], s['category'], s.get('label'))}:"
                f" {fmt.count(s['count'])}{category}"
            )
        lines += concentration_lines(report, "", "Failure concentration:")
    if "usage" in report:
        lines += ["Usage by day:"]
        for row in report["usage"]["by_day"][:_SHOWN]:
            lines.append(f"  {row['key']}: {_usage_line(row, currency)}")
        flagged = _flagged(report["usage"])
        if flagged:
            lines += ["", "Usage rows flagged against their peers:"]
            lines += [f"  {by} {key}: {_usage_line(row, currency)}" for by, key, row in flagged]
    return lines


def requests_markdown(report: dict[str, Any]) -> list[str]:
    """Markdown lines for the request-log / usage keys (nothing when absent)."""
    currency = report.get("totals", {}).get("currency")
    lines: list[str] = []
    if "latency_s" in report:
        lat = report["latency_s"]
        lines += [
            "### Requests",
            "",
            f"{fmt.counted(report['totals']['requests'], 'request')};"
            f" {fmt.count(report['non_request_rows'])} account rows not counted."
            f" Latency mean {fmt.seconds(lat['mean'])}, p50 {fmt.seconds(lat['p50'])},"
            f" p95 {fmt.seconds(lat['p95'])}, p99 {fmt.seconds(lat['p99'])}.",
            *(f"{line}." for line in _usage_totals(report["totals"], currency)),
            *(f"\n{n}" for n in [_outcome_note(report["totals"])] if n),
            "",
            "| Model | Requests | Errors | Success rate | Cost | P95 latency |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for m in report["by_model"][:_SHOWN]:
            lines.append(
                f"| {_md(m['model'] or '(none)')} | {fmt.count(m['requests'])} |"
                f" {fmt.count(m['errors'])} | {fmt.percent(m['success_rate'])} |"
                f" {fmt.money(m['cost'], currency)} | {fmt.seconds(m['p95_latency_s'])} |"
            )
        lines += ["", "| Status | Count | Category |", "|---|---:|---|"]
        for s in report["by_status"]:
            status = _status(s["status"], s["category"], s.get("label"))
            lines.append(f"| {status} | {fmt.count(s['count'])} | {s['category'] or ''} |")
        lines += concentration_lines(report, "- ", "### Failure concentration", _md)
    if "usage" in report:
        lines += ["### Usage by day", "", "| Day | Usage |", "|---|---|"]
        for row in report["usage"]["by_day"][:_SHOWN]:
            lines.append(f"| {row['key']} | {_usage_line(row, currency)} |")
        flagged = _flagged(report["usage"])
        if flagged:
            lines += ["", "Usage rows flagged against their peers:", ""]
            lines += [
                f"- {by} {_md(key)}: {_usage_line(row, currency)}" for by, key, row in flagged
            ]
    return lines


def _usage_totals(totals: dict[str, Any], currency: str | None) -> list[str]:
    """The Usage column's total (seed 002) and the cost's components (seed 003), if any."""
    lines = []
    if totals.get("quota") is not None:
        lines.append(f"Usage (quota or credits) {fmt.count(totals['quota'])}")
    parts = [
        f"{label} {fmt.money(totals[key], currency)}"
        for key, label in (
            ("provider_cost", "provider cost"),
            ("markup", "markup"),
            ("fixed_fee", "fixed fee"),
        )
        if totals.get(key) is not None
    ]
    if parts:
        lines.append(f"Cost {fmt.money(totals.get('cost'), currency)} = " + " + ".join(parts))
    return lines


def _usage_line(row: dict[str, Any], currency: str | None) -> str:
    return (
        f"{fmt.counted(row['requests'], 'request')}, {fmt.counted(row['errors'], 'error')},"
        f" {fmt.percent(row['success_rate'])}, {fmt.money(row['cost'], currency)}"
        + "".join(_usage_flag(row, flag, currency) for flag in row.get("flags", ()))
    )


def _flagged(usage: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every ``usage.by_*`` row the Usage panel highlights, as (dimension, key, row)."""
    return [
        (name.removeprefix("by_"), str(row["key"]), row)
        for name, rows in usage.items()
        if name.startswith("by_")
        for row in rows
        if row.get("flags")
    ]


def _usage_flag(row: dict[str, Any], flag: str, currency: str | None) -> str:
    """The Usage panel's highlight in words: a low success rate, a spend above its peers."""
    if flag == LOW_SUCCESS:
        return " (success rate below the threshold)"
    if flag == COST_OUTLIER and row.get("peer_cost"):
        peer = fmt.money(row["peer_cost"], currency)
        return f" (spend against a median of {peer} for the others)"
    return f" ({flag})"


def _status(status: int | None, category: str | None, label: str | None = None) -> str:
    if status is not None:
        return str(status) if 100 <= status <= 599 else f"{status} (unusual)"
    if label in ("in progress", "rejected (no status)"):  # issue 11, seed 004
        return label
    if category is None:
        return "no status code (succeeded)"
    return (
        "no status code (outcome unknown)" if category == "unknown" else "no status code (failed)"
    )


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
