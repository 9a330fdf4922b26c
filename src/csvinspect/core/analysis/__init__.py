"""Group health analysis (issue 4, seed 000): classify, diagnose, reconcile.

``analyze_health(table)`` analyses a group-health export; ``analyze_stats(groups,
currency)`` analyses group and token figures built elsewhere (a request log, issue 5);
``health_to_json(report)`` gives the published JSON sections.
"""

from csvinspect.core.analysis.categories import CATEGORY_INFO, CategoryInfo, FailureCategory
from csvinspect.core.analysis.health import analyze_health, analyze_stats
from csvinspect.core.analysis.jsonify import health_to_json
from csvinspect.core.analysis.reasons import FailureReason, classify, parse_failure_reasons
from csvinspect.core.analysis.results import (
    Finding,
    GroupHealth,
    HealthReport,
    Mismatch,
    ModelHealth,
    ReasonTotal,
    TokenHealth,
    Totals,
)
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.analysis.stats import (
    Figures,
    GroupStats,
    ModelStats,
    TokenStats,
    combine,
    group_from_tokens,
    merge_reasons,
)

__all__ = [
    "CATEGORY_INFO",
    "AnalysisSettings",
    "CategoryInfo",
    "FailureCategory",
    "FailureReason",
    "Figures",
    "Finding",
    "GroupHealth",
    "GroupStats",
    "HealthReport",
    "Mismatch",
    "ModelHealth",
    "ModelStats",
    "ReasonTotal",
    "TokenHealth",
    "TokenStats",
    "Totals",
    "analyze_health",
    "analyze_stats",
    "classify",
    "combine",
    "group_from_tokens",
    "health_to_json",
    "merge_reasons",
    "parse_failure_reasons",
]
