"""The heads of many groups' JSON (all but their tokens), written from columns at once.

Issue 10: ``head_json`` per group (f-strings, a call per figure) held the interpreter for
0.12 s of a 1M-row export's JSON, so the thread making the next run's tokens waited on it.
Here a run of groups' heads is made from arrays, with pyarrow and numpy like the tokens'
(``token_json``) read through ``GroupHeads`` (``written_groups``); only the failure reasons
are written per group in Python. The text is exactly ``head_json``'s (``test_group_heads``
pins it).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.analysis.categories import FailureCategory
from csvinspect.core.analysis.json_text import (
    NOTHING,
    TEXT,
    float_pieces,
    json_counts,
    json_texts,
    rounded_array,
)
from csvinspect.core.analysis.jsonify import reasons_json
from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.written_groups import GroupHeads


def heads_json(
    heads: GroupHeads, changed: Mapping[str, str], *, before: str = "", after: str = ""
) -> pa.Array:
    """Each group's ``head_json`` text, between ``before`` and ``after``, strings in
    ``changed`` replaced. ``UnicodeEncodeError`` for a name that is no text (a lone
    surrogate), which only the objects can write."""
    names = [changed.get(n, n) for n in heads.names] if changed else heads.names
    opened = pa.scalar(before + '{"group":"', TEXT)
    name_texts = json_texts(pa.array(names, TEXT), strip=False, redact=False)
    flags = _flag_texts().take(pa.array(heads.low_success * 2 + heads.small_sample))
    pieces = [
        opened,
        name_texts,
        json_counts(heads.requests, '","requests":'),
        json_counts(heads.success, ',"success":'),
        json_counts(heads.errors, ',"errors":'),
        *float_pieces(rounded_array(heads.success_rate), ',"success_rate":'),
        *float_pieces(rounded_array(heads.cost), ',"cost":'),
        flags,
        _reason_texts(heads.reasons, changed, after),
    ]
    return pc.binary_join_element_wise(*pieces, NOTHING)


@functools.cache
def _flag_texts() -> pa.Array:
    """``low_success`` and ``small_sample``, by ``2 * low_success + small_sample``."""
    return pa.array(
        [f',"low_success":{low},"small_sample":{small}' for low in _BOOL for small in _BOOL],
        TEXT,
    )


_BOOL = ("false", "true")


def _reason_texts(
    reasons: Sequence[Sequence[FailureReason]], changed: Mapping[str, str], after: str
) -> pa.Array:
    """Each group's ``failure_reasons`` list and ``after``.

    The reasons of all the groups are written at once, their figures and texts as columns,
    then joined group by group; reasons with a status or count that is not a whole number
    below 2**53 are written one group at a time, as ``head_json`` writes them.
    """
    flat = [r for listed in reasons for r in listed]
    statuses, counts = [r.status for r in flat], [r.count for r in flat]
    if not _whole(statuses) or not _whole(counts):
        texts = [reasons_json(listed, changed) for listed in reasons]
        lists = pa.array(texts, TEXT)
    else:
        messages = [r.message for r in flat]
        messages = [changed.get(m, m) for m in messages] if changed else messages
        pieces = [
            json_counts(np.array(statuses, np.float64), '{"status":'),
            pa.scalar(',"message":"', TEXT),
            json_texts(pa.array(messages, TEXT), strip=False, redact=False),
            json_counts(np.array(counts, np.float64), '","count":'),
            _category_texts([r.category for r in flat], changed),
        ]
        each = pc.binary_join_element_wise(*pieces, NOTHING)
        bounds = np.zeros(len(reasons) + 1, np.int64)
        np.cumsum([len(listed) for listed in reasons], out=bounds[1:])
        lists = pc.binary_join(pa.LargeListArray.from_arrays(bounds, each), pa.scalar(",", TEXT))
    opened, closed = pa.scalar(',"failure_reasons":[', TEXT), pa.scalar("]" + after, TEXT)
    return pc.binary_join_element_wise(opened, lists, closed, NOTHING)


def _whole(values: list[int | None]) -> bool:
    """Whether ``values`` are whole numbers (or None) that a float holds exactly."""
    if not {type(v) for v in values} <= {int, type(None)}:
        return False
    held = [v for v in values if v is not None]
    return not held or max(map(abs, held)) < 2**53


def _category_texts(categories: list[FailureCategory], changed: Mapping[str, str]) -> pa.Array:
    """Each reason's category and the end of its object, written once per category."""
    distinct = {c: n for n, c in enumerate(dict.fromkeys(categories))}
    texts = [f',"category":{encode_basestring(changed.get(str(c), str(c)))}}}' for c in distinct]
    at = np.array([distinct[c] for c in categories], np.int64)
    return pa.array(texts, TEXT).take(pa.array(at))
