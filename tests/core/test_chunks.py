"""Columns in pyarrow's chunks: rows taken from them are the rows a merged column has."""

import numpy as np
import pyarrow as pa

from csvinspect.core.chunks import contiguous, pieces, take_rows


def chunked(n: int, size: int) -> pa.ChunkedArray:
    cells = [None if i % 11 == 0 else f"cell {i}" for i in range(n)]
    return pa.chunked_array([pa.array(cells[i : i + size], pa.string()) for i in range(0, n, size)])


def test_taking_rows_across_chunks_matches_the_merged_column():
    column = chunked(10_000, 777)
    merged = column.combine_chunks()
    few = np.array([0, 776, 777, 5_000, 9_999])
    many = np.arange(0, 10_000, 2)  # more rows than a sample: taken chunk by chunk
    for rows in (few, many, np.array([], dtype=np.int64)):
        assert take_rows(column, rows).to_pylist() == merged.take(rows).to_pylist()


def test_pieces_say_where_each_chunk_starts_and_merging_keeps_every_cell():
    column = chunked(2_000, 600)
    assert [start for start, _ in pieces(column)] == [0, 600, 1200, 1800]
    assert contiguous(column).to_pylist() == column.to_pylist()
    array = column.combine_chunks()
    assert contiguous(array) is array and list(pieces(array)) == [(0, array)]
