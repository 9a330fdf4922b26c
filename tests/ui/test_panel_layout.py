"""The analysis panels fit a small window: nothing is cut off at the right (issue 9, bug 7).

At 800×600 the side panel is about 220 pixels wide. Every section must fit the panel's scroll
area (which scrolls vertically only), the Copy for support button must stay on screen, the
cards must fall into one column, and a JWT used as a token name must not widen the findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget

from csvinspect.app.panels.cards import Card, CardRow
from csvinspect.app.panels.health_panel import HealthPanel
from csvinspect.app.panels.requests_panel import RequestsPanel
from csvinspect.app.panels.usage_panel import UsagePanel

JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkNJIEJvdCBm"
    "b3IgdGhlIHZpcCBncm91cCIsImlhdCI6MTUxNjIzOTAyMn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)


@pytest.fixture
def jwt_demo(demo_path: Path, tmp_path: Path) -> Path:
    """The demo export with the failing ci-bot token named by a long JWT."""
    text = demo_path.read_text(encoding="utf-8-sig").replace(",ci-bot,", f",{JWT},")
    path = tmp_path / "demo_with_jwt.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _small_window(qtbot, window, open_files, path: Path, panel_type: type[QWidget]) -> QWidget:
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.width() == 800)
    (tab,) = open_files(path)
    panel = tab.findChild(panel_type)
    assert panel is not None and panel.isVisible()
    if isinstance(panel, HealthPanel):
        qtbot.waitUntil(lambda: panel.report is not None)
    _settle()
    return panel


def _settle() -> None:
    """Deliver the pending layout requests, as the event loop does before painting."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def _scroll(panel: QWidget) -> QScrollArea:
    areas = [a for a in panel.findChildren(QScrollArea) if a.isVisible() and a.widget()]
    assert areas, "the panel shows no scrolling section"
    return areas[0]


def _cut_off(scroll: QScrollArea) -> list[str]:
    """Visible widgets of the panel that reach past the right edge of the visible area."""
    viewport = scroll.viewport()
    cut = []
    for child in scroll.widget().findChildren(QWidget):
        if not child.isVisible():
            continue
        right = child.mapTo(viewport, QPoint(child.width(), 0)).x()
        text = getattr(child, "text", lambda: "")()
        if right > viewport.width():
            cut.append(f"{type(child).__name__} {text[:40]!r} ends at {right}")
        elif isinstance(child, QLabel) and child.minimumSizeHint().width() > child.width():
            cut.append(f"label {text[:40]!r} is clipped to {child.width()} pixels")
    return cut


def test_health_panel_fits_800_by_600_with_a_jwt_token(qtbot, window, open_files, jwt_demo):
    panel = _small_window(qtbot, window, open_files, jwt_demo, HealthPanel)
    scroll = _scroll(panel)
    viewport = scroll.viewport()
    assert scroll.widget().width() <= viewport.width()
    assert _cut_off(scroll) == []
    # the Copy for support button is wholly inside the panel's visible area
    button = panel.copy_button
    top_left = button.mapTo(viewport, QPoint(0, 0))
    assert viewport.rect().contains(QRect(top_left, button.size()))


def test_long_token_in_a_finding_is_cut_with_the_full_name_in_a_tooltip(
    qtbot, window, open_files, jwt_demo
):
    panel = _small_window(qtbot, window, open_files, jwt_demo, HealthPanel)
    card = next(c for c in panel.findings.cards() if JWT in c.finding.subject)
    shown = card.subject_label.text().replace("\u200b", "")
    assert JWT not in shown and "…" in shown
    assert shown.startswith("vip / eyJhbGciOiJI") and shown.endswith("adQssw5c")
    # the full token is in the tooltips, folded onto lines so it fits on screen
    assert JWT in card.subject_label.toolTip().replace("\n", "")
    assert JWT in card.toolTip().replace("\n", "")  # the card's own tooltip names it too
    assert max(len(line) for line in card.toolTip().splitlines()) <= 80
    assert card.width() <= _scroll(panel).viewport().width()


