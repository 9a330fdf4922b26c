"""Redact secrets from text that leaves the machine ("Copy for support", exports).

API keys (``sk-…`` and other providers' prefixes), bearer tokens, ``Authorization:`` header
values, ``api_key=``/``password=`` style parameters, JWTs and long hex or base64 secrets
are replaced by ``[REDACTED]``. Request IDs, user IDs, token *names* and model names stay:
support needs them (seed 000, "Information for Support").
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

REDACTED = "[REDACTED]"

_B64 = r"A-Za-z0-9+/_\-"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization: Bearer xxx / "authorization": "Basic xxx" -> the whole value
    (
        re.compile(
            r"""(?i)(\bauthorization["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?"""
            r"""[^\s"',;]+"""
        ),
        r"\1" + REDACTED,
    ),
    (re.compile(r"(?i)(\bbearer\s+)[A-Za-z0-9._~+/=\-]{8,}"), r"\1" + REDACTED),
    # key=value parameters and JSON members that name a secret
    (
        re.compile(
            r"""(?i)(\b(?:x-)?(?:api[_-]?key|access[_-]?token|refresh[_-]?token|client[_-]?secret"""
            r"""|secret[_-]?key|secret|password|passwd)["']?\s*[:=]\s*["']?)[^\s"',;&]{4,}"""
        ),
        r"\1" + REDACTED,
    ),
    # provider key formats
    (re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}"), "sk-" + REDACTED),
    (
        re.compile(
            r"\b(?:AIza[0-9A-Za-z_\-]{20,}|(?:ghp|gho|ghu|ghs|github_pat)_[A-Za-z0-9_]{20,}"
            r"|hf_[A-Za-z0-9]{20,}|gsk_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16})"
        ),
        REDACTED,
    ),
    # JSON Web Tokens
    (re.compile(r"\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}"), REDACTED),
    # 40+ hex digits with letters and digits (a request ID is 32 or fewer)
    (
        re.compile(
            r"(?<![0-9A-Za-z])(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{40,}"
            r"(?![0-9A-Za-z])"
        ),
        REDACTED,
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
_CANDIDATE = (
    r"(?i)sk-|bearer|authorization|api[_-]?key|secret|passw|access[_-]?token|refresh[_-]?token"
    r"|eyJ|AIza|gh[pousr]_|github_pat_|hf_|gsk_|xai-|AKIA|[0-9a-f]{40}|[A-Za-z0-9+/_\-]{40}"
)


def redact_text(text: str) -> str:
    """``text`` with every secret the rules recognise replaced by ``[REDACTED]``."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def redact_array(texts: pa.Array) -> pa.Array:
    """Vectorised ``redact_text`` over a column of cell texts (nulls stay null)."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if len(texts) == 0:
        return texts
    candidates = pc.fill_null(pc.match_substring_regex(texts, _CANDIDATE), False)
    rows = np.flatnonzero(candidates.to_numpy(zero_copy_only=False))
    if len(rows) == 0:
        return texts
    values = texts.to_pylist()
    for row in rows.tolist():
        values[row] = redact_text(values[row])
    return pa.array(values, type=texts.type)
