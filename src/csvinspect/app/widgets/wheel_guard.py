"""The mouse wheel scrolls panels; it changes a combo box, spin box or slider only when focused.

Issue 9: scrolling over the Requests panel changed whichever filter combo passed under the
pointer (Call type, Model), and the table and the cards were silently filtered down to 0 rows.
The convention kept here, for the whole app: a value control inside a scrolling area ignores
the wheel unless it has the keyboard focus, and the wheel then scrolls the area instead. The
controls get ``Qt.FocusPolicy.StrongFocus`` so a wheel turn never focuses them (Qt gives the
focus to a ``WheelFocus`` widget before any event filter sees the wheel event).

One event filter on the ``QApplication`` (``install_wheel_guard``) does this for every such
control, present and future, so no panel has to remember it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def is_guarded(widget: QObject) -> bool:
    """A control whose value the wheel would change (a scroll bar only scrolls)."""
    return isinstance(widget, GUARDED) and not isinstance(widget, QScrollBar)


def scrolling_area(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area whose scrolled contents hold ``widget``, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return area
        parent = area
    return None


class WheelGuard(QObject):
    """Application event filter: see the module docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and is_guarded(watched):
            refuse_wheel_focus(watched)
        elif kind == QEvent.Type.Wheel and is_guarded(watched) and not watched.hasFocus():
            area = scrolling_area(watched)
            if area is not None:
                scroll_instead(area, watched, event)
                return True
        return False


def refuse_wheel_focus(widget: QWidget) -> None:
    """Tab and click still focus ``widget``; a wheel turn no longer does."""
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def scroll_instead(area: QAbstractScrollArea, source: QWidget, event: QWheelEvent) -> None:
    """Send the wheel turn that reached ``source`` to ``area``, which scrolls by it."""
    viewport = area.viewport()
    position = source.mapTo(viewport, event.position().toPoint())
    forwarded = QWheelEvent(
        position,
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
        event.source(),
    )
    QCoreApplication.sendEvent(viewport, forwarded)
    event.accept()


def install_wheel_guard() -> WheelGuard | None:
    """Install the guard on the running ``QApplication`` once; returns it."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    guard = app.findChild(WheelGuard)
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
        for widget in QApplication.allWidgets():  # polished before the guard was there
            if is_guarded(widget):
                refuse_wheel_focus(widget)
    return guard
