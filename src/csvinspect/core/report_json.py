"""``csvinspect report --format json``: the report written compactly, a piece at a time.

Issue 10: a 1M-row group-health export's report is over 100 MB. It is written one top-level
key and one list item at a time, and a group-health export's groups are made (and redacted) as
they are written, from the analysis' token columns.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from csvinspect.core.analysis.alongside import two_at_a_time
from csvinspect.core.analysis.group_heads import heads_json
from csvinspect.core.analysis.jsonify import GroupRows, head_json
from csvinspect.core.analysis.results import GroupHealth
from csvinspect.core.analysis.token_columns import TextColumn, TokenColumns
from csvinspect.core.analysis.token_json import groups_json
from csvinspect.core.analysis.token_views import TokenSlice
from csvinspect.core.analysis.written_groups import (
    TokenSpans,
    head_strings,
    heads_of,
    token_spans,
)
from csvinspect.core.redact import changed_cells, redact_data, replace_strings


def render_json(report: dict[str, Any]) -> str:
    return "".join(json_chunks(report))


def json_chunks(report: dict[str, Any]) -> Iterator[str]:
    """The report as compact JSON, one top-level key a line and one list item a line.

    Issue 10: ``json.dumps(indent=2)`` runs Python's pure-Python encoder (the C one serves
    compact output only) and took 8.7 s for the 271 MB report of a 1M-row export. Each item
    here goes through the C encoder, and the pieces can be written as they come; a
    group-health export's groups are written from the token columns (``group_lines``).
    """
    yield "{"
    for index, (key, value) in enumerate(report.items()):
        yield f"{',' if index else ''}\n{_compact(key)}:"
        if isinstance(value, GroupRows):
            lines = len(value) > 1
            yield "["
            yield from group_lines(value, lines=lines)
            yield "\n]" if lines else "]"
            continue
        if isinstance(value, Sequence) and not isinstance(value, str) and len(value) > 1:
            yield "["
            for number, item in enumerate(map(_compact, value)):
                yield f"{',' if number else ''}\n{item}"
            yield "\n]"
        else:
            yield _compact(value)
    yield "\n}\n"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _compact(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``, one encoder reused."""
    return _ENCODER.encode(value)


def group_lines(groups: GroupRows, *, lines: bool) -> Iterator[str]:
    """The groups' JSON, a run of groups a piece, its tokens made from the token columns.

    ``lines``: each group on a line of its own, a comma before the second on. Consecutive
    groups whose tokens follow each other in the same columns are one run (a bounded number
    of tokens, so memory stays flat), written whole by ``groups_json`` from the groups' heads
    as columns (``heads_of``); a group whose tokens are not from columns is made as a dict
    and written by ``json.dumps``, as before.

    Runs are made two at a time, every other one on a worker thread (``two_at_a_time``).
    """
    redactor = groups.redact
    if redactor is not None and not isinstance(redactor, GroupRedactor):
        breaks = itertools.chain(["\n"], itertools.repeat(",\n")) if lines else itertools.repeat("")
        for line in map(_compact, groups):  # some other redaction: only the dicts know it
            yield next(breaks) + line
        return
    spans = token_spans(groups.groups) if redactor is None else redactor.spans
    runs = _with_heads(groups, _runs(spans), ",\n" if lines else "")
    # issue 10: the 1M-row export's JSON took 0.65-0.77 s instead of 0.84-1.14 s; with runs
    # of ``_RUN`` tokens the report's peak (which is while writing) stays where it was, twice
    # as long they held 25 MB more
    made = functools.partial(_run_json, groups, spans, lines)
    for text in two_at_a_time(made, runs, "csvinspect-json"):
        yield from text


_Run = tuple[range, pa.Array | None]  # a run of groups, and their text up to their tokens


def _run_json(groups: GroupRows, spans: TokenSpans, lines: bool, item: _Run) -> Iterable[str]:
    """The JSON text of the groups of a run, each after its line break and comma, in
    pieces, from their heads (``_with_heads``)."""
    run, heads = item
    redactor = groups.redact
    assert redactor is None or isinstance(redactor, GroupRedactor)
    source = int(spans.source[run.start])
    if source >= 0 and heads is not None:
        bounds = np.append(spans.start[run.start : run.stop], spans.stop[run.stop - 1])
        changed = {} if redactor is None else redactor.changed
        columns = spans.columns[source]
        text = groups_json(columns, bounds, heads, changed, redact=redactor is not None)
        if lines and run.start == 0:  # the first group: a line break, no comma
            text.lead = text.lead[1:]
        return text
    sep = ",\n" if lines else ""
    made = [sep + _compact(groups.made(g)) for g in groups.groups[run.start : run.stop]]
    if lines and run.start == 0:
        made[0] = made[0][1:]
    return made


def _with_heads(groups: GroupRows, runs: Iterator[range], sep: str) -> Iterator[_Run]:
    """Each run with its groups' text up to their tokens, made ``_HEADS`` groups or so at a
    time (issue 10: a run's at a time, their array calls took a sixth of the 1M-row export's JSON;
    all 20k groups' at once held 18 MB more at the report's peak)."""
    redactor = groups.redact
    changed = redactor.changed if isinstance(redactor, GroupRedactor) else {}
    block: list[range] = []
    for run in itertools.chain(runs, [None]):
        if run is not None:
            block.append(run)
        size = block[-1].stop - block[0].start if block else 0
        if block and (run is None or size >= _HEADS):
            start = block[0].start
            heads = _heads(groups.groups, range(start, block[-1].stop), changed, sep)
            for each in block:
                part = None if heads is None else heads.slice(each.start - start, len(each))
                yield each, part
            block = []


