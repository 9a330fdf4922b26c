"""Failure Reason cells: merged text -> (status, message, count) entries -> category.

Seed 000: "Multiple high-frequency errors are merged and include occurrence counts at the
end; empty or - when there are no errors". Writers differ (issue 4): ``429: Account RPM
limit exceeded, Max 10/min (37); 503: No available accounts (5)``, ``status_code=504 (38)``,
``429 Account RPM limit exceeded x37 | 413 status_code=413, openai_error x4``, full-width
``；``, counts as ``(12)``, ``x12``, ``×12``, ``12 times``, ``12次``. Commas inside a message
("exceeded, Max 10/min") are never separators unless a count ends the text before them and
a status code starts the text after them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from csvinspect.core.analysis.categories import FailureCategory


@dataclass(frozen=True)
class FailureReason:
    """One entry of a Failure Reason cell (or one error seen in a request log)."""

    status: int | None  # HTTP status code, when the text names one
    message: str  # the entry as written, minus a leading status code and the count
    count: int | None  # occurrences; None when the writer gave no count
    category: FailureCategory

    @property
    def key(self) -> tuple[int | None, str]:
        """Identity used to merge the same reason across groups."""
        return self.status, _normalised(self.message)

    def label(self) -> str:
        """``429: Account RPM limit exceeded`` or the message alone."""
        if self.status is None:
            return self.message
        return f"{self.status}: {self.message}" if self.message else str(self.status)


@functools.lru_cache(maxsize=4096)
def _normalised(message: str) -> str:
    """A message with case and spacing aside; the few wordings of an export made once each
    (issue 10: a 1M-row export compares reasons a hundred thousand times)."""
    return " ".join(message.split()).casefold()


_NO_REASON = frozenset({"", "-", "--", "—", "–", "无", "n/a", "na", "none", "null", "nil"})
_SEPARATORS = re.compile(r"\s*(?:[;；|｜]|\r\n|\r|\n)\s*")
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_TRAILING_COUNT = re.compile(
    rf"""(?:
        [(（]\s*(?:[x×*]\s*)?(?P<paren>{_NUMBER})\s*(?:次|times?)?\s*[)）]
      | (?:(?<=\s)|^)[xX]\s*(?P<x>{_NUMBER})
      | [×*]\s*(?P<times_sign>{_NUMBER})
      | (?P<word>{_NUMBER})\s*(?:times?|次)
    )\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
# seed 000's keyword list writes ``status_code=413, openai_error``: an entry may start so
_STATUS_CODE_PREFIX = re.compile(
    r"^\s*(?:status[_ ]?code|状态码)\s*[=:：]\s*(?P<code>\d+)(?!\d)\s*(?:[,，:：]\s*|$)",
    re.IGNORECASE,
)
_LEADING_STATUS = re.compile(r"^\s*(?:HTTP\s*)?(?P<code>[45]\d\d)(?!\d)(?:\s*[:：\-–—]\s*|\s+|$)")
_EMBEDDED_STATUS = re.compile(
    r"(?:status[_ ]?code|http[_ ]?status|status|状态码)\s*[=:：]?\s*(?P<code>[45]\d\d)(?!\d)"
    r"|\bHTTP(?:/\d(?:\.\d)?)?\s+(?P<http>[45]\d\d)(?!\d)",
    re.IGNORECASE,
)
_STARTS_ENTRY = re.compile(
    r"^\s*(?:(?:HTTP\s*)?[45]\d\d(?!\d)\s*[:：\s]|(?:status[_ ]?code|状态码)\s*[=:：])",
    re.IGNORECASE,
)
_SOFT_COMMA = re.compile(r"[,，、]")


def parse_failure_reasons(text: str | None) -> list[FailureReason]:
    """Parse a merged Failure Reason cell into its entries, in the order written."""
    return list(_parse_cell(text or ""))


@functools.lru_cache(maxsize=1 << 16)
def _parse_cell(text: str) -> tuple[FailureReason, ...]:
    stripped = text.strip().strip('"').strip()
    opening = stripped.rfind("(")
    count = stripped[opening + 1 : -1]
    if opening >= 0 and stripped.endswith(")") and count.isascii() and count.isdigit():
        # Issue 10: a big export writes the same reasons with a new count in every group
        # (``429: ... (5122)``); the wording is parsed once, the count read apart. The last
        # entry ends with that count, and nothing else depends on its digits.
        entries, last_counted = _parse_cached(stripped[: opening + 1] + "0)")
        if last_counted:
            last = entries[-1]
            counted = FailureReason(last.status, last.message, int(count), last.category)
            entries = (*entries[:-1], counted)
        return entries
    return _parse_cached(stripped)[0]


@functools.lru_cache(maxsize=4096)
def _parse_cached(stripped: str) -> tuple[tuple[FailureReason, ...], bool]:
    """The entries of a stripped cell, and whether its last part made the last of them."""
    if stripped.casefold() in _NO_REASON:
        return (), False
    entries: list[FailureReason] = []
    last_counted = False
    for piece in _SEPARATORS.split(stripped):
        for entry in _split_soft_commas(piece):
            reason = _parse_entry(entry)
            last_counted = reason is not None
            if reason is not None:
                entries.append(reason)
    return tuple(entries), last_counted


def _split_soft_commas(piece: str) -> list[str]:
    """Split ``… (38), status_code=500, …`` but not ``exceeded, Max 10/min``."""
    parts: list[str] = []
    start = 0
    for match in _SOFT_COMMA.finditer(piece):
        before, after = piece[start : match.start()], piece[match.end() :]
        if _TRAILING_COUNT.search(before) and _STARTS_ENTRY.match(after):
            parts.append(before)
            start = match.end()
    parts.append(piece[start:])
    return [p for p in (part.strip() for part in parts) if p]


