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
    at_separator = buf.data == separator
    if length == 0 or not at_separator.any():
        return None
    pad = 4

    def padded(mask: np.ndarray) -> np.ndarray:
        out = np.zeros(length + 2 * pad, bool)
        out[pad : pad + length] = mask
        return out

    def marks(positions: np.ndarray) -> np.ndarray:
        out = np.zeros(length + 2 * pad, bool)  # positions run up to ``length`` (an end)
        out[positions + pad] = True
        return out

    digit = padded(is_digit(buf.data))
    separator_mask = padded(at_separator)
    # Every cell's bounds, active or not: a bound never falls inside another cell's number.
    region_start = marks(starts)
    region_end = marks(ends)

    def shifted(mask: np.ndarray, k: int) -> np.ndarray:
        return mask[pad + k : pad + k + length]

    inner_digit = digit & ~region_end  # a digit of the same number (not the next cell's)
    good: np.ndarray = at_separator & shifted(digit, -1)
    good &= shifted(inner_digit, 1) & shifted(inner_digit, 2) & shifted(inner_digit, 3)
    good &= shifted(region_end, 4) | ~shifted(digit, 4)
    # One to three digits since the number's start, or exactly three since a separator.
    good &= shifted(region_start, -1) | (
        shifted(digit, -2)
        & (
            shifted(region_start, -2)
            | (shifted(digit, -3) & (shifted(region_start, -3) | shifted(separator_mask, -4)))
        )
    )
    bad = at_separator & ~good
    if bad.any():
        # The cells of the few bad separators (a byte-to-cell map would cost 8 bytes a byte).
        active[np.searchsorted(buf.ends, np.flatnonzero(bad), side="right")] = False
    return good


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
