"""Did each request succeed? Its status code, failure message and failure category.

Exports say it in different places (issue 5): a status column, ``result`` success/failed,
``status_code=NNN, message`` in new-api's content, or the JSON column. A request whose outcome
cannot be read stays unknown, never a success; an OpenAI ``response.incomplete`` that
delivered is a success, an error-coded one a failure (seed 004).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.analysis.categories import FailureCategory
from csvinspect.core.analysis.reasons import classify
from csvinspect.core.requests.columns import RoleColumns, extract, plain_text
from csvinspect.core.requests.labels import Labels, word_flags
from csvinspect.core.table import Column

CATEGORIES: tuple[FailureCategory, ...] = tuple(FailureCategory)
# Seed 004: "completed, failed, rejected, or in-progress states". A request still running has
# no outcome yet; a rejected one failed admission or policy before any upstream work.
IN_PROGRESS_WORDS = (
    "in_progress", "in progress", "in-progress", "inprogress", "pending", "running", "queued",
    "streaming", "processing", "started", "response.in_progress", "response.created",
)  # fmt: skip
REJECTED_WORDS = ("rejected", "denied", "blocked", "refused", "not_admitted")
# Seed 004: "stream truncation, and client disconnects still appear as failures".
INTERRUPTED_WORDS = (
    "truncated", "stream_truncated", "disconnected", "client_disconnected",
    "client_disconnect", "client_closed", "stream_interrupted",
)  # fmt: skip
SUCCESS_WORDS = (
    "success", "succeeded", "successful", "ok", "completed", "complete", "done", "true",
    "response.completed", "成功",
)  # fmt: skip
FAILURE_WORDS = (
    "failed", "failure", "fail", "error", "errored", "rejected", "false", "cancelled",
    "canceled", "interrupted", "timeout", "timed_out", "aborted", "response.failed", "失败",
    *REJECTED_WORDS, *INTERRUPTED_WORDS,
)  # fmt: skip
INCOMPLETE_WORDS = ("incomplete", "response.incomplete")
_CONTENT_STATUS = r"status_code\s*[=:]\s*(?P<c>[-+]?\d+)"  # any number: 999, -1, 0 (issue 11)
_CELL_STATUS = r"^\s*'?(?P<c>[1-5]\d\d)(?:$|[^\d.,])"  # 429, 429 Too Many Requests
_JSON_STATUS = r'"(?:status_code|error_code|status)"\s*:\s*"?(?P<c>[1-5]\d\d)\b'
_JSON_MESSAGE = r'"(?:error_message|message|error|error_code)"\s*:\s*"(?P<m>(?:[^"\\]|\\.)*)"'
_STATUS_PREFIX = r"^\s*status_code\s*[=:]\s*[-+]?\d+\s*[,，:]?\s*"
_REQUEST_ID_SUFFIX = r"\s*[(（]\s*request id:[^)）]*[)）]\s*$"
# A status written as 0 (0 in the array means "no status"); issue 11: any number written is
# kept and shown, those outside 100-599 as unusual statuses.
WRITTEN_ZERO = np.iinfo(np.int32).min
_LARGEST = np.iinfo(np.int32).max


def status_number(code: int) -> int | None:
    """The status as written, from its value in ``Outcomes.status_code`` (None: no status)."""
    if code == WRITTEN_ZERO:
        return 0
    return int(code) or None


def is_unusual(code: np.ndarray) -> np.ndarray:
    """Statuses written outside HTTP's 100-599 (999, 0, -1, 1000, ...)."""
    unusual: np.ndarray = (code != 0) & ((code < 100) | (code > 599))
    return unusual


@dataclass(frozen=True)
class Outcomes:
    """Per-row outcome arrays of a request log.

    Each request is a success, a failure, in progress or unknown (issue 11): in-progress rows
    have ``success == -1`` like unknown ones, so no rate counts them, and ``in_progress``
    tells them apart. ``rejected`` marks the failures refused before upstream work (seed 004).
    """

    status_code: np.ndarray  # int32, 0 = unknown, WRITTEN_ZERO = a written 0
    success: np.ndarray  # int8: 1 success, 0 failure, -1 unknown or in progress
    message: Labels  # failure message for failed rows (-1 elsewhere)
    category: np.ndarray  # int8 index into CATEGORIES for failed rows, -1 elsewhere
    in_progress: np.ndarray  # bool: no outcome yet (never a success or a failure)
    rejected: np.ndarray  # bool: failed admission or policy before upstream work


