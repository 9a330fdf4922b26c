"""Whole columns as JSON text, each cell written exactly as ``json.dumps`` writes its value.

Issue 10: a 1M-row group-health report made a dict per token and ran ``json.dumps`` on each
group (6.6 s of 18 s). These render every cell of a column at once with pyarrow and numpy;
the rare cell the vectorised path could get wrong (a control character, a number printed in
exponent form, a secret to redact) is written by ``json.dumps`` itself, one cell at a time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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
    """Floats as ``json.dumps`` writes them (``100.0``, ``1e-07``), ``null`` for NaN.

    pyarrow prints the same shortest digits as Python's ``repr`` but leaves out ``.0`` and
    switches to exponent form at other magnitudes: it is used where both print plain
    decimals (1e-4 <= |v| < 1e9, and zero), and ``repr`` elsewhere.
    """
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        size = np.abs(values)
        plain = ((size >= 1e-4) & (size < 1e9)) | (values == 0)
        whole = plain & (np.floor(values) == values)
    texts = pa.array(values).cast(TEXT)
    if whole.any():  # "100" -> "100.0"
        at = pa.array(np.flatnonzero(whole))
        point = pc.binary_join_element_wise(texts.take(at), pa.scalar(".0", TEXT), NOTHING)
        texts = pc.replace_with_mask(texts, pa.array(whole), point)
    others = ~plain & ~np.isnan(values)
    if others.any():
        redone = [json.dumps(v) for v in values[others].tolist()]
        texts = pc.replace_with_mask(texts, pa.array(others), pa.array(redone, TEXT))
    return pc.if_else(pa.array(np.isnan(values)), NULL, texts)


def json_counts(values: np.ndarray) -> pa.Array:
    """Whole numbers held as floats, written as ``int(v)`` is (``null`` for NaN)."""
    values = np.asarray(values, dtype=np.float64)
    missing = np.isnan(values)
    safe = missing | (np.abs(values) < 2.0**62)
    ints = np.where(safe & ~missing, values, 0).astype(np.int64)
    texts = pa.array(ints).cast(TEXT)
    big = np.flatnonzero(~safe)
    if len(big):  # past int64: Python's int prints them (an overflow error for inf, as before)
        redone = [json.dumps(int(values[i])) for i in big.tolist()]
        texts = pc.replace_with_mask(texts, pa.array(~safe), pa.array(redone, TEXT))
    return pc.if_else(pa.array(missing), NULL, texts)


def json_texts(
    cells: pa.Array, *, strip: bool, changed: Mapping[str, str], rows: np.ndarray
) -> pa.Array:
    """Text cells as the inside of JSON strings, as ``json.dumps(ensure_ascii=False)``
    writes them between the quotes; nulls as empty text.

    ``strip``: written as ``str.strip`` leaves them. ``rows``: positions whose text is
    replaced by its entry in ``changed`` (redaction) when it has one. Cells with something to
    escape or strip, and those ``rows``, are written in Python; the others are the cells.
    """
    if isinstance(cells, pa.ChunkedArray):  # a table's text may come in chunks
        cells = cells.combine_chunks()
    cells = pc.fill_null(cells.cast(TEXT), "")
    mask = _escaped(cells)
    if strip:
        mask |= pc.match_substring_regex(cells, _PADDED).to_numpy(zero_copy_only=False)
    mask[rows] = True
    redo = np.flatnonzero(mask)
    if not len(redo):
        return cells
    redone = []
    for text in cells.take(pa.array(redo)).to_pylist():
        text = text.strip() if strip else text
        redone.append(json.dumps(changed.get(text, text), ensure_ascii=False)[1:-1])
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
