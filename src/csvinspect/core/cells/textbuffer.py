"""A byte-level view of an Arrow string column, for vectorised parsing with numpy.

Arrow stores a string column as one UTF-8 byte buffer plus offsets. Looking at those bytes
with numpy (first byte, last byte, where the commas are) costs a few milliseconds per
million cells, while a regular expression over the same cells costs 70-900 ms here
(STYLE.md, "Big tables"). The fast paths of the cell parsers are built on this view; the
exact regular-expression paths only see the few cells the fast paths leave over.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

DIGIT_0 = ord("0")


@dataclass
class TextBuffer:
    """The bytes of ``n`` cells back to back, each cell ``data[starts[i]:ends[i]]``."""

    data: np.ndarray  # uint8
    starts: np.ndarray  # int64
    ends: np.ndarray  # int64
    valid: np.ndarray  # bool: False for null cells

    @classmethod
    def of(cls, array: pa.Array | pa.ChunkedArray) -> TextBuffer:
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        n = len(array)
        if n == 0:
            empty = np.zeros(0, np.int64)
            return cls(np.zeros(0, np.uint8), empty, empty, np.zeros(0, bool))
        buffers = array.buffers()
        offset_type = np.int64 if pa.types.is_large_string(array.type) else np.int32
        offsets = np.frombuffer(
            buffers[1],
            dtype=offset_type,
            count=n + 1,
            offset=array.offset * np.dtype(offset_type).itemsize,
        ).astype(np.int64)
        base = int(offsets[0])
        end = int(offsets[-1])
        if buffers[2] is None or end == base:
            data = np.zeros(0, np.uint8)
        else:
            data = np.frombuffer(buffers[2], np.uint8)[base:end]
        offsets -= base
        if array.null_count:
            valid = array.is_valid().to_numpy(zero_copy_only=False)
        else:
            valid = np.ones(n, bool)
        return cls(data, offsets[:-1], offsets[1:], valid)

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def lengths(self) -> np.ndarray:
        lengths: np.ndarray = self.ends - self.starts
        return lengths

    def byte_at(self, positions: np.ndarray) -> np.ndarray:
        """Bytes at ``positions``; a position outside the buffer reads its first or last byte.

        Callers only look at positions inside the cells they still consider, and mask the
        rest (an empty cell's "first byte" belongs to its neighbour).
        """
        if len(self.data) == 0:
            return np.zeros(len(positions), np.uint8)
        return np.take(self.data, positions, mode="clip")

    def matches_at(self, positions: np.ndarray, pattern: bytes, limit: np.ndarray) -> np.ndarray:
        """Whether ``pattern`` is written at each of ``positions`` (ending by ``limit``)."""
        ok = positions + len(pattern) <= limit
        for i, byte in enumerate(pattern):
            if not ok.any():
                break
            ok &= self.byte_at(positions + i) == byte
        return ok


def is_digit(values: np.ndarray) -> np.ndarray:
    """ASCII digit test on a uint8 array."""
    return (values - DIGIT_0) < 10  # uint8 arithmetic wraps: bytes below "0" become large


def string_array(data: np.ndarray, offsets: np.ndarray, valid: np.ndarray) -> pa.Array:
    """Build a ``large_string`` array from concatenated bytes, n+1 offsets and validity."""
    n = len(valid)
    validity = None
    null_count = 0
    if not valid.all():
        validity = pa.py_buffer(np.packbits(valid, bitorder="little"))
        null_count = int(n - np.count_nonzero(valid))
    return pa.Array.from_buffers(
        pa.large_string(),
        n,
        [
            validity,
            pa.py_buffer(np.ascontiguousarray(offsets, dtype=np.int64)),
            pa.py_buffer(np.ascontiguousarray(data)),
        ],
        null_count=null_count,
    )


def with_validity(array: pa.Array, valid: np.ndarray) -> pa.Array:
    """The same string buffers under a new validity bitmap (no copy of the text)."""
    bits = np.concatenate([np.zeros(array.offset, bool), valid]) if array.offset else valid
    buffers = array.buffers()
    return pa.Array.from_buffers(
        array.type,
        len(array),
        [pa.py_buffer(np.packbits(bits, bitorder="little")), buffers[1], buffers[2]],
        null_count=int(len(valid) - np.count_nonzero(valid)),
        offset=array.offset,
    )
