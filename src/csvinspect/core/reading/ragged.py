"""Putting ragged rows back among the rows pyarrow read, where they were in the file.

pyarrow skips a row whose width differs from the header's and hands over its raw text
and its record number. One bad row in a 1M-row export would otherwise send the whole file
to the tokenizer (15 s here instead of under one); instead only the bad rows are split by
the csv module and interleaved with one vectorised ``take`` per column.
"""

from __future__ import annotations

import csv
import io
from typing import NamedTuple

import numpy as np
import pyarrow as pa


class InvalidRecord(NamedTuple):
    """A record pyarrow skipped: its 1-based number among all records, width and text."""

    number: int | None
    cells: int
    text: str


def put_back(
    columns: list[pa.Array], skipped: list[InvalidRecord], delimiter: str
) -> tuple[list[pa.Array], np.ndarray] | None:
    """All records in file order, plus each record's width; ``None`` if unsure.

    Cells a short row lacks are null; cells past the header's width go to extra columns.
    Any doubt (a record without a number, a text that splits differently than pyarrow
    counted) returns ``None`` so the tokenizer reads the file instead.
    """
    valid = len(columns[0]) if columns else 0
    expected = len(columns)
    if any(record.number is None for record in skipped):
        return None
    positions = np.array([record.number for record in skipped], dtype=np.int64) - 1
    total = valid + len(skipped)
    if np.any(np.diff(positions) <= 0) or positions[0] < 0 or positions[-1] >= total:
        return None
    records = []
    for record in skipped:
        reader = csv.reader(io.StringIO(record.text, newline=""), delimiter=delimiter)
        cells = next(reader, [])
        if len(cells) != record.cells or next(reader, None) is not None:
            return None
        records.append(cells)
    width = max(expected, max(len(cells) for cells in records))
    is_skipped = np.zeros(total, dtype=bool)
    is_skipped[positions] = True
    order = np.empty(total, dtype=np.int64)
    order[~is_skipped] = np.arange(valid)
    order[is_skipped] = valid + np.arange(len(skipped))
    indices = pa.array(order)
    merged = []
    for index in range(width):
        read = columns[index] if index < expected else pa.nulls(valid, pa.string())
        put = pa.array([c[index] if index < len(c) else None for c in records], pa.string())
        merged.append(pa.concat_arrays([read, put]).take(indices))
    widths = np.full(total, expected, dtype=np.int64)
    widths[positions] = [len(cells) for cells in records]
    return merged, widths
