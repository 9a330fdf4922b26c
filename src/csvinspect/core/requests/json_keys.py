"""Values after a key in the embedded JSON column, found in the column's bytes with numpy.

new-api writes ``{"cache_tokens":0,"frt":3415,"request_path":"/v1/messages",...}`` in the
``other`` cell of every row. One regular expression per key over a million such cells cost
0.3-0.45 s here (issue 5, "Speed"); finding every colon once and checking the key's bytes
before it costs a few hundredths per key. Each reader gives exactly what its regular
expression (``number_pattern``, ``string_pattern``) gives: the value of the first match in
the cell. The rare cells the fast path cannot settle (a fraction, a number of more than 18
digits, a string longer than ``_STRING_WINDOW`` bytes) are handed to that expression.
"""

from __future__ import annotations

import threading

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.numbers import to_float
from csvinspect.core.cells.textbuffer import is_digit

_COLON, _QUOTE, _SPACE, _DOT = (ord(c) for c in ':" .')
_MAX_DIGITS = 18  # an int64 holds 18 decimal digits; a longer number goes to the expression
_STRING_WINDOW = 256  # bytes searched for a string's closing quote before asking the expression
_BLOCK = 1 << 22  # bytes compared at a time
_MATCHED, _UNSURE = 1, 2  # a candidate's outcome (0: the expression does not match there)


def number_pattern(key: str) -> str:
    return rf'"{key}": ?(?P<v>\d+(?:\.\d+)?)'


def string_pattern(key: str) -> str:
    return rf'"{key}": ?"(?P<v>[^"]*)"'


