"""Redact secrets from text that leaves the machine ("Copy for support", exports).

API keys (``sk-…`` and other providers' prefixes), bearer tokens, ``Authorization:`` header
values, ``api_key=``/``password=`` style parameters, AWS, GitHub and Slack tokens, JWTs, long
base64 secrets and long hex after a word naming a secret are replaced by ``[REDACTED]``, in
plain text and inside JSON (escaped JSON too). Request IDs, user IDs, hashes, token *names* and
model names stay: support needs them (seed 000, "Information for Support").
``redact_data`` applies the same rules to every string of a report before it is rendered;
``Redaction`` is what ``csvinspect report`` decides once, from ``--keep-secrets``, for its JSON,
text and Markdown alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

REDACTED = "[REDACTED]"

_B64 = r"A-Za-z0-9+/_\-"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization: Bearer xxx / "authorization": "Basic xxx" -> the whole value
    (
        re.compile(
            r"""(?i)(\bauthorization\\?["']?\s*[:=]\s*\\?["']?)(?:(?:bearer|basic|token)\s+)?"""
            r"""[^\s"',;\\]+"""
        ),
        r"\1" + REDACTED,
    ),
    (re.compile(r"(?i)(\bbearer\s+)[A-Za-z0-9._~+/=\-]{8,}"), r"\1" + REDACTED),
    # key=value parameters and JSON members that name a secret
    (
        re.compile(
            r"""(?i)(\b(?:x-)?(?:api[_-]?key|access[_-]?token|refresh[_-]?token|client[_-]?secret"""
            r"""|(?:aws_)?secret_access_key|secret[_-]?key|secret|password|passwd)\\?["']?"""
            r"""\s*[:=]\s*\\?["']?)[^\s"',;&\\]{4,}"""
        ),
        r"\1" + REDACTED,
    ),
    # provider key formats
    (re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}"), "sk-" + REDACTED),
    (
        re.compile(
            r"\b(?:AIza[0-9A-Za-z_\-]{20,}|(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}"
            r"|hf_[A-Za-z0-9]{20,}|gsk_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}"
            r"|(?:AKIA|ASIA)[0-9A-Z]{16}|xox[abposr]-[A-Za-z0-9\-]{10,})"
        ),
        REDACTED,
    ),
    # JSON Web Tokens
    (re.compile(r"\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}"), REDACTED),
    # 40+ hex digits after a word naming a secret ("secret 0123…"): alone, 40 or 64 hex digits
    # are far more often a hash (a commit, LiteLLM's hashed key, resp_ IDs) than a key (issue 11)
    (
        re.compile(
            r"(?i)(\b(?:key|token|secret|password|credential)s?\b[\s:=\"'\\]{1,4})"
            r"(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{40,}(?![0-9a-z])"
        ),
        r"\1" + REDACTED,
    ),
    # 40+ base64 characters mixing upper case, lower case and digits
    (
        re.compile(
            rf"(?<![{_B64}])(?=[{_B64}]*\d)(?=[{_B64}]*[A-Z])(?=[{_B64}]*[a-z])"
            rf"[{_B64}]{{40,}}={{0,2}}"
        ),
        REDACTED,
    ),
)
# A cheap RE2 pre-filter (pyarrow.compute) for cells that might hold a secret; only those
# go through the exact rules above, so a million clean cells cost one vectorised pass.
_WORDS = (
    r"(?i)sk-|bearer|authorization|api[_-]?key|secret|passw|access[_-]?token|refresh[_-]?token"
    r"|eyJ|AIza|gh[pousr]_|github_pat_|hf_|gsk_|xai-|AKIA|ASIA|xox[abposr]-"
)
_CANDIDATE = _WORDS + r"|[0-9a-f]{40}|[A-Za-z0-9+/_\-]{40}"  # runs: only in cells of 40 bytes


# The same pre-filter for single strings (a report's): a case-sensitive search of the
# lower-cased text is several times faster in Python than a case-insensitive alternation.
_HINTS = (
    "sk-", "bearer", "authorization", "api_key", "api-key", "apikey", "secret", "passw",
    "access_token", "access-token", "accesstoken", "refresh_token", "refresh-token",
    "refreshtoken", "eyj", "aiza",
    "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "hf_", "gsk_", "xai-", "akia",
    "asia", "xox",
)  # fmt: skip
_HINT = re.compile("|".join(map(re.escape, _HINTS)))
_LONG_RUN = re.compile(r"[A-Za-z0-9+/_\-]{40}")


