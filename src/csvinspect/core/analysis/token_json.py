"""A run of group-health groups as JSON text, their tokens made from the token columns at once.

Issue 10: the ``tokens`` of a 1M-row export's groups were a dict per token, then
``json.dumps`` per group (6.6 s of an 18 s report). Here each token's JSON object is built
for a run of tokens in one pass of pyarrow string kernels over the columns, with the groups'
heads and closings joined in, and the run's text is the result's buffer. The text is exactly
what ``json.dumps`` wrote for ``jsonify._group`` (``test_token_json`` pins it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.analysis.json_text import (
    NOTHING,
    TEXT,
    float_pieces,
    json_counts,
    json_texts,
    rounded_array,
)
from csvinspect.core.analysis.token_columns import TextColumn, TokenColumns

_TIGHT = (",", ":")  # the report's compact separators


def groups_json(
    columns: TokenColumns,
    bounds: np.ndarray,
    heads: pa.Array,
    changed: Mapping[str, str],
    *,
    redact: bool,
    skip: int = 0,
) -> str:
    """The JSON text of groups whose tokens follow each other in ``columns``, in one piece.

    Group ``g`` is ``heads[g]`` (its text up to ``"tokens":[``), its tokens, rows
    ``bounds[g]:bounds[g + 1]``, as ``jsonify._tokens`` writes them, then ``]}``; the first
    ``skip`` characters are left out. ``changed``: the flag names redaction changes, each with
    its redaction. ``redact``: the token, user ID and username cells as ``redact_text``
    leaves them (``json_texts``).

    Issue 10: a group's head opens its first token's text and its ``]}`` closes its last, so
    one join of pyarrow string kernels writes the whole run and Python holds the interpreter
    for no group: the run can be made on a worker thread while the one before is written.
    """
    assert columns.assessment is not None, "tokens are assessed before they are written"
    start, stop = int(bounds[0]), int(bounds[-1])
    sizes = np.diff(bounds)
    leads, trailing = _leads(heads, sizes)
    if stop == start:
        return trailing[skip:]
    figures, assessment = columns.figures, columns.assessment
    requests = columns.requests(start, stop)
    filled = sizes > 0
    lasts = np.zeros(stop - start, dtype=bool)
    lasts[bounds[1:][filled] - 1 - start] = True
    parts = [
        _openings(leads, bounds[:-1][filled] - start, stop - start),
        _texts(columns.token, start, stop, redact),
        '","user_id":"',
        _texts(columns.user_id, start, stop, redact),
        '","username":"',
        _texts(columns.username, start, stop, redact),
        json_counts(requests, '","requests":'),
        *float_pieces(rounded_array(assessment.success_rate[start:stop]), ',"success_rate":'),
        *float_pieces(rounded_array(figures["cost"][start:stop]), ',"cost":'),
        _flags(assessment.bits[start:stop], lasts, assessment.flags_of, changed),
    ]
    # issue 10: each piece costs the join a pass over the run, so the fixed text between
    # the figures is part of their tables
    pieces = [pa.scalar(p, TEXT) if isinstance(p, str) else p for p in parts]
    return _whole_text(pc.binary_join_element_wise(*pieces, NOTHING), skip) + trailing


def _leads(heads: pa.Array, sizes: np.ndarray) -> tuple[pa.Array, str]:
    """The text before each group's first token: its head, after the whole text of any
    groups without tokens before it; and the text of those after the last token."""
    if sizes.all():
        return heads, ""
    leads, pending = [], ""
    for head, size in zip(heads.to_pylist(), sizes.tolist(), strict=True):
        if size:
            leads.append(pending + head)
            pending = ""
        else:
            pending += head + "]}"
    return pa.array(leads, TEXT), pending


def _openings(leads: pa.Array, firsts: np.ndarray, n: int) -> pa.Array:
    """Each token's text up to its token cell: its group's lead for a group's first."""
    table = pa.concat_arrays([leads, pa.array([""], TEXT)])
    table = pc.binary_join_element_wise(table, pa.scalar('{"token":"', TEXT), NOTHING)
    at = np.full(n, len(leads), dtype=np.int32 if len(leads) < 2**31 else np.int64)
    at[firsts] = np.arange(len(leads))
    return table.take(pa.array(at))


def _whole_text(joined: pa.Array, skip: int) -> str:
    """The text of all of ``joined``'s cells, one after the other, but its first ``skip``
    bytes (ASCII): the cells are one stretch of its buffer, decoded once."""
    assert joined.null_count == 0, "every part of a token's JSON is text"
    _, offsets, data = joined.buffers()
    at = np.frombuffer(offsets, np.int64)[joined.offset : joined.offset + len(joined) + 1]
    text = memoryview(data if data is not None else b"")
    return str(text[int(at[0]) + skip : int(at[-1])], "utf-8")


def _texts(cells: Sequence[str], start: int, stop: int, redact: bool) -> pa.Array:
    if isinstance(cells, TextColumn):  # the table's cells, stripped as they are read
        text = cells.cells(start, stop)
        return json_texts(text, strip=cells.padded, redact=redact)
    listed = pa.array(list(cells[start:stop]), TEXT)  # UnicodeEncodeError: a lone surrogate
    return json_texts(listed, strip=False, redact=redact)


def _flags(
    bits: np.ndarray,
    lasts: np.ndarray,
    names_of: Callable[[int], tuple[str, ...]],
    changed: Mapping[str, str],
) -> pa.Array:
    """Each token's flag list and the end of its object, then a comma or, for a group's
    last token, the end of its group: from one text per set of flags and ending."""
    if len(bits) and bits.min() >= 0 and bits.max() < _FEW_SETS:  # a table by bit set
        counts = np.bincount(bits)
        lists = [_flag_list(names_of(b), changed) if n else "" for b, n in enumerate(counts)]
        at = bits.astype(np.int64) * 2 + lasts
    else:
        distinct, where = np.unique(bits, return_inverse=True)
        lists = [_flag_list(names_of(b), changed) for b in distinct.tolist()]
        at = where.reshape(-1) * 2 + lasts
    texts = [f"{listed}{end}" for listed in lists for end in _ENDS]
    return pa.array(texts, TEXT).take(pa.array(at))


_ENDS = (",", "]}")  # after a token: the next one, or the end of its group's list and object
_FEW_SETS = 1 << 12  # flag bit sets below this are looked up in a table, not sorted


def _flag_list(names: tuple[str, ...], changed: Mapping[str, str]) -> str:
    listed = json.dumps([changed.get(n, n) for n in names], ensure_ascii=False, separators=_TIGHT)
    return f',"flags":{listed}}}'