class JsonKeys:
    """The ``"key":`` places of one text column (``pa.string()``), read key by key."""

    def __init__(self, text: pa.Array) -> None:
        if not pa.types.is_string(text.type):
            text = text.cast(pa.string())
        self.text = text
        self.n = n = len(text)
        buffers = text.buffers()
        self._offsets = np.frombuffer(
            buffers[1], dtype=np.int32, count=n + 1, offset=text.offset * 4
        ).astype(np.int64)
        self._data = (
            np.zeros(1, np.uint8) if buffers[2] is None else np.frombuffer(buffers[2], np.uint8)
        )
        self._valid = text.is_valid().to_numpy(zero_copy_only=False) if text.null_count else None
        self._lock = threading.Lock()  # issue 10: two threads may read keys at once
        self._colons: np.ndarray | None = None
        self._before: np.ndarray | None = None
        self._words: np.ndarray | None = None

    def number(self, key: str) -> np.ndarray:
        """The number after ``"key":`` in each cell (float64, NaN where there is none)."""
        colon, row = self._places(key)
        start = colon + 1
        limit = self._offsets[row + 1]
        start += (start < limit) & (self._byte(start) == _SPACE)
        value, length = self._digits(start, limit)
        end = start + length
        fraction = (end + 1 < limit) & (self._byte(end) == _DOT) & is_digit(self._byte(end + 1))
        outcome = np.where(length > 0, _MATCHED, 0)
        outcome[(length > 0) & (fraction | (length > _MAX_DIGITS))] = _UNSURE
        rows, first, unsure = _first_per_row(row, outcome)
        values = np.full(self.n, np.nan)
        values[rows] = value[first].astype(np.float64)
        if len(unsure):
            found = pc.struct_field(pc.extract_regex(self.text.take(unsure),
                                                     number_pattern(key)), "v")  # fmt: skip
            values[unsure] = to_float(found, checked=True)
        return values

    def string(self, key: str) -> pa.Array:
        """The string after ``"key":`` in each cell, as written (null where there is none)."""
        colon, row = self._places(key)
        start = colon + 1
        limit = self._offsets[row + 1]
        start += (start < limit) & (self._byte(start) == _SPACE)
        opened = (start < limit) & (self._byte(start) == _QUOTE)
        colon, row, limit, begin = colon[opened], row[opened], limit[opened], start[opened] + 1
        # Each candidate's window ends by the next one's start, so the windows and the gaps
        # between them tile the buffer: one Arrow array over it, searched for the closing
        # quote by pyarrow without copying a byte.
        stop = np.minimum(limit, begin + _STRING_WINDOW)
        stop[:-1] = np.minimum(stop[:-1], begin[1:])
        close = self._find_quote(begin, stop)
        outcome = np.where(close >= 0, _MATCHED, np.where(stop < limit, _UNSURE, 0))
        rows, first, unsure = _first_per_row(row, outcome)
        index = np.full(self.n, -1, np.int64)
        if not len(unsure):  # issue 10: the values copied once, straight from the column
            index[rows] = 2 * np.arange(len(rows))  # slice i is at 2 * i among the gaps
            tiled = self._tiled(begin[first], begin[first] + close[first])
            return tiled.take(pa.array(index, mask=index < 0))
        values = self._slices(begin[first], begin[first] + close[first])
        index[rows] = np.arange(len(rows))
        found = pc.struct_field(pc.extract_regex(self.text.take(unsure),
                                                 string_pattern(key)), "v")  # fmt: skip
        index[unsure] = len(values) + np.arange(len(unsure))
        values = pa.concat_arrays([values, found.cast(pa.string())])
        return values.take(pa.array(index, mask=index < 0))

    def _digits(self, start: np.ndarray, limit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Value and length of the run of ASCII digits from each ``start`` up to its cell's
        ``limit`` (value of the first ``_MAX_DIGITS`` digits only).

        Issue 10: the first eight bytes come from one 8-byte read per candidate, walked column
        by column; gathering byte by byte cost 1.1-1.5 s per key on 5M rows. The rare runs
        still going after eight digits continue byte by byte.
        """
        n = len(start)
        value = np.zeros(n, np.int64)
        length = np.zeros(n, np.int64)
        room = limit - start
        head = self._word(start).view(np.uint8).reshape(n, 8)  # little-endian: byte k first
        running = np.ones(n, bool)
        for k in range(8):
            digit = head[:, k] - np.uint8(ord("0"))  # uint8 wraps: non-digits become >= 10
            running &= (digit < 10) & (room > k)
            if not running.any():
                return value, length
            value = np.where(running, value * 10 + digit, value)
            length += running
        alive = np.flatnonzero(running)
        for k in range(8, _MAX_DIGITS + 1):
            at = start[alive] + k
            byte = self._byte(at)
            digit = (at < limit[alive]) & is_digit(byte)
            alive, byte = alive[digit], byte[digit]
            if not len(alive):
                break
            if k < _MAX_DIGITS:
                value[alive] = value[alive] * 10 + (byte - ord("0"))
            length[alive] += 1
        return value, length

    # -- bytes -------------------------------------------------------------------------
    def _byte(self, positions: np.ndarray) -> np.ndarray:
        return np.take(self._data, positions, mode="clip")

    def _places(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the colon of every ``"key":`` lying wholly inside a cell, and the
        cells (rows) they lie in; both ascending."""
        body = f'"{key}"'.encode()  # the needle without its colon
        with self._lock:
            if self._colons is None or self._before is None:
                self._colons, self._before = self._colon_places()
        colon = self._colons[self._before == body[-2]].astype(np.int64)
        begin = colon - len(body)
        colon, begin = colon[begin >= self._offsets[0]], begin[begin >= self._offsets[0]]
        for at in range(0, len(body), 8):  # the whole key, 8 bytes at a time
            part = body[at : at + 8]
            mask64 = np.uint64((1 << (8 * len(part))) - 1)
            ok = (self._word(begin + at) & mask64) == np.uint64(int.from_bytes(part, "little"))
            colon, begin = colon[ok], begin[ok]
        row = np.searchsorted(self._offsets[1:], colon, side="right")
        inside = begin >= self._offsets[row]
        if self._valid is not None:
            inside &= self._valid[row]
        return colon[inside], row[inside]

    def _word(self, positions: np.ndarray) -> np.ndarray:
        """The 8 bytes from each position as one little-endian uint64 (zeros past the end)."""
        if self._words is None:
            padded = self._data if len(self._data) >= 8 else np.zeros(8, np.uint8)
            self._words = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
        last = len(self._words) - 1
        words: np.ndarray = self._words[np.minimum(positions, last)]
        for i in np.flatnonzero(positions > last):  # the last 7 bytes of the buffer
            words[i] = int.from_bytes(self._data[positions[i] :].tobytes()[:8], "little")
        return words

    def _colon_places(self) -> tuple[np.ndarray, np.ndarray]:
        """Every colon's position (int32) and the byte two before it (a key's last byte),
        scanned in blocks: one comparison over the whole buffer would first allocate and
        fault in as many bytes as the column holds, which costs more than the scan."""
        base, end = int(self._offsets[0]), int(self._offsets[-1])
        colons, before = [], []
        for start in range(base, end, _BLOCK):
            found = np.flatnonzero(self._data[start : min(start + _BLOCK, end)] == _COLON)
            found += start
            colons.append(found.astype(np.int32))
            before.append(self._data[np.maximum(found - 2, 0)])
        if not colons:
            return np.zeros(0, np.int32), np.zeros(0, np.uint8)
        return np.concatenate(colons), np.concatenate(before)

    def _tiled(self, starts: np.ndarray, stops: np.ndarray) -> pa.Array:
        """Slices ``[starts[i], stops[i])`` (ascending, not overlapping) and the gaps between
        them, alternately, as one string array over the column's own bytes."""
        offsets = np.empty(2 * len(starts) + 1, np.int32)
        offsets[0:-1:2] = starts
        offsets[1::2] = stops
        offsets[-1] = stops[-1] if len(stops) else 0
        buffers = self.text.buffers()
        return pa.Array.from_buffers(
            pa.string(), 2 * len(starts), [None, pa.py_buffer(offsets), buffers[2]]
        )

    def _find_quote(self, begin: np.ndarray, stop: np.ndarray) -> np.ndarray:
        """Offset of the first ``"`` in each ``[begin, stop)`` (-1 where there is none)."""
        if not len(begin):
            return np.zeros(0, np.int64)
        found = pc.find_substring(self._tiled(begin, stop), '"')
        offsets: np.ndarray = found.to_numpy(zero_copy_only=False)[0::2].astype(np.int64)
        return offsets

    def _slices(self, starts: np.ndarray, stops: np.ndarray) -> pa.Array:
        if not len(starts):
            return pa.array([], pa.string())
        return self._tiled(starts, stops).take(pa.array(np.arange(0, 2 * len(starts), 2)))


def _first_per_row(
    row: np.ndarray, outcome: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row, its first candidate that matched or may match (as the expression scans).

    Returns the rows settled by a match, the index of that match, and the rows whose first
    such candidate is unsure (their values come from the expression).
    """
    counted = np.flatnonzero(outcome > 0)
    row_of = row[counted]
    first = np.ones(len(counted), bool)
    first[1:] = row_of[1:] != row_of[:-1]
    counted = counted[first]
    matched = outcome[counted] == _MATCHED
    return row[counted[matched]], counted[matched], row[counted[~matched]]
