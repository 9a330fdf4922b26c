"""Split an export's bytes into cells: encoding, dialect, then the fast or the lossless path.

``read_cells`` is the reading stage of the loader (``core/loader.py``). It never fails on
bad input: every irregularity becomes a ``LoadProblem`` and the rest of the file loads.
Only unusable options (an unknown encoding, a delimiter that is not one character) raise
``LoadError``; a cancel raises ``LoadCancelled``. An empty file gives no columns and an
``empty`` problem, so the user still sees the file and why nothing is in it.

Every cell is read by pyarrow (``fastpath.py``) when its result can be checked, which
covers clean files, ragged rows, blank lines and a quote left open at the end; anything
else is read by the lossless tokenizer (``tokenizer.py``). Both give the same cells, lines
and problems (a property test checks it).
"""

from __future__ import annotations

import codecs
import mmap
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from csvinspect.core.chunks import Text
from csvinspect.core.reading.assemble import Assembled, assemble
from csvinspect.core.reading.dialect import Sniffed, find_sep_line, sniff
from csvinspect.core.reading.encoding import (
    SAMPLE_BYTES,
    UTF8,
    UTF8_SIG,
    choose_encoding,
    decode,
)
from csvinspect.core.reading.fastpath import Utf8Invalid, read_fast
from csvinspect.core.reading.lines import (
    LineBreaks,
    blank_records,
    scan_cells,
    start_lines,
)
from csvinspect.core.reading.sources import Buffer
from csvinspect.core.reading.tail import reread_last_record
from csvinspect.core.reading.tokenizer import Records, tokenize
from csvinspect.core.table import LoadCancelled, LoadError, LoadProblem, ReadOptions

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
_NOT_A_LINE_BREAK = re.compile(rb"[^\r\n]")


@dataclass
class ParsedCells:
    """The cells of a file, before typing: exact texts plus where each row came from."""

    header: list[str]  # header texts exactly as written (or "Column 1", ... without one)
    columns: list[Text]  # string columns (chunked as read, or not), all the same length
    line_numbers: np.ndarray  # int64, 1-based physical line each data row starts on
    encoding: str  # Python's name: utf-8, utf-8-sig, utf-16, gb18030, cp1252, cp932, ...
    delimiter: str
    has_header: bool = True
    problems: list[LoadProblem] = field(default_factory=list)


@dataclass
class _Body:
    """The text as UTF-8 bytes, where it starts, and what decoding it replaced so far."""

    raw: Buffer
    start: int
    invalid: int = 0


