"""Help > About names the version (issue 9: About showed no version)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from csvinspect import installed_version


def _about_box():
    boxes = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and w.windowTitle() == "About csvinspect"
    ]
    return boxes[0] if boxes else None


def test_help_about_shows_the_version(qtbot, window):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    about = next(a for a in help_menu.actions() if a.text() == "&About csvinspect")
    about.trigger()
    qtbot.waitUntil(lambda: _about_box() is not None)
    box = _about_box()
    assert box.text() == f"csvinspect {installed_version()}"
    assert "Qt 6." in box.informativeText()
    box.close()