def read_outcomes(
    roles: RoleColumns, event: Labels, is_request: np.ndarray, settled: bool
) -> Outcomes:
    """Decide status code, success and failure reason for every row, vectorised."""
    n = roles.n
    code = np.zeros(n, dtype=np.int32)
    words = np.full(n, -1, dtype=np.int8)
    incomplete = np.zeros(n, dtype=bool)
    running = np.zeros(n, dtype=bool)
    refused = np.zeros(n, dtype=bool)
    for col in (*roles.all("status"), *roles.all("result")):  # each one is evidence
        labels = Labels.from_text(plain_text(col.text))
        numbers = _status_codes(roles, col, labels)
        # 0-99 in a status column are flags (1/0), not statuses; 600+ and negatives are kept
        valid = ((numbers >= 100) & (numbers <= 599)) | (numbers >= 600) | (numbers < 0)
        numbers = np.clip(np.nan_to_num(numbers), -_LARGEST, _LARGEST).astype(np.int32)
        code = np.where((code == 0) & valid, numbers, code).astype(np.int32)
        flags = word_flags(labels, SUCCESS_WORDS, FAILURE_WORDS)
        words = np.where(flags == 0, 0, np.where(words == -1, flags, words)).astype(np.int8)
        incomplete |= word_flags(labels, INCOMPLETE_WORDS, ()) == 1
        running |= word_flags(labels, IN_PROGRESS_WORDS, ()) == 1
        refused |= word_flags(labels, REJECTED_WORDS, ()) == 1

    consume = _is_event(event, "consume")
    error_event = _is_event(event, "error")
    look = np.flatnonzero((code == 0) & (words != 1) & ~consume & is_request)
    content = roles.text("content")
    if content is not None and len(look):
        code[look] = _extract_code(content.take(look), _CONTENT_STATUS)
    details = roles.text("details_json")
    # seed 002 (TokenOpen): the status lives only in the Details JSON, so a row no other
    # column speaks for is read from there too (issue 11)
    silent = (words == -1) & ~consume
    look = np.flatnonzero((code == 0) & ((words == 0) | error_event | silent) & is_request)
    if details is not None and len(look):
        code[look] = _extract_code(details.take(look), _JSON_STATUS)

    success = np.full(n, -1, dtype=np.int8)
    success[(code >= 100) & (code < 400)] = 1
    success[(code >= 400) & (code <= 599)] = 0  # an unusual status decides nothing alone
    success[(success == -1) & (words == 1)] = 1
    success[words == 0] = 0
    explicit_error = _non_empty(roles.text("error_message"), n)
    for col in roles.all("errors"):  # seed 004: an ``errors`` column of sanitised messages
        if not col.is_numeric:
            explicit_error |= _non_empty(plain_text(col.text), n)
    success[incomplete & (success == -1) & ~explicit_error] = 1
    success[(success == -1) & explicit_error] = 0  # an error written down is a failure
    success[consume & (success == -1)] = 1
    success[error_event] = 0
    running &= (success == -1) & is_request  # a status code or error decided it already
    if settled:
        success[(success == -1) & is_request & ~running] = 1
    success[~is_request] = -1
    # new-api writes a consume log only for a relay that returned 200: its status is implied.
    code[consume & (code == 0) & (success == 1)] = 200

    failed = np.flatnonzero(success == 0)
    message = _failure_messages(roles, failed, n)
    category = _categories(code, message, failed, n)
    return Outcomes(code, success, message, category, running, refused & (success == 0))


def _status_codes(roles: RoleColumns, col: Column, labels: Labels) -> np.ndarray:
    """Status codes of a status or result column: its numbers, or codes its words start with."""
    if col.is_numeric:
        return roles.numbers_of(col)
    found = extract(pa.array(labels.names, pa.string()), _CELL_STATUS, "c")
    codes = pc.cast(found, pa.int32()).fill_null(0).to_numpy(zero_copy_only=False)
    return labels.lookup(codes.tolist(), 0, np.int32)


def _is_event(event: Labels, name: str) -> np.ndarray:
    if name not in event.names:
        return np.zeros(len(event.codes), dtype=bool)
    is_event: np.ndarray = event.codes == event.names.index(name)
    return is_event


def _extract_code(text: pa.Array, pattern: str) -> np.ndarray:
    found = extract(text, pattern, "c")
    numbers = pc.cast(found, pa.float64()).fill_null(np.nan).to_numpy(zero_copy_only=False)
    codes: np.ndarray = np.clip(np.nan_to_num(numbers), -_LARGEST, _LARGEST).astype(np.int32)
    codes[numbers == 0] = WRITTEN_ZERO
    return codes


def _non_empty(text: pa.Array | None, n: int) -> np.ndarray:
    if text is None:
        return np.zeros(n, dtype=bool)
    lengths = pc.utf8_length(pc.utf8_trim_whitespace(text)).fill_null(0)
    non_empty: np.ndarray = lengths.to_numpy(zero_copy_only=False) > 0
    return non_empty


def _failure_messages(roles: RoleColumns, failed: np.ndarray, n: int) -> Labels:
    """The error text of each failed row: error column, else content, else the JSON's."""
    if not len(failed):
        return Labels.missing(n)
    message: pa.Array | None = None
    for role in ("error_message", "content", "details_json"):
        text = roles.text(role)
        if text is None:
            continue
        part = text.take(failed)
        if role == "details_json":
            part = extract(part, _JSON_MESSAGE, "m")
        else:
            part = pc.replace_substring_regex(part, _STATUS_PREFIX, "")
            part = pc.replace_substring_regex(part, _REQUEST_ID_SUFFIX, "")
        part = pc.utf8_trim_whitespace(part)
        part = pc.if_else(pc.equal(part, ""), pa.scalar(None, pa.string()), part)
        message = part if message is None else pc.coalesce(message, part)
    codes = np.full(n, -1, dtype=np.int32)
    if message is None:
        return Labels(codes, [])
    labels = Labels.from_text(message)
    codes[failed] = labels.codes
    return Labels(codes, labels.names)


def _categories(code: np.ndarray, message: Labels, failed: np.ndarray, n: int) -> np.ndarray:
    """Classify each distinct (status, message) pair once, then spread to the rows."""
    category = np.full(n, -1, dtype=np.int8)
    if not len(failed):
        return category
    width = len(message.names) + 1
    keys = code[failed].astype(np.int64) * width + (message.codes[failed] + 1)
    unique, inverse = np.unique(keys, return_inverse=True)
    index = {c: i for i, c in enumerate(CATEGORIES)}
    per_key = np.array(
        [
            index[classify(status_number(int(k // width)), message.name(int(k % width) - 1))]
            for k in unique
        ],
        dtype=np.int8,
    )
    category[failed] = per_key[inverse]
    return category
