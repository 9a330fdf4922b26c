"""The Health panel's cards and cell marks, read from the group columns (issue 10).

On a million-row export, reading twenty thousand groups as objects for the cards held the
window for a third of a second once the analysis was done. The cards and marks now read the
columns; they must say exactly what the groups as objects say.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csvinspect.app.panels.health_panel import cell_marks, health_cards
from csvinspect.core import load
from csvinspect.core.analysis import analyze_health, analyze_stats
from csvinspect.core.analysis.peers import BELOW_GROUP
from csvinspect.core.analysis.results import HealthReport
from csvinspect.core.analysis.stats import GroupStats, TokenStats
from csvinspect.core.analysis.token_views import flagged

FIXTURES = Path(__file__).parent.parent / "fixtures"
EXPORTS = [
    "health_eur.csv",
    "health_reason_styles.csv",
    "health_tokens_only.csv",
    "health_unreconciled.csv",
    "health_usd.csv",
    "health_zh.csv",
    "samples/group_health_demo.csv",
]


def _object_figures(report: HealthReport) -> tuple[list[str], int, int, str | None]:
    """Low groups, groups, tokens and the slowest group, read from the groups as objects."""
    groups = list(report.groups)
    slowest = max(
        (g for g in groups if g.stats.avg_latency_s is not None and not g.small_sample),
        key=lambda g: g.stats.avg_latency_s or 0.0,
        default=None,
    )
    return (
        [g.name for g in groups if g.low_success],
        len(groups),
        sum(len(g.tokens) for g in groups),
        None if slowest is None else slowest.name,
    )


@pytest.mark.parametrize("name", EXPORTS)
def test_the_cards_say_what_the_group_objects_say(name: str) -> None:
    table = load(FIXTURES / name)
    report = analyze_health(table)
    made = set(report.groups.columns._made)  # the findings' subjects
    cards = {card.title: card for card in health_cards(report)}
    marks = [(m.row, m.note) for m in cell_marks(report, table) if m.kind == "below_group"]
    assert set(report.groups.columns._made) == made, "the cards and marks make no group"
    low, groups, tokens, slowest = _object_figures(report)
    assert cards["Requests"].detail.startswith(f"{groups:,} group")
    assert f"{tokens:,} token" in cards["Requests"].detail
    for group in low:
        assert group in cards["Success rate"].detail
    if slowest is not None and groups > 1:
        assert cards["Avg latency"].detail.startswith(f"slowest: {slowest} ")
    expected = [
        (token.stats.rows[0], f"Clearly below the rest of {group.name}")
        for group in report.groups
        for token in flagged(group.tokens, (BELOW_GROUP,))
        if token.stats.rows
    ]
    assert [(row, note.split(" (")[0]) for row, note in marks] == expected


def test_the_slowest_group_names_the_first_of_equal_latencies() -> None:
    def group(name: str, latency: float, requests: int = 500) -> GroupStats:
        token = TokenStats(token=f"{name}-key", requests=requests, success=requests)
        return GroupStats(
            group=name, requests=requests, success=requests, avg_latency_s=latency, tokens=[token]
        )

    report = analyze_stats([group("a", 1.0), group("b", 3.0), group("c", 3.0), group("d", 9, 2)])
    cards = {card.title: card for card in health_cards(report)}
    # d is slower but a small sample; b and c are equal: b comes first
    assert cards["Avg latency"].detail == "slowest: b 3.00s"


def test_showing_a_report_makes_no_group_beyond_its_findings(qtbot):
    from csvinspect.app.panels.health_panel import HealthPanel

    table = load(FIXTURES / "samples/group_health_demo.csv")
    analysed = set(analyze_health(table).groups.columns._made)  # the findings' subjects
    panel = HealthPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.report_shown, timeout=10_000):
        panel.set_table(table)
    assert panel.report is not None
    assert set(panel.report.groups.columns._made) == analysed
    assert panel.status_label.text().startswith("6 groups, 17 token rows")


def test_a_reason_of_many_groups_names_a_few_and_counts_them(qtbot):
    from PySide6.QtCore import Qt

    from csvinspect.app.panels.health_tables import ReasonModel
    from csvinspect.core.analysis.categories import FailureCategory
    from csvinspect.core.analysis.results import ReasonTotal

    names = tuple(f"group-{g:05d}" for g in range(40))
    model = ReasonModel()
    model.set_reasons(
        [
            ReasonTotal(429, "rate limit", 4000, FailureCategory.RATE_LIMIT, names),
            ReasonTotal(502, "bad gateway", 20, FailureCategory.UPSTREAM_ERROR, names[:2]),
        ]
    )
    assert model.index(0, 3).data() == "40 groups: group-00000, group-00001, group-00002, …"
    assert model.index(1, 3).data() == "group-00000, group-00001"
    tip = model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("group-00029,\nand 10 more")
    assert "group-00030" not in tip
    assert max(line.count("group-") for line in tip.splitlines()) == 6
