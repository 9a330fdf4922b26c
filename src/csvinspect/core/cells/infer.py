"""Typing: decide what each column's cells mean, from the whole column.

The rule (issue 2, "Typing: what the cells mean"):

* Cells that are blank or a placeholder (``-``, ``—``, ``N/A`` ...; ``empties.py``) do not
  count. A column with no other cells is TEXT.
* A header naming an identifier (``user_id``, ``request_id``, ``Token`` ...) makes the column
  ID, whatever its cells look like: a user ID of ``1001`` is never a count.
* Otherwise the types are tried in a fixed order: ID-shaped cells, timestamps, durations
  with units, percentages, money, bare numbers. The first type that reads (nearly) every
  non-empty cell wins: at least one cell, and at most 5% of them unread (one unread cell is
  tolerated from ten cells up). The unread cells keep their text, get NaN and are flagged in
  ``Column.unparsed`` so they can be counted and found.
* Bare numbers are then read through their header (``headers.py``): a unit makes them a
  duration, a time header unix time, a rate header a percentage, a cost header money; else
  they are a COUNT when all are whole numbers and a NUMBER when not.

Every type is decided by parsing the whole column. Before that, 512 non-empty cells spread
over the column are matched against each type's grammar (plain ``re``, a millisecond) only
to skip the types that are plainly wrong (fewer than 80% of those cells match): a type that
reads 95% of a column reads far more than 80% of an even spread of it. So each numeric
column is usually parsed once, and a text column, which no grammar fits, not at all.
Columns are typed two at a time on big files: the numpy and pyarrow kernels release the GIL.
A big column that repeats a few thousand texts has each distinct text read once
(``distinct.py``); timestamps are not, as pyarrow casts them faster than it hashes them.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from csvinspect.core.cells import identifiers, separators
from csvinspect.core.cells.counts import count_pattern, is_whole, read_numbers
from csvinspect.core.cells.durations import (
    composite_pattern,
    console_pattern,
    guess_unit,
    read_durations,
    to_seconds,
)
from csvinspect.core.cells.empties import EMPTY_MARKERS, PreparedCells, prepare
from csvinspect.core.cells.headers import HeaderHints, header_hints
from csvinspect.core.cells.money import money_pattern, read_money
from csvinspect.core.cells.numbers import spread_sample
from csvinspect.core.cells.percent import fraction_from_rate, percent_pattern, read_percent
from csvinspect.core.cells.timestamps import YEAR_FIRST, YEAR_LAST, read_timestamps, unix_epoch
from csvinspect.core.chunks import Text, contiguous, take_rows
from csvinspect.core.fields import refine_field
from csvinspect.core.memory import Releaser
from csvinspect.core.table import Column, ColumnType, LoadCancelled

SAMPLE_SIZE = 512
EVIDENCE_CELLS = 500  # per column, for the decimal-comma decision
PARALLEL_MIN_ROWS = 50_000
_EMPTY = frozenset(EMPTY_MARKERS)


@dataclass
class Typed:
    """A candidate type's reading of a column."""

    type: ColumnType
    values: np.ndarray | None = None
    currency: str | None = None
    parsed: int = 0


Reader = Callable[[PreparedCells, int, HeaderHints, bool], Typed | None]
Gate = Callable[[list[str], bool], float]


@dataclass(frozen=True)
class Candidate:
    """A type to try: ``gate`` says which share of a sample its grammar could read."""

    gate: Gate
    read: Reader


def accepts(parsed: int, nonempty: int) -> bool:
    """Whether a type that read ``parsed`` of ``nonempty`` cells fits the column."""
    allowed = max(int(nonempty * 0.05), 1 if nonempty >= 10 else 0)
    return parsed >= 1 and nonempty - parsed <= allowed


