"""Columns as pyarrow hands them over: one array, or a chunked array of one per block.

The reader keeps pyarrow's chunks until typing, which merges each column on its own
thread (``cells/infer.py``): merging them all at once after the read cost about 90 ms and
85 MB of peak memory on the 1M-row benchmark. These helpers let the reading stage look at
either shape without merging.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeAlias

import numpy as np
import pyarrow as pa

Text: TypeAlias = pa.Array | pa.ChunkedArray
_FEW_ROWS = 4096


def pieces(column: Text) -> Iterator[tuple[int, pa.Array]]:
    """Each contiguous piece of ``column`` with the row it starts at."""
    if isinstance(column, pa.Array):
        yield 0, column
        return
    start = 0
    for chunk in column.chunks:
        yield start, chunk
        start += len(chunk)


def contiguous(column: Text) -> pa.Array:
    """``column`` as one array (a copy only when it has several chunks)."""
    if isinstance(column, pa.Array):
        return column
    if column.num_chunks == 1:
        return column.chunk(0)
    if column.num_chunks == 0:
        return pa.array([], column.type)
    return column.combine_chunks()


def take_rows(column: Text, rows: np.ndarray) -> pa.Array:
    """``column.take(rows)`` for sorted ``rows``, without merging a chunked column first.

    pyarrow's own ``ChunkedArray.take`` merges every chunk (about 35 ms per call on a 1M-row
    column), which sampling a few hundred cells per column must not pay.
    """
    if isinstance(column, pa.Array):
        return column.take(pa.array(rows, pa.int64()))
    if len(rows) <= _FEW_ROWS:  # a sample: one look-up per cell beats a take per chunk
        return pa.array([column[int(row)].as_py() for row in rows], column.type)
    taken = []
    for start, chunk in pieces(column):
        low, high = np.searchsorted(rows, [start, start + len(chunk)])
        if high > low:
            taken.append(chunk.take(pa.array(rows[low:high] - start, pa.int64())))
    return pa.concat_arrays(taken) if taken else pa.array([], column.type)