def read_cells(
    data: Buffer,
    options: ReadOptions,
    *,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> ParsedCells:
    """Read ``data`` into cells, detecting what ``options`` leaves as ``None``."""
    if options.delimiter is not None and len(options.delimiter) != 1:
        raise LoadError(f"the delimiter must be one character, not {options.delimiter!r}")
    choice = choose_encoding(data, options.encoding)
    body = _utf8_body(data, choice.name, choice.bom_length)
    sample, complete = _sample(body)
    first_line = 1
    sep = find_sep_line(sample)
    if sep is not None:  # Excel's "sep=;" line names the delimiter and is not a record
        body.start += len(sample[: sep.length].encode())
        sample, complete = _sample(body)
        first_line = 2
    sniffed = sniff(
        sample, complete=complete, delimiter=options.delimiter or (sep.delimiter if sep else None)
    )
    delimiter = sniffed.delimiter
    has_header = options.has_header is not False

    def finish(assembled: Assembled) -> ParsedCells:
        if progress is not None:
            progress(len(data), len(data))
        return ParsedCells(
            assembled.header,
            assembled.columns,
            assembled.line_numbers,
            choice.name,
            delimiter,
            has_header,
            assembled.problems,
        )

    if _NOT_A_LINE_BREAK.search(body.raw, body.start) is None:
        tail = bytes(body.raw[body.start :])  # nothing but line breaks
        blank = tail.count(b"\n") + tail.count(b"\r") - tail.count(b"\r\n")
        return finish(
            assemble(None, has_header=has_header, encoding=choice.name, blank_lines=blank)
        )
    scaled = None if progress is None else _scaled(progress, len(data))
    records = _read_fast(body, sniffed, first_line, scaled, is_cancelled)
    if is_cancelled is not None and is_cancelled():
        raise LoadCancelled()
    if records is None:
        text = decode(memoryview(body.raw)[body.start :], UTF8)
        body.invalid += text.invalid
        records = tokenize(
            text.text,
            delimiter,
            first_line=first_line,
            breaks=LineBreaks.of(body.raw),
            progress=scaled,
            is_cancelled=is_cancelled,
        )
    return finish(
        assemble(
            records,
            has_header=has_header,
            encoding=choice.name,
            invalid_bytes=body.invalid,
            has_nul=records.has_nul
            if records.has_nul is not None
            else scan_cells(records.columns, LineBreaks.of(body.raw)).has_nul,
        )
    )


def _utf8_body(data: Buffer, encoding: str, bom_length: int) -> _Body:
    """UTF-8 bytes to parse: the input itself when it is UTF-8, else decoded and re-encoded."""
    if encoding in (UTF8, UTF8_SIG):
        return _Body(data, bom_length)
    text = decode(data, encoding)
    return _Body(text.text.encode(UTF8, errors="replace"), 0, text.invalid)


def _sample(body: _Body) -> tuple[str, bool]:
    """The first MiB of the body as text, and whether that is the whole body."""
    chunk = body.raw[body.start : body.start + SAMPLE_BYTES]
    complete = body.start + SAMPLE_BYTES >= len(body.raw)
    decoder = codecs.getincrementaldecoder(UTF8)("replace")
    return decoder.decode(chunk, final=complete), complete


def _read_fast(
    body: _Body,
    sniffed: Sniffed,
    first_line: int,
    progress: Progress | None,
    is_cancelled: IsCancelled | None,
) -> Records | None:
    """Records from the pyarrow path, or ``None`` when the file needs the lossless path."""
    breaks = LineBreaks.of(body.raw)
    for _attempt in range(2):
        view = memoryview(body.raw)[body.start :]
        try:
            fast = read_fast(
                view,
                sniffed.delimiter,
                sniffed.width,
                multiline=sniffed.multiline,
                progress=progress,
                is_cancelled=is_cancelled,
                release=_page_releaser(body),
            )
            break
        except Utf8Invalid:
            # Some bytes are not UTF-8: read them as U+FFFD (reported) and parse again.
            text = decode(view, UTF8)
            body.raw, body.start = text.text.encode(UTF8, errors="replace"), 0
            body.invalid += text.invalid
    else:
        return None
    if fast is None:
        return None
    columns = fast.columns
    scan = scan_cells(columns, breaks)
    inside = scan.breaks_inside
    lines = start_lines(first_line, inside)
    end = int(lines[-1] + inside[-1]) if len(lines) else first_line - 1
    widths = fast.widths
    if widths is None:
        widths = np.full(len(lines), len(columns), dtype=np.int64)
    blank = np.empty(0, dtype=np.int64)
    feed = memoryview(body.raw)[body.start : body.start + fast.fed]
    if len(fast.empty_records):
        found = blank_records(feed, fast.empty_records, lines, inside, breaks)
        if found is None:
            return None
        blank = found
    if len(blank):
        keep = np.ones(len(lines), dtype=bool)
        keep[blank] = False
        kept = pa.array(np.flatnonzero(keep))
        columns = [column.take(kept) for column in columns]
        blank_lines = lines[blank].tolist()
        lines, widths = lines[keep], widths[keep]
    else:
        blank_lines = []
    records = Records(columns, widths, lines, blank_lines, [], has_nul=scan.has_nul)
    if fast.open_at_end:
        # A cut download: re-read the last record (and any blank lines cut after it).
        span = (body.start, body.start + fast.fed)
        return reread_last_record(records, body.raw, span, sniffed.delimiter, breaks)
    records.blank_lines += range(end + 1, end + 1 + fast.trailing_blank_lines)
    return records


def _page_releaser(body: _Body) -> Callable[[int], None] | None:
    """For a memory-mapped file: drop pages pyarrow has read from this process's memory.

    A mapped page stays in the OS file cache and comes back on the next touch, so this is
    always safe; it keeps a 1 GB file from adding 1 GB to peak memory while it is parsed.
    """
    raw = body.raw
    if not isinstance(raw, mmap.mmap) or not hasattr(mmap, "MADV_DONTNEED"):
        return None

    def release(upto: int) -> None:
        end = (body.start + upto) // mmap.PAGESIZE * mmap.PAGESIZE
        if end > 0:
            raw.madvise(mmap.MADV_DONTNEED, 0, end)

    return release


def _scaled(progress: Progress, total: int) -> Progress:
    def report(done: int, of: int) -> None:
        progress(int(total * done / of) if of else total, total)

    return report
