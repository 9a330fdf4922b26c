"""What the Usage panel shows for a usage summary (LiteLLM, Anthropic, OpenAI usage exports).

``core.requests.summaries.usage_summary`` adds the rows up; this module turns its totals into
the summary cards of seed 003 ("Total Requests", "Total Tokens", "Total Cost", "Cost per
1K tokens", the date range) and its breakdowns into the ``Breakdown`` shape the request views
already sort and click (``core.requests.stats``), so a breakdown row can hand back the table
rows it adds up. Each breakdown row is also assessed against its peers with the health
analysis' rules (``analysis.peers``): a success rate below the configured line, a spend
clearly above the other rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csvinspect.core.analysis.peers import COST_OUTLIER, LOW_SUCCESS, assess
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.analysis.stats import Figures
from csvinspect.core.progress import IsCancelled, Progress, Stages
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.records import NO_VALUE
from csvinspect.core.requests.stats import Breakdown, BreakdownRow
from csvinspect.core.requests.summaries import UsageRow, UsageSummary, usage_summary
from csvinspect.core.table import Table

DAY_SECONDS = 86400.0
FLAGGED = (LOW_SUCCESS, COST_OUTLIER)  # the flags the Usage panel highlights
ADDING_UP = "Adding up the usage"  # the first stage ``progress`` is told


@dataclass(frozen=True)
class UsageCards:
    """The whole summary's figures; ``None`` where the export does not say."""

    rows: int
    requests: int | None
    success: int | None
    errors: int | None
    success_rate: float | None
    cost: float | None
    currency: str | None
    tokens_in: float | None
    tokens_out: float | None
    tokens_total: float | None
    first_time: float | None
    latest_time: float | None
    days: int  # distinct days with rows

    @property
    def cost_per_1k_tokens(self) -> float | None:
        if self.cost is None or not self.tokens_total:
            return None
        return self.cost / self.tokens_total * 1000.0

    @property
    def cost_per_request(self) -> float | None:
        if self.cost is None or not self.requests:
            return None
        return self.cost / self.requests


@dataclass(frozen=True)
class UsageBreakdown:
    """One breakdown: ``breakdown.rows[i]``, ``usage_rows[i]`` and ``flags[i]`` go together.

    ``peer_cost[i]`` is the median spend of the other rows (``None`` without peers).
    ``title`` names the dimension in the export's words ("Team"), "" for the generic name.
    """

    breakdown: Breakdown
    usage_rows: list[UsageRow]
    flags: list[tuple[str, ...]]
    peer_cost: list[float | None]
    title: str = ""


@dataclass(frozen=True)
class UsageAnalysis:
    cards: UsageCards
    breakdowns: dict[str, UsageBreakdown]  # "day" first, then the dimensions present
    summary: UsageSummary | None = None  # to count the cards of a clicked row's rows


