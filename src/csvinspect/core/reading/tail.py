"""A quote left open at the very end (a cut download): re-read only the last record.

pyarrow reads everything after an unclosed quote into one cell and says nothing. Rather
than send a big file to the tokenizer for that, the last record alone is found again (by
counting line breaks back from the end) and re-read by the tokenizer, which keeps the
quote as a plain character and reads the lines after it as rows.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pyarrow as pa

from csvinspect.core.reading.lines import LineBreaks, count_breaks
from csvinspect.core.reading.sources import Buffer
from csvinspect.core.reading.tokenizer import Records, allow_long_fields, tokenize


def reread_last_record(
    records: Records, raw: Buffer, feed: tuple[int, int], delimiter: str, breaks: LineBreaks
) -> Records | None:
    """``records`` with its last record read again by the tokenizer; ``None`` if unsure.

    ``feed`` is the (start, end) of the bytes pyarrow read within ``raw``; the re-read
    runs from the last record to the end of ``raw``, blank lines cut off before included.
    """
    n = len(records.start_lines)
    last = [column[n - 1].as_py() or "" for column in records.columns[: records.widths[-1]]]
    # pyarrow may or may not keep line breaks at the very end of the record (it drops them
    # from a skipped row's text), so both sides are counted without them.
    inside = sum(cell.count(breaks.char) for cell in _trimmed(last))
    start = _start_of_last_record(raw, feed, inside, breaks)
    lines_before = int(records.start_lines[-1] - records.start_lines[0])
    if start is None or count_breaks(raw, feed[0], start, breaks) != lines_before:
        return None  # the line breaks counted back did not land on the record's start
    text = bytes(raw[start:]).decode("utf-8", errors="replace")
    allow_long_fields()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    if _trimmed(next(reader, [])) != _trimmed(last):
        return None  # not the record pyarrow read: leave it to the tokenizer
    again = tokenize(text, delimiter, first_line=int(records.start_lines[-1]), breaks=breaks)
    return _join(records, again)


def _trimmed(cells: list[str]) -> list[str]:
    return [*cells[:-1], cells[-1].rstrip("\r\n")] if cells else []


def _start_of_last_record(
    raw: Buffer, feed: tuple[int, int], inside: int, breaks: LineBreaks
) -> int | None:
    """Offset just after the line break that precedes the last record of the feed."""
    low, position = feed
    while position > low and raw[position - 1] in b"\r\n":
        position -= 1
    needle = breaks.char.encode()
    for seen in range(inside + 1):
        found = raw.rfind(needle, low, position)
        if found < 0:
            return low if seen == inside else None
        position = found
    return position + 1


def _join(head: Records, tail: Records) -> Records:
    """``head`` without its last record, followed by ``tail``."""
    kept = len(head.start_lines) - 1
    width = max(len(head.columns), len(tail.columns))
    columns = []
    for index in range(width):
        before = (
            head.columns[index].slice(0, kept)
            if index < len(head.columns)
            else pa.nulls(kept, pa.string())
        )
        after = (
            tail.columns[index]
            if index < len(tail.columns)
            else pa.nulls(len(tail.start_lines), pa.string())
        )
        columns.append(pa.concat_arrays([before, after]))
    return Records(
        columns,
        np.concatenate([head.widths[:kept], tail.widths]),
        np.concatenate([head.start_lines[:kept], tail.start_lines]),
        head.blank_lines + tail.blank_lines,
        head.unclosed_quote_lines + tail.unclosed_quote_lines,
    )
