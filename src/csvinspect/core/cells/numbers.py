"""How a number is written in a cell: digits, grouping, decimal mark, sign, prefix, suffix.

Every numeric parser (money, percent, counts, durations) reads "an optionally signed number
with a known prefix or suffix" and is built on this module, in three tiers:

* ``read_affixed`` first tries the optimistic path: the column's usual prefix/suffix (as
  seen in a sample) is sliced off every cell with pyarrow and the rest cast to float in
  one go. Cells with thousands separators or spaces are left over while they are few
  (a tenth at most); with more of them or a decimal comma the path is skipped, and then
* ``fast_affixed`` works on the raw UTF-8 bytes with numpy (``TextBuffer``): it strips a
  sign and the given prefixes/suffixes, checks the thousands grouping byte by byte, removes
  the separators and lets ``pyarrow.compute.cast`` convert the rest. It is deliberately
  conservative: anything unusual (parentheses, a unicode minus, spaces inside the number,
  a prefix the caller did not list) is left over, never guessed.
* the exact path is a regular expression (``number_pattern``) run with
  ``pyarrow.compute.extract_regex`` on the left-over cells only, followed by
  ``number_values``.

All three read the same grammar (``tests/core/test_counts.py`` checks it on random cells).
With a decimal point: ``1,234.56``, ``1234.5``, ``.5``,
``1e-05``; with a decimal comma (decided per file, ``separators.py``): ``1.234,56``,
``12,5``. Thousands groups must have three digits; spaces, no-break spaces and ``'`` also
group digits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.grouping import check_grouping, compact
from csvinspect.core.cells.textbuffer import TextBuffer, is_digit, with_validity

# Space-like characters that may group digits or sit between a number and its unit.
SPACES = " \u00a0\u202f\u2009"
WS = "[ \t\u00a0\u202f\u2009\u3000]*"
SIGN = "[-+\u2212]"
_EXPONENT = "(?:[eE][-+]?[0-9]+)?"
# Rows read at once by the byte-level path (a few MB of temporaries per slice).
SLICE_ROWS = 1 << 16
_PLAIN_FLOAT = r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"


def number_pattern(decimal_comma: bool) -> str:
    """Regex (no groups of its own) for one unsigned number in the file's notation."""
    if decimal_comma:
        return f"(?:[0-9]{{1,3}}(?:[.'{SPACES}][0-9]{{3}})+|[0-9]+)(?:,[0-9]*)?{_EXPONENT}"
    return (
        f"(?:(?:[0-9]{{1,3}}(?:[,'{SPACES}][0-9]{{3}})+|[0-9]+)(?:\\.[0-9]*)?|\\.[0-9]+){_EXPONENT}"
    )


def number_values(numbers: pa.Array, decimal_comma: bool) -> np.ndarray:
    """Float values of strings that matched ``number_pattern`` (NaN for nulls and "")."""
    numbers = pc.if_else(pc.equal(numbers, ""), pa.scalar(None, numbers.type), numbers)
    grouping = ".'" + SPACES if decimal_comma else ",'" + SPACES
    for char in grouping:
        numbers = pc.replace_substring(numbers, char, "")
    if decimal_comma:
        numbers = pc.replace_substring(numbers, ",", ".")
    return to_float(numbers)


def _byte_table(chars: str) -> np.ndarray:
    table = np.zeros(256, bool)
    table[list(chars.encode())] = True
    return table


_PLAIN_BYTES = _byte_table("0123456789.+-eE")


