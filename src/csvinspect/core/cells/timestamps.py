"""Points in time, as epoch seconds: local ``2026-11-21 14:03:11``, ``2026/11/21 14:03``,
``21.11.2026 14:03``, ISO 8601 with ``Z`` or an offset and fractional seconds, dates alone,
and unix seconds or milliseconds when the header says the column is a time.

Every time is read as the wall clock written in the cell, stored as if it were UTC
(``ColumnType.TIMESTAMP``): exports write the server's or the viewer's local time and do
not say which, so the clock reading is kept exactly as written. A time written with an
offset (``16:02+08:00``) keeps its wall clock too (issue 11: shown, filtered, grouped and
reported as written); its offset is read by ``cells/zones``, which gives the instant.

Day-first or month-first dates (``03/04/2026``) are decided per column: a first number
above 12 means day-first, a second number above 12 means month-first; otherwise dotted
and dashed dates are day-first (European) and slashed dates month-first (US).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.numbers import WS, spread_sample, to_float
from csvinspect.core.cells.zones import written_offsets

_TIME = (
    "(?:(?:T|[ \t]+)(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})"
    "(?::(?P<s>[0-9]{2})(?:[.,](?P<f>[0-9]{1,9}))?)?)?"
)
_TZ = f"{WS}(?P<tz>[Zz]|UTC|GMT|[-+][0-9]{{2}}(?::?[0-9]{{2}})?)?"
YEAR_FIRST = (
    f"^{WS}(?P<Y>[0-9]{{4}})[-/.年](?P<M>[0-9]{{1,2}})[-/.月](?P<D>[0-9]{{1,2}})日?"
    f"{_TIME}{_TZ}{WS}$"
)
YEAR_LAST = (
    f"^{WS}(?P<a>[0-9]{{1,2}})(?P<sep>[-/.])(?P<b>[0-9]{{1,2}})[-/.](?P<Y>[0-9]{{4}})"
    f"{_TIME}{_TZ}{WS}$"
)
# What pyarrow's own cast reads (a subset of YEAR_FIRST): the fast path.
_ARROW_NAIVE = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)?$"
)
_ARROW_AWARE = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[-+][0-9]{2}(?::?[0-9]{2})?)$"
)
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
# Plausible unix times: 1973-03-03 .. 2286-11-20 in seconds, or the same in milliseconds.
_UNIX_SECONDS = (1e8, 1e10)
_UNIX_MILLIS = (1e11, 1e13)


def read_timestamps(cells: pa.Array) -> np.ndarray:
    """Wall-clock seconds (as if UTC) for every cell that is a date or date-time, whatever
    offset it writes; NaN for every other cell."""
    values = np.full(len(cells), np.nan)
    sample = spread_sample(cells)
    for pattern, kind in (
        (_ARROW_NAIVE, pa.timestamp("us")),
        (_ARROW_AWARE, pa.timestamp("us", "UTC")),
    ):
        todo = np.isnan(values) & cells.is_valid().to_numpy(zero_copy_only=False)
        if not todo.any() or not pc.any(pc.match_substring_regex(sample, pattern)).as_py():
            continue
        subset = cells if todo.all() else cells.filter(pa.array(todo))
        values[todo] = _cast_seconds(subset, kind, pattern)
        if kind.tz is not None:  # Arrow gives the instant: back to the wall clock as written
            values[todo] += np.nan_to_num(written_offsets(subset))
    leftover = np.flatnonzero(np.isnan(values) & cells.is_valid().to_numpy(zero_copy_only=False))
    if len(leftover):
        values[leftover] = _read_exact(cells.take(pa.array(leftover)))
    return values


def _cast_seconds(cells: pa.Array, kind: pa.DataType, pattern: str) -> np.ndarray:
    """Arrow's own ISO parser (fast); cells it cannot read come back NaN."""
    try:
        stamps = pc.cast(cells, kind)
    except pa.ArrowInvalid:
        ok = pc.match_substring_regex(cells, pattern)
        try:
            stamps = pc.cast(pc.if_else(ok, cells, pa.scalar(None, cells.type)), kind)
        except pa.ArrowInvalid:  # e.g. 2026-02-30: leave every cell to the exact path
            return np.full(len(cells), np.nan)
    micros = pc.cast(stamps, pa.int64()).to_numpy(zero_copy_only=False)
    return np.asarray(micros, dtype=np.float64) / 1e6


