"""The failure categories of seed 000's error table, with its wording.

Seed ``000_91145bb9043074d2.txt``, "Check top failure reasons": each error type has common
log keywords, an initial attribution and what to check first. The names are a published
interface (issue 4, ``csvinspect report --format json``): never rename them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class FailureCategory(enum.StrEnum):
    """One row of the seed's error table, plus ``other`` for anything it does not name."""

    RATE_LIMIT = "rate_limit"
    DAILY_QUOTA = "daily_quota"
    CREDENTIAL_COOLDOWN = "credential_cooldown"
    BODY_TOO_LARGE = "body_too_large"
    AUTH = "auth"
    BILLING = "billing"  # issue 11: not in the seed's table
    NO_RESOURCE = "no_resource"
    UPSTREAM_ERROR = "upstream_error"
    GATEWAY_TIMEOUT = "gateway_timeout"
    PLATFORM_PROTECTION = "platform_protection"
    IMAGE_FORMAT = "image_format"
    TOOL_CALL_FORMAT = "tool_call_format"
    OTHER = "other"

    @property
    def info(self) -> CategoryInfo:
        return CATEGORY_INFO[self]

    @property
    def label(self) -> str:
        return CATEGORY_INFO[self].label


@dataclass(frozen=True)
class CategoryInfo:
    """The seed's row for a category: how it shows in logs and what it usually means."""

    label: str
    keywords: str  # "Common log keywords", as the seed lists them
    attribution: str  # "Initial attribution"
    check_first: str  # "What to check first"


CATEGORY_INFO: dict[FailureCategory, CategoryInfo] = {
    FailureCategory.RATE_LIMIT: CategoryInfo(
        "Rate limit",
        "Account RPM limit exceeded, Max 10/min, Max 5/min",
        "Usage issue or upstream limit",
        "Concurrency or requests per minute are too high",
    ),
    FailureCategory.DAILY_QUOTA: CategoryInfo(
        "Daily quota limit",
        "Account daily limit exceeded",
        "Upstream limit",
        "Upstream account daily quota is exhausted",
    ),
    FailureCategory.CREDENTIAL_COOLDOWN: CategoryInfo(
        "Credential cooldown",
        "All credentials ... are cooling down",
        "Upstream limit",
        "All upstream credentials for the current model are cooling down",
    ),
    FailureCategory.BODY_TOO_LARGE: CategoryInfo(
        "Request body too large",
        "status_code=413, openai_error",
        "Usage issue",
        "Context, files, images, or tool results are too large",
    ),
    FailureCategory.AUTH: CategoryInfo(
        "Permission or authentication",
        "401, 403, Invalid API key, pending admin approval",
        "Usage issue or account status",
        "Token, plan, group, or model permissions are abnormal",
    ),
    FailureCategory.BILLING: CategoryInfo(
        "Billing or balance",
        "402, insufficient balance, 余额不足, credit balance is too low, payment required",
        "Account balance or billing",
        "The account's balance, credits or billing plan: top up or raise the spending limit",
    ),
    FailureCategory.NO_RESOURCE: CategoryInfo(
        "No available resource",
        "No available accounts, No available channel, auth_unavailable",
        "Platform issue or configuration issue",
        "Current group has no available account, channel, or authentication resource",
    ),
    FailureCategory.UPSTREAM_ERROR: CategoryInfo(
        "Upstream error",
        "502, all upstreams failed, Upstream request failed",
        "Upstream issue",
        "Upstream service or intermediate network is abnormal",
    ),
    FailureCategory.GATEWAY_TIMEOUT: CategoryInfo(
        "Gateway timeout",
        "504, 521, 522, 524",
        "Upstream or network issue",
        "Upstream connection, read, or response timed out",
    ),
    FailureCategory.PLATFORM_PROTECTION: CategoryInfo(
        "Platform resource protection",
        "system disk overloaded, Service Unavailable",
        "Platform issue",
        "Platform node or upstream resource is temporarily unavailable",
    ),
    FailureCategory.IMAGE_FORMAT: CategoryInfo(
        "Image endpoint format",
        "gpt-image-2, prompt is required, multipart form",
        "Usage issue",
        "Image endpoint path, prompt, or upload format is wrong",
    ),
    FailureCategory.TOOL_CALL_FORMAT: CategoryInfo(
        "Tool-call format",
        "tool_use, tool_result, Invalid schema",
        "Usage issue",
        "Client tool messages or JSON Schema do not meet requirements",
    ),
    FailureCategory.OTHER: CategoryInfo(
        "Other error",
        "",
        "Not in the seed's error table",
        "Open the error log entry and read the full error content",
    ),
}

# The 429 family: the seed asks to tell RPM limit, daily limit and cooldown apart.
TOO_MANY_REQUESTS = frozenset(
    {
        FailureCategory.RATE_LIMIT,
        FailureCategory.DAILY_QUOTA,
        FailureCategory.CREDENTIAL_COOLDOWN,
    }
)

# "Multiple groups show 502, 504, 521, 522, or 524 at the same time": upstream or network path.
UPSTREAM_PATH = frozenset({FailureCategory.UPSTREAM_ERROR, FailureCategory.GATEWAY_TIMEOUT})

# Seed 000, step 1: a few errors in a group that otherwise succeeds are "usually a transient
# error". That holds only where the cause passes on its own; a 401 stays until the key is
# fixed and a 413 fails again when retried, so each category says what a few of them mean
# (issue 9).
TRANSIENT = frozenset(
    {
        FailureCategory.RATE_LIMIT,
        FailureCategory.CREDENTIAL_COOLDOWN,
        FailureCategory.NO_RESOURCE,
        FailureCategory.UPSTREAM_ERROR,
        FailureCategory.GATEWAY_TIMEOUT,
        FailureCategory.PLATFORM_PROTECTION,
    }
)
FEW_ERRORS_MEANING: dict[FailureCategory, str] = {
    FailureCategory.RATE_LIMIT: "usually transient, a short burst over the requests-per-minute"
    " limit",
    FailureCategory.DAILY_QUOTA: "not transient: the upstream account's daily quota is used up"
    " until it resets",
    FailureCategory.CREDENTIAL_COOLDOWN: "usually transient, upstream credentials were cooling"
    " down",
    FailureCategory.BODY_TOO_LARGE: "not transient: the same request fails again until it is"
    " made smaller",
    FailureCategory.AUTH: "a credential problem, not a transient error: check the API key and"
    " its plan, group and model permissions",
    FailureCategory.BILLING: "not transient: the balance or credits are used up until the"
    " account is topped up",
    FailureCategory.NO_RESOURCE: "usually transient, the group briefly had no available account"
    " or channel",
    FailureCategory.UPSTREAM_ERROR: "usually a transient error upstream or on the network",
    FailureCategory.GATEWAY_TIMEOUT: "usually a transient timeout upstream or on the network",
    FailureCategory.PLATFORM_PROTECTION: "usually transient, platform resources were briefly"
    " unavailable",
    FailureCategory.IMAGE_FORMAT: "not transient: the image request's path, prompt or upload"
    " format is wrong",
    FailureCategory.TOOL_CALL_FORMAT: "not transient: the client's tool messages or JSON Schema"
    " are wrong",
    FailureCategory.OTHER: "not in the seed's error table: read the error content of the single"
    " log entry",
}
