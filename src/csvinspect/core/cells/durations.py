"""Durations, in seconds: ``3.21s``, ``850ms``, ``1m2s``, ``2.5 min``, ``27 s 2.4 s 流``.

The Chinese console's ``用时/首字`` cell holds the total time, optionally the time to the
first token, and whether the call streamed (流) or not (非流): ``27 s 2.4 s 流``. Its value
is the total (the first duration); ``console_timing`` returns all three parts for the
request-log analysis. Bare numbers take their unit from the header (``headers.py``); when a
duration header names no unit, ``guess_unit`` decides from the values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.numbers import WS, number_pattern, number_values, read_affixed

_UNITS = (
    ("h", "hours|hour|hrs|hr|h|小时", 3600.0),
    ("m", "minutes|minute|mins|min|m|分钟|分", 60.0),
    ("s", "seconds|second|secs|sec|s|秒", 1.0),
    ("ms", "milliseconds|millisecond|msec|ms|毫秒", 0.001),
)
_FAST_SUFFIXES = {"ms": 0.001, "s": 1.0}


def composite_pattern(decimal_comma: bool) -> str:
    """``1h2m3s``-style durations: each unit at most once, largest first."""
    number = number_pattern(decimal_comma)
    parts = "".join(f"(?:(?P<{g}>{number}){WS}(?:{units}))?{WS}" for g, units, _ in _UNITS)
    return f"^{WS}{parts}$"


def console_pattern(decimal_comma: bool) -> str:
    """The console's ``用时/首字`` cell: ``27 s 2.4 s 流``, ``14 s 非流``."""
    number = number_pattern(decimal_comma)
    second = "(?:s|秒)"
    return (
        f"^{WS}(?P<total>{number}){WS}{second}(?:{WS}(?P<first>{number}){WS}{second})?"
        f"{WS}(?P<stream>流|非流)?{WS}$"
    )


def read_durations(cells: pa.Array, *, decimal_comma: bool) -> np.ndarray:
    """Seconds for every cell written with a unit; NaN for every other cell."""
    suffixes = list(_FAST_SUFFIXES)
    fast = read_affixed(cells, decimal_comma=decimal_comma, suffixes=suffixes, signed=False)
    scale = np.append(np.array(list(_FAST_SUFFIXES.values())), np.nan)
    values = to_seconds(fast.values, scale[fast.suffix])  # suffix -1 picks NaN: a bare number
    valid = cells.is_valid().to_numpy(zero_copy_only=False)
    leftover = np.flatnonzero(valid & np.isnan(values))
    if len(leftover):
        rest = cells.take(pa.array(leftover))
        exact = _read_composite(rest, decimal_comma)
        console = np.isnan(exact)
        if console.any():
            exact[console] = console_timing(
                rest.filter(pa.array(console)), decimal_comma=decimal_comma
            ).total
        values[leftover] = exact
    return values


def _read_composite(cells: pa.Array, decimal_comma: bool) -> np.ndarray:
    parts = pc.extract_regex(cells, composite_pattern(decimal_comma))
    total = np.zeros(len(cells))
    seen = np.zeros(len(cells), bool)
    for group, _, seconds in _UNITS:
        text = parts.field(group)
        present = pc.not_equal(text, "").fill_null(False).to_numpy(zero_copy_only=False)
        amount = number_values(
            pc.if_else(pa.array(present), text, pa.scalar(None, text.type)), decimal_comma
        )
        total += np.where(present, to_seconds(amount, seconds), 0.0)
        seen |= present
        seen &= ~(present & np.isnan(amount))
    total[~seen] = np.nan
    return total


@dataclass
class ConsoleTiming:
    """The parts of ``用时/首字`` cells."""

    total: np.ndarray  # seconds, NaN where the cell is not a console timing
    first_token: np.ndarray  # seconds to the first token, NaN where not shown
    stream: np.ndarray  # int8: 1 streamed (流), 0 not (非流), -1 not shown


def console_timing(cells: pa.Array, *, decimal_comma: bool = False) -> ConsoleTiming:
    """Split ``27 s 2.4 s 流`` cells into total, first-token time and stream flag."""
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    parts = pc.extract_regex(cells, console_pattern(decimal_comma))
    first_text = parts.field("first")
    first_text = pc.if_else(pc.equal(first_text, ""), pa.scalar(None, pa.string()), first_text)
    stream_text = parts.field("stream")
    stream = np.full(len(cells), -1, np.int8)
    stream[pc.equal(stream_text, "流").fill_null(False).to_numpy(zero_copy_only=False)] = 1
    stream[pc.equal(stream_text, "非流").fill_null(False).to_numpy(zero_copy_only=False)] = 0
    return ConsoleTiming(
        total=number_values(parts.field("total"), decimal_comma),
        first_token=number_values(first_text, decimal_comma),
        stream=stream,
    )


def to_seconds(values: np.ndarray, unit: float | np.ndarray) -> np.ndarray:
    """``values`` in a unit of ``unit`` seconds, as seconds (8123 ms -> 8.123, not 8.1230001)."""
    return np.round(values * unit, 9)


def guess_unit(values: np.ndarray) -> float:
    """Seconds per unit for a duration column whose header names no unit.

    Whole numbers of 50 or more (``8123``) are milliseconds, the unit of most gateways'
    per-request logs (seeds 002, 003); anything else (``3.85``, ``12``) is seconds.
    """
    finite = values[~np.isnan(values)]
    if len(finite) and np.all(finite == np.floor(finite)) and np.median(finite) >= 50:
        return 0.001
    return 1.0


_WRITTEN_UNITS = np.array([0.001, 1.0, 60.0, 3600.0])
_LEADING_NUMBER = r"^\s*(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


def written_unit(cells: pa.Array, seconds: np.ndarray, sample: int = 500) -> float:
    """Seconds per unit a duration column's cells are written in (0.001 for ``latency_ms``).

    Read back from the cells themselves: the number a cell starts with against the seconds it
    was read as, so it holds whether the header named the unit or ``guess_unit`` chose it.
    Issue 11: a bare number in a filter means this unit, as the user sees it in the table.
    1.0 (seconds) when no cell tells.
    """
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    rows = np.flatnonzero(~np.isnan(seconds) & (seconds > 0))[:sample]
    if not len(rows):
        return 1.0
    found = pc.extract_regex(cells.take(pa.array(rows)), _LEADING_NUMBER).field("n")
    numbers = pc.cast(pc.replace_substring(found, ",", ""), pa.float64())
    written = np.asarray(numbers.fill_null(np.nan).to_numpy(zero_copy_only=False), float)
    usable = written > 0
    if not usable.any():
        return 1.0
    ratio = np.log(seconds[rows][usable] / written[usable])
    nearest = np.abs(ratio[:, None] - np.log(_WRITTEN_UNITS)[None, :]).argmin(axis=1)
    return float(_WRITTEN_UNITS[np.bincount(nearest, minlength=len(_WRITTEN_UNITS)).argmax()])