_HEADS = 4096  # groups whose heads are made at once


def _heads(
    groups: Sequence[GroupHealth], picked: range, changed: Mapping[str, str], sep: str
) -> pa.Array | None:
    """The ``picked`` groups' text up to their tokens, after ``sep``: made from columns, or
    from each group's objects where the columns cannot hold a figure (``heads_of``). None
    where a name holds a lone surrogate: those groups are written from their dicts."""
    after = ',"tokens":['
    try:
        heads = heads_of(groups, picked.start, picked.stop)
        if heads is not None:
            return heads_json(heads, changed, before=sep, after=after)
        texts = [f"{sep}{head_json(g, changed)}{after}" for g in groups[picked.start : picked.stop]]
        return pa.array(texts, pa.large_string())
    except UnicodeEncodeError:
        return None


_RUN = 1 << 13  # tokens per run: about 1.3 MB of JSON text at a time


def _runs(spans: TokenSpans) -> Iterator[range]:
    """The groups in order, cut into runs whose tokens are contiguous in one set of columns
    (``_RUN`` tokens or so each); a group not from columns is a run of its own."""
    source, start, stop = spans.source.tolist(), spans.start.tolist(), spans.stop.tolist()
    first, size = 0, 0
    for g in range(1, len(source)):
        size += stop[g - 1] - start[g - 1]
        follows = source[g] >= 0 and source[g] == source[g - 1] and start[g] == stop[g - 1]
        if not follows or size >= _RUN:
            yield range(first, g)
            first, size = g, 0
    if source:
        yield range(first, len(source))


def group_redactor(groups: GroupRows) -> GroupRedactor:
    """The redaction of a group-health report's groups, as ``redact_data`` would do it."""
    return GroupRedactor(groups)


class GroupRedactor:
    """``redact_data`` for each group's JSON as it is written, with the strings redacted first.

    Issue 11: ``redact_data`` on each group walked every token's dict and ran pyarrow once per
    group, nearly doubling a 1M-row report's time. Here the groups' own strings (names,
    failure reasons, flag names) go through ``changed_cells`` in one batch; the token cells
    are redacted a run at a time as they are written (``token_text``), or a column at a time
    for a group read as a dict. A group none of whose strings changed is written as made.
    """

    def __init__(self, groups: GroupRows) -> None:
        self.spans = token_spans(groups.groups)  # where the tokens are, for the writer too
        flags = {name for c in self.spans.columns for name in _flag_names(c)}
        # the groups' own strings and the flag names that redaction changes
        strings = pa.array(head_strings(groups.groups) + sorted(flags), pa.large_string())
        _, self.changed = changed_cells(strings)
        self.flag_changed = not flags.isdisjoint(self.changed)
        # per columns, made when first asked: the token positions whose cells change, and how
        self._cells: dict[int, tuple[np.ndarray, dict[str, str]]] = {}

    def head(self, made: dict[str, Any]) -> dict[str, Any]:
        """A group's JSON but its tokens (``jsonify.group_head``), redacted."""
        if not self.changed:
            return made
        return {k: replace_strings(v, self.changed) for k, v in made.items()}

    def __call__(self, group: GroupHealth, made: dict[str, Any]) -> dict[str, Any]:
        """A group's whole JSON (``jsonify._group``), redacted."""
        tokens = group.tokens
        if not isinstance(tokens, TokenSlice):
            whole: dict[str, Any] = redact_data(made)
            return whole
        rows, cells = self._changed_cells(tokens.columns)
        at = int(np.searchsorted(rows, tokens.start))
        in_tokens = at < len(rows) and rows[at] < tokens.stop
        if not in_tokens and not self.changed:
            return made
        redacted = self.head({k: v for k, v in made.items() if k != "tokens"})
        redacted["tokens"] = made["tokens"]
        if in_tokens or self.flag_changed:
            redacted["tokens"] = replace_strings(made["tokens"], {**cells, **self.changed})
        return redacted

    def _changed_cells(self, columns: TokenColumns) -> tuple[np.ndarray, dict[str, str]]:
        made = self._cells.get(id(columns))
        if made is None:
            changed: dict[str, str] = {}
            cells = (columns.token, columns.user_id, columns.username)
            rows = np.unique(np.concatenate([_changed_rows(c, changed) for c in cells]))
            made = self._cells[id(columns)] = (rows, changed)
        return made


def _flag_names(columns: TokenColumns) -> tuple[str, ...]:
    return () if columns.assessment is None else columns.assessment.names


def _changed_rows(text: Sequence[str], changed: dict[str, str]) -> np.ndarray:
    """The rows of a token column (as the JSON reads it) that redaction changes."""
    if isinstance(text, TextColumn):
        rows, found = changed_cells(text.text, strip=True)
    else:
        rows, found = changed_cells(pa.array(list(text), pa.large_string()))
    changed.update(found)
    return rows
