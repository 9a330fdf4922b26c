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
    json_counts,
    json_floats,
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
    columns: TokenColumns, start: int, stop: int, changed: Mapping[str, str], rows: np.ndarray
) -> TokenText:
    """Tokens ``start:stop`` as ``jsonify._tokens`` writes them, with strings redacted.

    ``changed``: each text redaction changes, and its redaction. ``rows``: the positions (in
    the columns) of the tokens whose text redaction changes; only those are looked up.
    """
    assert columns.assessment is not None, "tokens are assessed before they are written"
    figures, assessment = columns.figures, columns.assessment
    local = rows[(rows >= start) & (rows < stop)] - start
    requests = columns.requests(start, stop)
    parts = [
        '{"token":"',
        _texts(columns.token, start, stop, changed, local),
        '","user_id":"',
        _texts(columns.user_id, start, stop, changed, local),
        '","username":"',
        _texts(columns.username, start, stop, changed, local),
        '","requests":',
        json_counts(requests),
        ',"success_rate":',
        json_floats(rounded_array(assessment.success_rate[start:stop])),
        ',"cost":',
        json_floats(rounded_array(figures["cost"][start:stop])),
        ',"flags":',
        _flags(assessment.bits[start:stop], assessment.flags_of, changed),
        "},",
    ]
    pieces = [pa.scalar(p, TEXT) if isinstance(p, str) else p for p in parts]
    return TokenText(pc.binary_join_element_wise(*pieces, NOTHING), start)


def _texts(
    cells: Sequence[str], start: int, stop: int, changed: Mapping[str, str], rows: np.ndarray
) -> pa.Array:
    if isinstance(cells, TextColumn):  # the table's cells, stripped as they are read
        text = cells.cells(start, stop)
        return json_texts(text, strip=cells.padded, changed=changed, rows=rows)
    listed = pa.array(list(cells[start:stop]), TEXT)  # UnicodeEncodeError: a lone surrogate
    return json_texts(listed, strip=False, changed=changed, rows=rows)


def _flags(
    bits: np.ndarray, names_of: Callable[[int], tuple[str, ...]], changed: Mapping[str, str]
) -> pa.Array:
    """Each token's flag list, from one JSON text per distinct set of flags."""
    if len(bits) and bits.min() >= 0 and bits.max() < _FEW_SETS:  # a table by bit set
        counts = np.bincount(bits)
        texts = [_flag_list(names_of(b), changed) if n else "" for b, n in enumerate(counts)]
        return pa.array(texts, TEXT).take(pa.array(bits))
    distinct, at = np.unique(bits, return_inverse=True)
    texts = [_flag_list(names_of(b), changed) for b in distinct.tolist()]
    return pa.array(texts, TEXT).take(pa.array(at.reshape(-1)))


_FEW_SETS = 1 << 12  # flag bit sets below this are looked up in a table, not sorted


def _flag_list(names: tuple[str, ...], changed: Mapping[str, str]) -> str:
    return json.dumps([changed.get(n, n) for n in names], ensure_ascii=False, separators=_TIGHT)
