"""What the acceptance audit found in front of a user: an unexpected error in a slot, the
details pane with long values, Ctrl+C on selected text, and cells a spreadsheet must
paste whole (issue 3)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QToolButton

from csvinspect.app.main import install_error_reporter
from csvinspect.app.table.table_tab import TableTab

CTRL = Qt.KeyboardModifier.ControlModifier
REQUEST_ID = "20260506100208123456789abcdef01"
LONG_ROW = (
    "request_id,model,note\n"
    f"{REQUEST_ID},gpt-4o-mini,short\n"
    "20260506100213987654321fedcba02,claude-sonnet-4-5-20250929,also short\n"
)


def _menu_action(window, text):
    return next(a for a in window.findChildren(type(window.actions.outline)) if a.text() == text)


def test_an_exception_in_a_slot_shows_a_message_and_the_window_keeps_working(
    qtbot, window, open_text, monkeypatch, caplog
):
    tab = open_text("a,b\n1,2\n")

    def broken(self):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(TableTab, "fit_columns", broken)
    reporter = install_error_reporter(window)
    try:
        with caplog.at_level(logging.ERROR, logger="csvinspect"):
            with qtbot.waitSignal(reporter.error_reported):
                _menu_action(window, "&Fit Column Widths").trigger()
    finally:
        reporter.uninstall()
    assert window.error_bar.isVisibleTo(window)
    assert "ZeroDivisionError: division by zero" in window.error_bar.label.text()
    assert "Traceback" in caplog.text and "fit_columns" in caplog.text
    assert window.current_tab() is tab and tab.model.rowCount() == 1  # still usable


def test_details_pane_keeps_copy_buttons_in_view_beside_a_long_request_id(qtbot, window, open_text):
    tab = open_text(LONG_ROW)
    tab.area.go_to_row(0)
    tab.side.setCurrentWidget(tab.details)
    body = tab.details.widget()
    qtbot.waitUntil(lambda: body.width() <= tab.details.viewport().width())
    buttons = body.findChildren(QToolButton)
    assert len(buttons) == 3
    assert all(b.geometry().right() <= tab.details.viewport().width() for b in buttons)
    shown = [w.toPlainText() for w in body.findChildren(QPlainTextEdit)]
    assert REQUEST_ID in shown  # whole, wrapped inside its box rather than cut off


def test_ctrl_c_copies_the_text_selected_in_the_details_pane(qtbot, window, open_text):
    tab = open_text(LONG_ROW)
    window.activateWindow()
    tab.area.go_to_row(0)
    tab.side.setCurrentWidget(tab.details)
    boxes = tab.details.widget().findChildren(QPlainTextEdit)
    box = next(w for w in boxes if w.toPlainText() == REQUEST_ID)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == REQUEST_ID
    label = next(w for w in tab.details.widget().findChildren(QLabel) if w.text() == "gpt-4o-mini")
    label.setFocus()
    label.setSelection(0, 6)
    qtbot.keyClick(label, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "gpt-4o"
    tab.area.main.setFocus()  # the table's own selection still copies as cells
    qtbot.keyClick(tab.area.main, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text().startswith("request_id\tmodel\tnote\n")


def test_tabs_newlines_and_quotes_in_cells_paste_into_a_spreadsheet_whole(window, open_text):
    tab = open_text('name,note,n\n"a\tb","line 1\nline 2",-3\n"say ""hi""",=SUM(A1),7\n')
    model = tab.model
    selection = QItemSelection(model.index(0, 0), model.index(1, 2))
    tab.area.main.selectionModel().select(
        selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    tab.copy_selection()
    assert QGuiApplication.clipboard().text() == (
        'name\tnote\tn\n"a\tb"\t"line 1\nline 2"\t-3\n"say ""hi"""\t\'=SUM(A1)\t7\n'
    )


JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
KEY = "sk-" + "proj9Yy8Xx7Ww6Vv5Uu4Tt3Ss2"
BEARER = "Bearer abcdef0123456789XYZ"


def test_details_copy_redacts_secrets_and_its_menu_copies_the_exact_text(qtbot, window, open_text):
    # issue 9: the Details Copy button copied keys in full, Ctrl+C on the same cell redacted
    tab = open_text(f"name,auth,key,jwt\nalice,{BEARER},{KEY},{JWT}\n")
    tab.area.go_to_row(0)
    tab.side.setCurrentWidget(tab.details)
    buttons = {b.accessibleName(): b for b in tab.details.widget().findChildren(QToolButton)}
    clipboard = QGuiApplication.clipboard()
    for name, secret in (("auth", BEARER), ("key", KEY), ("jwt", JWT)):
        button = buttons[f"Copy {name}"]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert "[REDACTED]" in clipboard.text()
        assert secret not in clipboard.text()
        (exact,) = button.menu().actions()
        assert exact.text() == "Copy exact text (includes secrets)"
        exact.trigger()
        assert clipboard.text() == secret
    qtbot.mouseClick(buttons["Copy name"], Qt.MouseButton.LeftButton)
    assert clipboard.text() == "alice"
    assert buttons["Copy name"].menu() is None  # nothing secret: one plain Copy


def test_ctrl_c_on_selected_secrets_in_the_details_pane_redacts_them(qtbot, window, open_text):
    tab = open_text(f"name,auth,key\nalice,{BEARER},{KEY}\n")
    window.activateWindow()
    tab.area.go_to_row(0)
    tab.side.setCurrentWidget(tab.details)
    box = next(w for w in tab.details.widget().findChildren(QPlainTextEdit))
    assert box.toPlainText() == KEY
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "sk-[REDACTED]"
    label = next(w for w in tab.details.widget().findChildren(QLabel) if w.text() == BEARER)
    label.setFocus()
    label.setSelection(0, len(BEARER))
    qtbot.keyClick(label, Qt.Key.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "Bearer [REDACTED]"
    copy, exact = label.actions()  # its right-click menu
    copy.trigger()
    assert QGuiApplication.clipboard().text() == "Bearer [REDACTED]"
    exact.trigger()
    assert QGuiApplication.clipboard().text() == BEARER


def test_table_copy_redacts_and_edit_menu_copies_exact_text_on_request(qtbot, window, open_text):
    tab = open_text(f"name,key\nalice,{KEY}\n")
    model = tab.model
    tab.area.main.selectionModel().select(
        QItemSelection(model.index(0, 0), model.index(0, 1)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    messages = []
    tab.message_posted.connect(messages.append)
    tab.copy_selection()
    assert QGuiApplication.clipboard().text() == "name\tkey\nalice\tsk-[REDACTED]\n"
    assert messages[-1].startswith("Copied 1 row × 2 columns")  # not "1 rows" (issue 9)
    _menu_action(window, "Copy E&xact Text (includes secrets)").trigger()
    assert QGuiApplication.clipboard().text() == f"name\tkey\nalice\t{KEY}\n"
    assert "secrets included" in messages[-1]


def test_one_row_is_counted_as_one_row_not_one_rows(window, open_text):
    tab = open_text("a,b\n1,2\n")
    assert tab.rows_text() == "1 row"  # issue 9: "1 rows"