def to_float(plain: pa.Array, *, checked: bool = False, strict: bool = False) -> np.ndarray:
    """Cast plain ``-1234.5`` strings to float64; cells that do not cast become NaN.

    ``strict`` raises ``ArrowInvalid`` instead when a cell does not cast.

    Cells holding other bytes are set aside before the cast: pyarrow's cast gives up on
    the whole array at the first bad cell, and spends about half a second per million
    failing cells saying so.
    """
    try:
        # Optimistic: a clean column casts at once. pyarrow's parser reads only the plain
        # bytes plus "nan"/"inf" spellings, which become NaN below either way, so the
        # byte check is needed only when the cast fails.
        floats = pc.cast(plain, pa.float64())
    except pa.ArrowInvalid:
        if strict:
            raise
        floats = None
    if floats is None and not checked:
        plain = _only_plain_bytes(plain)
        try:
            floats = pc.cast(plain, pa.float64())
        except pa.ArrowInvalid:
            floats = None
    if floats is None:  # "1.2.3", "1-2": the right bytes in the wrong order (rare)
        ok = pc.match_substring_regex(plain, _PLAIN_FLOAT)
        try:
            floats = pc.cast(pc.if_else(ok, plain, pa.scalar(None, plain.type)), pa.float64())
        except pa.ArrowInvalid:
            return np.full(len(plain), np.nan)
    assert floats is not None
    values: np.ndarray = floats.to_numpy(zero_copy_only=False)
    if not values.flags.writeable:  # zero-copy view of Arrow memory
        values = values.copy()
    values[~np.isfinite(values)] = np.nan  # "nan" and "inf" are not numbers in an export
    return values


def _only_plain_bytes(plain: pa.Array) -> pa.Array:
    """``plain`` with every cell that holds a byte other than ``0-9 . + - e E`` nulled."""
    if isinstance(plain, pa.ChunkedArray):
        plain = plain.combine_chunks()
    buf = TextBuffer.of(plain)
    bad = _bad_bytes(buf.data)
    if len(bad) == 0:
        return plain
    valid = buf.valid.copy()
    valid[np.searchsorted(buf.ends, bad, side="right")] = False
    return with_validity(plain, valid)


def _bad_bytes(data: np.ndarray) -> np.ndarray:
    """Positions of bytes that cannot be part of a plain number."""
    # Digits by arithmetic first: a 256-entry table look-up over every byte costs 15x more.
    others = np.flatnonzero(~is_digit(data))
    unplain: np.ndarray = others[~_PLAIN_BYTES[data[others]]]
    return unplain


@dataclass
class AffixedNumbers:
    """Numbers read by ``fast_affixed``: NaN where a cell was not read."""

    values: np.ndarray  # float64, sign applied, affix scales not applied
    prefix: np.ndarray  # int8 index into the prefixes, -1 for none
    suffix: np.ndarray  # int8 index into the suffixes, -1 for none


def read_affixed(
    cells: pa.Array,
    *,
    decimal_comma: bool,
    prefixes: Sequence[str] = (),
    suffixes: Sequence[str] = (),
    signed: bool = True,
) -> AffixedNumbers:
    """Read ``[sign] [prefix] number [suffix]`` cells: the optimistic path, then numpy.

    ``signed=False`` reads no sign at all (a duration is never negative). The path is
    chosen once from a sample of the whole column; the cells are then read in slices of
    ``SLICE_ROWS``, so the byte-level masks take a slice's worth of memory, not a column's
    (on the 1M-row benchmark, typing's peak fell from 648 to 498 MB; no slower).
    """
    n = len(cells)
    out = AffixedNumbers(np.full(n, np.nan), np.full(n, -1, np.int8), np.full(n, -1, np.int8))
    sample = spread_sample(cells, 64).to_pylist()
    # A few grouped cells (``1,204`` among ``21``) still leave the cast to most cells.
    grouped = sum(any(c in text for c in ",'" + SPACES) for text in sample)
    optimistic = None
    if not decimal_comma and grouped * 10 <= len(sample):
        optimistic = (
            _usual(sample, prefixes, str.startswith),
            _usual(sample, suffixes, str.endswith),
        )
    for start in range(0, n, SLICE_ROWS):
        part = cells.slice(start, SLICE_ROWS)
        where = slice(start, start + len(part))
        _read_slice(
            part,
            out.values[where],
            out.prefix[where],
            out.suffix[where],
            optimistic=optimistic,
            grouped=grouped,
            decimal_comma=decimal_comma,
            prefixes=prefixes,
            suffixes=suffixes,
            signed=signed,
        )
    return out


