"""The wheel scrolls the Requests panel instead of changing its filters (issue 9, bug 3)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea

from csvinspect.app.panels.requests_panel import RequestsPanel

SAMPLE = "usage_logs_newapi_fork.csv"


def _turn_wheel(widget, notches: int = -3) -> None:
    """Turn the wheel over the middle of ``widget`` (negative: towards the user, scrolls down)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def scrolling_area(widget) -> QScrollArea | None:
    """The panel's scroll area around ``widget``."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def _requests_panel(qtbot, window, open_files, samples_dir) -> RequestsPanel:
    window.resize(900, 600)  # short enough that the panel scrolls
    (tab,) = open_files(samples_dir / SAMPLE)
    panel = tab.findChild(RequestsPanel)
    assert panel is not None
    tab.side.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: "model" in panel.filter_bar.dimension_boxes)
    return panel


def test_wheel_over_an_unfocused_filter_scrolls_the_panel_and_keeps_the_filter(
    qtbot, window, open_files, samples_dir
):
    panel = _requests_panel(qtbot, window, open_files, samples_dir)
    box = panel.filter_bar.dimension_boxes["model"]
    qtbot.waitUntil(box.isVisible)
    area = scrolling_area(box)
    assert isinstance(area, QScrollArea)
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # the panel is taller than the window
    assert not box.hasFocus()
    before = box.currentText()

    _turn_wheel(box)

    assert box.currentText() == before  # still "any": nothing filtered
    assert bar.value() > 0  # the panel scrolled instead
    assert panel.filter_bar.describe() == ""  # no filter for the table's banner either


def test_a_focused_filter_takes_the_wheel(qtbot, window, open_files, samples_dir):
    panel = _requests_panel(qtbot, window, open_files, samples_dir)
    box = panel.filter_bar.status_box
    qtbot.waitUntil(box.isVisible)
    area = scrolling_area(box)
    area.ensureWidgetVisible(box)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)  # opens the list and focuses the box
    box.hidePopup()  # Escape: the list closes, the focus stays
    qtbot.waitUntil(box.hasFocus)
    before = box.currentIndex()
    value = area.verticalScrollBar().value()

    _turn_wheel(box)

    assert box.currentIndex() != before
    assert area.verticalScrollBar().value() == value


def test_filter_controls_are_never_focused_by_the_wheel(qtbot, window, open_files, samples_dir):
    panel = _requests_panel(qtbot, window, open_files, samples_dir)
    boxes = [panel.filter_bar.status_box, *panel.filter_bar.dimension_boxes.values()]
    assert all(b.focusPolicy() == Qt.FocusPolicy.StrongFocus for b in boxes)