def test_cards_fall_into_one_column_in_a_narrow_panel(qtbot, window, open_files, demo_path):
    panel = _small_window(qtbot, window, open_files, demo_path, HealthPanel)
    lefts = {w.x() for w in panel.cards.findChildren(QWidget) if w.objectName() == "summaryCard"}
    assert len(lefts) == 1


def test_cards_use_several_columns_when_there_is_room(qtbot):
    row = CardRow()
    qtbot.addWidget(row)
    row.set_cards([Card(f"Figure {i}", str(i)) for i in range(6)])
    row.resize(640, 300)
    row.show()
    qtbot.waitExposed(row)
    lefts = {w.x() for w in row.findChildren(QWidget) if w.objectName() == "summaryCard"}
    assert len(lefts) == 4
    row.resize(200, 600)
    _settle()
    lefts = {w.x() for w in row.findChildren(QWidget) if w.objectName() == "summaryCard"}
    assert len(lefts) == 1


def test_requests_panel_and_its_tabs_fit_800_by_600(qtbot, window, open_files, samples_dir):
    panel = _small_window(
        qtbot, window, open_files, samples_dir / "usage_logs_newapi_fork.csv", RequestsPanel
    )
    qtbot.waitUntil(lambda: panel.result is not None)
    _settle()
    scroll = _scroll(panel)
    assert scroll.widget().width() <= scroll.viewport().width()
    assert _cut_off(scroll) == []
    bar = panel.tabs.tabBar()
    for index in range(bar.count()):  # no tab hides behind scroll arrows
        assert bar.tabRect(index).right() <= bar.width()
    assert bar.tabText(1) == "Health (derived)"
    panel.tabs.setCurrentIndex(1)  # the derived group health fits as well
    _settle()
    health = panel.health_panel
    scroll = _scroll(health)
    assert _cut_off(scroll) == []
    button = health.copy_button
    top_left = button.mapTo(scroll.viewport(), QPoint(0, 0))
    assert scroll.viewport().rect().contains(QRect(top_left, button.size()))


def test_usage_panel_fits_800_by_600(qtbot, window, open_files, samples_dir):
    panel = _small_window(
        qtbot, window, open_files, samples_dir / "team_usage_litellm.csv", UsagePanel
    )
    qtbot.waitUntil(lambda: panel.analysis is not None)
    _settle()
    scroll = _scroll(panel)
    assert scroll.widget().width() <= scroll.viewport().width()
    assert _cut_off(scroll) == []


def test_a_finding_about_many_groups_names_three_and_counts_the_rest(qtbot):
    """A 1M-row export's "many 429s" finding named 40-odd groups, one per line: a card taller
    than the panel. It names three, counts the rest, and the tooltip lists every group."""
    from csvinspect.app.panels.findings_list import FindingCard, finding_label
    from csvinspect.core.analysis.results import Finding

    groups = tuple(f"group-{n:05d}" for n in range(40))
    finding = Finding("rate_limit", ", ".join(groups), None, "Many 429s.", "Slow down.")
    finding = Finding(**{**finding.__dict__, "groups": groups})
    card = FindingCard(0, finding)
    qtbot.addWidget(card)
    assert card.subject_label.text().replace("\u200b", "") == (
        "group-00000, group-00001, group-00002 and 37 more groups"
    )
    assert finding_label(finding).startswith("group-00000, group-00001, group-00002 and 37 more")
    tip = card.toolTip()
    assert "40 groups:" in tip and "group-00039" in tip
    assert max(len(line) for line in tip.splitlines()) <= 80
    # a pattern finding holds its groups most failing first; its subject is in table order
    ranked = Finding(**{**finding.__dict__, "groups": groups[::-1]})
    card = FindingCard(2, ranked)
    qtbot.addWidget(card)
    assert card.subject_label.text().replace("\u200b", "") == (
        "group-00039, group-00038, group-00037 and 37 more groups"
    )
    few = Finding(**{**finding.__dict__, "subject": "a, b, c, d", "groups": ("a", "b", "c", "d")})
    other = FindingCard(1, few)
    qtbot.addWidget(other)
    assert other.subject_label.text().replace("\u200b", "") == "a, b, c, d"
