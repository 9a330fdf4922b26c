"""How finely a column's numbers are written: the most decimals any cell writes.

Reconciliation compares written figures with recomputed ones within the precision they were
written with (issue 4). Issue 10: a regular expression over a million cells took half a
second a column; two trims do the same in a few tens of milliseconds. The trims make new
strings, so a column is read a slice at a time: whole, they held 60 MB more on a million-row
export while the analysis held all it keeps.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_DIGITS = "0123456789"
_ASCII_NON_DIGITS = "".join(chr(c) for c in range(128) if chr(c) not in _DIGITS)


def max_decimals(texts: pa.Array | pa.ChunkedArray, decimal_comma: bool) -> int:
    """The most digits written after the decimal mark in any cell's last number.

    What ``re.search(r"\\.(\\d+)\\D*$", cell)`` finds (``,`` for a decimal comma), at its
    longest over the column: a cell's last run of digits counts when the mark comes just
    before it (``¥51,458.73`` -> 2, ``95.7%`` -> 1, ``2,344`` -> 0). Trailing ASCII
    non-digits are trimmed, then the digits; the cells whose end is not ASCII (``12.5元``)
    go through that regular expression.
    """
    cells = _distinct_if_few(_string(texts))
    chunks = cells.chunks if isinstance(cells, pa.ChunkedArray) else [cells]
    slices = (c.slice(start, _SLICE) for c in chunks for start in range(0, len(c), _SLICE))
    return max((_slice_decimals(part, decimal_comma) for part in slices), default=0)


_SLICE = 1 << 16  # cells trimmed at a time: a few megabytes of new strings
_FEW = 4  # a column repeats its cells this often (or more): its distinct cells are trimmed


def _distinct_if_few(cells: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """The column's distinct cells when its first slice repeats them (rates: 10,000 at most
    with two decimals, on a million rows); issue 10: finding them took half as long as
    trimming every cell. Else the column as it is (amounts: most cells differ)."""
    first = cells.chunks[0] if isinstance(cells, pa.ChunkedArray) and cells.num_chunks else cells
    sample = first.slice(0, _SLICE)
    if len(cells) <= _SLICE or len(pc.unique(sample)) * _FEW > len(sample):
        return cells
    return pc.unique(cells)


def _slice_decimals(cells: pa.Array, decimal_comma: bool) -> int:
    mark = "," if decimal_comma else "."
    number = pc.ascii_rtrim(cells, _ASCII_NON_DIGITS)  # ends on its last digit, if ASCII
    head = pc.ascii_rtrim(number, _DIGITS)  # what comes before the last run of digits
    number_length = _lengths(number)
    run = number_length - _lengths(head)
    marked = np.asarray(pc.fill_null(pc.ends_with(head, mark), False), dtype=bool)
    best = int(run[marked].max()) if marked.any() else 0
    unsure = np.flatnonzero((number_length > 0) & (run == 0))  # ends on a non-ASCII letter
    if unsure.size:
        pattern = ("," if decimal_comma else r"\.") + r"(?P<d>\d+)\D*$"
        found = pc.extract_regex(cells.take(pa.array(unsure)), pattern=pattern)
        best = max(best, int(pc.max(pc.utf8_length(pc.struct_field(found, [0]))).as_py() or 0))
    return best


def any_percent(texts: pa.Array | pa.ChunkedArray) -> bool:
    """Whether any cell writes ``%``: looked for in the cells' bytes, where they have no
    nulls (a null cell's bytes, if any, are no cell's)."""
    cells = _string(texts)
    chunks = cells.chunks if isinstance(cells, pa.ChunkedArray) else [cells]
    return any(_chunk_percent(chunk) for chunk in chunks)


def _chunk_percent(cells: pa.Array) -> bool:
    _, offsets_buffer, data_buffer = cells.buffers()
    if cells.null_count or data_buffer is None or not len(cells):
        return bool(pc.any(pc.match_substring(cells, "%")).as_py())
    width = np.int64 if cells.type == pa.large_string() else np.int32
    offsets = np.frombuffer(offsets_buffer, dtype=width)
    first, end = int(offsets[cells.offset]), int(offsets[cells.offset + len(cells)])
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    # a slice at a time, as a column-long comparison held a byte per byte of the column
    slices = (data[start : min(start + _BYTES, end)] for start in range(first, end, _BYTES))
    return any(bool((part == ord("%")).any()) for part in slices)


_BYTES = 1 << 20


def _string(texts: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    if texts.type in (pa.string(), pa.large_string()):
        return texts
    return pc.cast(texts, pa.large_string())


def _lengths(texts: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(pc.fill_null(pc.binary_length(texts), 0), dtype=np.int64)
