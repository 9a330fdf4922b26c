"""Which cells are empty for typing, and the trimmed cells the parsers read.

A cell that is blank, missing (a short row) or one of the placeholders exports use for
"nothing here" (``-``, ``—``, ``N/A``, ``null`` ...) does not count for or against a column's
type and gets no value. It still keeps its exact text in ``Column.text``: only the copy
the parsers read is trimmed and has these cells set to null.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.distinct import Distinct, distinct_cells
from csvinspect.core.cells.textbuffer import TextBuffer, with_validity

EMPTY_MARKERS = (
    "",
    "-",
    "--",
    "—",
    "–",
    "N/A",
    "n/a",
    "NA",
    "null",
    "NULL",
    "None",
    "none",
    "nan",
    "NaN",
)
_MARKER_MAX_BYTES = max(len(m.encode()) for m in EMPTY_MARKERS)


# First bytes of the markers above, and of the spaces seen at cell edges. Tested with
# comparisons: a 256-entry table look-up over a million bytes costs several times more.
_MARKER_FIRST = tuple(sorted({m.encode()[0] for m in EMPTY_MARKERS if m}))
_WIDE_SPACE_FIRST = (0xC2, 0xE2, 0xE3)  # no-break, thin/narrow, ideographic space
_WIDE_SPACE_LAST = (0xA0, 0x80, 0x89, 0xAF)


@functools.cache
def _empty_set() -> pa.Array:
    """The markers as an Arrow array, built on first use: building any Arrow array makes
    pyarrow import pandas (190 ms), which start-up must not pay for (issue 10)."""
    return pa.array(EMPTY_MARKERS, pa.string())


def _any_of(values: np.ndarray, options: tuple[int, ...]) -> np.ndarray:
    hit: np.ndarray = values == options[0]
    for option in options[1:]:
        hit |= values == option
    return hit


def _ascii_space(values: np.ndarray) -> np.ndarray:
    space: np.ndarray = (values == 32) | ((values >= 9) & (values <= 13))
    return space


@dataclass
class PreparedCells:
    """A column ready for parsing."""

    cells: pa.Array  # trimmed text; null where the cell is empty for typing
    empty: np.ndarray  # bool per row

    @property
    def nonempty_count(self) -> int:
        return int(len(self.empty) - np.count_nonzero(self.empty))

    @functools.cached_property
    def distinct(self) -> Distinct | None:
        """The distinct cells, when the column is big and repetitive (``distinct.py``)."""
        return distinct_cells(self.cells)


def prepare(text: pa.Array | pa.ChunkedArray) -> PreparedCells:
    """Trim the cells (only when some need it) and null out the empty ones."""
    array = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        array = pc.cast(array, pa.string())
    buf = TextBuffer.of(array)
    first, last, filled = _edges(buf)
    if _needs_trim(first, last, filled):
        array = pc.utf8_trim_whitespace(array)
        buf = TextBuffer.of(array)
        first, last, filled = _edges(buf)
    maybe_marker = filled & (buf.lengths <= _MARKER_MAX_BYTES) & _any_of(first, _MARKER_FIRST)
    empty = ~filled
    if maybe_marker.any():
        rows = np.flatnonzero(maybe_marker)
        marked = pc.is_in(array.take(pa.array(rows)), value_set=_empty_set())
        empty[rows] = marked.fill_null(False).to_numpy(zero_copy_only=False)
    return PreparedCells(with_validity(array, ~empty), empty)


def _edges(buf: TextBuffer) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First and last byte of every cell, and which cells have any bytes at all."""
    return buf.byte_at(buf.starts), buf.byte_at(buf.ends - 1), buf.valid & (buf.lengths > 0)


def _needs_trim(first: np.ndarray, last: np.ndarray, filled: np.ndarray) -> bool:
    if (filled & (_ascii_space(first) | _ascii_space(last))).any():
        return True
    wide_first = (filled & _any_of(first, _WIDE_SPACE_FIRST)).any()
    return bool(wide_first and (filled & _any_of(last, _WIDE_SPACE_LAST)).any())
