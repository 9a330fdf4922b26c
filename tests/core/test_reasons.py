"""Failure Reason cells in every writer's style, and the seed's error table."""

import pytest

from csvinspect.core.analysis import FailureCategory as C
from csvinspect.core.analysis import classify, parse_failure_reasons


def entries(text):
    return [(r.status, r.message, r.count, r.category) for r in parse_failure_reasons(text)]


def test_comma_inside_a_message_is_not_a_separator():
    assert entries(
        "429: Account RPM limit exceeded, Max 10/min (37); 503: No available accounts (5)"
    ) == [
        (429, "Account RPM limit exceeded, Max 10/min", 37, C.RATE_LIMIT),
        (503, "No available accounts", 5, C.NO_RESOURCE),
    ]


def test_status_code_equals_style():
    # issue 11: split into status, message and count like the other styles
    assert entries("status_code=504 (38); status_code=500, upstream error (23)") == [
        (504, "", 38, C.GATEWAY_TIMEOUT),
        (500, "upstream error", 23, C.UPSTREAM_ERROR),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "status_code=503, no available channel (301)",  # seed 000's keyword list style
            [(503, "no available channel", 301, C.NO_RESOURCE)],
        ),
        (
            "status_code=402, insufficient balance (12), status_code=529, overloaded (3)",
            [
                (402, "insufficient balance", 12, C.BILLING),
                (529, "overloaded", 3, C.PLATFORM_PROTECTION),
            ],
        ),
        ("status_code: 500 (7)", [(500, "", 7, C.UPSTREAM_ERROR)]),
        ("状态码=402，余额不足（5）", [(402, "余额不足", 5, C.BILLING)]),
        ("Status_Code=413, openai_error x4", [(413, "openai_error", 4, C.BODY_TOO_LARGE)]),
    ],
)  # fmt: skip
def test_status_code_equals_entries_are_split_into_status_message_and_count(text, expected):
    assert entries(text) == expected


def test_comma_separates_entries_only_between_a_count_and_a_status():
    assert [
        (r.status, r.count)
        for r in parse_failure_reasons(
            "status_code=504 (38), status_code=500, upstream error (23), 401: Invalid API key (2)"
        )
    ] == [(504, 38), (500, 23), (401, 2)]


def test_pipe_and_x_counts():
    assert entries("429 Account RPM limit exceeded x37 | 413 status_code=413, openai_error x4") == [
        (429, "Account RPM limit exceeded", 37, C.RATE_LIMIT),
        (413, "status_code=413, openai_error", 4, C.BODY_TOO_LARGE),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "502: Upstream request failed (1,234)",
        "502: Upstream request failed ×1234",
        "502: Upstream request failed x 1234",
        "502 Upstream request failed 1234 times",
        "502 Upstream request failed 1234次",
        "502：Upstream request failed（1234）",
        "502: Upstream request failed (1234 times)",
    ],
)
def test_count_styles(text):
    assert entries(text) == [(502, "Upstream request failed", 1234, C.UPSTREAM_ERROR)]


def test_full_width_semicolon_and_newlines():
    text = "401: Invalid API key (3)；502: Upstream request failed (2)\n504 (1)"
    assert [(r.status, r.count) for r in parse_failure_reasons(text)] == [
        (401, 3),
        (502, 2),
        (504, 1),
    ]


@pytest.mark.parametrize("text", ["", "-", " - ", "—", "无", "N/A", None])
def test_no_errors_means_no_entries(text):
    assert parse_failure_reasons(text) == []


def test_entry_without_count_keeps_count_unknown():
    assert entries("503 Service Unavailable") == [
        (503, "Service Unavailable", None, C.PLATFORM_PROTECTION)
    ]


def test_two_429s_are_different_categories():
    reasons = parse_failure_reasons(
        "429: Account RPM limit exceeded, Max 10/min (337); "
        "429: All credentials for model claude-opus-4 are cooling down (173); "
        "429: Account daily limit exceeded (12)"
    )
    assert [r.category for r in reasons] == [
        C.RATE_LIMIT,
        C.CREDENTIAL_COOLDOWN,
        C.DAILY_QUOTA,
    ]


