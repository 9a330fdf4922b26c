"""Whole columns as JSON text, each cell written exactly as ``json.dumps`` writes its value.

Issue 10: a 1M-row group-health report made a dict per token and ran ``json.dumps`` on each
group (6.6 s of 18 s). These render every cell of a column at once with pyarrow and numpy;
the rare cell the vectorised path could get wrong (a control character, a number printed in
exponent form, a secret to redact) is written by ``json.dumps`` itself, one cell at a time.
"""

from __future__ import annotations

import functools
import json

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.redact import candidates, redact_text

TEXT = pa.large_string()
NULL = pa.scalar("null", TEXT)
NOTHING = pa.scalar("", TEXT)

# Python's whitespace (str.isspace), as a regular-expression class for pyarrow (RE2)
_SPACE = r"\t-\r\x1c-\x1f\x85\p{Z}"
_PADDED = f"^[{_SPACE}]|[{_SPACE}]$"


def rounded_array(values: np.ndarray) -> np.ndarray:
    """``round(v, 6)`` over an array, digit for digit; NaN stays NaN.

    ``rint(v * 1e6) / 1e6`` is the double nearest the 6-decimal rounding unless ``v * 1e6``
    lies within rounding error of a half (or is too big to hold exactly): those few go
    through ``round`` itself. Issue 10: two million ``round`` calls a report.
    """
    with np.errstate(invalid="ignore"):
        scaled = values * 1e6
        near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-3
        unsure = near_half | ~(np.abs(values) < 1e9)  # NaN is unsure too
        out: np.ndarray = np.rint(scaled) / 1e6
    for i in np.flatnonzero(unsure).tolist():
        value = float(values[i])
        out[i] = value if value != value else round(value, 6)
    return out


def json_floats(values: np.ndarray) -> pa.Array:
    """Floats as ``json.dumps`` writes them (``100.0``, ``1e-07``), ``null`` for NaN."""
    return pc.binary_join_element_wise(*float_pieces(values), NOTHING)


def float_pieces(values: np.ndarray, prefix: str = "") -> list[pa.Array | pa.Scalar]:
    """``prefix`` and ``json_floats`` in pieces that, joined row by row, are its text.

    A float that is the double nearest a number of at most 6 decimals, 1e-4 <= |v| < 1e9 or
    zero, is what ``repr`` writes as that number in plain decimals (15 significant digits or
    fewer identify a double): its sign, whole part and two three-digit halves of its
    decimals, trailing zeros left out, are looked up in tables. Issue 10: pyarrow's cast of
    a float to text, then ``.0`` added, cost a third of a run's text; the others (exponent
    form, NaN) are written by ``json.dumps`` itself, one at a time. Every piece costs the
    join a pass, so the prefix is part of the whole numbers' table, and a small whole part
    (a rate's) is looked up with the first decimals.
    """
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        size = np.abs(values)
        micro = np.rint(size * 1e6)
        plain = ((size >= 1e-4) & (size < 1e9)) | (size == 0)
        plain &= micro / 1e6 == size
    whole, decimals = np.divmod(np.where(plain, micro, 0).astype(np.int64), 1_000_000)
    head, tail = np.divmod(decimals, 1000)
    head += (tail != 0) * 1000  # a head followed by a tail keeps its zeros
    others = np.flatnonzero(~plain)
    head[others], tail[others] = 2000, 0  # ""
    negative = np.signbit(values) & plain
    signed = bool(negative.any())
    heads, tails = _decimals()
    missing = np.isnan(values)
    pieces: list[pa.Array | pa.Scalar]
    if not signed and (not len(whole) or whole.max() < _FEW):  # rates: whole and head at once
        at = np.where(missing, _FEW * len(heads), whole * len(heads) + head)
        pieces = [_few_heads(prefix).take(pa.array(at))]
    else:
        lead = "" if signed else prefix
        pieces = [_whole_texts(whole, missing, lead), heads.take(pa.array(head))]
    if tail.any():
        pieces.append(tails.take(pa.array(tail)))
    redo = others[~np.isnan(values[others])]
    if len(redo):
        mask = np.zeros(len(values), dtype=bool)
        mask[redo] = True
        lead = "" if signed else prefix
        redone = pa.array([lead + json.dumps(v) for v in values[redo].tolist()], TEXT)
        pieces[0] = pc.replace_with_mask(pieces[0], pa.array(mask), redone)
    if signed:
        pieces[:0] = [pa.scalar(prefix, TEXT), pc.if_else(pa.array(negative), _MINUS, NOTHING)]
    return pieces


def json_counts(values: np.ndarray, prefix: str = "") -> pa.Array:
    """Whole numbers held as floats, written as ``int(v)`` is (``null`` for NaN), each
    after ``prefix``."""
    values = np.asarray(values, dtype=np.float64)
    missing = np.isnan(values)
    safe = missing | (np.abs(values) < 2.0**62)
    ints = np.where(safe & ~missing, values, 0).astype(np.int64)
    texts = _whole_texts(ints, missing, prefix)
    big = np.flatnonzero(~safe)
    if len(big):  # past int64: Python's int prints them (an overflow error for inf, as before)
        redone = [prefix + json.dumps(int(values[i])) for i in big.tolist()]
        texts = pc.replace_with_mask(texts, pa.array(~safe), pa.array(redone, TEXT))
    return texts


