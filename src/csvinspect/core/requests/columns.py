"""Find the column that plays each role in a request export and read it as arrays.

The typing stage (``cells/``) has already turned most cells into numbers; this module only
adds what a role needs on top: the dialect's unit (``latency_ms`` is milliseconds), epoch
times from Unix numbers, labels as dictionary codes. When a column was left as text it
falls back to a vectorised parse of its own, so a request view never depends on one guess.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.requests.dialects import Dialect, detect_dialect, normalise_header
from csvinspect.core.table import NUMERIC_TYPES, Column, ColumnType, Table

# Canonical field of the alias table -> role, for columns no dialect names.
FIELD_ROLES: dict[str, str] = {
    "time": "time",
    "group": "group",
    "team": "team",
    "user_id": "user_id",
    "username": "user",
    "token": "token",
    "api_key": "api_key",
    "model": "model",
    "status_code": "status",
    "result": "result",
    "request_id": "request_id",
    "failure_reason": "error_message",
    "error_message": "error_message",
    "prompt_tokens": "prompt_tokens",
    "completion_tokens": "completion_tokens",
    "total_tokens": "total_tokens",
    "cached_tokens": "cached_tokens",
    "cache_tokens": "cached_tokens",
    "reasoning_tokens": "reasoning_tokens",
    "row_type": "row_type",
    "log_type": "row_type",
    "quota": "quota",
    "channel": "channel",
    "channel_name": "channel",
    "team_id": "team",
    "trace_id": "request_id",
    "end_time": "end_time",
    "currency": "currency",
    "cache_write_tokens": "cache_write_tokens",
    "billing_type": "billing_type",
    "account": "account",
    "provider": "provider",
    "project": "project",
    "call_type": "call_type",
    "ip": "ip",
    "is_stream": "is_stream",
    "content": "content",
    "details_json": "details_json",
    "cost": "cost",
    "cost_usd": "cost_usd",
    "latency": "latency",
    "first_token_latency": "first_token",
    "requests": "requests",
    "success": "success",
    "errors": "errors",
}

CURRENCY_SYMBOLS = {"¥": "CNY", "￥": "CNY", "$": "USD", "€": "EUR", "£": "GBP", "₩": "KRW"}
_NUMBER = r"^\s*'?[-+]?\s*[¥￥$€£₩]?\s*(?P<n>[-+]?[\d,]*\.?\d+(?:[eE][-+]?\d+)?)"


@dataclass(frozen=True)
class Labels:
    """A text dimension as dictionary codes: ``codes[i]`` indexes ``names``, -1 = empty cell."""

    codes: np.ndarray
    names: list[str]

    @staticmethod
    def missing(n: int) -> Labels:
        return Labels(np.full(n, -1, dtype=np.int32), [])

    @staticmethod
    def from_text(text: pa.Array) -> Labels:
        encoded = pc.dictionary_encode(text)
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.combine_chunks()
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
        names = [clean_label(v) for v in encoded.dictionary.to_pylist()]
        remap = np.array([-1 if not name else i for i, name in enumerate(names)], dtype=np.int32)
        if len(remap) and (remap < 0).any():
            codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1).astype(np.int32)
        return Labels(codes, names)

    @property
    def present(self) -> bool:
        return bool(self.names) and bool((self.codes >= 0).any())

    def name(self, code: int) -> str:
        return self.names[code] if code >= 0 else ""


def clean_label(value: str | None) -> str:
    """A label as shown: trimmed, a spreadsheet guard quote before + - = @ removed, - = empty."""
    if value is None:
        return ""
    value = value.strip()
    if len(value) > 1 and value[0] == "'" and value[1] in "+-=@":
        value = value[1:]
    return "" if value in ("-", "—") else value


class RoleColumns:
    """The columns of ``table`` by role: the dialect's headers first, then canonical fields."""

    def __init__(self, table: Table, dialect: Dialect | None = None) -> None:
        self.table = table
        self.n = table.n_rows
        self.dialect = dialect if dialect is not None else detect_dialect(table.header)
        by_name: dict[str, Column] = {}
        for col in table.columns:
            by_name.setdefault(normalise_header(col.name), col)
        self._by_name = by_name
        self._found: dict[str, list[Column]] = {}
        if self.dialect is not None:
            for role, headers in self.dialect.roles.items():
                cols = [by_name[h] for h in headers if h in by_name]
                if cols:
                    self._found[role] = cols
        used = {id(c) for cols in self._found.values() for c in cols}
        for col in table.columns:
            role = FIELD_ROLES.get(col.field or "")
            if role and role not in self._found and id(col) not in used:
                self._found[role] = [col]
                used.add(id(col))

    def get(self, role: str) -> Column | None:
        cols = self._found.get(role)
        return cols[0] if cols else None

    def all(self, role: str) -> list[Column]:
        return list(self._found.get(role, []))

    def has(self, role: str) -> bool:
        return role in self._found

    # -- readers ---------------------------------------------------------------------------
    def text(self, role: str) -> pa.Array | None:
        col = self.get(role)
        return None if col is None else _plain(col.text)

    def labels(self, role: str) -> Labels:
        text = self.text(role)
        return Labels.missing(self.n) if text is None else Labels.from_text(text)

    def numbers(self, role: str) -> np.ndarray:
        """Float values of the role's column (NaN = empty/unknown), durations in seconds."""
        cols = self.all(role)
        if not cols:
            return np.full(self.n, np.nan)
        total = self._numbers_of(cols[0], role)
        for col in cols[1:]:  # several headers feed one role (cache writes 5m + 1h): add
            more = self._numbers_of(col, role)
            total = np.where(np.isnan(total), more, total + np.nan_to_num(more))
        return total

    def _numbers_of(self, col: Column, role: str) -> np.ndarray:
        if col.type is ColumnType.DURATION and col.values is not None:
            return col.values.copy()  # the typing stage already wrote seconds
        if (
            col.type in NUMERIC_TYPES
            and col.values is not None
            and col.type is not ColumnType.TIMESTAMP
        ):
            values = col.values.copy()
        else:
            values = parse_numbers(col.text)
        if self._in_ms(col, role):
            values = values / 1000.0
        return values

    def _in_ms(self, col: Column, role: str) -> bool:
        if role not in ("latency", "first_token"):
            return False
        if self.dialect is not None and role in self.dialect.ms_roles:
            return True
        name = normalise_header(col.name)
        return name.endswith(("_ms", "(ms)", " ms")) or "毫秒" in name

    def times(self, role: str = "time") -> np.ndarray:
        """Epoch seconds (naive local times as UTC wall clock, as the loader reads them)."""
        col = self.get(role)
        if col is None:
            return np.full(self.n, np.nan)
        if col.type is ColumnType.TIMESTAMP and col.values is not None:
            return col.values
        if col.values is not None and col.type in NUMERIC_TYPES:
            return unix_seconds(col.values)
        return parse_times(col.text)

    def money(self, role: str) -> tuple[np.ndarray, str | None]:
        """Amounts and their currency: the column's, its symbol's, or the dialect's."""
        col = self.get(role)
        if col is None:
            return np.full(self.n, np.nan), None
        values = col.values if col.values is not None and col.is_numeric else None
        if values is None:
            values = parse_numbers(col.text)
        return values, col.currency or currency_of(col) or self._dialect_currency()

    def _dialect_currency(self) -> str | None:
        return None if self.dialect is None else self.dialect.cost_currency


