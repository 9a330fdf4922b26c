"""A request log's sections of ``csvinspect report`` as plain text and Markdown (issue 5).

Read from the typed ``RequestLogReport`` (issue 10: they used to read the JSON back), stating
figures as its JSON does: rates and money to 6 decimals, seconds to 3 (``rounded``). Every
string from the export goes through ``shown``, the report's redaction, before escaping.
"""

from __future__ import annotations

from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.jsonify import rounded
from csvinspect.core.analysis.render import Shown, md
from csvinspect.core.requests.request_report import RequestLogReport
from csvinspect.core.requests.stats import BreakdownRow, SummaryCards

SHOWN = 15  # breakdown rows listed


def requests_text(section: RequestLogReport, shown: Shown) -> list[str]:
    """Plain-text lines: requests and latency, by model, by status, failure concentration."""
    cards, currency = section.cards, section.cards.currency
    lines = [
        "Requests:",
        f"  {_requests(section)} shown but not counted",
        *(f"  {n}" for n in [_outcome_note(cards)] if n),
        f"  {_latency(cards)}",
        *(f"  {line}" for line in _usage_totals(section)),
        "",
        "By model:",
    ]
    for row in section.analysis.breakdowns["model"].rows[:SHOWN]:
        lines.append(
            f"  {_model(row, shown)}: {fmt.counted(row.requests, 'request')},"
            f" {fmt.counted(row.errors, 'error')}, {fmt.percent(rounded(row.success_rate))},"
            f" {fmt.money(rounded(row.cost), currency)},"
            f" p95 {fmt.seconds(rounded(row.p95_latency_s, 3))}"
        )
    lines += ["", "By status:"]
    for row in section.analysis.breakdowns["status"].rows:
        category = f"  [{shown(row.category)}]" if row.category else ""
        lines.append(f"  {_status(row, shown)}: {fmt.count(row.requests)}{category}")
    findings = [shown(f) for f in section.concentration.findings()]
    if findings:
        lines += ["", "Failure concentration:", *(f"  {f}" for f in findings)]
    return lines


def requests_markdown(section: RequestLogReport, shown: Shown) -> list[str]:
    """Markdown lines: the same as ``requests_text``, the breakdowns as tables."""
    cards, currency = section.cards, section.cards.currency
    lines = [
        "### Requests",
        "",
        f"{_requests(section, markdown=True)} {_latency(cards, 'Latency')}.",
        *(f"{line}." for line in _usage_totals(section)),
        *(f"\n{n}" for n in [_outcome_note(cards)] if n),
        "",
        "| Model | Requests | Errors | Success rate | Cost | P95 latency |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in section.analysis.breakdowns["model"].rows[:SHOWN]:
        lines.append(
            f"| {md(_model(row, shown))} | {fmt.count(row.requests)} |"
            f" {fmt.count(row.errors)} | {fmt.percent(rounded(row.success_rate))} |"
            f" {fmt.money(rounded(row.cost), currency)} |"
            f" {fmt.seconds(rounded(row.p95_latency_s, 3))} |"
        )
    lines += ["", "| Status | Count | Category |", "|---|---:|---|"]
    for row in section.analysis.breakdowns["status"].rows:
        category = shown(row.category) if row.category else ""
        lines.append(f"| {_status(row, shown)} | {fmt.count(row.requests)} | {category} |")
    findings = [md(shown(f)) for f in section.concentration.findings()]
    if findings:
        lines += ["", "### Failure concentration", "", *(f"- {f}" for f in findings)]
    return lines


def _requests(section: RequestLogReport, markdown: bool = False) -> str:
    counted = fmt.counted(section.cards.requests, "request")
    accounts = fmt.count(section.analysis.records.non_request_rows)
    if markdown:
        return f"{counted}; {accounts} account rows not counted."
    return f"{counted}; {accounts} account rows (top-up, manage, system)"


def _latency(cards: SummaryCards, word: str = "latency") -> str:
    lat = cards.latency
    figures = (lat.mean, lat.p50, lat.p95, lat.p99)
    mean, p50, p95, p99 = (fmt.seconds(rounded(v, 3)) for v in figures)
    return f"{word} mean {mean}, p50 {p50}, p95 {p95}, p99 {p99}"


def _outcome_note(cards: SummaryCards) -> str:
    """One line on outcomes beside the rate: rejected, in progress, unknown, usage unknown."""
    if cards.mostly_unknown:
        return (
            f"Outcome unknown for {fmt.count(cards.unknown)} of"
            f" {fmt.counted(cards.requests, 'request')}: the export does not say which"
            " succeeded, so no success rate is given."
        )
    parts = [
        f"{fmt.count(value)} {words}"
        for value, words in (
            (cards.rejected, "of the failures rejected before upstream work"),
            (cards.in_progress, "in progress"),
            (cards.unknown, "outcome unknown"),
            (cards.usage_unknown, "succeeded without usage figures"),
        )
        if value
    ]
    if not parts:
        return ""
    return f"Success rate {fmt.percent(rounded(cards.success_rate))} of finished requests; " + (
        ", ".join(parts) + " (not in the rate)."
    )


def _usage_totals(section: RequestLogReport) -> list[str]:
    """The Usage column's total (seed 002) and the cost's components (seed 003), if any."""
    totals, currency = section.analysis.records.usage_totals(), section.cards.currency
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
        cost = fmt.money(rounded(section.cards.cost), currency)
        lines.append(f"Cost {cost} = " + " + ".join(parts))
    return lines


def _model(row: BreakdownRow, shown: Shown) -> str:
    return shown(str(row.value)) if row.value else "(none)"


def _status(row: BreakdownRow, shown: Shown) -> str:
    status, category = row.value, row.category
    if isinstance(status, int):
        return str(status) if 100 <= status <= 599 else f"{status} (unusual)"
    label = shown(row.key)
    if label in ("in progress", "rejected (no status)"):  # issue 11, seed 004
        return label
    if category is None:
        return "no status code (succeeded)"
    return (
        "no status code (outcome unknown)" if category == "unknown" else "no status code (failed)"
    )
