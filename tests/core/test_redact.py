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


# issue 11: the shapes people paste into tickets, in messages and inside (escaped) JSON
AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE"
SLACK = "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
GITHUB = "ghp_" + "1234567890abcdefghijABCDEFGHIJ123456"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bad key: sk-proj-Ab12Cd34Ef56_Gh78-Ij90", f"bad key: sk-{REDACTED}"),
        ("sk-ant-api03-" + "Zx9_Yw8-Vu7Ts6Rq5Po4", f"sk-{REDACTED}"),
        (f"aws {AWS_KEY} denied", f"aws {REDACTED} denied"),
        ("session ASIA" + "Y34FZKBOKMUTVV7A expired", f"session {REDACTED} expired"),
        (f"push failed with {GITHUB}", f"push failed with {REDACTED}"),
        ("gho_" + "16C7e42F292c6912E7710c838347Ae178B4a x", f"{REDACTED} x"),
        ("github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", REDACTED),
        (f"slack {SLACK}", f"slack {REDACTED}"),
        ("xoxp-" + "1234-5678-abcdefABCDEF", REDACTED),
        (
            '{"headers": {"Authorization": "Bearer abc123def456ghi"}}',
            f'{{"headers": {{"Authorization": "{REDACTED}"}}}}',
        ),
        (
            r'{"error": "{\"authorization\": \"Basic dXNlcjpwYXNz\", \"model\": \"x\"}"}',
            rf'{{"error": "{{\"authorization\": \"{REDACTED}\", \"model\": \"x\"}}"}}',
        ),
        (
            r'{"body": "{\"api_key\": \"abcd1234efgh\"}"}',
            rf'{{"body": "{{\"api_key\": \"{REDACTED}\"}}"}}',
        ),
        ("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPx", f"aws_secret_access_key={REDACTED}"),
        ("token 4f2a9c0e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f expired", f"token {REDACTED} expired"),
    ],
)  # fmt: skip
def test_pasted_secret_shapes_are_redacted(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "request_id 20260506100208123456789abcdef01",  # new-api's 31-character request ID
        "trace 1849203948572039485 on channel 4",  # a 19-digit snowflake ID
        "commit 3f2a9c0e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f",  # a SHA-1: a hash, not a key
        "key_hash 88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b",  # LiteLLM
        "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",  # an OpenAI response ID
        "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
        "msg_01XFDUDYJgAACzvnptvVoYEL",
        "token_name=task-runner-prod; model=gpt-4o-mini",
        "akia is not a key, nor is xoxo-hugs",
    ],
)
def test_ordinary_ids_and_hashes_are_kept(text):
    assert redact_text(text) == text
