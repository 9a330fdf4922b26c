"""Thousands separators: checked byte by byte over a whole column, then dropped.

Part of the numeric fast path (``numbers.fast_affixed``): once the sign, prefix and suffix
of every cell are known, ``check_grouping`` verifies that each separator groups exactly
three digits and ``compact`` rebuilds the cells as plain ``1234.5`` strings for pyarrow's
cast. Both work on whole byte buffers with numpy: no per-cell Python.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.textbuffer import TextBuffer, is_digit, string_array

_SLICE_BYTES = 1 << 20
_START = 1
_END = 2


def check_grouping(
    buf: TextBuffer, starts: np.ndarray, ends: np.ndarray, active: np.ndarray, separator: int
) -> np.ndarray | None:
    """Thousands separators to drop (a byte mask), clearing ``active`` for bad grouping.

    A separator is good when three digits of the same number follow it, then the end of
    the number or a non-digit, and it comes after one to three digits that start the number
    or three digits after another separator. By induction everything before it is then
    digits grouped correctly: no decimal mark can precede it. Checked with whole-buffer
    shifts rather than per-separator look-ups: a few milliseconds per million cells.
    """
    length = len(buf.data)
    at = np.flatnonzero(buf.data == separator)  # the separators' positions
    if len(at) == 0:
        return None
    # Number bounds of every cell, active or not: a bound never falls inside another cell's
    # number. One byte of flags per text byte, looked up only around the separators.
    pad = 4
    bounds = np.zeros(length + 2 * pad + 1, np.uint8)  # positions run up to ``length``
    bounds[starts + pad] = _START
    bounds[ends + pad] |= _END

    def byte(k: int) -> np.ndarray:
        return buf.byte_at(at + k)

    def inside(k: int) -> np.ndarray:
        return at + k >= 0 if k < 0 else at + k < length

    def digit(k: int) -> np.ndarray:
        return is_digit(byte(k)) & inside(k)

    def bound(k: int, flag: int) -> np.ndarray:
        return (bounds[at + (pad + k)] & flag) != 0

    def inner_digit(k: int) -> np.ndarray:  # a digit of the same number (not the next cell's)
        return digit(k) & ~bound(k, _END)

    good = digit(-1) & inner_digit(1) & inner_digit(2) & inner_digit(3)
    good &= bound(4, _END) | ~digit(4)
    # One to three digits since the number's start, or exactly three since a separator.
    good &= bound(-1, _START) | (
        digit(-2)
        & (
            bound(-2, _START)
            | (digit(-3) & (bound(-3, _START) | ((byte(-4) == separator) & inside(-4))))
        )
    )
    if not good.all():
        # The cells of the few bad separators (a byte-to-cell map would cost 8 bytes a byte).
        active[np.searchsorted(buf.ends, at[~good], side="right")] = False
    mask = np.zeros(length, bool)
    mask[at[good]] = True
    return mask


def compact(
    buf: TextBuffer,
    starts: np.ndarray,
    ends: np.ndarray,
    active: np.ndarray,
    separators: np.ndarray | None,
    decimal_comma: bool,
) -> pa.Array:
    """Plain number strings: each active cell's ``[start, end)`` without separators."""
    head = np.where(active, starts - buf.starts, 0)
    tail = np.where(active, buf.ends - ends, 0)
    if separators is None and not decimal_comma and not head.any() and not tail.any():
        offsets = np.append(buf.starts, len(buf.data))
        return string_array(buf.data, offsets, active)  # already plain: no copy
    keep = np.ones(len(buf.data), bool) if separators is None else ~separators
    for width, origin, step in ((head, buf.starts, 1), (tail, buf.ends - 1, -1)):
        for k in range(int(width.max(initial=0))):
            keep[origin[width > k] + step * k] = False
    if separators is None:
        offsets = np.zeros(len(buf) + 1, np.int64)
        np.cumsum(buf.lengths - head - tail, out=offsets[1:])
    else:
        bounds = np.append(buf.starts, len(buf.data))
        offsets = bounds - _dropped_before(~keep, bounds)
    data = _compress(buf.data, keep)
    if decimal_comma:
        data[data == ord(",")] = ord(".")
    return string_array(data, offsets, active)


def _dropped_before(dropped: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """How many ``dropped`` bytes lie before each of the sorted ``bounds``.

    A running count over slices of the buffer: one count per byte for the whole column
    would add four bytes per byte to the peak memory of a load.
    """
    before = np.empty(len(bounds), np.int64)
    total = 0
    first = 0  # the first bound not yet counted
    for low in range(0, len(dropped), _SLICE_BYTES):
        high = min(low + _SLICE_BYTES, len(dropped))
        running = np.cumsum(dropped[low:high], dtype=np.int32)
        stop = int(np.searchsorted(bounds, high, side="left"))
        inside = bounds[first:stop] - low
        counted = running[np.maximum(inside - 1, 0)]
        before[first:stop] = total + np.where(inside > 0, counted, 0)
        total += int(running[-1])
        first = stop
    before[first:] = total
    return before


def _compress(data: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """``data[keep]``, by pyarrow's filter: 40% faster than numpy's on millions of bytes."""
    bits = pa.py_buffer(np.packbits(keep, bitorder="little"))
    mask = pa.Array.from_buffers(pa.bool_(), len(keep), [None, bits])
    kept = pc.filter(pa.array(data, pa.uint8()), mask)
    return np.array(kept.to_numpy(zero_copy_only=False))  # writable: decimal commas are patched
