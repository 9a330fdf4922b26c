"""Thresholds of the health analysis, in one place so the app can expose them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AnalysisSettings:
    """What counts as low, small, repeated or clearly above peers.

    Defaults follow seed 000: "Pay attention when it is below 80%"; "Avoid over-reading
    success rate when the sample size is small". The rest are judgement, kept here.
    """

    low_success_rate: float = 0.80
    # Fewer requests than this: a small sample, flagged but never alarmed.
    small_sample_requests: int = 20
    # "Clearly lower than peer rows": this many points (absolute, as a fraction) below the
    # success rate of the peers (the rest of the group for a token, the other groups for a
    # group, the other models for a model).
    below_peer_margin: float = 0.10
    # "Multiple requests show 413 / 429": at least this many across the export.
    repeated_errors: int = 3
    # Cost (or cost per request) at least this many times the peers' median.
    cost_outlier_ratio: float = 3.0
    # Average latency at least this many times the peers' median and this many seconds more.
    latency_outlier_ratio: float = 2.0
    latency_min_excess_s: float = 2.0
    # "Cache Hit Rate is high but Cache Request Share is low".
    cache_high_hit_rate: float = 0.50
    cache_low_request_share: float = 0.20
    # "Cache Request Share is high but Avg Cache Tokens is low": low means at most this
    # fraction of the peers' median, or below the absolute floor when there are no peers.
    cache_high_request_share: float = 0.70
    cache_low_avg_tokens_ratio: float = 0.50
    cache_low_avg_tokens: float = 1000.0
    # Findings of one scope beyond this many (by impact) are dropped from the list: on a
    # huge export the flags on the rows still mark every one, the list stays readable.
    max_findings_per_scope: int = 100