def _whole_texts(numbers: np.ndarray, missing: np.ndarray, prefix: str) -> pa.Array:
    """Whole numbers as text after ``prefix``, ``null`` where ``missing``: looked up in a
    table while they are small."""
    if len(numbers) and (numbers.min() < 0 or numbers.max() >= _SMALL):
        texts = pa.array(numbers).cast(TEXT)
        if missing.any():
            texts = pc.if_else(pa.array(missing), NULL, texts)
        if prefix:
            texts = pc.binary_join_element_wise(pa.scalar(prefix, TEXT), texts, NOTHING)
        return texts
    return _numbers(prefix).take(pa.array(np.where(missing, _SMALL, numbers)))


_SMALL = 1 << 14  # whole numbers below it are looked up in a table
_MINUS = pa.scalar("-", TEXT)


@functools.cache
def _numbers(prefix: str) -> pa.Array:
    """``prefix`` and each whole number below ``_SMALL``, then ``prefix`` and "null"."""
    return pa.array([f"{prefix}{n}" for n in range(_SMALL)] + [f"{prefix}null"], TEXT)


_FEW = 4  # whole parts below it are looked up with the first three decimals


@functools.cache
def _few_heads(prefix: str) -> pa.Array:
    """``prefix``, a whole number below ``_FEW`` and each of the first three decimals' texts
    (``_decimals``), whole number by whole number; then ``prefix`` and "null"."""
    heads = _decimals()[0].to_pylist()
    texts = [f"{prefix}{whole}{head}" for whole in range(_FEW) for head in heads]
    return pa.array([*texts, f"{prefix}null"], TEXT)


@functools.cache
def _decimals() -> tuple[pa.Array, pa.Array]:
    """The first three decimals with the point, trailing zeros left out (0-999) and kept
    (1000-1999), then ""; the last three, trailing zeros left out ("" for none)."""
    three = [f"{n:03d}" for n in range(1000)]
    heads = ["." + (t.rstrip("0") or "0") for t in three] + ["." + t for t in three] + [""]
    tails = ["", *(t.rstrip("0") for t in three[1:])]
    return pa.array(heads, TEXT), pa.array(tails, TEXT)


def json_texts(cells: pa.Array, *, strip: bool, redact: bool) -> pa.Array:
    """Text cells as the inside of JSON strings, as ``json.dumps(ensure_ascii=False)``
    writes them between the quotes; nulls as empty text.

    ``strip``: written as ``str.strip`` leaves them. ``redact``: each cell as ``redact_text``
    leaves it, found by the redaction's pre-filter over these cells only (issue 10: a run of
    tokens at a time, not a whole column before the first group is written). Cells with
    something to escape or strip, and those the pre-filter finds, are written in Python; the
    others are the cells.
    """
    if isinstance(cells, pa.ChunkedArray):  # a table's text may come in chunks
        cells = cells.combine_chunks()
    cells = pc.fill_null(cells.cast(TEXT), "")
    mask = _escaped(cells)
    if strip:
        mask |= pc.match_substring_regex(cells, _PADDED).to_numpy(zero_copy_only=False)
    suspects = candidates(cells) if redact else np.zeros(len(cells), dtype=bool)
    mask |= suspects
    redo = np.flatnonzero(mask)
    if not len(redo):
        return cells
    redone = []
    texts = cells.take(pa.array(redo)).to_pylist()
    for text, suspect in zip(texts, suspects[redo].tolist(), strict=True):
        text = text.strip() if strip else text
        text = redact_text(text) if suspect else text
        redone.append(json.dumps(text, ensure_ascii=False)[1:-1])
    return pc.replace_with_mask(cells, pa.array(mask), pa.array(redone, TEXT))


def _escaped(cells: pa.Array) -> np.ndarray:
    """Which cells hold a byte ``json.dumps`` escapes: a quote, a backslash, a control.

    A numpy pass over the text bytes (UTF-8 continuation bytes are all >= 0x80), several
    times faster than a regular expression per cell (issue 10).
    """
    mask = np.zeros(len(cells), dtype=bool)
    _, offsets_buffer, data = cells.buffers()
    if data is None or not len(cells):
        return mask
    offsets = np.frombuffer(offsets_buffer, np.int64)[cells.offset : cells.offset + len(cells) + 1]
    text = np.frombuffer(data, np.uint8)[offsets[0] : offsets[-1]]
    hits = np.flatnonzero((text < 0x20) | (text == 0x22) | (text == 0x5C))
    if len(hits):
        mask[np.searchsorted(offsets, hits + offsets[0], side="right") - 1] = True
    return mask
