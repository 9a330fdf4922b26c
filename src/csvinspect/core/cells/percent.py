"""Percentages: ``87.50%``, ``87,5 %``, ``-3%``, and bare rates whose header says so.

Values are stored as fractions (87.50% -> 0.875), the unit ``ColumnType.PERCENT`` promises.
A column of bare numbers is a percentage only when its header says rate or share
(``Success Rate``, ``failure_rate``, ``缓存命中率``; see ``headers.py``), and then:

* the header says ``0-100`` or ``%`` -> the numbers are divided by 100;
* every number lies in 0..1 -> they already are fractions;
* every number lies in 0..100 -> they are percentages and divided by 100;
* anything else (a "rate" of 250) -> not a percentage.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.numbers import SIGN, WS, number_pattern, number_values, read_affixed


def percent_pattern(decimal_comma: bool) -> str:
    return f"^{WS}(?P<sign>{SIGN})?{WS}(?P<num>{number_pattern(decimal_comma)}){WS}[%％]{WS}$"


def read_percent(cells: pa.Array, *, decimal_comma: bool) -> np.ndarray:
    """Fractions for ``N%`` cells; NaN for every other cell."""
    fast = read_affixed(cells, decimal_comma=decimal_comma, suffixes=["%"])
    values = np.where(fast.suffix == 0, fast.values, np.nan)
    valid = cells.is_valid().to_numpy(zero_copy_only=False)
    leftover = np.flatnonzero(valid & np.isnan(values))
    if len(leftover):
        values[leftover] = _read_exact(cells.take(pa.array(leftover)), decimal_comma)
    return as_fraction(values)


def as_fraction(percentages: np.ndarray) -> np.ndarray:
    """87.5 -> 0.875, rounded to 12 decimals so 99.62 gives 0.9962, not 0.99620000000000001."""
    fractions = percentages / 100.0
    # np.round(fractions, 12), in place: the same scale, round-half-even and scale back.
    fractions *= 1e12
    np.rint(fractions, out=fractions)
    fractions /= 1e12
    return fractions


def _read_exact(cells: pa.Array, decimal_comma: bool) -> np.ndarray:
    parts = pc.extract_regex(cells, percent_pattern(decimal_comma))
    values = number_values(parts.field("num"), decimal_comma)
    negative = pc.is_in(parts.field("sign"), value_set=pa.array(["-", "\u2212"]))
    return np.where(negative.fill_null(False).to_numpy(zero_copy_only=False), -values, values)


def fraction_from_rate(values: np.ndarray, percent_scale: float | None) -> np.ndarray | None:
    """Bare numbers of a rate/share column as fractions, or None if they are not rates."""
    finite = values[~np.isnan(values)]
    if len(finite) == 0:
        return None
    if percent_scale is not None:
        return np.round(values * percent_scale, 12)
    low, high = float(finite.min()), float(finite.max())
    if low >= 0.0 and high <= 1.0:
        return values
    if low >= 0.0 and high <= 100.0:
        return as_fraction(values)
    return None
