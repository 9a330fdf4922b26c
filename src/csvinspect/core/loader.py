"""Load an export: bytes -> cells -> typed columns -> kind, dialect, row kinds -> ``Table``.

Each stage lives in its own module; this one only wires them together so the GUI, the
paste path and ``csvinspect report`` all read the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from csvinspect.core import fields
from csvinspect.core.cells.infer import type_columns
from csvinspect.core.ingest import kinds
from csvinspect.core.memory import release_freed
from csvinspect.core.reading.binary import refuse_binary
from csvinspect.core.reading.json_records import field_of, read_json
from csvinspect.core.reading.parse import read_cells
from csvinspect.core.reading.sources import read_source
from csvinspect.core.table import ReadOptions, SourceInfo, Table

Progress = Callable[[int, int], None]  # (bytes done, bytes total)
TypingProgress = Callable[[int, int, int], None]  # (columns typed, columns, rows)
IsCancelled = Callable[[], bool]


def load(
    source: Path | str | bytes,
    *,
    name: str | None = None,
    options: ReadOptions | None = None,
    progress: Progress | None = None,
    typing_progress: TypingProgress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> Table:
    """Read a file path or raw bytes into a typed ``Table``.

    ``progress`` reports the bytes read; then ``typing_progress`` the columns typed, with
    the exact number of rows, which only the read knows.

    Raises ``LoadError`` for input that cannot be read at all and ``LoadCancelled`` when
    ``is_cancelled`` returns True; every lesser problem is recorded on the table instead.
    """
    options = options or ReadOptions()
    data, source_name = read_source(source, name=name)
    if options.encoding is None:
        # A binary file is refused unless the user names its encoding (issue 9).
        refuse_binary(data, source_name)
    # JSON Lines and JSON arrays read into the same cells (issue 11, seed 001).
    found = read_json(data, options, progress=progress, is_cancelled=is_cancelled)
    form = found.form if found is not None and found.cells is not None else None
    if found is not None and found.cells is not None:
        cells = found.cells
    else:
        cells = read_cells(data, options, progress=progress, is_cancelled=is_cancelled)
        if found is not None and found.problem is not None:
            cells.problems.insert(0, found.problem)
    release_freed()  # the parser's buffers, before typing allocates its own
    texts, cells.columns = cells.columns, []  # typing frees each column's chunks once merged
    columns, decimal_comma = type_columns(
        cells.header,
        texts,
        [(field_of if form else fields.canonical_field)(h) for h in cells.header],
        delimiter=cells.delimiter,
        progress=_with_rows(typing_progress, len(cells.line_numbers)),
        is_cancelled=is_cancelled,
    )
    # Hand the typing's freed temporaries back, so the app's memory after a load is the
    # table's (STYLE.md, "Big tables").
    release_freed()
    info = SourceInfo(
        name=source_name,
        encoding=cells.encoding,
        delimiter=cells.delimiter,
        has_header=cells.has_header,
        size_bytes=len(data),
        decimal_comma=decimal_comma,
        problems=list(cells.problems),
        format=form or "csv",
    )
    table = Table(source=info, columns=columns, line_numbers=np.asarray(cells.line_numbers))
    kinds.decide(table, options.kind)
    return table


def _with_rows(report: TypingProgress | None, rows: int) -> Callable[[int, int], None] | None:
    if report is None:
        return None
    return lambda done, total: report(done, total, rows)


def load_text(text: str, *, name: str = "pasted text", options: ReadOptions | None = None) -> Table:
    """Read pasted text exactly as a file would be read (GUI paste, ``report -``)."""
    options = options or ReadOptions()
    if options.encoding is None:
        options = ReadOptions(
            encoding="utf-8",
            delimiter=options.delimiter,
            has_header=options.has_header,
            kind=options.kind,
        )
    return load(text.encode("utf-8", errors="surrogatepass"), name=name, options=options)
