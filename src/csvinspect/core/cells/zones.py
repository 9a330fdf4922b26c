"""UTC offsets as a time column writes them (``16:02+08:00``, ``T16:02:11Z``), issue 11.

A timestamp column's values are the wall clock as written (``cells/timestamps``): what the
user reads in the cell, what a date filter compares with, what the hour and day breakdowns
bucket by and what the report prints. The offsets written beside them are kept here, so
that a column whose offsets differ still sorts by the instant, and so that the report and
the column's tooltip can say which offset the times are in.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# A zone only after a time (``:MM``, ``:SS`` or a fraction), so the day of ``2026-07-08`` is
# never read as an offset of -08. The tail is enough and much cheaper to match.
_ZONE_AFTER_TIME = (
    r"(?::[0-9]{2}|[.,][0-9]+)[ \t]*(?P<tz>[Zz]|UTC|GMT|[-+][0-9]{2}(?::?[0-9]{2})?)[ \t]*$"
)
_TAIL = 24  # ":SS" + 9 fraction digits + "+HH:MM" + spaces fit in it
_MAX_OFFSET_HOURS = 14

_cache: dict[int, tuple[weakref.ref[Any], WrittenZones]] = {}


@dataclass(frozen=True)
class WrittenZones:
    """The offsets of one column's cells."""

    offsets: np.ndarray  # seconds east of UTC per cell; NaN where the cell writes none
    labels: tuple[str, ...]  # the distinct offsets, normalised: "+08:00", "Z"

    @property
    def mixed(self) -> bool:
        """Offsets differ between cells: wall clocks of different zones in one column."""
        return len(self.labels) > 1

    @property
    def label(self) -> str | None:
        """The one offset every zoned cell writes; None when there is none or several."""
        return self.labels[0] if len(self.labels) == 1 else None

    def instants(self, wall_clock: np.ndarray) -> np.ndarray:
        """UTC epoch seconds of the wall-clock values (naive cells stay as written)."""
        instants: np.ndarray = wall_clock - np.nan_to_num(self.offsets)
        return instants

    def note(self) -> str | None:
        """What the column's tooltip and the report say about the offsets, if anything."""
        if not self.labels:
            return None
        if self.mixed:
            return (
                f"Times as written; their UTC offsets differ ({', '.join(self.labels)}):\n"
                "sorted by the instant, filtered and grouped by the time as written."
            )
        return f"Times as written, at UTC offset {self.labels[0]}."