def type_columns(
    header: list[str],
    texts: list[Text | None],
    canonical_fields: list[str | None],
    *,
    delimiter: str = ",",
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> tuple[list[Column], bool]:
    """Return the typed columns and whether the file uses a decimal comma.

    ``texts`` is consumed: each column, chunked as pyarrow read it or not, is merged into
    one array by the thread that types it, and its entry set to None, so a big file's
    chunks are freed column by column instead of doubling its memory. ``progress(done,
    total)`` counts typed columns. Raises ``LoadCancelled`` when ``is_cancelled`` (called
    between columns, on the calling thread) returns True.
    """
    decimal_comma = separators.decide_decimal_comma(_evidence(texts), delimiter)
    count = len(texts)
    rows = len(texts[0]) if texts and texts[0] is not None else 0
    total = sum(text.nbytes for text in texts if text is not None)
    releaser = Releaser(total)

    def work(index: int) -> Column:
        original = texts[index]
        text = contiguous(original)
        merged = original is not text
        texts[index] = original = None  # the chunks' last references: freed once merged
        if merged:
            releaser.freed(text.nbytes)  # before the typing's own temporaries
        return type_column(
            header[index], text, canonical_fields[index], decimal_comma=decimal_comma
        )

    workers = min(4, os.cpu_count() or 1)
    if rows < PARALLEL_MIN_ROWS or workers < 2 or count < 2:
        columns = []
        for index in range(count):
            _check(is_cancelled)
            columns.append(work(index))
            _report(progress, index + 1, count)
        return columns, decimal_comma
    sizes = [0 if text is None else text.nbytes for text in texts]
    return _type_in_parallel(work, sizes, workers, progress, is_cancelled), decimal_comma


def _type_in_parallel(
    work: Callable[[int], Column],
    sizes: list[int],
    workers: int,
    progress: Callable[[int, int], None] | None,
    is_cancelled: Callable[[], bool] | None,
) -> list[Column]:
    """Type the columns on ``workers`` threads, biggest first so none is left alone last."""
    stop = threading.Event()

    def job(index: int) -> Column | None:
        return None if stop.is_set() else work(index)

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="csvinspect-typing")
    try:
        order = sorted(range(len(sizes)), key=lambda i: -sizes[i])
        futures: dict[int, Future[Column | None]] = {i: pool.submit(job, i) for i in order}
        for done, _future in enumerate(as_completed(futures.values()), start=1):
            _check(is_cancelled)
            _report(progress, done, len(sizes))
        columns = [futures[i].result() for i in range(len(sizes))]
        typed = [column for column in columns if column is not None]
        assert len(typed) == len(columns)  # ``stop`` is set only after this
        return typed
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)


