"""A text column's cells as the report reads them (stripped, "" where empty), kept in
pyarrow and made Python strings only when read."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


class TextColumn(Sequence[str]):
    """A text column's cells, stripped ("" where empty), read from pyarrow when asked.

    Issue 10: three million Python strings (token, user ID, username) held for the whole
    report cost 200 MB; the JSON writer reads them a group at a time instead. ``rows``: the
    cells are those rows of ``source`` (the table's column), gathered only when read, so the
    report holds no copy of a million tokens' texts (60 MB on the 1M-row benchmark).
    """

    __slots__ = ("padded", "rows", "source")

    def __init__(self, source: pa.Array | pa.ChunkedArray, rows: np.ndarray | None = None):
        self.source = source
        self.rows = rows
        # Whether any cell starts or ends with what str.strip removes; exports seldom pad.
        # Over the whole source: a padded cell outside ``rows`` only makes reading strip.
        self.padded = _any_padded(source)

    def __len__(self) -> int:
        return len(self.source) if self.rows is None else len(self.rows)

    @property
    def text(self) -> pa.Array | pa.ChunkedArray:
        """All the cells, unstripped (gathered from the source when it has ``rows``)."""
        return self.source if self.rows is None else self.source.take(pa.array(self.rows))

    def cells(self, start: int, stop: int) -> pa.Array | pa.ChunkedArray:
        """Cells ``start:stop``, unstripped."""
        if self.rows is None:
            return self.source.slice(start, stop - start)
        return self.source.take(pa.array(self.rows[start:stop]))

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                cells = self.cells(start, max(start, stop)).to_pylist()
            else:
                cells = self.text.take(pa.array(range(start, stop, step))).to_pylist()
            if not self.padded:
                return [t or "" for t in cells]
            return [_stripped(t) for t in cells]
        position = range(len(self))[index]  # IndexError past the end
        row = position if self.rows is None else int(self.rows[position])
        return _stripped(self.source[row].as_py())

    def __iter__(self) -> Iterator[str]:
        return (_stripped(t) for t in self.text.to_pylist())

    def picked(self, positions: np.ndarray) -> list[str]:
        """The cells at ``positions``, stripped, read in one pass (a finding's users)."""
        rows = positions if self.rows is None else self.rows[positions]
        cells = self.source.take(pa.array(rows, pa.int64())).to_pylist()
        return [_stripped(t) for t in cells] if self.padded else [t or "" for t in cells]


# Python's whitespace (str.isspace), as a regular-expression class for pyarrow (RE2)
_SPACE = r"\t-\r\x1c-\x1f\x85\p{Z}"


def _any_padded(text: pa.Array | pa.ChunkedArray) -> bool:
    """Whether any cell starts or ends with whitespace.

    Issue 10: a regular expression over a million cells took a quarter of a second a column.
    Only cells whose first or last byte is ASCII whitespace or not ASCII at all (the
    other spaces are not ASCII) go through it.
    """
    chunks = text.chunks if isinstance(text, pa.ChunkedArray) else [text]
    return any(
        _chunk_padded(chunk.slice(start, _STEP))  # a slice at a time: small temporaries
        for chunk in chunks
        for start in range(0, len(chunk), _STEP)
    )


_STEP = 1 << 16  # cells read at a time (issue 10: a million at once took 30 MB more)


def _chunk_padded(cells: pa.Array) -> bool:
    if cells.type not in (pa.string(), pa.large_string()):
        cells = pc.cast(cells, pa.large_string())
    _, offsets_buffer, data_buffer = cells.buffers()
    if data_buffer is None or not len(cells):
        return False
    width = np.int64 if cells.type == pa.large_string() else np.int32
    offsets = np.frombuffer(offsets_buffer, dtype=width)[
        cells.offset : cells.offset + len(cells) + 1
    ]
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    starts, ends = offsets[:-1], offsets[1:]
    filled = None
    lengths = np.diff(offsets)
    if not np.all(lengths):  # read only cells with bytes (a null cell has none)
        filled = np.flatnonzero(lengths)
        starts, ends = starts[filled], ends[filled]
    maybe = _MAYBE_SPACE[data[starts]] | _MAYBE_SPACE[data[ends - 1]]
    if not maybe.any():
        return False
    at = np.flatnonzero(maybe)
    suspects = cells.take(pa.array(at if filled is None else filled[at]))
    return bool(pc.any(pc.match_substring_regex(suspects, f"^[{_SPACE}]|[{_SPACE}]$")).as_py())


# Bytes a whitespace character can start or end with in UTF-8: ASCII spaces, any non-ASCII
_MAYBE_SPACE = np.zeros(256, dtype=bool)
_MAYBE_SPACE[[*range(0x09, 0x0E), *range(0x1C, 0x21), *range(0x80, 0x100)]] = True


def _stripped(text: str | None) -> str:
    return "" if text is None else text.strip()
