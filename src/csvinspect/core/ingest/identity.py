"""What identifies a row of each kind of export, and what combining files does with a repeat.

Issue 10: the registry's "identity key" was a JSON key that told a rendered report's kind; it
is now what identifies a row of the kind, declared here, below the registry, because the
combining code (``combine.py``) reads it and ingest sits below the kinds (the registry's
``KindEntry.identity`` refers to this table). A request log's row is one request, named by
its request ID: one seen in an earlier row is the same request and is removed (issue 5). A
group-health export's row is a group or a token of a group: the same one in another file is
that group in another period, whose figures add up (issue 10), so nothing is removed and the
repeats are counted. A usage summary's row is a day of a team, model, project or key; files
that repeat one are kept as they were (added up) and the repeats counted, so the user sees the
overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.ingest.roles import Roles
from csvinspect.core.table import ReportKind, Table


@dataclass(frozen=True)
class RowIdentity:
    """The roles (``ingest.roles``) whose cells together name a row, in a user's words."""

    roles: tuple[str, ...]
    noun: str  # "request ID", "group or token": what the repeats are counted as
    removes_repeats: bool  # a repeat is the same row again (removed), or kept
    kept: str = ""  # what a kept repeat means, said after "kept and added up"


ROW_IDENTITY: dict[ReportKind, RowIdentity] = {
    ReportKind.GROUP_HEALTH: RowIdentity(
        ("row_type", "group", "token", "user_id", "username"),
        "group or token",
        False,
        "each file being a period of its own",
    ),
    ReportKind.REQUEST_LOG: RowIdentity(("request_id",), "request ID", True),
    ReportKind.USAGE_SUMMARY: RowIdentity(
        ("time", "start_time", "team", "model", "project", "api_key", "user_id"),
        "day of a team, model or key",
        False,
        "files covering the same day count it twice",
    ),
    # A table of no known kind: a request ID, where it has one, still names one request
    ReportKind.GENERIC: RowIdentity(("request_id",), "request ID", True),
}


def repeats_said(identity: RowIdentity | None, removed: int, in_earlier: int) -> str | None:
    """What combining did with rows the kind's identity names twice, in the kind's words, for
    the report and the app's note alike (issue 10: a combined group-health export was said
    to have "0 duplicate request IDs removed"; it has none). None: nothing to say."""
    if identity is None:
        return None
    if identity.removes_repeats:
        return f"{removed:,} duplicate {identity.noun}{'' if removed == 1 else 's'} removed"
    if not in_earlier:
        return None
    rows = f"{in_earlier:,} row{'' if in_earlier == 1 else 's'}"
    kept = f"kept and added up, {identity.kept}"
    return f"{rows} of a {identity.noun} an earlier file also has: {kept}"


def row_keys(tables: Sequence[Table], identity: RowIdentity) -> np.ndarray | None:
    """One code per row of ``tables`` in order: rows alike in the identity's cells (trimmed)
    share one; -1 where every one of them is empty. None when no table has any of them."""
    parts: list[pa.Array] = []
    roles = [Roles(t) for t in tables]
    for role in identity.roles:
        columns = [r.get(role) for r in roles]
        if all(c is None for c in columns):
            continue
        parts.append(
            pa.concat_arrays(
                [
                    pc.utf8_trim_whitespace(as_string(c.text))
                    if c is not None
                    else pa.nulls(t.n_rows, pa.string())
                    for c, t in zip(columns, tables, strict=True)
                ]
            )
        )
    if not parts:
        return None
    joined = parts[0]
    if len(parts) > 1:  # the cells joined by a unit separator, a missing one as empty
        joined = pc.binary_join_element_wise(
            *parts, "\x1f", null_handling="replace", null_replacement=""
        )
    encoded = pc.dictionary_encode(joined)
    codes: np.ndarray = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    blank = "\x1f" * (len(parts) - 1)
    empty = [i for i, v in enumerate(encoded.dictionary.to_pylist()) if not v or v == blank]
    return np.where(np.isin(codes, empty), -1, codes)


def first_of_each(codes: np.ndarray) -> np.ndarray:
    """True for every row except repeats of a key seen in an earlier row (-1 never repeats)."""
    keep = np.ones(len(codes), dtype=bool)
    has_key = np.flatnonzero(codes >= 0)
    _, first = np.unique(codes[has_key], return_index=True)
    keep[has_key] = False
    keep[has_key[first]] = True
    return keep


def in_earlier_file(codes: np.ndarray, source_of_row: np.ndarray) -> np.ndarray:
    """True for rows whose key (any but -1) an earlier file already has."""
    found = np.zeros(len(codes), dtype=bool)
    has_key = np.flatnonzero(codes >= 0)
    if not len(has_key):
        return found
    keys, source = codes[has_key], source_of_row[has_key]
    first_source = np.full(int(keys.max()) + 1, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_source, keys, source.astype(np.int64))
    found[has_key[source > first_source[keys]]] = True
    return found


def as_string(text: pa.Array) -> pa.Array:
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    return text if text.type == pa.string() else text.cast(pa.string())
