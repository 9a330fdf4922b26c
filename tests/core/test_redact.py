"""Secrets never leave the machine; what support needs does."""

import pyarrow as pa
import pytest

from csvinspect.core.redact import REDACTED, redact_array, redact_text

KEY = "sk-" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"key {KEY} failed", f"key sk-{REDACTED} failed"),
        ("sk-ant-api03-AbCdEf0123456789_xyz-QRS", f"sk-{REDACTED}"),
        (f"Authorization: Bearer {KEY}", f"Authorization: {REDACTED}"),
        (
            'curl -H "Authorization: Basic dXNlcjpwYXNz" https://x',
            f'curl -H "Authorization: {REDACTED}" https://x',
        ),
        ("bearer abc.def-ghi_jkl", f"bearer {REDACTED}"),
        (
            '{"api_key": "abcd1234efgh", "model": "gpt-4o"}',
            f'{{"api_key": "{REDACTED}", "model": "gpt-4o"}}',
        ),
        ("GET /v1?api-key=abc12345&model=x", f"GET /v1?api-key={REDACTED}&model=x"),
        ("x-api-key: AbC123xyz789", f"x-api-key: {REDACTED}"),
        ("password=hunter22", f"password={REDACTED}"),
        ("AIzaSyA1234567890abcdefghijklmnopqrstuv", REDACTED),
        (
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            REDACTED,
        ),
        ("secret 0123456789abcdef0123456789abcdef01234567", f"secret {REDACTED}"),
        ("QWxhZGRpbjpvcGVuIHNlc2FtZQ1234567890abcdefXYZ==", REDACTED),
    ],
)
def test_secrets_are_redacted(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "request id: 20260506100304111122223333aaaa03",
        "Token: ci-bot; token_name=cursor-dev; user 2003",
        "model claude-sonnet-4-5-20250929 at /v1/chat/completions",
        "429: Account RPM limit exceeded, Max 10/min (37)",
        "8f14e45f-ceea-467f-a0e6-0e8f0c1b2a11",
        "sk-…9aF2",  # already masked by the gateway
        "模型倍率 0.07，补全倍率 4.00，分组倍率 1.00",
    ],
)
def test_what_support_needs_is_kept(text):
    assert redact_text(text) == text


def test_redact_array_only_touches_cells_with_secrets():
    cells = pa.array(["alice", None, f"Authorization: Bearer {KEY}", "gpt-4o", ""])
    out = redact_array(cells)
    assert out.to_pylist() == ["alice", None, f"Authorization: {REDACTED}", "gpt-4o", ""]
    assert out.type == cells.type


def test_redact_array_of_clean_cells_is_unchanged():
    cells = pa.array(["a", "b"], pa.large_string())
    assert redact_array(cells).equals(cells)
