"""Counts and plain numbers: ``12,345``, ``12.345`` (decimal-comma file), ``3.0``, ``12.3k``.

A column of bare numbers is a COUNT when every value is a whole number (``3.0`` is three
requests, ``1.2M`` is 1,200,000 tokens) and a NUMBER otherwise (ratios such as
``model_ratio`` 0.075). Multipliers: ``k``/``K`` thousand, ``M`` million, ``B`` billion,
``万`` ten thousand, ``亿`` hundred million.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.numbers import SIGN, WS, number_pattern, number_values, read_affixed

MULTIPLIERS = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "万": 1e4, "亿": 1e8}
_FAST_SUFFIXES = ["k", "K", "M", "B"]


def count_pattern(decimal_comma: bool) -> str:
    return (
        f"^{WS}(?P<sign>{SIGN})?{WS}(?P<num>{number_pattern(decimal_comma)}){WS}"
        f"(?P<mult>[kKMB万亿])?{WS}$"
    )


def read_numbers(cells: pa.Array, *, decimal_comma: bool) -> np.ndarray:
    """The number in every cell (multipliers applied); NaN where a cell is not a number."""
    fast = read_affixed(cells, decimal_comma=decimal_comma, suffixes=_FAST_SUFFIXES)
    values = fast.values
    multiplied = fast.suffix >= 0
    if multiplied.any():
        scale = np.array([MULTIPLIERS[s] for s in _FAST_SUFFIXES])[fast.suffix[multiplied]]
        values[multiplied] = _scaled(values[multiplied], scale)
    valid = cells.is_valid().to_numpy(zero_copy_only=False)
    leftover = np.flatnonzero(valid & np.isnan(values))
    if len(leftover):
        values[leftover] = _read_exact(cells.take(pa.array(leftover)), decimal_comma)
    return values


def is_whole(values: np.ndarray) -> bool:
    """Whether every read value is a whole number (a count rather than a measurement)."""
    return bool(np.all(np.isnan(values) | (np.floor(values) == values)))


def _scaled(values: np.ndarray, scale: np.ndarray) -> np.ndarray:
    # 1.1k must be exactly 1100, not 1100.0000000000002.
    scaled: np.ndarray = np.round(values * scale, 6)
    return scaled


def _read_exact(cells: pa.Array, decimal_comma: bool) -> np.ndarray:
    parts = pc.extract_regex(cells, count_pattern(decimal_comma))
    values = number_values(parts.field("num"), decimal_comma)
    negative = pc.is_in(parts.field("sign"), value_set=pa.array(["-", "\u2212"]))
    values = np.where(negative.fill_null(False).to_numpy(zero_copy_only=False), -values, values)
    scale = np.ones(len(values))
    for mult, factor in MULTIPLIERS.items():
        scale[
            pc.equal(parts.field("mult"), mult).fill_null(False).to_numpy(zero_copy_only=False)
        ] = factor
    return np.where(scale != 1.0, _scaled(values, scale), values)