def redact_text(text: str) -> str:
    """``text`` with every secret the rules recognise replaced by ``[REDACTED]``."""
    if not _HINT.search(text.lower()) and not _LONG_RUN.search(text):
        return text
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def redact_array(texts: pa.Array) -> pa.Array:
    """Vectorised ``redact_text`` over a column of cell texts (nulls stay null)."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if len(texts) == 0:
        return texts
    rows = np.flatnonzero(candidates(texts))
    if len(rows) == 0:
        return texts
    values = texts.to_pylist()
    for row in rows.tolist():
        values[row] = redact_text(values[row])
    return pa.array(values, type=texts.type)


def candidates(texts: pa.Array) -> np.ndarray:
    """Which cells of ``texts`` the pre-filter ``_CANDIDATE`` matches (null cells: none).

    Issue 10: a regular expression per cell costs about as much to start as to scan a short
    cell (0.13 s for a million tokens). Here the words and prefixes it looks for are
    searched in stretches of ``_STRETCH`` cells, the column's bytes as they are, and a run of
    40 characters can only be in a cell of 40 bytes or more: only the cells of a stretch with
    a hit, and the long cells, are searched one by one, so the same cells match as one by
    one (a word across two cells costs a stretch's search, nothing else).
    """
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    found = np.zeros(len(texts), dtype=bool)
    if not len(texts):
        return found
    cells = texts.cast(pa.large_string())
    if cells.null_count:  # a null cell's bytes, if it has any, are no text
        cells = pc.fill_null(cells, "")
    _, offsets_buffer, data = cells.buffers()
    offsets = np.frombuffer(offsets_buffer, np.int64)[cells.offset : cells.offset + len(cells) + 1]
    bounds = offsets[np.r_[0 : len(cells) : _STRETCH, len(cells)]]
    stretches = pa.LargeStringArray.from_buffers(len(bounds) - 1, pa.py_buffer(bounds), data)
    hinted = pc.match_substring_regex(stretches, _WORDS).to_numpy(zero_copy_only=False)
    suspect = np.repeat(hinted, np.diff(np.r_[0 : len(cells) : _STRETCH, len(cells)]))
    suspect |= np.diff(offsets) >= 40
    rows = np.flatnonzero(suspect)
    if len(rows):
        matched = pc.match_substring_regex(cells.take(pa.array(rows)), _CANDIDATE)
        found[rows] = matched.to_numpy(zero_copy_only=False)
    return found


_STRETCH = 64  # cells searched at once: few regex calls, few cells searched again on a hit


def redact_data(value: Any) -> Any:
    """Every string value of JSON-ready data redacted; the structure and its keys kept.

    ``csvinspect report`` redacts its result once here, before any format renders it, so the
    text, Markdown and JSON outputs say the same thing and none prints a key (issue 11). The
    dict keys are the published JSON names, never data, so they stay as they are. The strings
    go through ``redact_array`` together (a 200k-row export's report holds 660k of them), and
    the data is rebuilt only when one of them changed.
    """
    strings: list[str] = []
    _collect(value, strings)
    if not strings:
        return value
    _, changed = changed_cells(pa.array(strings, pa.large_string()))
    return replace_strings(value, changed) if changed else value


def changed_cells(texts: pa.Array, *, strip: bool = False) -> tuple[np.ndarray, dict[str, str]]:
    """The rows of ``texts`` that ``redact_array`` changes, and each changed text's redaction.

    ``strip``: the texts as ``str.strip`` leaves them (nulls as ""), which is how the report
    reads token columns. One vectorised pass over a column, so a report need not redact its
    strings one group at a time (issue 11: a per-group pass doubled a 1M-row report's time).
    The pre-filter finds the same cells stripped or not: none of its patterns holds a space.
    """
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    changed: dict[str, str] = {}
    if len(texts) == 0:
        return np.zeros(0, np.int64), changed
    rows = np.flatnonzero(candidates(texts))
    hits: list[int] = []
    for row, text in zip(rows.tolist(), texts.take(rows).to_pylist(), strict=True):
        if text is None:
            continue
        if strip:
            text = text.strip()
        redacted = redact_text(text)
        if redacted != text:
            changed[text] = redacted
            hits.append(row)
    return np.array(hits, np.int64), changed


def _collect(value: Any, strings: list[str]) -> None:
    if isinstance(value, str):
        strings.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, strings)
    elif isinstance(value, list | tuple):
        for item in value:
            _collect(item, strings)


def replace_strings(value: Any, changed: dict[str, str]) -> Any:
    """``value`` with each string that is a key of ``changed`` replaced (dict keys kept)."""
    if isinstance(value, str):
        return changed.get(value, value)
    if isinstance(value, dict):
        return {k: replace_strings(v, changed) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [replace_strings(v, changed) for v in value]
    return value


@dataclass(frozen=True)
class Redaction:
    """Whether a report shows secrets, applied the same way to every one of its outputs.

    Called on a string from the export, it gives the string as the report may show it: the
    text and Markdown renderers call it before any escaping (an escaped ``sk\\_…`` would no
    longer look like a key). ``many`` and ``changes`` do the same for many strings in one
    vectorised pass, ``data`` for JSON-ready data (``redact_data``).
    """

    keep_secrets: bool = False

    def __call__(self, text: str) -> str:
        return text if self.keep_secrets else redact_text(text)

    def many(self, texts: Sequence[str]) -> list[str]:
        changed = self.changes(texts)
        return [changed.get(t, t) for t in texts] if changed else list(texts)

    def changes(self, texts: Iterable[str]) -> dict[str, str]:
        """The strings of ``texts`` the report shows otherwise, each with what it shows: one
        pass over a million token names (issue 10: a pass per group took 20 s)."""
        if self.keep_secrets:
            return {}
        _, changed = changed_cells(pa.array(list(texts), pa.large_string()))
        return changed

    def data(self, value: Any) -> Any:
        return value if self.keep_secrets else redact_data(value)