def _plain(text: pa.Array) -> pa.Array:
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    if pa.types.is_large_string(text.type):
        text = text.cast(pa.string())
    return text


def parse_numbers(text: pa.Array) -> np.ndarray:
    """Vectorised fallback for text cells: ``1,234.5``, ``¥0.47``, ``'+3``, ``3 s`` -> float."""
    text = _plain(text)
    blank = pc.equal(pc.utf8_trim_whitespace(text), "")
    try:  # plain numbers (the common case) cast directly, far faster than a regex
        numbers = pc.cast(pc.if_else(blank, pa.scalar(None, text.type), text), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        found = pc.replace_substring(extract(text, _NUMBER, "n"), ",", "")
        numbers = pc.cast(found, pa.float64(), safe=False)
    return numbers.to_numpy(zero_copy_only=False).astype(np.float64)


def extract(text: pa.Array, pattern: str, group: str) -> pa.Array:
    """One named group of a regular expression per row; null where it does not match."""
    return pc.struct_field(pc.extract_regex(text, pattern), group)


def unix_seconds(values: np.ndarray) -> np.ndarray:
    """Unix numbers to epoch seconds: milliseconds above 1e11, seconds above 1e8, else NaN."""
    out = np.where(values > 1e11, values / 1000.0, values)
    return np.where(out > 1e8, out, np.nan)


def parse_times(text: pa.Array) -> np.ndarray:
    """Text times to epoch seconds: naive times as UTC wall clock, offsets converted to UTC."""
    text = _plain(text)
    seconds = np.full(len(text), np.nan)
    common = pc.strptime(text, "%Y-%m-%d %H:%M:%S", "s", error_is_null=True)
    parsed = pc.cast(common, pa.int64()).to_numpy(zero_copy_only=False)
    done = pc.is_valid(common).to_numpy(zero_copy_only=False)
    seconds[done] = parsed[done]
    rest = np.flatnonzero(~done & _non_blank(text))
    if len(rest):  # other layouts: ISO 8601 with T, fractions or an offset; Unix numbers
        part = text.take(pa.array(rest))
        # as the typing stage reads them: an offset converts to UTC, naive stays wall clock
        other = pd.to_datetime(
            pd.Series(part.to_numpy(zero_copy_only=False)),
            format="mixed",
            errors="coerce",
            utc=True,
        )
        values = other.to_numpy("datetime64[ns]").astype(np.int64) / 1e9
        values = np.where(other.isna().to_numpy(), np.nan, values)
        bare = pc.match_substring_regex(part, r"^\s*\d{9,13}(\.\d+)?\s*$")
        bare = bare.fill_null(False).to_numpy(zero_copy_only=False)
        seconds[rest] = np.where(bare, unix_seconds(parse_numbers(part)), values)
    return seconds


def _non_blank(text: pa.Array) -> np.ndarray:
    blank = pc.equal(pc.utf8_trim_whitespace(text), "").fill_null(True)
    return ~blank.to_numpy(zero_copy_only=False)


def currency_of(col: Column) -> str | None:
    """Currency named by the header (``Spend ($)``, ``cost_usd``) or the first symbol seen."""
    name = normalise_header(col.name)
    if "usd" in name or "($)" in name:
        return "USD"
    if "cny" in name or "rmb" in name or "(¥)" in name:
        return "CNY"
    sample = pc.drop_null(col.text[: min(len(col.text), 1000)]).to_pylist()
    for cell in sample:
        for symbol, code in CURRENCY_SYMBOLS.items():
            if symbol in cell:
                return code
    return None


def text_flags(text: pa.Array | None, yes: tuple[str, ...], no: tuple[str, ...]) -> np.ndarray:
    """Per-row 1 / 0 / -1 (unknown) from words, compared trimmed and case-folded."""
    if text is None:
        return np.empty(0, dtype=np.int8)
    labels = Labels.from_text(text)
    lookup = np.full(len(labels.names) + 1, -1, dtype=np.int8)
    for i, name in enumerate(labels.names):
        word = name.strip().lower()
        lookup[i + 1] = 1 if word in yes else 0 if word in no else -1
    return lookup[labels.codes + 1]