def offset_label(seconds: float) -> str:
    """``+08:00``, ``-05:30``, ``Z`` for an offset in seconds east of UTC."""
    if seconds == 0:
        return "Z"
    sign = "-" if seconds < 0 else "+"
    minutes = round(float(abs(seconds))) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def written_offsets(cells: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Seconds east of UTC each cell writes after its time; NaN for none or an impossible one.

    The usual shapes (``…:11+08:00``, ``…:11+0800``, ``…:11Z``) are read from the last eight
    bytes of each cell, once per distinct ending, because Arrow's string kernels took over a
    second per million cells here; the rare rest (``UTC``, ``GMT``, trailing blanks) goes
    through a regex.
    """
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    if not len(cells):
        return np.full(0, np.nan)
    encoded = pc.dictionary_encode(pa.array(_last_eight_bytes(cells)))
    ending_offsets, ending_rare = _read_endings(_tails(encoded.dictionary))
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    offsets: np.ndarray = ending_offsets[codes]
    rare = ending_rare[codes]
    if rare.any():
        rest = np.flatnonzero(rare)
        offsets[rest] = _regex_offsets(cells.take(pa.array(rest)))
    return offsets


def written_labels(cells: pa.Array | pa.ChunkedArray) -> tuple[str, ...]:
    """The distinct offsets the cells write, as ``column_zones(cells).labels`` has them.

    Issue 10: the report needs only these; keeping an offset per cell, as ``column_zones``
    does for sorting and filtering, held 8 MB a million-row column for the whole report.
    The cells are read ``_SLICE`` at a time: a million at once took 16-30 MB more at the
    report's peak, read beside the analysis.
    """
    chunks = cells.chunks if isinstance(cells, pa.ChunkedArray) else [cells]
    found = [
        _slice_offsets(chunk.slice(start, _SLICE))
        for chunk in chunks
        for start in range(0, len(chunk), _SLICE)
    ]
    return _labels(np.concatenate(found)) if found else ()


_SLICE = 1 << 16  # cells whose endings are read at a time


def _slice_offsets(cells: pa.Array) -> np.ndarray:
    """The offsets of the distinct endings of ``cells``."""
    keys = pa.array(_last_eight_bytes(cells))
    endings = pc.unique(keys)
    offsets, rare = _read_endings(_tails(endings))
    if rare.any():  # the cells with such an ending go through the regex
        with_rare = pc.is_in(keys, value_set=endings.filter(pa.array(rare)))
        offsets = np.concatenate([offsets, _regex_offsets(cells.filter(with_rare))])
    return offsets


def _tails(endings: pa.Array) -> np.ndarray:
    """The last six of the eight bytes of each distinct ending, a row each."""
    keys = endings.to_numpy(zero_copy_only=False).astype("<u8")
    tails: np.ndarray = keys.view(np.uint8).reshape(-1, 8)[:, 2:]
    return tails


def _labels(offsets: np.ndarray) -> tuple[str, ...]:
    """The distinct offsets, in order, normalised: ``("-05:00", "+08:00")``."""
    return tuple(offset_label(s) for s in np.unique(offsets[~np.isnan(offsets)]))


def _last_eight_bytes(cells: pa.Array) -> np.ndarray:
    """The last eight bytes of each cell as one little-endian integer; 0 for shorter cells."""
    if cells.type not in (pa.string(), pa.large_string()):
        cells = cells.cast(pa.large_string())
    _, bounds_buffer, data_buffer = cells.buffers()
    # the offsets read as they are stored, 32 or 64 bits
    width: np.dtype[Any] = np.dtype(np.int64 if cells.type == pa.large_string() else np.int32)
    bounds = np.frombuffer(bounds_buffer, dtype=width)[cells.offset :][: len(cells) + 1]
    starts, ends = bounds[:-1], bounds[1:]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else None
    if data is None or len(data) < 8:
        return np.zeros(len(cells), dtype="<u8")
    # every 8-byte window of the data, overlapping: one gather reads a cell's last 8 bytes
    windows = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    long_enough = ends - starts >= 8
    if long_enough.all():  # as in most time columns: one gather, no masked copies
        every: np.ndarray = windows[ends - 8]
        return every
    keys = np.zeros(len(cells), dtype="<u8")
    keys[long_enough] = windows[ends[long_enough] - 8]
    return keys


def _read_endings(tail: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Offsets of distinct 6-byte cell endings, and which endings need the regex."""
    offsets = np.full(len(tail), np.nan)
    digit = (tail >= ord("0")) & (tail <= ord("9"))
    sign = np.where(tail == ord("-"), -1.0, np.where(tail == ord("+"), 1.0, 0.0))
    value = (tail.astype(np.int64) - ord("0")) * digit
    colon = tail == ord(":")
    # +HH:MM (a date has no colon); +HHMM after a digit; +HH after a colon and two digits
    hh_mm = (sign[:, 0] != 0) & digit[:, 1] & digit[:, 2] & colon[:, 3] & digit[:, 4:].all(1)
    hhmm = digit[:, 0] & (sign[:, 1] != 0) & digit[:, 2:].all(1)
    hh = colon[:, 0] & digit[:, 1] & digit[:, 2] & (sign[:, 3] != 0) & digit[:, 4:].all(1)
    zulu = ((tail[:, 5] == ord("Z")) | (tail[:, 5] == ord("z"))) & digit[:, 4]
    for found, s_col, h_col, m_col in ((hh_mm, 0, 1, 4), (hhmm, 1, 2, 4), (hh, 3, 4, None)):
        hours = value[found, h_col] * 10 + value[found, h_col + 1]
        minutes = 0 if m_col is None else value[found, m_col] * 10 + value[found, m_col + 1]
        seconds = sign[found, s_col] * (hours * 3600.0 + minutes * 60.0)
        offsets[found] = np.where((hours <= _MAX_OFFSET_HOURS) & (minutes < 60), seconds, np.nan)
    offsets[zulu] = 0.0
    last = tail[:, 5]
    rare = ~(hh_mm | hhmm | hh | zulu) & ((last > ord("9")) | ((last <= ord(" ")) & (last > 0)))
    return offsets, rare


def _regex_offsets(cells: pa.Array) -> np.ndarray:
    offsets = np.full(len(cells), np.nan)
    zones = pc.extract_regex(pc.utf8_slice_codeunits(cells, -_TAIL), _ZONE_AFTER_TIME)
    zone_text = zones.field("tz")
    unique = [z for z in pc.unique(zone_text).to_pylist() if z]
    if not unique:
        return offsets
    seconds = np.array([_zone_seconds(z) for z in unique], dtype=np.float64)
    index = pc.index_in(zone_text, value_set=pa.array(unique, zone_text.type))
    found = index.is_valid().to_numpy(zero_copy_only=False)
    positions = index.fill_null(0).to_numpy(zero_copy_only=False)
    offsets[found] = seconds[positions[found]]
    return offsets


def _zone_seconds(zone: str) -> float:
    if zone in ("Z", "z", "UTC", "GMT"):
        return 0.0
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > _MAX_OFFSET_HOURS or minutes >= 60:
        return np.nan
    return (-1.0 if zone[0] == "-" else 1.0) * (hours * 3600 + minutes * 60)


def column_zones(cells: pa.Array | pa.ChunkedArray) -> WrittenZones:
    """The offsets of a timestamp column, computed once per column and then reused."""
    cached = _cached(cells)
    if cached is not None:
        return cached
    key = id(cells)
    offsets = written_offsets(cells)
    zones = WrittenZones(offsets, _labels(offsets))
    _cache[key] = (weakref.ref(cells, _forget(key)), zones)
    return zones


def _cached(cells: pa.Array | pa.ChunkedArray) -> WrittenZones | None:
    cached = _cache.get(id(cells))
    return cached[1] if cached is not None and cached[0]() is cells else None


def _forget(key: int) -> Callable[[weakref.ref[Any]], None]:
    """Drop a column's cached offsets once its cells are freed (a closed tab)."""

    def forget(_ref: weakref.ref[Any]) -> None:
        _cache.pop(key, None)

    return forget


def export_zone(columns: list[pa.Array]) -> WrittenZones | None:
    """The offsets of an export's time columns together: what its report's times are in.

    None when no time column writes an offset (times as written, zone unknown).
    """
    labels: set[str] = set()
    for cells in columns:
        cached = _cached(cells)  # the app sorted or filtered by it: read already
        labels.update(written_labels(cells) if cached is None else cached.labels)
    if not labels:
        return None
    return WrittenZones(np.empty(0), tuple(sorted(labels)))
