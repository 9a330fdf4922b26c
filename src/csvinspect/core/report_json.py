"""``csvinspect report --format json``: the report written compactly, a piece at a time.

Issue 10: a 1M-row group-health export's report is over 100 MB. It is written one top-level
key and one list item at a time, and a group-health export's groups are made (and redacted) as
they are written, from the analysis' token columns.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from csvinspect.core.analysis.jsonify import GroupRows
from csvinspect.core.analysis.results import GroupHealth
from csvinspect.core.analysis.token_columns import TextColumn, TokenColumns, TokenSlice
from csvinspect.core.redact import changed_cells, redact_data, replace_strings


def render_json(report: dict[str, Any]) -> str:
    return "".join(json_chunks(report))


def json_chunks(report: dict[str, Any]) -> Iterator[str]:
    """The report as compact JSON, one top-level key a line and one list item a line.

    Issue 10: ``json.dumps(indent=2)`` runs Python's pure-Python encoder (the C one serves
    compact output only) and took 8.7 s for the 271 MB report of a 1M-row export. Each item
    here goes through the C encoder, and the pieces can be written as they come.
    """
    yield "{"
    for index, (key, value) in enumerate(report.items()):
        yield f"{',' if index else ''}\n{_compact(key)}:"
        if isinstance(value, Sequence) and not isinstance(value, str) and len(value) > 1:
            yield "["
            for number, item in enumerate(value):
                yield f"{',' if number else ''}\n{_compact(item)}"
            yield "\n]"
        else:
            yield _compact(list(value) if isinstance(value, GroupRows) else value)
    yield "\n}\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def group_redactor(groups: GroupRows) -> Callable[[GroupHealth, dict[str, Any]], dict[str, Any]]:
    """``redact_data`` for each group's JSON as it is written, with the strings redacted first.

    Issue 11: ``redact_data`` on each group walked every token's dict and ran pyarrow once per
    group, nearly doubling a 1M-row report's time. Here the token columns go through
    ``changed_cells`` once each, and the groups' own strings (names, failure reasons, flag
    names) in one batch; a group none of whose strings changed is written as made.
    """
    strings: list[str] = []
    columns: dict[int, TokenColumns] = {}
    for group in groups.groups:
        strings.append(group.name)
        for reason in group.failure_reasons:
            texts = (reason.status, reason.message, str(reason.category))
            strings += [v for v in texts if isinstance(v, str)]
        if isinstance(group.tokens, TokenSlice):
            columns[id(group.tokens.columns)] = group.tokens.columns
    changed: dict[str, str] = {}
    flags: set[str] = set()
    touched: dict[int, np.ndarray] = {}  # per columns: the token positions whose text changed
    for key, cols in columns.items():
        if cols.assessment is not None:
            flags.update(cols.assessment.names)
        rows = [_changed_rows(text, changed) for text in (cols.token, cols.user_id, cols.username)]
        touched[key] = np.unique(np.concatenate(rows))
    _, own = changed_cells(pa.array(strings + sorted(flags), pa.large_string()))
    changed.update(own)
    flag_changed = not flags.isdisjoint(own)

    def redact(group: GroupHealth, made: dict[str, Any]) -> dict[str, Any]:
        tokens = group.tokens
        if not isinstance(tokens, TokenSlice):
            whole: dict[str, Any] = redact_data(made)
            return whole
        if not changed:
            return made
        rows = touched[id(tokens.columns)]
        at = int(np.searchsorted(rows, tokens.start))
        in_tokens = at < len(rows) and rows[at] < tokens.stop
        redacted = {k: v if k == "tokens" else replace_strings(v, changed) for k, v in made.items()}
        if in_tokens or flag_changed:
            redacted["tokens"] = replace_strings(made["tokens"], changed)
        return redacted

    return redact


def _changed_rows(text: Sequence[str], changed: dict[str, str]) -> np.ndarray:
    """The rows of a token column (as the JSON reads it) that redaction changes."""
    if isinstance(text, TextColumn):
        rows, found = changed_cells(text.text, strip=True)
    else:
        rows, found = changed_cells(pa.array(list(text), pa.large_string()))
    changed.update(found)
    return rows