def _read_exact(cells: pa.Array) -> np.ndarray:
    parts = pc.extract_regex(cells, YEAR_FIRST)
    values = _epoch(parts, _number(parts, "Y"), _number(parts, "M"), _number(parts, "D"))
    rest = np.flatnonzero(np.isnan(values))
    if len(rest):
        last = pc.extract_regex(cells.take(pa.array(rest)), YEAR_LAST)
        a, b = _number(last, "a"), _number(last, "b")
        slashed = pc.equal(last.field("sep"), "/").fill_null(False).to_numpy(zero_copy_only=False)
        day_first = not bool(np.any(slashed))
        if np.any(a > 12):
            day_first = True
        elif np.any(b > 12):
            day_first = False
        day, month = (a, b) if day_first else (b, a)
        values[rest] = _epoch(last, _number(last, "Y"), month, day)
    return values


def _number(parts: pa.StructArray, name: str) -> np.ndarray:
    text = parts.field(name)
    return to_float(pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text))


def _epoch(
    parts: pa.StructArray, year: np.ndarray, month: np.ndarray, day: np.ndarray
) -> np.ndarray:
    """Wall-clock seconds from matched date-time parts; NaN where a part is out of range."""
    hour = np.nan_to_num(_number(parts, "h"))
    minute = np.nan_to_num(_number(parts, "mi"))
    second = np.nan_to_num(_number(parts, "s"))
    fraction = parts.field("f")
    digits = pc.utf8_length(fraction).to_numpy(zero_copy_only=False)
    frac = np.nan_to_num(_number(parts, "f")) / 10.0 ** np.nan_to_num(digits)
    valid = ~np.isnan(year) & (month >= 1) & (month <= 12) & (day >= 1)
    y = np.where(valid, year, 2000).astype(np.int64)
    m = np.where(valid, month, 1).astype(np.int64)
    d = np.where(valid, day, 1).astype(np.int64)
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    valid &= d <= _DAYS_IN_MONTH[m - 1] + ((m == 2) & leap)
    valid &= (hour < 24) & (minute < 60) & (second <= 60)
    offset = _offset_seconds(parts.field("tz"))
    valid &= ~np.isnan(offset)
    seconds = _days_from_civil(y, m, d) * 86400.0 + hour * 3600 + minute * 60 + second + frac
    return np.where(valid, seconds, np.nan)


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    year_of_era = y - era * 400
    day_of_year = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    days: np.ndarray = (era * 146097 + day_of_era - 719468).astype(np.float64)
    return days


def _offset_seconds(zones: pa.Array) -> np.ndarray:
    """UTC offset of each zone text; 0 for none, NaN for an impossible one (+25:00)."""
    unique = pc.unique(zones.fill_null("")).to_pylist()  # a handful of distinct zones
    offsets = []
    for zone in unique:
        if zone in ("", "Z", "z", "UTC", "GMT"):
            offsets.append(0.0)
            continue
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        sign = -1.0 if zone[0] == "-" else 1.0
        ok = hours <= 14 and minutes < 60
        offsets.append(sign * (hours * 3600 + minutes * 60) if ok else np.nan)
    index = pc.index_in(zones.fill_null(""), value_set=pa.array(unique, zones.type))
    per_row: np.ndarray = np.asarray(offsets, dtype=np.float64)[
        index.to_numpy(zero_copy_only=False)
    ]
    return per_row


def unix_epoch(values: np.ndarray) -> np.ndarray | None:
    """Epoch seconds from unix seconds or milliseconds, or None if they are not unix times.

    The unit is chosen per column from the median; values outside the plausible range of
    that unit become NaN (unparsed).
    """
    finite = values[~np.isnan(values)]
    if len(finite) == 0:
        return None
    median = float(np.median(finite))
    for (low, high), scale in ((_UNIX_SECONDS, 1.0), (_UNIX_MILLIS, 0.001)):
        if low <= median < high:
            plausible = (values >= low) & (values < high)
            return np.where(plausible, values * scale, np.nan)
    return None
