"""Usage summaries (LiteLLM, Anthropic, OpenAI): rows already aggregated per day, team, model.

Each row carries counts (requests, successful, failed), tokens and spend. Totals add them up;
breakdowns regroup them by a dimension or by day. Success and failure come only from the
counts the export gives: a summary without them has an unknown success rate, not 100%.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csvinspect.core.analysis.stats import Figures, GroupStats, TokenStats
from csvinspect.core.requests.aggregate import by_first_row, optional
from csvinspect.core.requests.columns import RoleColumns
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.records import (
    DIMENSIONS,
    NO_VALUE,
    RequestRecords,
    build_records,
)
from csvinspect.core.table import Table


@dataclass(frozen=True)
class UsageRow:
    """Totals of a whole summary, or of one breakdown key."""

    key: str
    rows: int
    requests: int | None
    success: int | None
    errors: int | None
    success_rate: float | None
    cost: float | None
    tokens_in: float | None
    tokens_out: float | None
    tokens_total: float | None
    tokens_cached: float | None = None
    first_time: float | None = None
    latest_time: float | None = None

    @property
    def cache_hit_rate(self) -> float | None:
        """Cached tokens / total tokens, when the summary gives both (seed 000's formula)."""
        if self.tokens_cached is None or not self.tokens_total:
            return None
        return self.tokens_cached / self.tokens_total


@dataclass
class UsageSummary:
    records: RequestRecords
    requests: np.ndarray  # per row, NaN where not given
    success: np.ndarray
    errors: np.ndarray

    @property
    def currency(self) -> str | None:
        return self.records.currency

    def totals(self, rows: np.ndarray | None = None) -> UsageRow:
        """The whole summary's totals, or those of the table rows ``rows`` only."""
        if rows is None:
            return self._rows(np.zeros(self.records.n, dtype=np.int64), 1, ["all"])[0]
        ids = np.ones(self.records.n, dtype=np.int64)
        ids[np.asarray(rows, dtype=np.int64)] = 0
        return self._rows(ids, 2, ["shown", "rest"])[0]

    def breakdown(self, dimension: str) -> list[UsageRow]:
        """Rows regrouped by a dimension (most requests, cost, then tokens first) or by day."""
        if dimension == "day":
            days = np.floor(self.records.time / 86400.0)
            known = ~np.isnan(days)
            starts, inverse = np.unique(np.where(known, days, -1), return_inverse=True)
            keys = [_day(s) for s in starts]
            return self._rows(inverse.astype(np.int64), len(starts), keys)
        labels = self.records.dims[dimension]
        ids = labels.codes.astype(np.int64) + 1
        rows = self._rows(ids, len(labels.names) + 1, [NO_VALUE, *labels.names])
        rows = [r for r in rows if r.rows]
        return sorted(
            rows, key=lambda r: (-(r.requests or 0), -(r.cost or 0.0), -(r.tokens_total or 0.0))
        )

    def dimensions(self) -> list[str]:
        return [d for d in DIMENSIONS if self.records.dims[d].present]

    def group_stats(self) -> list[GroupStats]:
        """Teams (or models) as the health analysis' groups, API keys as their tokens."""
        dims = self.dimensions()
        group_dim: str | None = next((d for d in ("group", "model") if d in dims), None)
        token_dim = "token" if "token" in dims and group_dim != "token" else None
        n = self.records.n
        group_codes = (
            self.records.dims[group_dim].codes if group_dim else np.full(n, -1, dtype=np.int32)
        )
        names = [NO_VALUE if group_dim else "(all)"]
        names += self.records.dims[group_dim].names if group_dim else []
        groups = []
        group_rows = self._rows(group_codes.astype(np.int64) + 1, len(names), names)
        for g in by_first_row(group_codes.astype(np.int64) + 1, len(names)):
            stats = GroupStats(group=group_rows[g].key)
            _fill(stats, group_rows[g])
            if token_dim is not None:
                stats.tokens = self._tokens(group_codes == g - 1, token_dim)
            groups.append(stats)
        return groups

    def _tokens(self, in_group: np.ndarray, token_dim: str) -> list[TokenStats]:
        labels = self.records.dims[token_dim]
        ids = np.where(in_group, labels.codes.astype(np.int64) + 1, len(labels.names) + 1)
        rows = self._rows(ids, len(labels.names) + 2, [NO_VALUE, *labels.names, ""])
        tokens = []
        for row in rows[:-1]:
            if row.rows:
                token = TokenStats(token=row.key)
                _fill(token, row)
                tokens.append(token)
        return tokens

    def _rows(self, ids: np.ndarray, n: int, keys: list[str]) -> list[UsageRow]:
        rec = self.records
        count = np.bincount(ids, minlength=n)
        sums = {
            name: _known_sums(ids, values, n)
            for name, values in (
                ("requests", self.requests),
                ("success", self.success),
                ("errors", self.errors),
                ("cost", rec.cost),
                ("tokens_in", rec.tokens_in),
                ("tokens_out", rec.tokens_out),
                ("tokens_total", rec.tokens_total),
                ("tokens_cached", rec.tokens_cached),
            )
        }
        first = np.full(n, np.inf)
        latest = np.full(n, -np.inf)
        known = ~np.isnan(rec.time)
        np.minimum.at(first, ids[known], rec.time[known])
        np.maximum.at(latest, ids[known], rec.time[known])
        out = []
        for g in range(n):
            requests, success, errors = (
                _int(sums[k][g]) for k in ("requests", "success", "errors")
            )
            if requests is None and success is not None and errors is not None:
                requests = success + errors
            if success is None and requests is not None and errors is not None:
                success = requests - errors
            if errors is None and requests is not None and success is not None:
                errors = requests - success
            out.append(
                UsageRow(
                    key=keys[g],
                    rows=int(count[g]),
                    requests=requests,
                    success=success,
                    errors=errors,
                    success_rate=success / requests if success is not None and requests else None,
                    cost=optional(sums["cost"][g]),
                    tokens_in=optional(sums["tokens_in"][g]),
                    tokens_out=optional(sums["tokens_out"][g]),
                    tokens_total=optional(sums["tokens_total"][g]),
                    tokens_cached=optional(sums["tokens_cached"][g]),
                    first_time=float(first[g]) if np.isfinite(first[g]) else None,
                    latest_time=float(latest[g]) if np.isfinite(latest[g]) else None,
                )
            )
        return out


def usage_summary(table: Table, settings: MoneySettings | None = None) -> UsageSummary:
    """Read a usage summary's per-row counts, tokens and cost."""
    records = build_records(table, settings)
    roles = RoleColumns(table, records.dialect)
    return UsageSummary(
        records,
        roles.numbers("requests"),
        roles.numbers("success"),
        roles.numbers("errors"),
    )


def _fill(stats: Figures, row: UsageRow) -> None:
    stats.requests, stats.success, stats.errors = row.requests, row.success, row.errors
    stats.cost = row.cost
    stats.total_tokens = row.tokens_total
    stats.cache_tokens = row.tokens_cached
    stats.start_time, stats.latest_time = row.first_time, row.latest_time


def _known_sums(ids: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    known = ~np.isnan(values)
    sums = np.bincount(ids[known], weights=values[known], minlength=n)
    return np.where(np.bincount(ids[known], minlength=n) > 0, sums, np.nan)


def _int(value: float) -> int | None:
    return None if np.isnan(value) else round(float(value))


def _day(start: float) -> str:
    if start < 0:
        return NO_VALUE
    return np.datetime_as_string(np.datetime64(int(start * 86400), "s"), unit="D")
