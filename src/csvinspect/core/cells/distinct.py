"""Reading each distinct cell once: big exports repeat the same few thousand texts.

A million-row export holds far fewer distinct numbers than rows: percentages with two
decimals, latencies, token counts, the timestamps of one day. For such a column the
typing reads the distinct texts (``pyarrow.compute.dictionary_encode``, one hash pass)
and spreads the results back over the rows, instead of parsing every row. The readers
it applies to give every cell a value from its text alone, so the result is the same
either way (``tests/core/test_infer.py`` checks it); the typing's decisions that weigh
cells against each other (the 95% rule, a column's currency) count rows, not texts.

Whether a column repeats itself is estimated from an even sample of its cells: ``s``
cells with a few repeats ``r`` among them suggest about ``s² / 2r`` distinct texts in all
(the birthday paradox); a sample that is mostly repeats has met nearly every text. A
column that is mostly distinct skips the hash pass it would waste.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.numbers import spread_sample

MIN_ROWS = 50_000  # below this, parsing every row costs too little to be worth a hash pass
_SAMPLE = 1024
_MAX_SHARE = 1 / 8  # estimated distinct texts per row above which the rows are read


@dataclass(frozen=True)
class Distinct:
    """A column's distinct cells, and which of them each row holds."""

    cells: pa.Array  # the distinct non-null cells
    rows: np.ndarray  # int32 index into ``cells`` per row; ``len(cells)`` for a null row
    counts: np.ndarray  # int64 rows per distinct cell

    def spread(self, per_cell: np.ndarray, fill: float | int) -> np.ndarray:
        """Per-row values from one value per distinct cell (``fill`` for null rows)."""
        per_row: np.ndarray = np.append(per_cell, np.asarray(fill, per_cell.dtype))[self.rows]
        return per_row


def distinct_cells(cells: pa.Array) -> Distinct | None:
    """The distinct cells of a big, repetitive column; None when reading rows is better."""
    n = len(cells)
    if n < MIN_ROWS:
        return None
    sample = spread_sample(cells, _SAMPLE).to_pylist()
    if _estimated_distinct(len(sample), len(set(sample))) > n * _MAX_SHARE:
        return None
    encoded = pc.dictionary_encode(cells)
    unique = encoded.dictionary
    rows = encoded.indices.fill_null(len(unique)).to_numpy(zero_copy_only=False)
    counts = np.bincount(rows, minlength=len(unique) + 1)[: len(unique)]
    return Distinct(unique, rows, counts)


def _estimated_distinct(sampled: int, seen: int) -> float:
    """Distinct texts in a column whose even sample of ``sampled`` cells held ``seen``."""
    repeats = sampled - seen
    if repeats == 0:
        return float("inf")
    if seen <= sampled // 2:
        return seen  # the sample already met (nearly) every text
    return sampled**2 / (2 * repeats)