def _read_slice(
    cells: pa.Array,
    values: np.ndarray,
    prefix: np.ndarray,
    suffix: np.ndarray,
    *,
    optimistic: tuple[int, int] | None,
    grouped: int,
    decimal_comma: bool,
    prefixes: Sequence[str],
    suffixes: Sequence[str],
    signed: bool,
) -> None:
    """``read_affixed`` for one slice, writing into its views of the column's results."""
    valid = cells.is_valid().to_numpy(zero_copy_only=False)
    if optimistic is not None:
        usual_prefix, usual_suffix = optimistic
        read = _sliced_cast(
            cells,
            valid,
            prefixes[usual_prefix] if usual_prefix >= 0 else "",
            suffixes[usual_suffix] if usual_suffix >= 0 else "",
            signed,
            grouped == 0,
        )
        if read is not None:
            values[:] = read
            got = ~np.isnan(values)
            prefix[got] = usual_prefix
            suffix[got] = usual_suffix
    rest = valid & np.isnan(values)
    if rest.any():
        rows = None if rest.all() else np.flatnonzero(rest)
        subset = cells if rows is None else cells.take(pa.array(rows))
        fast = fast_affixed(
            subset,
            decimal_comma=decimal_comma,
            prefixes=prefixes,
            suffixes=suffixes,
            signed=signed,
        )
        where = slice(None) if rows is None else rows
        values[where] = fast.values
        prefix[where] = fast.prefix
        suffix[where] = fast.suffix


def _usual(sample: list[str], affixes: Sequence[str], test: Callable[[str, str], bool]) -> int:
    """Index of the affix most of ``sample`` carries (first match per cell), or -1."""
    counts = [0] * len(affixes)
    for text in sample:
        for i, affix in enumerate(affixes):
            if test(text, affix):
                counts[i] += 1
                break
    if not counts or max(counts) * 2 < len(sample):
        return -1
    return counts.index(max(counts))


def _sliced_cast(
    cells: pa.Array, valid: np.ndarray, prefix: str, suffix: str, signed: bool, clean: bool
) -> np.ndarray | None:
    """Cast every cell that carries ``prefix``/``suffix`` once they are cut off.

    Returns None when too many such cells hold other bytes (then the numpy path reads the
    column); NaN for the few that do. ``clean``: the sample saw no grouped cell, so the
    whole column is worth casting at once (a failing cast costs more than a byte scan).
    """
    plain = cells
    carries = valid
    if prefix:
        carries = carries & pc.starts_with(cells, prefix).fill_null(False).to_numpy(
            zero_copy_only=False
        )
        plain = pc.utf8_slice_codeunits(plain, len(prefix))
    if suffix:
        carries = carries & pc.ends_with(cells, suffix).fill_null(False).to_numpy(
            zero_copy_only=False
        )
        plain = pc.utf8_slice_codeunits(plain, 0, -len(suffix))
    if not carries.any():
        return None
    if not signed:
        for sign in ("-", "+"):
            carries = carries & ~_flag(pc.starts_with(plain, sign))
    if clean:
        try:
            # Optimistic: a clean column casts at once (see ``to_float`` for what it reads).
            return to_float(with_validity(plain, carries), checked=True, strict=True)
        except pa.ArrowInvalid:
            pass
    buf = TextBuffer.of(plain)
    bad = _bad_bytes(buf.data)
    if len(bad) > len(plain) // 10:
        return None  # thousands separators or spaces: the numpy path reads this column
    if len(bad):
        carries = carries.copy()
        carries[np.searchsorted(buf.ends, bad, side="right")] = False
    return to_float(with_validity(plain, carries), checked=True)


def _flag(mask: pa.Array) -> np.ndarray:
    flags: np.ndarray = mask.fill_null(False).to_numpy(zero_copy_only=False)
    return flags


