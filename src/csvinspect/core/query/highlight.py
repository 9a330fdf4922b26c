"""Which rows deserve attention: low success rates, and samples too small to judge.

Seed 000: "Pay attention when [Success Rate] is below 80%" and "avoid over-reading success
rate when the sample size is small". A row with few requests is muted instead of alarmed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csvinspect.core.table import Table

DEFAULT_LOW_RATE = 0.80
DEFAULT_MIN_REQUESTS = 20


@dataclass(frozen=True)
class RowHighlights:
    rate_column: int | None  # column whose cells carry the highlight
    low_rate: np.ndarray  # bool per row: success rate below the threshold, enough requests
    small_sample: np.ndarray  # bool per row: fewer requests than ``min_requests``
    success_rate: np.ndarray  # float per row (fraction), NaN where unknown
    requests: np.ndarray  # float per row, NaN where unknown


def _values(table: Table, field: str) -> np.ndarray | None:
    column = table.column(field)
    return column.values if column is not None and column.is_numeric else None


def success_rates(table: Table) -> np.ndarray | None:
    """Success rate per row as a fraction, from whichever columns the export has."""
    rate = _values(table, "success_rate")
    if rate is not None:
        return rate
    failure = _values(table, "failure_rate")
    if failure is not None:
        return 1.0 - failure
    success, requests = _values(table, "success"), _values(table, "requests")
    if success is not None and requests is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(requests > 0, success / requests, np.nan)
    return None


def row_highlights(
    table: Table,
    low_rate: float = DEFAULT_LOW_RATE,
    min_requests: int = DEFAULT_MIN_REQUESTS,
) -> RowHighlights:
    """Low-rate and small-sample flags per row (all False when the export has no rates)."""
    n = table.n_rows
    rates = success_rates(table)
    requests = _values(table, "requests")
    requests = np.full(n, np.nan) if requests is None else requests
    with np.errstate(invalid="ignore"):
        small = (requests > 0) & (requests < min_requests)  # none is no sample (issue 9)
    if rates is None:
        return RowHighlights(None, np.zeros(n, bool), small, np.full(n, np.nan), requests)
    rate_column = next(
        (
            table.column_index(f)
            for f in ("success_rate", "failure_rate", "errors", "success")
            if table.column_index(f) is not None
        ),
        None,
    )
    with np.errstate(invalid="ignore"):
        low = (rates < low_rate) & ~small
    return RowHighlights(rate_column, low, small, rates, requests)