def analyse_usage(
    table: Table,
    settings: AnalysisSettings | None = None,
    money: MoneySettings | None = None,
    *,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> UsageAnalysis:
    """Cards and breakdowns (by day and by every dimension the file has) of a usage summary.

    ``progress`` is told each stage as it starts; ``is_cancelled`` is asked between stages,
    and once it is true the analysis raises ``AnalysisCancelled`` (issue 10).
    """
    settings = settings or AnalysisSettings()
    stage = Stages(progress, is_cancelled)
    stage(ADDING_UP)
    summary = usage_summary(table, money)
    stage(breaking_down("day"))
    by_day = summary.breakdown("day")
    breakdowns = {"day": _breakdown(summary, "day", by_day, settings)}
    for dimension in summary.dimensions():
        stage(breaking_down(dimension))
        rows = summary.breakdown(dimension)
        breakdowns[dimension] = _breakdown(
            summary, dimension, rows, settings, _title(table, dimension)
        )
    return UsageAnalysis(usage_cards(summary, by_day), breakdowns, summary)


def breaking_down(dimension: str) -> str:
    """The stage ``progress`` is told while one breakdown is made: "Breaking down by call type"."""
    return f"Breaking down by {dimension.replace('_', ' ')}"


def usage_cards(summary: UsageSummary, by_day: list[UsageRow]) -> UsageCards:
    days = sum(1 for row in by_day if row.key != NO_VALUE)
    return _cards(summary.totals(), summary.currency, days)


def usage_cards_of_rows(summary: UsageSummary, rows: np.ndarray) -> UsageCards:
    """The cards of some table rows only, e.g. those of a breakdown row the user clicked
    (issue 9: the table followed the click and the cards still counted every row)."""
    days = _days(summary)[np.asarray(rows, dtype=np.int64)]
    return _cards(summary.totals(rows), summary.currency, int(np.unique(days[days >= 0]).size))


def _cards(total: UsageRow, currency: str | None, days: int) -> UsageCards:
    return UsageCards(
        rows=total.rows,
        requests=total.requests,
        success=total.success,
        errors=total.errors,
        success_rate=total.success_rate,
        cost=total.cost,
        currency=currency,
        tokens_in=total.tokens_in,
        tokens_out=total.tokens_out,
        tokens_total=total.tokens_total,
        first_time=total.first_time,
        latest_time=total.latest_time,
        days=days,
    )


def _breakdown(
    summary: UsageSummary,
    dimension: str,
    rows: list[UsageRow],
    settings: AnalysisSettings,
    title: str = "",
) -> UsageBreakdown:
    row_keys, values = _row_keys(summary, dimension)
    # Group ids by key text, so every table row whose key reads the same lands in one row.
    key_ids: dict[str, int] = {}
    ids = np.array([key_ids.setdefault(k, len(key_ids)) for k in row_keys], dtype=np.int64)
    ids = ids[row_codes(summary, dimension)]
    assessments = assess([_figures(r) for r in rows], settings)
    shown = [
        BreakdownRow(
            key=str(r.key),
            value=values.get(r.key, r.key),
            requests=r.requests,  # type: ignore[arg-type]  # unknown in some exports
            success=r.success,  # type: ignore[arg-type]
            errors=r.errors,  # type: ignore[arg-type]
            success_rate=r.success_rate,
            cost=r.cost,
            tokens_total=r.tokens_total,
            avg_latency_s=None,
            p95_latency_s=None,
            first_time=r.first_time,
            latest_time=r.latest_time,
            group_id=key_ids.get(str(r.key), -1),
        )
        for r in rows
    ]
    flags = [tuple(f for f in a.flags if f in FLAGGED) for a in assessments]
    table_rows = np.arange(summary.records.n, dtype=np.int64)
    return UsageBreakdown(
        Breakdown(dimension, shown, table_rows, ids),
        rows,
        flags,
        [a.peer_cost for a in assessments],
        title,
    )


def _title(table: Table, dimension: str) -> str:
    """``Team`` for LiteLLM's team column (read as the group dimension), else "" (generic)."""
    fields = {column.field for column in table.columns}
    return "Team" if dimension == "group" and "team" in fields and "group" not in fields else ""


def row_codes(summary: UsageSummary, dimension: str) -> np.ndarray:
    """Per table row, its index into ``_row_keys``'s key list."""
    if dimension == "day":
        days = _days(summary)
        return np.searchsorted(np.unique(days), days).astype(np.int64)
    return summary.records.dims[dimension].codes.astype(np.int64) + 1


def _row_keys(summary: UsageSummary, dimension: str) -> tuple[list[str], dict[str, float]]:
    """The key text of every code ``row_codes`` gives, and the day start behind a day key."""
    if dimension != "day":
        return [NO_VALUE, *summary.records.dims[dimension].names], {}
    starts = np.unique(_days(summary))
    keys = [NO_VALUE if s < 0 else _day_text(s) for s in starts]
    return keys, {k: float(s * DAY_SECONDS) for k, s in zip(keys, starts, strict=True) if s >= 0}


def _day_text(day: float) -> str:
    """``2026-05-01``, written as the core's ``by_day`` writes it."""
    return str(np.datetime_as_string(np.datetime64(int(day * DAY_SECONDS), "s"), unit="D"))


def _days(summary: UsageSummary) -> np.ndarray:
    """Day number per row (UTC wall clock, as the core's ``by_day``), -1 without a date."""
    days = np.floor(summary.records.time / DAY_SECONDS)
    return np.where(np.isnan(days), -1.0, days)


def _figures(row: UsageRow) -> Figures:
    return Figures(
        requests=row.requests,
        success=row.success,
        errors=row.errors,
        cost=row.cost,
        total_tokens=row.tokens_total,
        start_time=row.first_time,
        latest_time=row.latest_time,
    )
