"""``csvinspect report --format json``: the report written compactly, a piece at a time.

Issue 10: a 1M-row group-health export's report is over 100 MB. It is written one top-level
key and one list item at a time, and a group-health export's groups are made (and redacted) as
they are written, from the analysis' token columns.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa

from csvinspect.core.analysis.jsonify import GroupRows, head_json
from csvinspect.core.analysis.results import GroupHealth
from csvinspect.core.analysis.token_columns import TextColumn, TokenColumns
from csvinspect.core.analysis.token_json import TokenText, token_text
from csvinspect.core.analysis.token_views import TokenSlice
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
    """The groups' JSON, in pieces, its ``tokens`` made from the token columns a run at a time.

    ``lines``: each group on a line of its own, a comma before the second on. Consecutive
    groups whose tokens follow each other in the same columns are one run of ``token_text``
    (a bounded number of tokens, so memory stays flat); a group whose tokens are not from
    columns is made as a dict and written by ``json.dumps``, as before. Issue 10: a group's
    tokens are a piece of their own, not copied again into its line.
    """
    breaks = itertools.chain(["\n"], itertools.repeat(",\n")) if lines else itertools.repeat("")
    redactor = groups.redact
    if redactor is not None and not isinstance(redactor, GroupRedactor):
        for line in map(_compact, groups):  # some other redaction: only the dicts know it
            yield next(breaks) + line
        return
    changed = {} if redactor is None else redactor.changed
    for run, made in _made_ahead(_runs(groups.groups), redactor):
        if made is None:
            for group in run:
                yield next(breaks) + _compact(groups.made(group))
            continue
        for group in run:
            tokens = group.tokens
            assert isinstance(tokens, TokenSlice)
            yield f'{next(breaks)}{head_json(group, changed)},"tokens":['
            yield made.joined(tokens.start, tokens.stop)
            yield "]}"


def _made_ahead(
    runs: Iterator[list[GroupHealth]], redactor: GroupRedactor | None
) -> Iterator[tuple[list[GroupHealth], TokenText | None]]:
    """Each run with its tokens' JSON text, the next run's made on a worker thread meanwhile.

    Issue 10: the pyarrow kernels that make a run's text let go of the interpreter, so on a
    second core they run while the groups before are written. One run ahead at most, so
    memory stays flat; closing the iterator early waits for that one run and ends the thread.
    """
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="csvinspect-json")
    try:
        ahead: tuple[list[GroupHealth], Future[TokenText | None]] | None = None
        for run in runs:
            pending = ahead
            ahead = (run, worker.submit(_token_text, run, redactor))
            if pending is not None:
                yield pending[0], pending[1].result()
        if ahead is not None:
            yield ahead[0], ahead[1].result()
    finally:
        worker.shutdown(wait=True, cancel_futures=True)


def _token_text(run: list[GroupHealth], redactor: GroupRedactor | None) -> TokenText | None:
    """The JSON text of a run's tokens, or None where they are not assessed columns."""
    first = run[0].tokens
    if not isinstance(first, TokenSlice) or first.columns.assessment is None:
        return None
    columns, start = first.columns, first.start
    stop = start + sum(len(g.tokens) for g in run)
    changed = {} if redactor is None else redactor.changed
    return token_text(columns, start, stop, changed, redact=redactor is not None)


_RUN = 1 << 15  # tokens per run: about 5 MB of JSON text at a time


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
    group, nearly doubling a 1M-row report's time. Here the groups' own strings (names,
    failure reasons, flag names) go through ``changed_cells`` in one batch; the token cells
    are redacted a run at a time as they are written (``token_text``), or a column at a time
    for a group read as a dict. A group none of whose strings changed is written as made.
    """

    def __init__(self, groups: GroupRows) -> None:
        strings = [group.name for group in groups.groups]
        flags: set[str] = set()
        seen: set[int] = set()
        for group in groups.groups:
            for reason in group.failure_reasons:
                texts = (reason.status, reason.message, str(reason.category))
                strings += [v for v in texts if isinstance(v, str)]
            tokens = group.tokens
            if isinstance(tokens, TokenSlice) and id(tokens.columns) not in seen:
                seen.add(id(tokens.columns))
                if tokens.columns.assessment is not None:
                    flags.update(tokens.columns.assessment.names)
        # the groups' own strings and the flag names that redaction changes
        _, self.changed = changed_cells(pa.array(strings + sorted(flags), pa.large_string()))
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


def _changed_rows(text: Sequence[str], changed: dict[str, str]) -> np.ndarray:
    """The rows of a token column (as the JSON reads it) that redaction changes."""
    if isinstance(text, TextColumn):
        rows, found = changed_cells(text.text, strip=True)
    else:
        rows, found = changed_cells(pa.array(list(text), pa.large_string()))
    changed.update(found)
    return rows
