"""The fast path: ``pyarrow.csv`` reads the file at native speed.

Issue 2 asks for load-and-type within 1.5x of a plain ``pyarrow.csv.read_csv``, so a clean
file must cost little more than that read. Every cell is read as a string (no null values,
no type inference: ``007``, ``NA`` and 19-digit ids stay as written), and the header is
read as row 0 so duplicate or empty names survive.

Irregular files stay on this path wherever pyarrow's result can be checked: ragged rows are
read again on one thread, which numbers them, and put back in place (``ragged.py``);
records of empty cells are told apart from blank lines afterwards (``lines.blank_records``);
a quote still open at the very end is flagged for ``tail.py``. Anything else pyarrow
rejects returns ``None``, and the caller reads the file with the lossless tokenizer.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from csvinspect.core.chunks import Text, contiguous, pieces, take_rows
from csvinspect.core.memory import READER_POOL, Releaser
from csvinspect.core.reading.lines import offsets_of
from csvinspect.core.reading.ragged import InvalidRecord, put_back
from csvinspect.core.reading.tokenizer import unclosed_quote_start
from csvinspect.core.table import LoadCancelled

if TYPE_CHECKING:
    from sys import UnraisableHookArgs

# Half pyarrow's default block (issue 10): with 1 MB blocks the reader's threads kept more in
# flight in some runs, and a 1M-row load peaked at 590-640 MB in about half the runs, 490-510
# in the others; with 512 KB, 498-510 MB in 8 runs of 8, in the same time. Larger blocks
# measured no faster.
BLOCK_BYTES = 1 << 19
_PROGRESS_STEP = 8 << 20
_KEEP_BEHIND = 16 << 20  # how far behind the read position memory is released


class Utf8Invalid(Exception):
    """pyarrow found bytes that are not UTF-8; decode with replacement and read again."""


@dataclass
class FastRead:
    """Every record as string columns (row 0 is the header when there is one)."""

    columns: list[Text]  # chunked as pyarrow read them, unless a repair needed arrays
    widths: np.ndarray | None  # cells each record had, when some rows are ragged
    trailing_blank_lines: int  # blank lines after the last record, cut before parsing
    fed: int  # how many bytes of the body pyarrow read (the rest is those blank lines)
    empty_records: np.ndarray  # records with only empty cells (blank lines among them)
    open_at_end: bool  # the last record may hold a quote never closed (see tail.py)


def read_fast(
    body: memoryview,
    delimiter: str,
    width: int,
    *,
    multiline: bool,
    progress: Callable[[int, int], None] | None,
    is_cancelled: Callable[[], bool] | None,
    release: Callable[[int], None] | None = None,
) -> FastRead | None:
    """Read ``body`` (UTF-8, no BOM) with pyarrow; ``None`` when it is not regular.

    ``width`` is the record width seen in the sample, used only to name enough columns as
    strings; ``multiline`` says the sample already showed cells spanning lines;
    ``release(n)`` may let go of the memory of the first ``n`` bytes once pyarrow is past.
    """
    end, blank = _cut_trailing_blank_lines(body)
    feed = body[:end]
    if not len(feed):
        return None
    reader = _ProgressReader(feed, progress, is_cancelled, release)
    table, ragged = None, False
    for newlines_in_values in (True,) if multiline else (False, True):
        # pyarrow splits blocks at line ends unless told cells may span lines; a split
        # inside a quoted cell then fails loudly, and the second attempt handles it.
        table, ragged = _read(reader, delimiter, width, newlines_in_values)
        if reader.cancelled or table is not None:
            break
    invalid: list[InvalidRecord] = []
    if table is None and ragged and not reader.cancelled:
        # Ragged rows: a single-threaded read numbers them, so they can be put back.
        table, _ = _read(reader, delimiter, width, True, collect=invalid)
    if reader.cancelled:
        raise LoadCancelled()
    reader.release_all()
    if table is None or any(not pa.types.is_string(c.type) for c in table.columns):
        return None  # a pyarrow error, or more columns than the sample showed (typed)
    columns: list[Text] = list(table.columns)
    del table  # the list is now the chunks' only owner: each is freed once merged
    widths = None
    open_at_end = bool(invalid) and unclosed_quote_start(invalid[-1].text, 0, delimiter) is not None
    if invalid:
        restored = put_back(_contiguous(columns), invalid, delimiter)
        if restored is None:
            return None
        columns, widths = restored
    last_width = len(columns) if widths is None else int(widths[-1])
    open_at_end = open_at_end or _ends_inside_quotes(feed, columns[last_width - 1], delimiter)
    empty = _empty_records(columns)
    if open_at_end or len(empty):
        columns = _contiguous(columns)  # rare repairs (tail.py, blank lines) want arrays
    return FastRead(columns, widths, blank, end, empty, open_at_end)


def _contiguous(chunked: list[Text]) -> list[pa.Array]:
    """One array per column, freeing each column's chunks as soon as they are merged.

    ``chunked`` must hold the only references to the chunks: peak memory then grows by
    one column's copy, not by the whole table's. A clean file skips this: its columns go
    to typing chunked, where each is merged on the thread that types it.
    """
    columns = []
    releaser = Releaser(sum(column.nbytes for column in chunked))
    for index in range(len(chunked)):
        column = chunked[index]
        chunked[index] = None
        columns.append(contiguous(column))
        freed = column.nbytes
        del column
        releaser.freed(freed)
    return columns


def _read(
    reader: _ProgressReader,
    delimiter: str,
    width: int,
    newlines_in_values: bool,
    *,
    collect: list[InvalidRecord] | None = None,
) -> tuple[pa.Table | None, bool]:
    """One pyarrow read; also whether it met a ragged row.

    Without ``collect`` the first ragged row stops the read. With it, ragged rows are
    skipped and collected with their record number, which pyarrow only knows when it
    reads on one thread.
    """
    ragged = []

    def on_invalid_row(row: pacsv.InvalidRow) -> str:
        ragged.append(True)
        if collect is None:
            return "error"
        collect.append(InvalidRecord(row.number, row.actual_columns, row.text))
        return "skip"

    reader.rewind()
    try:
        with _quiet_undecodable_rows():
            table = pacsv.read_csv(
                reader,
                read_options=pacsv.ReadOptions(
                    use_threads=collect is None,
                    autogenerate_column_names=True,
                    block_size=BLOCK_BYTES,
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=delimiter,
                    quote_char='"',
                    double_quote=True,
                    escape_char=False,
                    newlines_in_values=newlines_in_values,
                    ignore_empty_lines=False,
                    invalid_row_handler=on_invalid_row,
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types={f"f{i}": pa.string() for i in range(max(width, 1) + 64)},
                    null_values=[],
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
                memory_pool=READER_POOL,  # see core/memory.py
            )
    except pa.ArrowInvalid as exc:
        message = str(exc)
        if "invalid UTF8" in message and not ragged:
            raise Utf8Invalid(message) from None
        if "columns, got" in message and (collect is not None or not ragged):
            # pyarrow could not hand the ragged row over: its text is not UTF-8.
            raise Utf8Invalid(message) from None
        return None, bool(ragged)
    except (pa.ArrowException, ValueError):
        return None, bool(ragged)
    return table, bool(ragged)


@contextlib.contextmanager
def _quiet_undecodable_rows() -> Iterator[None]:
    """Silence pyarrow's "Exception ignored" print for a ragged row that is not UTF-8.

    pyarrow cannot decode such a row for the handler, prints the error to stderr and
    fails the read; ``_read`` turns that failure into ``Utf8Invalid`` (decode, report,
    read again), so the print would only alarm a command-line user.
    """
    previous = sys.unraisablehook

    def hook(unraisable: UnraisableHookArgs) -> None:
        handler = getattr(unraisable.object, "__name__", "")
        if isinstance(unraisable.exc_value, UnicodeDecodeError) and handler == "on_invalid_row":
            return
        previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous


def _cut_trailing_blank_lines(body: memoryview) -> tuple[int, int]:
    """Where to stop reading so blank lines at the very end are not read as records."""
    end = len(body)
    while end and body[end - 1] in (0x0A, 0x0D):
        end -= 1
    tail = bytes(body[end:])
    # Every \r, \n and \r\n ends a (blank) record, as the tokenizer counts them too.
    count = tail.count(b"\n") + tail.count(b"\r") - tail.count(b"\r\n")
    if count < 2:
        return len(body), 0
    first = 2 if tail.startswith(b"\r\n") else 1
    return end + first, count - 1


def _empty_records(columns: list[Text]) -> np.ndarray:
    """Indices of the records whose cells are all empty: blank lines, or ``,,,``."""
    if not columns:
        return np.empty(0, dtype=np.int64)
    found = []
    for start, piece in pieces(columns[0]):
        offsets = offsets_of(piece)
        rows = np.flatnonzero(offsets[1:] == offsets[:-1]) + start
        found.append(rows)
    empty = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
    for column in columns[1:]:
        if not len(empty):
            break
        cells = take_rows(column, empty)
        lengths = np.diff(offsets_of(cells))
        empty = empty[lengths == 0]
    return empty


def _ends_inside_quotes(feed: memoryview, last_column: pa.Array, delimiter: str) -> bool:
    """True when the last record's last cell may be a quote never closed before the end.

    pyarrow then silently reads everything after the quote into that cell. Such a cell's
    raw text is ``"`` plus the cell with its quotes doubled, running to the very end; a
    few closed cells look the same (``"\\n"`` at the end), so this only sends the file to
    the tokenizer, which decides exactly.
    """
    cell = last_column[len(last_column) - 1].as_py() or ""
    raw = ('"' + cell.replace('"', '""')).encode()
    start = len(feed) - len(raw)
    if start < 0 or feed[start:].tobytes() != raw:
        return False
    return start == 0 or feed[start - 1] in (ord(delimiter), 0x0A, 0x0D)


class _ProgressReader(io.RawIOBase):
    """A read-only view of the body that reports progress and ends early on cancel.

    Raising inside ``read`` leaves pyarrow's read-ahead thread hanging at exit (measured
    with pyarrow 26), so a cancel reads as end of file and the caller raises afterwards.
    """

    def __init__(
        self,
        view: memoryview,
        progress: Callable[[int, int], None] | None,
        is_cancelled: Callable[[], bool] | None,
        release: Callable[[int], None] | None,
    ) -> None:
        super().__init__()
        self._view = view
        self._progress = progress
        self._is_cancelled = is_cancelled
        self._release = release
        self._position = 0
        self._reported = 0
        self.cancelled = False

    def release_all(self) -> None:
        """Let go of every page read so far: pyarrow is done with them."""
        if self._release is not None and self._position:
            self._release(self._position)

    def rewind(self) -> None:
        self._position = 0  # progress only ever moves forward, across attempts too

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> memoryview:
        if self.cancelled or (self._is_cancelled is not None and self._is_cancelled()):
            self.cancelled = True
            return memoryview(b"")
        start = self._position
        stop = len(self._view) if size is None or size < 0 else min(len(self._view), start + size)
        self._position = stop
        if stop >= self._reported + _PROGRESS_STEP:
            self._reported = stop
            if self._progress is not None:
                self._progress(stop, len(self._view))
            if self._release is not None and start > _KEEP_BEHIND:
                # Blocks this far back are parsed; their pages can leave memory.
                self._release(start - _KEEP_BEHIND)
        return self._view[start:stop]