def _parse_entry(entry: str) -> FailureReason | None:
    body = entry.strip()
    if body.casefold() in _NO_REASON:
        return None
    count: int | None = None
    counted = _TRAILING_COUNT.search(body)
    if counted:
        number = next(g for g in counted.groups() if g is not None)
        count = int(number.replace(",", ""))
        body = body[: counted.start()].rstrip(" :：,，-")
    status: int | None = None
    leading = _STATUS_CODE_PREFIX.match(body) or _LEADING_STATUS.match(body)
    if leading:
        status = int(leading.group("code"))
        body = body[leading.end() :]
    else:
        embedded = _EMBEDDED_STATUS.search(body)
        if embedded:
            status = int(embedded.group("code") or embedded.group("http"))
    message = body.strip()
    if status is None and not message:
        return None
    return FailureReason(status, message, count, classify(status, message))


def _rule(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_COOLDOWN = _rule(r"cool(?:ing)?[ _-]?down|冷却")
_DAILY = _rule(r"daily[ _-]?(?:limit|quota)|per[ -]day|每日|日限额|日额度|今日额度")
# issue 11: out of balance or credits; topping up fixes it, waiting does not
_BILLING = _rule(
    r"insufficient[ _](?:balance|quota|credits?|funds)|credit balance is too low|billing"
    r"|payment required|exceeded your current quota|out of credits|balance (?:is )?too low"
    r"|余额不足|额度不足|额度已用尽|欠费|请充值"
)
# Message keywords in the seed's table, most specific first.
_KEYWORD_RULES: tuple[tuple[FailureCategory, re.Pattern[str]], ...] = (
    (FailureCategory.CREDENTIAL_COOLDOWN, _COOLDOWN),
    (FailureCategory.DAILY_QUOTA, _DAILY),
    (FailureCategory.BILLING, _BILLING),
    (
        FailureCategory.NO_RESOURCE,
        _rule(r"no available (?:accounts?|channels?)|auth_unavailable|无可用|没有可用"),
    ),
    (
        FailureCategory.BODY_TOO_LARGE,
        _rule(r"too large|payload too|request entity|body (?:is )?too|请求体过大"),
    ),
    (
        FailureCategory.IMAGE_FORMAT,
        _rule(r"gpt-image|dall-?e|prompt is required|multipart|images?/(?:generations|edits)"),
    ),
    (
        FailureCategory.TOOL_CALL_FORMAT,
        _rule(r"tool_use|tool_result|tool_call|invalid[ _]schema|function[_ ]call"),
    ),
    (
        FailureCategory.AUTH,
        _rule(
            r"invalid[ _]api[ _]key|incorrect api key|api key (?:is )?invalid|pending admin"
            r"|unauthori[sz]ed|forbidden|permission denied|access denied|invalid token"
            r"|无效的令牌|令牌.{0,6}(?:无效|过期|禁用)|未授权|无权"
        ),
    ),
    (
        FailureCategory.PLATFORM_PROTECTION,
        _rule(r"disk overloaded|service unavailable|overloaded|服务不可用|过载"),
    ),
    (FailureCategory.GATEWAY_TIMEOUT, _rule(r"time[ _-]?out|timed out|gateway time|超时")),
    (
        FailureCategory.UPSTREAM_ERROR,
        _rule(r"all upstreams? failed|upstream (?:request )?(?:failed|error)|bad gateway|上游"),
    ),
    (
        FailureCategory.RATE_LIMIT,
        _rule(r"\brpm\b|\btpm\b|rate[ _-]?limit|too many requests|max \d+\s*/\s*min|限流|频繁"),
    ),
)
_STATUS_FIRST = {
    401: FailureCategory.AUTH,
    403: FailureCategory.AUTH,
    402: FailureCategory.BILLING,  # Payment Required: insufficient balance (issue 11)
    413: FailureCategory.BODY_TOO_LARGE,
    504: FailureCategory.GATEWAY_TIMEOUT,
    521: FailureCategory.GATEWAY_TIMEOUT,
    522: FailureCategory.GATEWAY_TIMEOUT,
    524: FailureCategory.GATEWAY_TIMEOUT,
}
_STATUS_FALLBACK = {
    500: FailureCategory.UPSTREAM_ERROR,  # issue 11: an internal error upstream, not "other"
    502: FailureCategory.UPSTREAM_ERROR,
    503: FailureCategory.PLATFORM_PROTECTION,  # "Service Unavailable" (seed's quick summary)
    529: FailureCategory.PLATFORM_PROTECTION,
}


def classify(status: int | None, message: str) -> FailureCategory:
    """The seed's error type for one failure: status codes that decide alone, then keywords.

    Two 429s can differ (seed: "distinguish RPM, daily limit, and cooldown from the log"),
    so a 429 is read by its message and only falls back to ``rate_limit``.
    """
    if status in _STATUS_FIRST:
        return _STATUS_FIRST[status]
    if status == 429:
        if _BILLING.search(message):  # OpenAI's insufficient_quota comes as a 429
            return FailureCategory.BILLING
        if _COOLDOWN.search(message):
            return FailureCategory.CREDENTIAL_COOLDOWN
        if _DAILY.search(message):
            return FailureCategory.DAILY_QUOTA
        return FailureCategory.RATE_LIMIT
    for category, pattern in _KEYWORD_RULES:
        if pattern.search(message):
            return category
    if status is None:
        embedded = _EMBEDDED_STATUS.search(message)
        if embedded:
            return classify(int(embedded.group("code") or embedded.group("http")), "")
        return FailureCategory.OTHER
    return _STATUS_FALLBACK.get(status, FailureCategory.OTHER)