@pytest.mark.parametrize(
    ("status", "message", "category"),
    [
        (429, "Account RPM limit exceeded, Max 5/min", C.RATE_LIMIT),
        (429, "", C.RATE_LIMIT),
        (429, "Account daily limit exceeded", C.DAILY_QUOTA),
        (429, "All credentials for model gpt-5 are cooling down", C.CREDENTIAL_COOLDOWN),
        (413, "", C.BODY_TOO_LARGE),
        (None, "status_code=413, openai_error", C.BODY_TOO_LARGE),
        (401, "", C.AUTH),
        (403, "pending admin approval", C.AUTH),
        (400, "Invalid API key", C.AUTH),
        (503, "No available accounts", C.NO_RESOURCE),
        (503, "No available channel for model gpt-4o", C.NO_RESOURCE),
        (500, "auth_unavailable", C.NO_RESOURCE),
        (502, "", C.UPSTREAM_ERROR),
        (500, "all upstreams failed", C.UPSTREAM_ERROR),
        (None, "Upstream request failed", C.UPSTREAM_ERROR),
        (504, "Upstream request failed", C.GATEWAY_TIMEOUT),
        (521, "", C.GATEWAY_TIMEOUT),
        (522, "", C.GATEWAY_TIMEOUT),
        (524, "", C.GATEWAY_TIMEOUT),
        (500, "system disk overloaded", C.PLATFORM_PROTECTION),
        (503, "Service Unavailable", C.PLATFORM_PROTECTION),
        (400, "gpt-image-2: prompt is required", C.IMAGE_FORMAT),
        (400, "multipart form expected", C.IMAGE_FORMAT),
        (400, "messages.1: tool_use ids were found without tool_result blocks", C.TOOL_CALL_FORMAT),
        (400, "Invalid schema for function 'search'", C.TOOL_CALL_FORMAT),
        (500, "internal error", C.UPSTREAM_ERROR),  # issue 11: was other
        (500, "", C.UPSTREAM_ERROR),
        (529, "", C.PLATFORM_PROTECTION),
        (529, "Overloaded", C.PLATFORM_PROTECTION),
        (402, "", C.BILLING),
        (402, "Payment Required", C.BILLING),
        (400, "Your credit balance is too low to access the Anthropic API", C.BILLING),
        (403, "insufficient balance", C.AUTH),  # 403 decides alone, as the seed's table says
        (None, "insufficient balance", C.BILLING),
        (None, "用户余额不足", C.BILLING),
        (None, "用户额度不足, 剩余额度: ＄0.01", C.BILLING),
        (None, "quota exceeded for billing", C.BILLING),
        (
            429,
            "You exceeded your current quota, please check your plan and billing details",
            C.BILLING,
        ),
        (429, "Account daily limit exceeded", C.DAILY_QUOTA),
        (None, "something odd", C.OTHER),
    ],
)
def test_seed_error_table(status, message, category):
    assert classify(status, message) is category


def test_category_carries_the_seeds_wording():
    info = C.CREDENTIAL_COOLDOWN.info
    assert info.label == "Credential cooldown"
    assert info.attribution == "Upstream limit"
    assert info.check_first == "All upstream credentials for the current model are cooling down"
    assert {str(c) for c in C} == {
        "rate_limit",
        "daily_quota",
        "credential_cooldown",
        "body_too_large",
        "auth",
        "billing",
        "no_resource",
        "upstream_error",
        "gateway_timeout",
        "platform_protection",
        "image_format",
        "tool_call_format",
        "other",
    }


def test_chinese_messages():
    assert entries("504 网关超时 (3)；上游请求失败 (2)") == [
        (504, "网关超时", 3, C.GATEWAY_TIMEOUT),
        (None, "上游请求失败", 2, C.UPSTREAM_ERROR),
    ]