def _report(progress: Callable[[int, int], None] | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _check(is_cancelled: Callable[[], bool] | None) -> None:
    if is_cancelled is not None and is_cancelled():
        raise LoadCancelled()


def _evidence(texts: Sequence[Text | None]) -> Iterator[str]:
    """Cells spread over every column, for the per-file decimal-comma decision."""
    for text in texts:
        if text is None or len(text) == 0:
            continue
        n = len(text)
        rows = np.unique(np.linspace(0, n - 1, min(n, EVIDENCE_CELLS)).astype(np.int64))
        for cell in take_rows(text, rows).to_pylist():
            if cell:
                yield cell


def type_column(
    name: str, text: pa.Array, field: str | None, *, decimal_comma: bool = False
) -> Column:
    """Type one column. ``text`` is kept as the column's exact cell texts, untouched."""
    column = Column(name=name, text=text, field=field)
    prepared = None
    sample = _raw_sample(text)
    if sample is None:  # a small or sparse column: read its non-empty cells first
        prepared = prepare(text)
        sample = spread_sample(prepared.cells, SAMPLE_SIZE).to_pylist()
    column.field = refine_field(field, sample[:100])
    hints = header_hints(name, column.field)
    if hints.is_id:
        column.type = ColumnType.ID
        return column
    decided = _decide(text, prepared, sample, hints, decimal_comma)
    if decided is None:
        return column  # text: no type's grammar fits even the sample
    typed, prepared = decided
    column.type = typed.type
    column.currency = typed.currency
    if typed.values is not None:
        values = typed.values
        values[prepared.empty] = np.nan
        column.values = values
        unparsed = ~prepared.empty & np.isnan(values)
        column.unparsed = unparsed if unparsed.any() else None  # a flag per row only if needed
    return column


def _raw_sample(text: pa.Array) -> list[str] | None:
    """512 trimmed non-empty cells spread over a big column, straight from its text.

    Spares text and ID columns the whole-column preparation. None for a column too small
    or too sparse to give them (the caller then samples the prepared cells).
    """
    n = len(text)
    if n <= 4 * SAMPLE_SIZE:
        return None
    rows = np.arange(4 * SAMPLE_SIZE, dtype=np.int64) * (n - 1) // (4 * SAMPLE_SIZE - 1)
    cells = (cell.strip() for cell in text.take(pa.array(rows)).to_pylist() if cell)
    filled = [cell for cell in cells if cell not in _EMPTY]
    if len(filled) < SAMPLE_SIZE // 4:
        return None
    step = max(1.0, len(filled) / SAMPLE_SIZE)
    return [filled[int(i * step)] for i in range(min(SAMPLE_SIZE, len(filled)))]


def _decide(
    text: pa.Array,
    prepared: PreparedCells | None,
    sample: list[str],
    hints: HeaderHints,
    decimal_comma: bool,
) -> tuple[Typed, PreparedCells] | None:
    """The first candidate, in order, whose gate passes and that reads the column.

    Each gate runs only when the candidates before it were ruled out: a timestamp column
    never pays for the duration, percent, money and number gates. None when no gate passes
    (the column is left unprepared).
    """
    for candidate in CANDIDATES:
        if candidate.gate(sample, decimal_comma) < 0.8:
            continue
        if prepared is None:
            prepared = prepare(text)
        nonempty = prepared.nonempty_count
        typed = candidate.read(prepared, nonempty, hints, decimal_comma)
        if typed is not None and accepts(typed.parsed, nonempty):
            return typed, prepared
    return None if prepared is None else (Typed(ColumnType.TEXT), prepared)


def reread(
    name: str,
    text: pa.Array,
    field: str | None,
    wanted: frozenset[ColumnType],
    *,
    decimal_comma: bool = False,
) -> Typed:
    """Read a column the typing left as text, as the most fitting of the ``wanted`` types.

    For a reader that needs a number from every readable cell even though too many others
    are unreadable for the column to be typed (a latency column with some garbage): the
    typing's own readers, header units included, without its 95% rule. The type that reads
    the most cells wins; unread cells are NaN. ``Typed.values`` is None when none reads any.
    """
    prepared = prepare(text)
    hints = header_hints(name, field)
    best = Typed(ColumnType.TEXT)
    for candidate in CANDIDATES:
        typed = candidate.read(prepared, prepared.nonempty_count, hints, decimal_comma)
        if typed is not None and typed.type in wanted and typed.parsed > best.parsed:
            best = typed
    if best.values is not None:
        best.values[prepared.empty] = np.nan
    return best


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _share(sample: list[str], *patterns: str) -> float:
    """Share of ``sample`` that one of ``patterns`` matches in full."""
    if not sample:
        return 0.0
    compiled = [_compiled(p) for p in patterns]
    hits = sum(any(c.fullmatch(text) for c in compiled) for text in sample)
    return hits / len(sample)


def _gate_identifiers(sample: list[str], dc: bool) -> float:
    strong = sum(identifiers.is_strong_id(text) for text in sample)
    if strong == 0 or strong * 100 < len(sample):
        return 0.0
    return sum(identifiers.is_strong_id(t) or t.isdigit() for t in sample) / len(sample)


def _gate_timestamps(sample: list[str], dc: bool) -> float:
    return _share(sample, YEAR_FIRST, YEAR_LAST)


def _gate_durations(sample: list[str], dc: bool) -> float:
    composite = _compiled(composite_pattern(dc))
    console = _compiled(console_pattern(dc))

    def reads(text: str) -> bool:
        match = composite.fullmatch(text)
        return bool(match and any(match.groups())) or bool(console.fullmatch(text))

    return sum(map(reads, sample)) / len(sample) if sample else 0.0


def _gate_percent(sample: list[str], dc: bool) -> float:
    return _share(sample, percent_pattern(dc))


def _gate_money(sample: list[str], dc: bool) -> float:
    pattern = _compiled(money_pattern(dc))
    matches = [m for m in map(pattern.fullmatch, sample) if m]
    marked = sum(bool(m.group("pre") or m.group("suf")) for m in matches)
    return len(matches) / len(sample) if sample and marked * 2 >= len(matches) else 0.0


def _gate_numbers(sample: list[str], dc: bool) -> float:
    return _share(sample, count_pattern(dc))


def _read(values: np.ndarray) -> int:
    return int(np.count_nonzero(~np.isnan(values)))


def _each_cell(prepared: PreparedCells, read: Callable[[pa.Array], np.ndarray]) -> np.ndarray:
    """``read(cells)``, run on the distinct cells of a repetitive column (``distinct.py``)."""
    distinct = prepared.distinct
    if distinct is None:
        return read(prepared.cells)
    return distinct.spread(read(distinct.cells), np.nan)


def _identifiers(
    prepared: PreparedCells, nonempty: int, hints: HeaderHints, dc: bool
) -> Typed | None:
    strong, id_shaped = identifiers.id_cells(prepared.cells)
    if strong == 0 or strong * 100 < nonempty:
        return None
    return Typed(ColumnType.ID, parsed=id_shaped)


def _timestamps(prepared: PreparedCells, nonempty: int, hints: HeaderHints, dc: bool) -> Typed:
    values = read_timestamps(prepared.cells)  # pyarrow casts them faster than it hashes
    return Typed(ColumnType.TIMESTAMP, values, parsed=_read(values))


def _durations(prepared: PreparedCells, nonempty: int, hints: HeaderHints, dc: bool) -> Typed:
    values = _each_cell(prepared, lambda cells: read_durations(cells, decimal_comma=dc))
    return Typed(ColumnType.DURATION, values, parsed=_read(values))


def _percent(prepared: PreparedCells, nonempty: int, hints: HeaderHints, dc: bool) -> Typed:
    values = _each_cell(prepared, lambda cells: read_percent(cells, decimal_comma=dc))
    return Typed(ColumnType.PERCENT, values, parsed=_read(values))


def _money(prepared: PreparedCells, nonempty: int, hints: HeaderHints, dc: bool) -> Typed | None:
    distinct = prepared.distinct
    if distinct is None:
        money = read_money(prepared.cells, decimal_comma=dc)
        values = money.values
    else:  # the column's currency is still the one most rows carry
        money = read_money(distinct.cells, decimal_comma=dc, weights=distinct.counts)
        values = distinct.spread(money.values, np.nan)
    parsed = _read(values)
    if money.marked * 2 < parsed:
        return None  # mostly bare numbers: the header decides (``_numbers``)
    return Typed(ColumnType.MONEY, values, money.currency or hints.currency, parsed)


def _numbers(prepared: PreparedCells, nonempty: int, hints: HeaderHints, dc: bool) -> Typed:
    values = _each_cell(prepared, lambda cells: read_numbers(cells, decimal_comma=dc))
    return _through_header(values, hints)


def _through_header(values: np.ndarray, hints: HeaderHints) -> Typed:
    """Give bare numbers the meaning their header states (module docstring)."""
    if hints.is_code:
        return Typed(ColumnType.NUMBER, values, parsed=_read(values))
    if hints.is_time:
        epoch = unix_epoch(values)
        if epoch is not None:
            return Typed(ColumnType.TIMESTAMP, epoch, parsed=_read(epoch))
    if hints.is_duration:
        unit = hints.duration_unit or guess_unit(values)
        return Typed(ColumnType.DURATION, to_seconds(values, unit), parsed=_read(values))
    if hints.is_rate:
        fractions = fraction_from_rate(values, hints.percent_scale)
        if fractions is not None:
            return Typed(ColumnType.PERCENT, fractions, parsed=_read(fractions))
    if hints.is_money:
        return Typed(ColumnType.MONEY, values, hints.currency, parsed=_read(values))
    kind = ColumnType.COUNT if is_whole(values) else ColumnType.NUMBER
    return Typed(kind, values, parsed=_read(values))


CANDIDATES: tuple[Candidate, ...] = (
    Candidate(_gate_identifiers, _identifiers),
    Candidate(_gate_timestamps, _timestamps),
    Candidate(_gate_durations, _durations),
    Candidate(_gate_percent, _percent),
    Candidate(_gate_money, _money),
    Candidate(_gate_numbers, _numbers),
)
