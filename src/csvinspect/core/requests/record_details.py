"""What a request's record reads besides its own columns: the embedded JSON column's numbers
and labels (new-api ``other``, LiteLLM ``metadata``, TokenOpen's Details), and the breakdown
dimensions, from the first role that has them or else from that JSON.

Split from ``records.py`` (issue 10), which assembles the record arrays from these.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from csvinspect.core.requests.columns import RoleColumns, extract
from csvinspect.core.requests.json_keys import JsonKeys
from csvinspect.core.requests.labels import Labels


def detail_numbers(roles: RoleColumns, keys: JsonKeys | None) -> dict[str, np.ndarray]:
    """Cache tokens and first-response ms from the JSON column; TokenOpen (seed 002) writes
    there the input and output tokens too (NaN where unknown)."""
    n = roles.n
    out = {
        "cache_tokens": np.full(n, np.nan),
        "frt_ms": np.full(n, np.nan),
        "input_tokens": np.full(n, np.nan),
        "output_tokens": np.full(n, np.nan),
    }
    if keys is None:
        return out
    # new-api writes cache_tokens; LiteLLM's usage object cache_read_input_tokens
    for key in ("cache_tokens", "cache_read_input_tokens", "cached_tokens"):
        cache_tokens = out["cache_tokens"] = keys.number(key)
        if not np.isnan(cache_tokens).all():
            break
    out["frt_ms"] = keys.number("frt")
    if not roles.has("prompt_tokens"):  # each key read costs a pass over the column
        out["input_tokens"] = _first_number(keys, ("input_tokens", "prompt_tokens"))
    if not roles.has("completion_tokens"):
        out["output_tokens"] = _first_number(keys, ("output_tokens", "completion_tokens"))
    return out


def detail_labels(roles: RoleColumns, keys: JsonKeys | None) -> dict[str, pa.Array | None]:
    """Request path from the JSON column; TokenOpen (seed 002) writes there the request ID,
    key and group too (None where the column has none)."""
    out: dict[str, pa.Array | None] = {
        "request_path": None,
        "request_id": None,
        "token": None,
        "group": None,
    }
    if keys is None:
        return out
    for name, json_keys in _JSON_LABELS.items():
        if any(roles.has(role) for role in _OWN_COLUMNS[name]):
            continue
        for key in json_keys:
            found = keys.string(key)
            if found.null_count < len(found):
                out[name] = found
                break
    if not roles.has("call_type"):
        found = keys.string("request_path")
        if found.null_count < len(found):
            out["request_path"] = found
    return out


# Labels read from the JSON column where no column of their own exists (seed 002's Details).
_JSON_LABELS = {
    "request_id": ("request_id",),
    "token": ("key_name", "token_name", "api_key"),
    "group": ("group",),
}

_OWN_COLUMNS = {
    "request_id": ("request_id",),
    "token": ("token", "api_key"),
    "group": ("group", "team"),
}


def _first_number(keys: JsonKeys, names: tuple[str, ...]) -> np.ndarray:
    for key in names:
        found = keys.number(key)
        if not np.isnan(found).all():
            return found
    return found


# The roles a breakdown dimension is read from, first present first (token: name or API key).
_DIMENSION_ROLES = {
    "model": ("model",),
    "token": ("token", "api_key"),
    "user": ("user", "user_id"),
    "group": ("group", "team"),
    "account": ("account", "channel"),
    "auth_index": ("auth_index",),  # seed 001: one account over time by its auth index
    "provider": ("provider",),
    "project": ("project",),
    "call_type": ("call_type",),
    "provider_model": ("provider_model",),
    "plan": ("plan",),
    "transport": ("transport",),
    "route": ("route",),
}


def own_dimension(roles: RoleColumns, name: str) -> Labels | None:
    """A breakdown dimension from the first role that has it; None when none has."""
    for role in _DIMENSION_ROLES[name]:
        labels = roles.labels(role)
        if labels.present:
            return labels
    return None


def dimension(
    roles: RoleColumns, name: str, details: dict[str, np.ndarray | pa.Array | None]
) -> Labels:
    """A breakdown dimension no role has: from another column or the JSON column."""
    if name == "provider" and roles.has("provider_account"):  # CLIProxyAPI "codex:alice@..."
        prefix = extract(roles.text("provider_account"), r"^(?P<p>[^:]+):", "p")
        return Labels.from_text(prefix)
    if name in _JSON_LABELS and details.get(name) is not None:
        return Labels.from_text(details[name])
    if name == "call_type" and details.get("request_path") is not None:
        return Labels.from_text(details["request_path"])
    if name == "account" and details.get("failed") is not None and roles.has("details_json"):
        return _error_channels(roles, number(details, "failed"))
    return Labels.missing(roles.n)


def _error_channels(roles: RoleColumns, failed: np.ndarray) -> Labels:
    """new-api names the channel only in its error rows' JSON: read those rows alone."""
    text = roles.text("details_json")
    if text is None:  # only called when the column is there
        return Labels.missing(roles.n)
    found = extract(text.take(pa.array(failed)), r'"channel_name": ?"(?P<v>[^"]*)"', "v")
    labels = Labels.from_text(found)
    codes = np.full(roles.n, -1, dtype=np.int32)
    codes[failed] = labels.codes
    return Labels(codes, labels.names)


def number(details: dict[str, np.ndarray | pa.Array | None], key: str) -> np.ndarray:
    """One of the numeric details, which ``detail_numbers`` fills (NaN where unknown)."""
    value = details[key]
    assert isinstance(value, np.ndarray)
    return value


def known_or(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """``first`` where known, else ``second``."""
    return np.where(np.isnan(first), second, first)


def add_known(total: np.ndarray, more: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(more), total, np.nan_to_num(total) + more)
