"""JSON Lines and JSON array exports read into the same cells as a CSV (issue 11, seed 001).

Seed 001's monitoring console exports request events as JSON Lines; other consoles hand
out a JSON array of the same records. Each record becomes a row and each key a column, in
the order the keys first appear. A nested object becomes columns with dotted names
(``usage.input_tokens``); an array keeps its JSON text. A missing key or ``null`` is an
empty cell, ``true``/``false`` stay as written, and a number keeps the text it was written
with (``1.0`` stays ``1.0``, a 19-digit ID never becomes a float), so typing then reads the
columns exactly as it reads a CSV's.

The reader is the standard library's ``json`` (its C scanner). Integers come back as Python
integers, exact at any size and printed as written (JSON allows no leading zeros; only ``-0``
reads back as ``0``); a ``parse_float`` hook keeps every other number's text (``1.0``,
``0.0170``, ``1e5``). ``pyarrow.json`` was tried first and cannot do this job (pyarrow
26.0.1): it types numbers itself (``1.0`` reads as the double 1.0 and prints ``1``, ``0.0170``
prints ``0.017``, a 20-digit ID becomes ``1.2345678901234567e+19``), refuses an explicit
string schema for a numeric field, and gives up on the whole file when a field is a number
in one row and text in another ("changed from string to number") or when one line is
broken. Here a broken line or record is a ``LoadProblem`` naming its line, and every other
record loads. The price is speed: ``make bench`` opens 1M request records (637 MB of JSON
Lines) in about 25 s, against 2.3 s for the same records as CSV, most of it in ``json``'s
scanner; the cells become Arrow columns a batch of records at a time (``json_columns.py``)
and lines are read one at a time, so the peak stays near 5x the file (it was 8.5x).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from csvinspect.core import fields
from csvinspect.core.reading import problems as P
from csvinspect.core.reading.encoding import choose_encoding, decode
from csvinspect.core.reading.json_columns import Number, RecordColumns
from csvinspect.core.reading.parse import ParsedCells
from csvinspect.core.reading.sources import Buffer
from csvinspect.core.table import LoadCancelled, LoadProblem, ReadOptions

JSON_LINES = "jsonl"
JSON_DOCUMENT = "json"  # a JSON array of records, or records written one after another
FORMAT_NAMES = {JSON_LINES: "JSON Lines", JSON_DOCUMENT: "JSON"}
BAD_JSON = "invalid_json"
NOT_JSON = "not_json"  # no record of a JSON-looking file reads: it is read as CSV
NOT_AN_OBJECT = "not_a_record"
# Problems whose line is left out of the table (a CSV keeps every row; JSON cannot).
LEFT_OUT = frozenset({BAD_JSON, NOT_AN_OBJECT})
_HEAD_BYTES = 64 * 1024
_HEAD_LINES = 20
_STEP = 10_000  # lines between progress reports and cancel checks
Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
_SPACE = re.compile(r"[ \t\r\n]*")
# Single words that name the same field under any parent key (see ``field_of``).
_NESTED_WORDS = frozenset({"model", "provider", "project", "message", "latency", "cost"})


_DECODER = json.JSONDecoder(parse_float=Number, parse_constant=Number)


def json_format(data: Buffer) -> str | None:
    """``JSON_LINES``, ``JSON_DOCUMENT`` or None (not JSON: read as CSV), from the start.

    A file is JSON when it starts with ``[`` then ``{`` or ``]`` (an array of records), or
    with ``{`` then ``"`` or ``}`` (an object); it is JSON Lines when its first lines each
    hold one whole object.
    A CSV never starts that way: its first cell would have to begin with a brace.
    """
    head = bytes(data[:_HEAD_BYTES]).lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    start = _SPACE.match(head).end()  # type: ignore[union-attr]
    if head.startswith("[", start):
        after = _SPACE.match(head, start + 1).end()  # type: ignore[union-attr]
        return JSON_DOCUMENT if head[after : after + 1] in ("{", "]") else None
    if not head.startswith("{", start):
        return None
    after = _SPACE.match(head, start + 1).end()  # type: ignore[union-attr]
    if head[after : after + 1] not in ('"', "}"):
        return None  # an object starts with a key: "{x},y" is a CSV header
    lines = [line.strip() for line in head[start:].split("\n")[:_HEAD_LINES] if line.strip()]
    whole = sum(1 for line in lines[:-1] if line.startswith("{") and line.endswith("}"))
    if lines and (whole >= max(1, (len(lines) - 1) // 2) or _is_object(lines[0])):
        return JSON_LINES
    return JSON_DOCUMENT


def field_of(header: str) -> str | None:
    """The canonical field of a column: its whole dotted name, else its last two parts
    (``failure.summary`` as ``failure_summary``), else its last part when that part means
    one thing wherever it is nested (``usage.input_tokens``, ``error.message``).

    A bare ``type``, ``id`` or ``output`` under another key says nothing on its own, so
    ``failure.type`` is no log type and ``response.output`` no token count. The whole name
    ranks first, so ``model`` outranks ``response.model`` (``alias_rank``).
    """
    found = fields.canonical_field(header)
    if found is not None or "." not in header:
        return found
    parts = header.split(".")
    found = fields.canonical_field("_".join(parts[-2:]))
    if found is None and ("_" in parts[-1] or parts[-1] in _NESTED_WORDS):
        found = fields.canonical_field(parts[-1])
    return found


@dataclass
class JsonRead:
    """What the JSON reader made of a file that looks like JSON: its cells, or, when not one
    record reads (a blob pasted by mistake, ``{"k":1,{"k":1,...``), the problem to show
    while the file is read as CSV instead, so its text stays in view."""

    form: str
    cells: ParsedCells | None
    problem: LoadProblem | None = None


def read_json(
    data: Buffer,
    options: ReadOptions,
    *,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> JsonRead | None:
    """Read ``data`` as JSON when it looks like JSON and no delimiter was named, else None."""
    form = json_format(data) if options.delimiter is None else None
    if form is None:
        return None
    cells = read_json_cells(data, options, form, progress=progress, is_cancelled=is_cancelled)
    broken = next((p for p in cells.problems if p.code == BAD_JSON), None)
    if len(cells.line_numbers) or broken is None:
        return JsonRead(form, cells)
    found = broken.message.split(";")[0]
    message = f"starts like JSON but {found}: read as CSV instead"
    return JsonRead(form, None, LoadProblem(broken.line, message, NOT_JSON))


def read_json_cells(
    data: Buffer,
    options: ReadOptions,
    form: str,
    *,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> ParsedCells:
    """Read JSON Lines or a JSON document into text columns, one row per record.

    ``progress`` gets (characters read, characters) for JSON Lines, every ``_STEP`` lines,
    where ``is_cancelled`` is asked too (``LoadCancelled``).
    """
    choice = choose_encoding(data, options.encoding)
    decoded = decode(memoryview(data)[choice.bom_length :], choice.name)
    text = decoded.text.lstrip("\ufeff")
    log = P.ProblemLog()
    rows = RecordColumns()
    if form == JSON_LINES:
        _read_lines(text, rows, log, _Ticker(len(text), len(data), progress, is_cancelled))
    else:
        _read_document(text, rows, log)
    if progress is not None:
        progress(len(data), len(data))
    if decoded.invalid:
        log.add(
            P.INVALID_BYTES,
            None,
            f"{decoded.invalid:,} byte sequences are not valid {choice.name} and show as \ufffd",
        )
    if not rows.lines:
        log.add(P.EMPTY, None, "the file holds no JSON records")
    header = rows.header()
    columns = [rows.column(name) for name in header]
    return ParsedCells(
        header,
        columns,
        np.asarray(rows.lines, dtype=np.int64),
        choice.name,
        "",
        True,
        log.result(),
    )


def _is_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


class _Ticker:
    """Reports progress (in the file's bytes) and honours a cancel every ``_STEP`` lines."""

    def __init__(
        self, chars: int, size: int, progress: Progress | None, cancelled: IsCancelled | None
    ) -> None:
        self.chars, self.size, self.progress, self.cancelled = chars, size, progress, cancelled
        self.done = 0

    def line(self, number: int, length: int) -> None:
        self.done += length + 1
        if number % _STEP:
            return
        if self.cancelled is not None and self.cancelled():
            raise LoadCancelled()
        if self.progress is not None:
            self.progress(int(self.size * min(1.0, self.done / max(self.chars, 1))), self.size)


def _read_lines(text: str, rows: RecordColumns, log: P.ProblemLog, ticker: _Ticker) -> None:
    """One record per line; blank lines are skipped and named, as a CSV's are."""
    blank: list[int] = []
    for number, line in enumerate(_lines(text), start=1):
        ticker.line(number, len(line))
        stripped = line.strip()
        if not stripped:
            blank.append(number)
            continue
        try:
            record = _DECODER.decode(stripped)
        except json.JSONDecodeError as exc:
            log.add(
                BAD_JSON,
                number,
                f"not valid JSON ({exc.msg} at column {exc.colno}); this line is left out "
                "and the other lines are read",
            )
            continue
        _add(record, number, rows, log)
    if blank:
        log.add(
            P.BLANK_LINES,
            blank[0],
            f"{len(blank):,} blank line{'s' if len(blank) != 1 else ''} skipped "
            f"({P.name_lines(blank)})",
        )


def _lines(text: str) -> Iterator[str]:
    """``text``'s lines one at a time: a list of a 1M-line export's lines would hold a second
    copy of it. The line break ending the last record does not open a blank line."""
    pos, size = 0, len(text)
    while pos < size:
        end = text.find("\n", pos)
        if end < 0:
            end = size
        line = text[pos:end]
        if end == size and not line.strip():
            return
        yield line
        pos = end + 1


def _read_document(text: str, rows: RecordColumns, log: P.ProblemLog) -> None:
    """A JSON array of records, or objects written one after another (pretty-printed).

    A broken record is skipped up to the next line that starts a record at the indent the
    first one had (how ``json.dumps(indent=...)`` and ``jq`` lay arrays out), and named.
    """
    pos = _SPACE.match(text).end()  # type: ignore[union-attr]
    in_array = text.startswith("[", pos)
    if in_array:
        pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
    indent = pos - (text.rfind("\n", 0, pos) + 1)
    resume = re.compile(rf"\n[ \t]{{{indent}}}(?=\{{)")
    line, counted_to = 1, 0
    while pos < len(text) and not (in_array and text[pos] == "]"):
        line += text.count("\n", counted_to, pos)
        counted_to = pos
        try:
            record, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            found = resume.search(text, pos + 1)
            to = text.count("\n", 0, found.start()) + 1 if found else None
            span = f"lines {line}-{to}" if to and to > line else f"line {line}"
            rest = "the records after it are read" if found else "nothing after it can be read"
            log.add(
                BAD_JSON,
                line,
                f"the record on {span} is not valid JSON ({exc.msg} at line {exc.lineno}, "
                f"column {exc.colno}); it is left out and {rest}",
            )
            if found is None:
                return
            pos = found.end()
            continue
        _add(record, line, rows, log)
        pos = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if in_array and text.startswith(",", pos):
            pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]


def _add(record: Any, line: int, rows: RecordColumns, log: P.ProblemLog) -> None:
    if isinstance(record, dict):
        rows.add(record, line)
        return
    kind = "an array" if isinstance(record, list) else "a single value"
    kind = kind[:1].upper() + kind[1:]
    log.add(
        NOT_AN_OBJECT,
        line,
        f"{kind}, not a record (an object with keys); it is left out",
    )
