"""What the health analysis hands to the UI, the report and the support message.

Plain dataclasses (STYLE.md: plain data across the boundary). ``health_to_json`` in
``analysis.jsonify`` turns a ``HealthReport`` into issue 4's published JSON shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from csvinspect.core.analysis.categories import FailureCategory
from csvinspect.core.analysis.peers import LOW_SUCCESS, SMALL_SAMPLE, Assessment
from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.analysis.stats import GroupStats, ModelStats, Rows, TokenStats

if TYPE_CHECKING:  # the group columns make GroupHealth objects of themselves
    from csvinspect.core.analysis.group_columns import GroupList


@dataclass(frozen=True)
class Totals:
    """The whole export, counted once (from Group rows, or Token rows where none)."""

    requests: int
    success: int
    errors: int
    success_rate: float | None
    cost: float | None
    currency: str | None
    cache_hit_rate: float | None
    cache_request_share: float | None
    avg_latency_s: float | None
    start_time: float | None  # epoch seconds
    latest_time: float | None


@dataclass(slots=True)
class TokenHealth:
    stats: TokenStats
    assessment: Assessment

    @property
    def flags(self) -> tuple[str, ...]:
        return self.assessment.flags


@dataclass(slots=True)
class GroupHealth:
    stats: GroupStats
    assessment: Assessment
    failure_reasons: list[FailureReason]  # counts filled in where the export left one out
    tokens: Sequence[TokenHealth]  # a TokenSlice: the group's tokens, made on demand

    @property
    def name(self) -> str:
        return self.stats.group

    @property
    def flags(self) -> tuple[str, ...]:
        return self.assessment.flags

    @property
    def low_success(self) -> bool:
        return LOW_SUCCESS in self.assessment.flags

    @property
    def small_sample(self) -> bool:
        return SMALL_SAMPLE in self.assessment.flags


@dataclass(slots=True)
class ModelHealth:
    stats: ModelStats
    assessment: Assessment


@dataclass(frozen=True)
class ReasonTotal:
    """One failure reason summed across groups, with the groups that show it."""

    status: int | None
    message: str
    count: int | None
    category: FailureCategory
    groups: tuple[str, ...]
    rows: tuple[int, ...] = ()  # the Group rows (or request rows) that carry it

    def label(self) -> str:
        return FailureReason(self.status, self.message, self.count, self.category).label()


@dataclass(frozen=True)
class Finding:
    """One diagnosis: who is affected, the evidence, and what to do (seed 000's tables).

    ``scope`` is the kind of finding: token, model, group, multi_group_upstream,
    body_too_large, rate_limit, transient, cost_outlier, cache_few_large,
    cache_many_small, latency_outlier or small_sample.
    """

    scope: str
    subject: str  # "vip / ci-bot", "codex-plan", "default, vip, image-gen"
    category: FailureCategory | None  # the failure category, for findings about errors
    summary: str
    next_step: str
    evidence: dict[str, float | int | str | None] = field(default_factory=dict)
    rows: Rows = ()  # table rows to filter to, in order
    impact: float = 0.0  # errors affected (requests affected for cost/cache/latency)
    severity: str = "warning"  # "alarm", "warning" or "info"
    groups: tuple[str, ...] = ()  # the groups concerned
    token: str | None = None  # the token concerned, for token-level findings
    reasons: tuple[FailureReason, ...] = ()  # the failure reasons the finding is about
    # The tokens (and so the users) whose requests the finding is about, most errors first:
    # the support message names these, not the flagged tokens of other findings (issue 9).
    # A tuple, or the token columns' lazy list (issue 10).
    users: Sequence[TokenStats] = ()


@dataclass(frozen=True)
class Mismatch:
    """A figure that does not add up, for finance reconciliation.

    ``check`` is ``token_sum`` (Group row vs the sum of its Token rows),
    ``success_plus_errors`` (Success + Errors vs Requests on one row) or
    ``recomputed_rate`` (an exported rate vs the one recomputed from the row's counts).
    For the row checks ``group_value`` is the exported value and ``token_sum`` the
    expected one.
    """

    group: str
    field: str  # canonical field of the offending cell
    group_value: float
    token_sum: float
    difference: float  # group_value - token_sum
    check: str = "token_sum"
    token: str | None = None  # the Token row's token, for row checks on a Token row
    row: int | None = None  # table row of the offending cell (the Group row for sums)


@dataclass
class HealthReport:
    totals: Totals
    groups: GroupList  # each GroupHealth made when read; ``groups.columns`` holds them all
    failure_reasons: list[ReasonTotal]
    findings: list[Finding]
    reconciliation: list[Mismatch] = field(default_factory=list)
    models: list[ModelHealth] = field(default_factory=list)
    settings: AnalysisSettings = field(default_factory=AnalysisSettings)

    @property
    def currency(self) -> str | None:
        return self.totals.currency
