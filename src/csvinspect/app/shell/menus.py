"""Menus and shortcuts: every action is reachable from the keyboard (issue 3).

Standard shortcuts where Qt has them (Open, Paste, Copy, Find, Close, Quit). Ctrl+V and
Ctrl+C are window shortcuts: a focused text field overrides them, so pasting into the
search box still pastes text there; text selected in a read-only label or box (which
does not override) is copied by ``MainWindow.copy_selection`` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

if TYPE_CHECKING:
    from csvinspect.app.shell.main_window import MainWindow
    from csvinspect.app.table.table_tab import TableTab


@dataclass
class WindowActions:
    outline: QAction
    filter_row: QAction
    needs_table: list[QAction] = field(default_factory=list)
    # issue 9: only a table with Group and Token rows (a group-health export) can use these
    row_kinds: list[QAction] = field(default_factory=list)  # All rows / Groups / Tokens
    folding: list[QAction] = field(default_factory=list)  # Expand / Collapse All Groups


def _action(window: MainWindow, text: str, slot: Callable[[], object], shortcut=None) -> QAction:
    action = QAction(text, window)
    if isinstance(shortcut, list):
        action.setShortcuts([QKeySequence(k) for k in shortcut])
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menus(window: MainWindow) -> WindowActions:
    bar = window.menuBar()

    def tab(call: Callable[[TableTab], object]) -> Callable[[], None]:
        """A slot that calls ``call`` on the current table tab (issue 10: not a method name).

        ``call`` looks the method up when it runs, as a subclass or a test's patch expects.
        """
        return lambda: window.with_tab(call)

    needs_table: list[QAction] = []

    file_menu = bar.addMenu("&File")
    file_menu.addAction(_action(window, "&Open…", window.open_dialog, "Ctrl+O"))
    # issue 5: several exports of one kind as one view, duplicate request IDs removed
    file_menu.addAction(
        _action(window, "Open and &Combine…", window.open_combine_dialog, "Ctrl+Alt+O")
    )
    file_menu.addAction(
        _action(window, "Combine the Exports in a &Folder…", window.open_combine_folder_dialog)
    )
    file_menu.addAction(_action(window, "&Paste as New Tab", window.paste_clipboard, "Ctrl+V"))
    file_menu.addAction(_action(window, "Open the &Demo Export", window.open_demo))
    recent = file_menu.addMenu("&Recent Files")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    file_menu.addSeparator()
    reload = _action(window, "Re&load", window.reload_current, "F5")
    file_menu.addAction(reload)
    file_menu.addAction(_action(window, "&Close Tab", window.close_tab, ["Ctrl+W", "Ctrl+F4"]))
    file_menu.addAction(_action(window, "&Quit", window.close, "Ctrl+Q"))

    edit = bar.addMenu("&Edit")
    copy = _action(window, "&Copy (tab-separated, with headers)", window.copy_selection)
    copy.setShortcut(QKeySequence("Ctrl+C"))
    copy_csv = _action(
        window, "Copy as C&SV", tab(lambda t: t.copy_selection(True)), "Ctrl+Shift+C"
    )
    # issue 9: copies redact secrets; the exact text only when asked for by name
    copy_exact = _action(
        window, "Copy E&xact Text (includes secrets)", tab(lambda t: t.copy_selection(False, True))
    )
    find = _action(window, "&Find…", tab(lambda t: t.focus_search()), "Ctrl+F")
    column_filter = _action(
        window, "Filter the Current Col&umn", tab(lambda t: t.focus_column_filter()), "Ctrl+L"
    )
    clear = _action(window, "C&lear All Filters", tab(lambda t: t.clear_filters()), "Ctrl+Shift+X")
    for action in (copy, copy_csv, copy_exact, find, column_filter, clear):
        edit.addAction(action)
    needs_table += [copy, copy_csv, copy_exact, find, column_filter, clear]

    view = bar.addMenu("&View")
    rows = QActionGroup(window)
    row_kinds = []
    for number, label in enumerate(("&All Rows", "&Groups Only", "&Tokens Only")):
        action = _action(
            window, label, tab(lambda t, n=number: t.set_row_kinds(n)), f"Ctrl+{number + 1}"
        )
        rows.addAction(action)
        view.addAction(action)
        needs_table.append(action)
        row_kinds.append(action)
    view.addSeparator()
    outline = QAction("&Outline: Groups with Their Tokens", window)
    outline.setCheckable(True)
    outline.setShortcut(QKeySequence("Ctrl+Shift+O"))
    outline.toggled.connect(lambda on: window.with_tab(lambda t: t.set_outline(on)))
    view.addAction(outline)
    expand = _action(window, "&Expand All Groups", tab(lambda t: t.set_all_expanded(True)))
    collapse = _action(window, "C&ollapse All Groups", tab(lambda t: t.set_all_expanded(False)))
    view.addAction(expand)
    view.addAction(collapse)
    view.addSeparator()
    sort_up = _action(
        window,
        "Sort &Ascending by Current Column",
        tab(lambda t: t.sort_current_column(False)),
        "Ctrl+Shift+A",  # not Ctrl+Alt+Up/Down: desktops switch workspaces with them (issue 9)
    )
    sort_down = _action(
        window,
        "Sort &Descending by Current Column",
        tab(lambda t: t.sort_current_column(True)),
        "Ctrl+Shift+D",
    )
    sort_add = _action(
        window,
        "Add Current Column as Next Sort &Key",
        tab(lambda t: t.sort_current_column(False, True)),
        "Ctrl+Shift+N",
    )
    sort_clear = _action(
        window, "File &Order (No Sort)", tab(lambda t: t.sort_by([])), "Ctrl+Alt+0"
    )
    for action in (sort_up, sort_down, sort_add, sort_clear):
        view.addAction(action)
    view.addSeparator()
    filter_row = QAction("Filter &Row", window)
    filter_row.setCheckable(True)
    filter_row.setChecked(True)
    filter_row.setShortcut(QKeySequence("Ctrl+Shift+F"))
    filter_row.toggled.connect(
        lambda on: _each_tab(window, lambda t: t.area.set_filter_row_visible(on))
    )
    view.addAction(filter_row)
    columns = _action(window, "&Columns…", tab(lambda t: t.choose_columns()), "Ctrl+Shift+K")
    fit = _action(window, "&Fit Column Widths", tab(lambda t: t.fit_columns()), "Ctrl+Shift+W")
    freeze = view.addMenu("Free&ze Columns")
    for count in range(6):
        label = "&None" if count == 0 else f"First &{count}"
        action = _action(window, label, tab(lambda t, c=count: t.set_frozen_count(c)))
        freeze.addAction(action)
        needs_table.append(action)
    problems = _action(window, "&Problems Panel", tab(lambda t: t.show_problems()), "Ctrl+Shift+P")
    for action in (columns, fit, problems):
        view.addAction(action)
    view.addSeparator()
    view.addAction(
        _action(window, "&Next Tab", lambda: window.cycle_tab(1), ["Ctrl+PgDown", "Ctrl+Tab"])
    )
    view.addAction(
        _action(
            window, "Pre&vious Tab", lambda: window.cycle_tab(-1), ["Ctrl+PgUp", "Ctrl+Shift+Tab"]
        )
    )
    needs_table += [
        outline,
        expand,
        collapse,
        sort_up,
        sort_down,
        sort_add,
        sort_clear,
        columns,
        fit,
        problems,
    ]

    settings = bar.addMenu("&Settings")
    settings.addAction(
        _action(window, "&Low Success-Rate Threshold…", window.set_low_rate_threshold)
    )
    settings.addAction(
        _action(window, "&Money: Quota Rate and Currency…", window.edit_money_settings)
    )

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(_action(window, "&Filter Syntax", window.show_filter_help, "F1"))
    help_menu.addAction(_action(window, "&About csvinspect", window.show_about))
    return WindowActions(
        outline=outline,
        filter_row=filter_row,
        needs_table=needs_table,
        row_kinds=row_kinds,
        folding=[expand, collapse],
    )


def _each_tab(window: MainWindow, apply: Callable[[TableTab], None]) -> None:
    for tab in window.all_tabs():
        apply(tab)


def _fill_recent(window: MainWindow, menu) -> None:
    menu.clear()
    paths = window.settings.recent_files()
    for number, path in enumerate(paths, start=1):
        action = menu.addAction(f"&{number % 10} {Path(path).name}")
        action.setToolTip(path)
        action.triggered.connect(lambda _c=False, p=path: window.open_files([p]))
    if not paths:
        menu.addAction("(none yet)").setEnabled(False)
    else:
        menu.addSeparator()
        clear = menu.addAction("&Clear Recent Files")
        clear.triggered.connect(window.settings.clear_recent_files)
