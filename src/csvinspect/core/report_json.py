"""``csvinspect report --format json``: the report written compactly, a piece at a time.

Issue 10: a 1M-row group-health export's report is over 100 MB. It is written one top-level
key and one list item at a time, and a group-health export's groups are made (and redacted) as
they are written, from the analysis' token columns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from csvinspect.core.analysis.jsonify import GroupRows, group_head
from csvinspect.core.analysis.results import GroupHealth
from csvinspect.core.analysis.token_columns import TextColumn, TokenColumns, TokenSlice
from csvinspect.core.analysis.token_json import TokenText, token_text
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
            items: Iterable[str] = group_lines(value)
        elif isinstance(value, Sequence) and not isinstance(value, str) and len(value) > 1:
            items = map(_compact, value)
        else:
            yield _compact(value)
            continue
        if len(value) > 1:
            yield "["
            for number, item in enumerate(items):
                yield f"{',' if number else ''}\n{item}"
            yield "\n]"
        else:
            yield f"[{''.join(items)}]"
    yield "\n}\n"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _compact(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``, one encoder reused."""
    return _ENCODER.encode(value)


def group_lines(groups: GroupRows) -> Iterator[str]:
    """Each group's JSON line, its ``tokens`` made from the token columns a run at a time.

    Consecutive groups whose tokens follow each other in the same columns are one run of
    ``token_text`` (a bounded number of tokens, so memory stays flat); a group whose tokens
    are not from columns is made as a dict and written by ``json.dumps``, as before.
    """
    redactor = groups.redact
    if redactor is not None and not isinstance(redactor, GroupRedactor):
        yield from map(_compact, groups)  # some other redaction: only the dicts know it
        return

    for run in _runs(groups.groups):
        made = _token_text(run, redactor)
        if made is None:
            yield from (_compact(groups.made(g)) for g in run)
            continue
        for group in run:
            head = group_head(group) if redactor is None else redactor.head(group_head(group))
            tokens = group.tokens
            assert isinstance(tokens, TokenSlice)
            inside = made.joined(tokens.start, tokens.stop)
            yield f'{_compact(head)[:-1]},"tokens":[{inside}]}}'


def _token_text(run: list[GroupHealth], redactor: GroupRedactor | None) -> TokenText | None:
    """The JSON text of a run's tokens, or None where they are not assessed columns."""
    first = run[0].tokens
    if not isinstance(first, TokenSlice) or first.columns.assessment is None:
        return None
    columns, start = first.columns, first.start
    stop = start + sum(len(g.tokens) for g in run)
    changed, rows = ({}, _NONE) if redactor is None else redactor.cells(columns)
    return token_text(columns, start, stop, changed, rows)


_NONE = np.zeros(0, np.int64)
_RUN = 1 << 16  # tokens per run: about 10 MB of JSON text at a time


def _runs(groups: Sequence[GroupHealth]) -> Iterator[list[GroupHealth]]:
    """The groups in order, cut into runs whose tokens are contiguous in one set of columns."""
    run: list[GroupHealth] = []
    size = 0
    for group in groups:
        tokens = group.tokens
        if run:
            last = run[-1].tokens
            follows = (
                isinstance(tokens, TokenSlice)
                and isinstance(last, TokenSlice)
                and tokens.columns is last.columns
                and tokens.start == last.stop
            )
            if not follows or size >= _RUN:
                yield run
                run, size = [], 0
        run.append(group)
        size += len(tokens)
    if run:
        yield run


def group_redactor(groups: GroupRows) -> GroupRedactor:
    """The redaction of a group-health report's groups, as ``redact_data`` would do it."""
    return GroupRedactor(groups)


class GroupRedactor:
    """``redact_data`` for each group's JSON as it is written, with the strings redacted first.

    Issue 11: ``redact_data`` on each group walked every token's dict and ran pyarrow once per
    group, nearly doubling a 1M-row report's time. Here the token columns go through
    ``changed_cells`` once each, and the groups' own strings (names, failure reasons, flag
    names) in one batch; a group none of whose strings changed is written as made.
    """

    def __init__(self, groups: GroupRows) -> None:
        strings: list[str] = []
        columns: dict[int, TokenColumns] = {}
        for group in groups.groups:
            strings.append(group.name)
            for reason in group.failure_reasons:
                texts = (reason.status, reason.message, str(reason.category))
                strings += [v for v in texts if isinstance(v, str)]
            if isinstance(group.tokens, TokenSlice):
                columns[id(group.tokens.columns)] = group.tokens.columns
        self.changed: dict[str, str] = {}
        flags: set[str] = set()
        # per columns: the token positions whose text changed
        self.touched: dict[int, np.ndarray] = {}
        for key, cols in columns.items():
            if cols.assessment is not None:
                flags.update(cols.assessment.names)
            cells = (cols.token, cols.user_id, cols.username)
            rows = [_changed_rows(text, self.changed) for text in cells]
            self.touched[key] = np.unique(np.concatenate(rows))
        _, own = changed_cells(pa.array(strings + sorted(flags), pa.large_string()))
        self.changed.update(own)
        self.flag_changed = not flags.isdisjoint(own)

    def cells(self, columns: TokenColumns) -> tuple[dict[str, str], np.ndarray]:
        """What redaction changes, and the positions of the tokens of ``columns`` it changes."""
        return self.changed, self.touched.get(id(columns), _NONE)

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
        if not self.changed:
            return made
        rows = self.touched[id(tokens.columns)]
        at = int(np.searchsorted(rows, tokens.start))
        in_tokens = at < len(rows) and rows[at] < tokens.stop
        redacted = self.head({k: v for k, v in made.items() if k != "tokens"})
        redacted["tokens"] = made["tokens"]
        if in_tokens or self.flag_changed:
            redacted["tokens"] = replace_strings(made["tokens"], self.changed)
        return redacted


def _changed_rows(text: Sequence[str], changed: dict[str, str]) -> np.ndarray:
    """The rows of a token column (as the JSON reads it) that redaction changes."""
    if isinstance(text, TextColumn):
        rows, found = changed_cells(text.text, strip=True)
    else:
        rows, found = changed_cells(pa.array(list(text), pa.large_string()))
    changed.update(found)
    return rows
