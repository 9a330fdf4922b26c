"""A run of group-health groups as JSON text, their tokens made from the token columns at once.

Issue 10: the ``tokens`` of a 1M-row export's groups were a dict per token, then
``json.dumps`` per group (6.6 s of an 18 s report). Here each token's JSON object is built
for a run of tokens in one pass of pyarrow string kernels over the columns, with the groups'
heads and closings joined in, and the run's text is the result's buffer. The text is exactly
what ``json.dumps`` wrote for ``jsonify._group`` (``test_token_json`` pins it).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator, Mapping, Sequence

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
) -> RunText:
    """The JSON text of groups whose tokens follow each other in ``columns``.

    Group ``g`` is ``heads[g]`` (its text up to ``"tokens":[``), its tokens, rows
    ``bounds[g]:bounds[g + 1]``, as ``jsonify._tokens`` writes them, then ``]}``.
    ``changed``: the flag names redaction changes, each with its redaction. ``redact``: the
    token, user ID and username cells as ``redact_text`` leaves them (``json_texts``).

    Issue 10: each token's text ends with what comes before the next token's cell (a comma,
    or the end of its group and the next group's head), so one join of pyarrow string
    kernels writes the whole run and Python holds the interpreter for no group: runs can be
    made on worker threads while the one before is written.
    """
    assert columns.assessment is not None, "tokens are assessed before they are written"
    start, stop = int(bounds[0]), int(bounds[-1])
    sizes = np.diff(bounds)
    leads, trailing = _leads(heads, sizes)
    if stop == start:
        return RunText(trailing)
    figures, assessment = columns.figures, columns.assessment
    requests = columns.requests(start, stop)
    lasts = bounds[1:][sizes > 0] - 1 - start  # each group's last token
    parts = [
        _texts(columns.token, start, stop, redact),
        '","user_id":"',
        _texts(columns.user_id, start, stop, redact),
        '","username":"',
        _texts(columns.username, start, stop, redact),
        json_counts(requests, '","requests":'),
        *float_pieces(rounded_array(assessment.success_rate[start:stop]), ',"success_rate":'),
        *float_pieces(rounded_array(figures["cost"][start:stop]), ',"cost":'),
        _closings(assessment.bits[start:stop], lasts, leads, assessment.flags_of, changed),
    ]
    # issue 10: each piece costs the join a pass over the run, so the fixed text between
    # the figures is part of their tables
    pieces = [pa.scalar(p, TEXT) if isinstance(p, str) else p for p in parts]
    joined = pc.binary_join_element_wise(*pieces, NOTHING)
    return RunText(leads[0].as_py() + _OPENING, joined, trailing)


_OPENING = '{"token":"'  # a token's text before its token cell


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


class RunText:
    """A run's JSON text: the text before its first token, its tokens' text (the cells of
    ``joined``, one after the other in its buffer) and the text after its last token.

    Issue 10: the tokens' text is decoded a slice at a time as it is written (``__iter__``):
    decoded whole, each run held a second copy of its text, and the writer's encoding a third.
    """

    __slots__ = ("cuts", "data", "lead", "trailing")

    def __init__(self, lead: str, joined: pa.Array | None = None, trailing: str = "") -> None:
        self.lead, self.trailing = lead, trailing
        self.data, self.cuts = memoryview(b""), [0]
        if joined is not None:
            assert joined.null_count == 0, "every part of a token's JSON is text"
            _, offsets, data = joined.buffers()
            at = np.frombuffer(offsets, np.int64)[joined.offset : joined.offset + len(joined) + 1]
            self.data = memoryview(data if data is not None else b"")
            self.cuts = [*at[:-1:_SLICE].tolist(), int(at[-1])]

    def __iter__(self) -> Iterator[str]:
        """The text, in pieces of ``_SLICE`` tokens (the slices cut between tokens, so each
        is whole UTF-8)."""
        yield self.lead
        for begin, end in itertools.pairwise(self.cuts):
            yield str(self.data[begin:end], "utf-8")
        if self.trailing:
            yield self.trailing


_SLICE = 1024  # tokens a piece: about 160 kB of text


def _texts(cells: Sequence[str], start: int, stop: int, redact: bool) -> pa.Array:
    if isinstance(cells, TextColumn):  # the table's cells, stripped as they are read
        text = cells.cells(start, stop)
        return json_texts(text, strip=cells.padded, redact=redact)
    listed = pa.array(list(cells[start:stop]), TEXT)  # UnicodeEncodeError: a lone surrogate
    return json_texts(listed, strip=False, redact=redact)


def _closings(
    bits: np.ndarray,
    lasts: np.ndarray,
    leads: pa.Array,
    names_of: Callable[[int], tuple[str, ...]],
    changed: Mapping[str, str],
) -> pa.Array:
    """Each token's flag list and the end of its object, then the opening of the next
    token: a comma within a group; after a group's last token (``lasts``), the end of its
    group and the next one's lead (``leads``). One text per set of flags within groups."""
    if len(bits) and bits.min() >= 0 and bits.max() < _FEW_SETS:  # a table by bit set
        counts = np.bincount(bits)
        lists = [_flag_list(names_of(b), changed) if n else "" for b, n in enumerate(counts)]
        at = bits.astype(np.int64)
    else:
        distinct, where = np.unique(bits, return_inverse=True)
        lists = [_flag_list(names_of(b), changed) for b in distinct.tolist()]
        at = where.reshape(-1).astype(np.int64)
    flag_lists = pa.array(lists, TEXT)
    within = pc.binary_join_element_wise(flag_lists, pa.scalar("," + _OPENING, TEXT), NOTHING)
    opened = pc.binary_join_element_wise(leads.slice(1), pa.scalar(_OPENING, TEXT), NOTHING)
    nexts = pa.concat_arrays([opened, pa.array([""], TEXT)])  # nothing after the run's last
    ends = [flag_lists.take(pa.array(at[lasts])), pa.scalar("]}", TEXT), nexts]
    closed = pc.binary_join_element_wise(*ends, NOTHING)
    at[lasts] = len(lists) + np.arange(len(lasts))
    return pa.concat_arrays([within, closed]).take(pa.array(at))


_FEW_SETS = 1 << 12  # flag bit sets below this are looked up in a table, not sorted


def _flag_list(names: tuple[str, ...], changed: Mapping[str, str]) -> str:
    listed = json.dumps([changed.get(n, n) for n in names], ensure_ascii=False, separators=_TIGHT)
    return f',"flags":{listed}}}'
