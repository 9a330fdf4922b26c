"""The Health panel on the demo group-health export (issue 4, "In the app")."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget
from pytestqt.modeltest import ModelTester

from csvinspect.app.panels.analysis_panel import attach_analysis_panel, cell_mark_map
from csvinspect.app.panels.health_panel import HealthPanel
from csvinspect.core import ReadOptions, ReportKind, Table, load
from csvinspect.core.analysis.settings import AnalysisSettings


def _rows_where(table: Table, field: str, text: str) -> list[int]:
    column = table.column(field)
    assert column is not None, f"no {field} column"
    return [i for i, t in enumerate(column.text.to_pylist()) if (t or "").strip() == text]


def _panel(qtbot, table: Table) -> HealthPanel:
    panel = HealthPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 900)
    with qtbot.waitSignal(panel.report_shown, timeout=10_000):
        panel.set_table(table)
    return panel


@pytest.fixture
def demo(demo_path: Path) -> Table:
    table = load(demo_path)
    assert table.source.kind == ReportKind.GROUP_HEALTH
    return table


def test_cards_show_total_requests_and_cost_in_yuan(qtbot, demo):
    panel = _panel(qtbot, demo)
    assert panel.cards.card("Requests").value == "23,816"
    assert panel.cards.card("Cost").value == "¥3,969.15"
    assert panel.cards.card("Errors").value == "2,227"
    # codex-plan is below 80%, so the overall rate is not shown as healthy
    assert panel.cards.card("Success rate").tone in ("warning", "alarm")
    assert "codex-plan" in panel.cards.card("Success rate").detail


def test_ci_bot_finding_is_near_the_top_and_filters_to_its_row(qtbot, demo):
    panel = _panel(qtbot, demo)
    subjects = [card.finding.subject for card in panel.findings.cards()]
    assert "vip / ci-bot" in subjects[:3]
    card = panel.findings.cards()[subjects.index("vip / ci-bot")]
    assert card.isVisibleTo(panel)
    assert "401" in card.summary_label.text()
    with qtbot.waitSignal(panel.rows_requested) as blocker:
        card.clicked.emit(card.index)  # what a mouse click or Enter on the card does
    rows, label = blocker.args
    assert isinstance(rows, np.ndarray)
    assert set(_rows_where(demo, "token", "ci-bot")) <= set(rows.tolist())
    assert "ci-bot" in label
    assert panel.selected_finding is card.finding


def test_a_group_finding_filters_to_the_group_row_and_its_token_rows(qtbot, demo):
    # issue 10: a group's rows are an array now; the card still filters to all of them
    panel = _panel(qtbot, demo)
    subjects = [card.finding.subject for card in panel.findings.cards()]
    card = panel.findings.cards()[subjects.index("codex-plan")]
    assert card.finding.scope == "group"
    with qtbot.waitSignal(panel.rows_requested) as blocker:
        card.clicked.emit(card.index)
    rows, label = blocker.args
    assert rows.tolist() == _rows_where(demo, "group", "codex-plan")
    assert "codex-plan" in label


def test_failure_reasons_list_categories_and_click_to_rows(qtbot, demo):
    panel = _panel(qtbot, demo)
    model = panel.reason_model
    reasons = [model.index(r, 1).data() for r in range(model.rowCount())]
    categories = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert reasons[0] == "503: No available accounts"
    assert model.index(0, 0).data() == "990"
    # the two 429s of claude-max are told apart (RPM limit vs credentials cooling down)
    assert "Rate limit" in categories and "Credential cooldown" in categories
    with qtbot.waitSignal(panel.rows_requested) as blocker:
        panel.reason_view.clicked.emit(model.index(0, 1))
    rows, label = blocker.args
    assert set(_rows_where(demo, "group", "codex-plan")) & set(rows.tolist())
    assert label.startswith("503")
    ModelTester(None).check(model)


def test_copy_for_support_names_the_top_group_without_secrets(qtbot, demo):
    panel = _panel(qtbot, demo)
    with qtbot.waitSignal(panel.support_copied) as blocker:
        panel.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text == blocker.args[0]
    assert panel.report.findings[0].subject in text
    assert "codex-plan" in text
    assert panel.copy_button.text().startswith("Copied")
    # issue 9: it never went back; now it reads "Copy for support" again after a moment
    qtbot.waitUntil(lambda: panel.copy_button.text() == "Copy for support", timeout=10_000)


def test_copy_for_support_uses_the_selected_finding_and_redacts_keys(qtbot, demo_path, tmp_path):
    secret = "sk-live-9f8e7d6c5b4a39281706abcdefABCDEF"
    text = demo_path.read_text(encoding="utf-8-sig").replace("ci-bot", secret)
    variant = tmp_path / "demo_with_key_as_token.csv"
    variant.write_text(text, encoding="utf-8")
    table = load(variant)
    panel = _panel(qtbot, table)
    card = next(c for c in panel.findings.cards() if c.finding.subject.startswith("vip /"))
    card.clicked.emit(card.index)
    with qtbot.waitSignal(panel.support_copied):
        panel.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "vip" in copied
    assert "9f8e7d6c5b4a39281706" not in copied


def test_copy_for_support_on_the_upstream_finding_names_the_users_of_its_502s(qtbot, demo):
    # issue 9: it named 2003 (heidi) and 5002 (walter), the tokens of two other findings.
    panel = _panel(qtbot, demo)
    card = next(c for c in panel.findings.cards() if c.finding.scope == "multi_group_upstream")
    card.clicked.emit(card.index)
    with qtbot.waitSignal(panel.support_copied):
        panel.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    users = next(line for line in copied.splitlines() if line.startswith("- User ID: "))
    assert "heidi" not in users and "walter" not in users
    assert "2001 (frank)" in users and "5001 (victor)" in users


def test_reconciled_demo_says_so_and_a_tampered_row_is_listed_and_marked(
    qtbot, demo, demo_path, tmp_path
):
    panel = _panel(qtbot, demo)
    assert panel.reconciled_label.isVisibleTo(panel)
    assert "adds up" in panel.reconciled_label.text()
    assert not panel.mismatch_view.isVisibleTo(panel)

    # frank-prod's cost raised by ¥1.00: the vip Group row no longer equals its tokens
    text = demo_path.read_text(encoding="utf-8-sig").replace("¥348.50", "¥349.50")
    variant = tmp_path / "demo_tampered.csv"
    variant.write_text(text, encoding="utf-8")
    table = load(variant)
    with qtbot.waitSignal(panel.cells_marked) as marked:
        with qtbot.waitSignal(panel.report_shown):
            panel.set_table(table)
    model = panel.mismatch_model
    assert panel.mismatch_view.isVisibleTo(panel)
    cells = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    cost_rows = [c for c in cells if c[0] == "vip" and c[1] == "cost vs sum of tokens"]
    assert cost_rows, cells
    assert cost_rows[0][2] == "¥847.60" and cost_rows[0][3] == "¥848.60"
    assert cost_rows[0][4] == "-¥1.00"
    vip_row = next(
        r
        for r in _rows_where(table, "group", "vip")
        if r in {m.row for m in panel.report.reconciliation}
    )
    cost_column = table.column_index("cost")
    assert (vip_row, cost_column) in cell_mark_map(marked.args[0])
    ModelTester(None).check(model)
    # a click on the mismatch shows the vip Group row and the Token rows that should sum to it
    with qtbot.waitSignal(panel.rows_requested) as blocker:
        panel.mismatch_view.clicked.emit(model.index(cells.index(cost_rows[0]), 0))
    assert blocker.args[0].tolist() == _rows_where(table, "group", "vip")


def test_more_findings_are_folded_until_asked_for(qtbot, demo):
    panel = _panel(qtbot, demo)
    cards = panel.findings.cards()
    hidden = [c for c in cards if not c.isVisibleTo(panel)]
    assert hidden, "the demo has more findings than fit before the failure reasons"
    assert all(c.finding.severity != "alarm" for c in hidden)
    panel.findings.more_button.click()
    assert all(c.isVisibleTo(panel) for c in cards)


def test_attach_builds_a_health_panel_for_group_health_only(qtbot, demo, samples_dir):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    panel = attach_analysis_panel(tabs, demo)
    assert isinstance(panel, HealthPanel)
    assert tabs.indexOf(panel) >= 0 and tabs.tabText(tabs.indexOf(panel)) == "Health"
    qtbot.waitUntil(lambda: panel.report is not None, timeout=10_000)
    # a reload of the same kind reuses the panel; a generic CSV has none
    assert attach_analysis_panel(tabs, demo) is panel
    generic = load(b"a,b\n1,2\n", options=ReadOptions(kind=ReportKind.GENERIC))
    assert attach_analysis_panel(tabs, generic) is None
    assert tabs.indexOf(panel) < 0


def test_attach_wires_rows_and_marks_to_a_tab_like_host(qtbot, demo):
    class Host(QSplitter):  # the PanelHost interface, as TableTab implements it
        subset_cleared = Signal()
        filters_cleared = Signal()

        def __init__(self) -> None:
            super().__init__()
            self.shown: list[tuple[np.ndarray, str]] = []
            self.marks: dict = {}

        def clear_row_subset(self):
            self.shown.clear()

        def mute_rows(self, rows):
            pass

        def mark_requests(self, marks):
            pass

        def add_side_panel(self, widget, title):
            self.addWidget(widget)
            return 0

        def show_rows(self, rows, label):
            self.shown.append((rows, label))

        def mark_cells(self, marks):
            self.marks = marks

    host = Host()
    qtbot.addWidget(host)
    panel = attach_analysis_panel(host, demo)
    qtbot.waitUntil(lambda: panel.report is not None, timeout=10_000)
    below = [m for m in panel.marks() if m.kind == "below_group"]
    assert any(m.row in _rows_where(demo, "token", "ci-bot") for m in below)
    assert host.marks == cell_mark_map(panel.marks())
    panel.findings.cards()[0].clicked.emit(0)
    assert host.shown and len(host.shown[0][0]) > 0


def test_the_users_threshold_reaches_the_analysis(qtbot, demo):
    panel = HealthPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.report_shown, timeout=10_000):
        panel.set_table(demo, AnalysisSettings(low_success_rate=0.95))
    # at 95%, vip (91.78%) and claude-max (88.86%) join codex-plan below the line
    detail = panel.cards.card("Success rate").detail
    assert "vip" in detail and "claude-max" in detail and "codex-plan" in detail


def test_nothing_is_claimed_while_a_big_export_is_still_analysed(qtbot, demo, tmp_path):
    clean = tmp_path / "clean.csv"
    clean.write_text("Group,Requests,Success,Errors\nvip,100,99,1\n", encoding="utf-8")
    panel = _panel(qtbot, demo)
    assert panel.findings.cards()  # the demo's findings, shown
    panel.runner.threshold = 0  # analyse the next table in the background, as a big one
    with qtbot.waitSignal(panel.report_shown, timeout=10_000):
        panel.set_table(load(clean))
        # Until the result arrives: no stale findings and no "nothing needs attention".
        assert not panel.findings.cards()
        assert not panel.findings.findChild(QLabel).isVisibleTo(panel)
        assert not panel.reconciled_label.isVisibleTo(panel)
        assert "Analysing" in panel.status_label.text()
    assert panel.findings.findChild(QLabel).isVisibleTo(panel)  # now it is known: no findings
