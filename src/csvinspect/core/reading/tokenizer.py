"""The lossless path: every record exactly as written, however irregular the file.

Used when the fast path (``fastpath.py``) reports anything irregular. Python's ``csv``
module splits records (quotes, doubled quotes and line breaks inside quotes, CRLF/LF/CR);
this module adds what it lacks: the line each record starts on, blank lines kept apart from
records, ragged records kept whole, and recovery from a quote that is never closed. Rows
are turned into Arrow columns in batches so a big broken file never holds one Python
string per cell at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from csvinspect.core.chunks import Text
from csvinspect.core.reading.lines import LineBreaks
from csvinspect.core.table import LoadCancelled

BATCH_ROWS = 65_536
MAX_RECOVERIES = 100  # unclosed quotes recovered before the rest is read as it falls
_FIELD_LIMIT = 2**31 - 1  # the csv module refuses fields over 128 KiB by default
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*')  # an opening quote and the cell up to its close


@dataclass
class Records:
    """Every record of a file: cells padded with nulls to the widest record."""

    columns: list[Text]
    widths: np.ndarray  # int64, how many cells each record really had
    start_lines: np.ndarray  # int64, 1-based line each record starts on
    blank_lines: list[int] = field(default_factory=list)
    unclosed_quote_lines: list[int] = field(default_factory=list)
    has_nul: bool | None = None  # whether a cell holds a NUL byte, when already known


def allow_long_fields() -> None:
    """Lift the csv module's 128 KiB field limit (process-wide; it only ever grows)."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)


def tokenize(
    text: str,
    delimiter: str,
    *,
    first_line: int = 1,
    breaks: LineBreaks | None = None,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> Records:
    """Split ``text`` into records, noting blank lines and quotes left open at the end.

    ``breaks`` says which line breaks count as lines in the whole file (``text`` may be its
    tail); by default it is decided from ``text``.
    """
    allow_long_fields()
    if breaks is None:
        breaks = LineBreaks(char="\r" if "\n" not in text and "\r" in text else "\n")
    builder = _ColumnBuilder()
    blank: list[int] = []
    unclosed: list[int] = []
    line = first_line
    segment = text
    total_lines = max(1, text.count(breaks.char)) if progress is not None else 1
    while True:
        reader = csv.reader(io.StringIO(segment, newline=""), delimiter=delimiter, strict=False)
        held: tuple[list[str], int, int] | None = None  # last record, its line, csv line before
        seen = 0
        for fields in reader:
            used, seen = reader.line_num - seen, reader.line_num
            if not fields:
                blank.append(line)
                line += 1
                continue
            if held is not None:
                builder.add(held[0], held[1])
                if builder.flushed and is_cancelled is not None and is_cancelled():
                    raise LoadCancelled()
                if builder.flushed and progress is not None:
                    progress(min(line - first_line, total_lines), total_lines)
            inside = 0 if used == 1 else sum(cell.count(breaks.char) for cell in fields)
            held = (fields, line, seen - used)
            line += 1 + inside
        if held is None:
            break
        fields, start, csv_lines_before = held
        opened = None
        if _may_end_inside_quotes(segment, fields[-1], delimiter):
            record_start = _offset_after_breaks(segment, csv_lines_before)
            opened = unclosed_quote_start(segment, record_start, delimiter)
        if opened is None or len(unclosed) >= MAX_RECOVERIES:
            builder.add(fields, start)
            if opened is not None:
                unclosed.append(start)
            break
        # The quote swallowed everything after it: keep it as a plain character, end the
        # record at the end of the quote's line, and read on from the next line.
        unclosed.append(start)
        line_end = _LINE_BREAK.search(segment, opened)
        cut = len(segment) if line_end is None else line_end.start()
        fields = _read_one_record(segment[record_start:cut], delimiter)
        fields[-1] = '"' + fields[-1].replace('"', '""')
        builder.add(fields, start)
        line = start + 1 + sum(cell.count(breaks.char) for cell in fields)
        if line_end is None:
            break
        segment = segment[line_end.end() :]
    columns, widths, lines = builder.finish()
    return Records(columns, widths, lines, blank, unclosed)


def _may_end_inside_quotes(segment: str, last_cell: str, delimiter: str) -> bool:
    """Cheap test: could ``last_cell`` be a quoted cell still open at the end of the text?

    An unclosed quoted cell runs to the end of the text and, since a lone quote would have
    closed it, its raw text is exactly ``"`` plus the cell with each quote doubled.
    """
    raw = '"' + last_cell.replace('"', '""')
    if not segment.endswith(raw):
        return False
    start = len(segment) - len(raw)
    return start == 0 or segment[start - 1] in (delimiter, "\n", "\r")


def unclosed_quote_start(text: str, record_start: int, delimiter: str) -> int | None:
    """Offset of the quote that opens a cell still open at the end of ``text``, if any.

    Walks the last record (from ``record_start``) the way the csv module and pyarrow read
    it: a quote opens a cell only at its start, ``""`` inside is a quote, and text after
    the closing quote up to the next delimiter belongs to the same cell.
    """
    unquoted = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    at = record_start
    while at < len(text):
        if text[at] == '"':
            inside = _QUOTED.match(text, at)
            assert inside is not None  # the pattern matches at any quote
            if inside.end() >= len(text):
                return at
            at = inside.end() + 1  # past the closing quote
        plain = unquoted.match(text, at)
        assert plain is not None  # the pattern matches, if only the empty string, anywhere
        at = plain.end()
        if at >= len(text) or text[at] != delimiter:
            return None  # the record ended (line break or end of text) outside quotes
        at += 1
    return None


def _offset_after_breaks(text: str, count: int) -> int:
    """Offset just after the ``count``-th line break of ``text`` (0 for ``count == 0``)."""
    if count == 0:
        return 0
    for seen, match in enumerate(_LINE_BREAK.finditer(text), start=1):
        if seen == count:
            return match.end()
    return len(text)


def _read_one_record(chunk: str, delimiter: str) -> list[str]:
    reader = csv.reader(io.StringIO(chunk, newline=""), delimiter=delimiter, strict=False)
    return next(reader, None) or [""]


class _ColumnBuilder:
    """Collects records and turns each batch into Arrow string columns."""

    def __init__(self) -> None:
        self._chunks: list[list[pa.Array]] = []
        self._rows = 0
        self._batch: list[list[str]] = []
        self._widths: list[int] = []
        self._lines: list[int] = []
        self.flushed = False

    def add(self, fields: list[str], line: int) -> None:
        self._batch.append(fields)
        self._widths.append(len(fields))
        self._lines.append(line)
        self.flushed = len(self._batch) >= BATCH_ROWS
        if self.flushed:
            self._flush()

    def _flush(self) -> None:
        if not self._batch:
            return
        width = max(len(record) for record in self._batch)
        while len(self._chunks) < width:
            self._chunks.append([pa.nulls(self._rows, pa.string())] if self._rows else [])
        padded = [r if len(r) == width else r + [None] * (width - len(r)) for r in self._batch]
        for index, values in enumerate(zip(*padded, strict=True)):
            self._chunks[index].append(pa.array(values, pa.string()))
        for index in range(width, len(self._chunks)):
            self._chunks[index].append(pa.nulls(len(self._batch), pa.string()))
        self._rows += len(self._batch)
        self._batch = []

    def finish(self) -> tuple[list[pa.Array], np.ndarray, np.ndarray]:
        self._flush()
        columns = [pa.concat_arrays(chunks) for chunks in self._chunks]
        return (
            columns,
            np.asarray(self._widths, dtype=np.int64),
            np.asarray(self._lines, dtype=np.int64),
        )
