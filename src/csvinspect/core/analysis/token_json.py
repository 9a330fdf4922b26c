"""A group-health report's token rows as JSON text, made from the token columns at once.

Issue 10: the ``tokens`` of a 1M-row export's groups were a dict per token, then
``json.dumps`` per group (6.6 s of an 18 s report). Here each token's JSON object is built
for a run of tokens in one pass of pyarrow string kernels over the columns, and a group's
``tokens`` list is a slice of the result's bytes. The text is exactly what ``json.dumps``
wrote for ``jsonify._tokens`` (``test_token_json`` pins it).
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


class TokenText:
    """The JSON objects of tokens ``start:stop`` of some columns, each followed by a comma."""

    __slots__ = ("data", "offsets", "start")

    def __init__(self, objects: pa.Array, start: int) -> None:
        assert objects.null_count == 0, "every part of a token's JSON is text"
        _, offsets, data = objects.buffers()
        base = objects.offset
        self.offsets = np.frombuffer(offsets, np.int64)[base : base + len(objects) + 1]
        self.data = memoryview(data) if data is not None else memoryview(b"")
        self.start = start

    def joined(self, start: int, stop: int) -> str:
        """Tokens ``start:stop`` (positions in the columns) as a JSON list's inside."""
        if stop <= start:
            return ""
        begin = int(self.offsets[start - self.start])
        end = int(self.offsets[stop - self.start]) - 1  # without the last comma
        return str(self.data[begin:end], "utf-8")


def token_text(
    columns: TokenColumns, start: int, stop: int, changed: Mapping[str, str], *, redact: bool
) -> TokenText:
    """Tokens ``start:stop`` as ``jsonify._tokens`` writes them, with strings redacted.

    ``changed``: the flag names redaction changes, each with its redaction. ``redact``: the
    token, user ID and username cells as ``redact_text`` leaves them (``json_texts``).
    """
    assert columns.assessment is not None, "tokens are assessed before they are written"
    figures, assessment = columns.figures, columns.assessment
    requests = columns.requests(start, stop)
    parts = [
        '{"token":"',
        _texts(columns.token, start, stop, redact),
        '","user_id":"',
        _texts(columns.user_id, start, stop, redact),
        '","username":"',
        _texts(columns.username, start, stop, redact),
        json_counts(requests, '","requests":'),
        *float_pieces(rounded_array(assessment.success_rate[start:stop]), ',"success_rate":'),
        *float_pieces(rounded_array(figures["cost"][start:stop]), ',"cost":'),
        _flags(assessment.bits[start:stop], assessment.flags_of, changed),
    ]
    # issue 10: each piece costs the join a pass over the run, so the fixed text between
    # the figures is part of their tables
    pieces = [pa.scalar(p, TEXT) if isinstance(p, str) else p for p in parts]
    return TokenText(pc.binary_join_element_wise(*pieces, NOTHING), start)


def _texts(cells: Sequence[str], start: int, stop: int, redact: bool) -> pa.Array:
    if isinstance(cells, TextColumn):  # the table's cells, stripped as they are read
        text = cells.cells(start, stop)
        return json_texts(text, strip=cells.padded, redact=redact)
    listed = pa.array(list(cells[start:stop]), TEXT)  # UnicodeEncodeError: a lone surrogate
    return json_texts(listed, strip=False, redact=redact)


def _flags(
    bits: np.ndarray, names_of: Callable[[int], tuple[str, ...]], changed: Mapping[str, str]
) -> pa.Array:
    """Each token's flag list and the end of its object, from one text per set of flags."""
    if len(bits) and bits.min() >= 0 and bits.max() < _FEW_SETS:  # a table by bit set
        counts = np.bincount(bits)
        texts = [_flag_list(names_of(b), changed) if n else "" for b, n in enumerate(counts)]
        return pa.array(texts, TEXT).take(pa.array(bits))
    distinct, at = np.unique(bits, return_inverse=True)
    texts = [_flag_list(names_of(b), changed) for b in distinct.tolist()]
    return pa.array(texts, TEXT).take(pa.array(at.reshape(-1)))


_FEW_SETS = 1 << 12  # flag bit sets below this are looked up in a table, not sorted


def _flag_list(names: tuple[str, ...], changed: Mapping[str, str]) -> str:
    listed = json.dumps([changed.get(n, n) for n in names], ensure_ascii=False, separators=_TIGHT)
    return f',"flags":{listed}}},'