def fast_affixed(
    cells: pa.Array,
    *,
    decimal_comma: bool,
    prefixes: Sequence[str] = (),
    suffixes: Sequence[str] = (),
    signed: bool = True,
) -> AffixedNumbers:
    """Read ``[sign] [prefix [space]] [sign] number [[space] suffix]`` cells with numpy.

    Prefixes and suffixes are tried in the given order (list longer ones first). Null cells
    and cells of any other shape come back as NaN for the exact path to look at.
    """
    buf = TextBuffer.of(cells)
    n = len(buf)
    starts = buf.starts.copy()
    ends = buf.ends.copy()
    active = buf.valid & (ends > starts)
    first = buf.byte_at(starts)
    last = buf.byte_at(ends - 1)
    negative = np.zeros(n, bool)
    has_sign = np.zeros(n, bool)
    prefix = np.full(n, -1, np.int8)
    suffix = np.full(n, -1, np.int8)

    # Boolean masks over all cells throughout: whole-array arithmetic and gathers cost less
    # than fancy indexing with million-long index arrays.
    def advance(where: np.ndarray, width: int) -> None:
        if where.any():
            starts[:] += width * where
            first[:] = buf.byte_at(starts)

    def retreat(where: np.ndarray, width: int) -> None:
        if where.any():
            ends[:] -= width * where
            last[:] = buf.byte_at(ends - 1)

    def take_sign(where: np.ndarray) -> None:
        minus = where & (first == ord("-"))
        sign = minus | (where & (first == ord("+")))
        negative[minus] = True
        has_sign[sign] = True
        advance(sign, 1)

    if signed:
        take_sign(active)
    for i, text in enumerate(prefixes):
        pattern = text.encode()
        hit = active & (prefix < 0) & (first == pattern[0])
        if hit.any():
            hit &= buf.matches_at(starts, pattern, ends)
            prefix[hit] = i
            advance(hit, len(pattern))
    if prefixes:
        prefixed = prefix >= 0
        advance(prefixed & (first == ord(" ")), 1)
        if signed:
            take_sign(prefixed & ~has_sign)
    for i, text in enumerate(suffixes):
        pattern = text.encode()
        hit = active & (suffix < 0) & (last == pattern[-1])
        if hit.any():
            hit &= ends - starts >= len(pattern)
            hit &= buf.matches_at(ends - len(pattern), pattern, ends)
            suffix[hit] = i
            retreat(hit, len(pattern))
    if suffixes:
        retreat((suffix >= 0) & (last == ord(" ")), 1)

    decimal = ord(",") if decimal_comma else ord(".")
    separator = ord(".") if decimal_comma else ord(",")
    active &= ends > starts
    active &= is_digit(first) | ((first == decimal) & (not decimal_comma))
    active &= is_digit(last) | (last == decimal)

    separators = check_grouping(buf, starts, ends, active, separator)
    plain = compact(buf, starts, ends, active, separators, decimal_comma)
    values = to_float(plain)
    values[negative] *= -1.0
    values[~active] = np.nan
    return AffixedNumbers(values, prefix, suffix)


def spread_sample(cells: pa.Array, size: int = 256) -> pa.Array:
    """Up to ``size`` non-null cells spread evenly over the column (for choosing fast paths)."""
    if cells.null_count == 0:  # no validity to scan (most columns of a big export)
        rows = np.arange(len(cells), dtype=np.int64)
        if len(cells) > size:
            rows = np.arange(size, dtype=np.int64) * (len(cells) - 1) // (size - 1)
        return cells.take(pa.array(rows, pa.int64()))
    rows = np.flatnonzero(cells.is_valid().to_numpy(zero_copy_only=False))
    if len(rows) > size:
        rows = rows[np.arange(size, dtype=np.int64) * (len(rows) - 1) // (size - 1)]
    return cells.take(pa.array(rows, pa.int64()))
