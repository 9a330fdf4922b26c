"""The main window: welcome view or tabs of exports, menus, status bar (drops: drag_drop.py).

Several exports can open as one combined tab (issue 5): File > Open and Combine, a dropped
folder, or several files dropped with Shift held.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QThreadPool, Signal, qVersion
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from csvinspect import installed_version
from csvinspect.app.errors import ErrorBar
from csvinspect.app.loading.combine_note import combined_title
from csvinspect.app.loading.load_worker import LoadRequest
from csvinspect.app.panels.analysis_panel import attach_analysis_panel, panel_of
from csvinspect.app.panels.analysis_worker import LatestRunner
from csvinspect.app.settings import AppSettings
from csvinspect.app.shell import drag_drop
from csvinspect.app.shell.menus import build_menus
from csvinspect.app.shell.money_dialog import MoneyDialog
from csvinspect.app.shell.paste_question import PasteQuestion
from csvinspect.app.shell.welcome import WelcomeView
from csvinspect.app.table import clipboard
from csvinspect.app.table.filter_row import FILTER_HELP
from csvinspect.app.table.table_tab import TableTab
from csvinspect.app.widgets.text_entry import is_text_entry
from csvinspect.app.widgets.wheel_guard import install_wheel_guard
from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.ingest.combine_files import export_files
from csvinspect.core.reading.prose import judge_paste
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.table import LoadError, ReadOptions, Table

FILE_FILTER = "Exports (*.csv *.tsv *.txt *.gz *.csv.gz *.jsonl *.ndjson *.json);;All files (*)"


def resource_path(name: str) -> Path:
    """A file bundled in ``csvinspect/resources`` (the demo export, the icon)."""
    return Path(str(resources.files("csvinspect") / "resources" / name))


class MainWindow(QMainWindow):
    """Holds the tabs; knows nothing about data beyond handing requests to tabs."""

    loads_settled = Signal()  # a load ended and no tab is loading any more
    current_tab_changed = Signal(object)  # TableTab | None

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_wheel_guard()  # issue 9: the wheel scrolls panels, not their filters
        self.settings = settings
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._pasted = 0
        self.paste_question: PasteQuestion | None = None
        self.money_dialog: MoneyDialog | None = None
        self.setWindowTitle("csvinspect")
        icon = resource_path("icon.svg")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.setAcceptDrops(True)
        self.welcome = WelcomeView(self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.error_bar = ErrorBar(self)  # unexpected errors (app/errors.py), never modal
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.error_bar)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.rows_label = QLabel(self)
        self.selection_label = QLabel(self)
        self.selection_label.setContentsMargins(0, 0, 16, 0)
        self.statusBar().addPermanentWidget(self.selection_label)
        self.statusBar().addPermanentWidget(self.rows_label)
        self.welcome.open_requested.connect(self.open_dialog)
        self.welcome.paste_requested.connect(self.paste_clipboard)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_requested.connect(lambda p: self.open_files([p]))
        self.welcome.set_recent_files(settings.recent_files())
        self.actions = build_menus(self)
        geometry = settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1400, 900)
        self.fit_to_screen()
        self._update_actions()

    def fit_to_screen(self) -> None:
        """Shrink and move the window so that it lies within its screen's available area.

        issue 9: a size saved on a big monitor, or the default 1400x900, opened past the edge
        of a 1280x800 screen at 150% scaling (853x533), with the status bar out of sight.
        """
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
        if not self.isVisible():  # no frame yet: leave room for the title bar and borders
            title = self.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
            extra_w, extra_h = max(extra_w, 8), max(extra_h, title + 8)
        width = min(self.width(), room.width() - extra_w)
        height = min(self.height(), room.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        x = min(max(frame.x(), room.x()), room.right() + 1 - width - extra_w)
        y = min(max(frame.y(), room.y()), room.bottom() + 1 - height - extra_h)
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    # -- opening ------------------------------------------------------------------------
    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open exports", "", FILE_FILTER)
        self.open_files(paths)

    def open_files(self, paths: list[str] | list[Path]) -> list[TableTab]:
        """Open each file in its own tab; returns their tabs.

        A file that is already open is not read twice (issue 9): its tab comes to the front,
        and reads again only if its last read failed. A file goes into Recent files once it
        has loaded, never when it failed to open.
        """
        tabs = []
        for path in paths:
            path = Path(path)
            tab = self.tab_of_file(path)
            if tab is not None:
                self.tabs.setCurrentWidget(tab)
                self.statusBar().showMessage(f"{path.name} is already open", 5000)
                if tab.table is None and not tab.is_loading:
                    tab.start_load()
            else:
                tab = self._add_tab(LoadRequest(path, path.name))
                tab.table_replaced.connect(lambda _table, p=path: self._remember_recent(p))
            tabs.append(tab)
        return tabs

    def tab_of_file(self, path: str | Path) -> TableTab | None:
        """The tab already showing this file (compared as resolved paths), if any."""
        wanted = Path(path).resolve()
        for tab in self.all_tabs():
            source = tab.request.source
            if isinstance(source, Path) and source.resolve() == wanted:
                return tab
        return None

    def _remember_recent(self, path: Path) -> None:
        self.settings.add_recent_file(path)
        self.welcome.set_recent_files(self.settings.recent_files())

    def open_combine_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Open exports of one kind and combine them", "", FILE_FILTER
        )
        if paths:
            self.open_combined(paths)

    def open_combine_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Combine the exports in a folder")
        if folder:
            self.open_combined([folder])

    def open_combined(self, paths: list[str] | list[Path]) -> TableTab | None:
        """Open several exports (folders: their .csv/.tsv/.gz files) as one tab.

        The files are read and combined in the background; the tab notes how many duplicate
        request IDs were removed. A single file opens as usual.
        """
        try:
            files = export_files(paths)
        except LoadError as exc:  # a folder without exports: say so, without blocking
            box = QMessageBox(QMessageBox.Icon.Warning, "Nothing to combine", str(exc), parent=self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return None
        if len(files) == 1:
            return self.open_files(files)[0]
        return self._add_tab(LoadRequest(tuple(files), combined_title(len(files))))

    def open_demo(self) -> TableTab:
        path = resource_path("demo_group_health.csv")
        return self._add_tab(LoadRequest(path, "demo_group_health.csv"))

    def paste_clipboard(self) -> TableTab | None:
        """Open the clipboard's text as a new tab, read exactly as a file would be."""
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.statusBar().showMessage("The clipboard holds no text to open", 5000)
            return None
        return self.open_text(text)

    def open_text(self, text: str, *, insist: bool = False) -> TableTab | None:
        """Open pasted or dropped text in a new tab, read exactly as a file would be.

        Text that reads as prose rather than a table asks first (issue 9) and opens only
        when the user insists (``insist``); the question is kept in ``paste_question``.
        """
        if not insist:
            verdict = judge_paste(text)
            if not verdict.looks_like_table:
                question = PasteQuestion(
                    verdict.reason, lambda: self.open_text(text, insist=True), self
                )
                self.paste_question = question
                question.finished.connect(
                    lambda _result, q=question: self._on_paste_question_finished(q)
                )
                question.open()
                return None
        self._pasted += 1
        name = "Pasted text" if self._pasted == 1 else f"Pasted text {self._pasted}"
        data = text.encode("utf-8", errors="surrogatepass")
        return self._add_tab(LoadRequest(data, name, ReadOptions(encoding="utf-8")))

    def _on_paste_question_finished(self, question: PasteQuestion) -> None:
        if self.paste_question is question:
            self.paste_question = None  # the box deletes itself on close

    def _add_tab(self, request: LoadRequest) -> TableTab:
        tab = TableTab(request, self.settings, self.pool, self)
        tab.area.set_filter_row_visible(self.actions.filter_row.isChecked())
        for name, splitter in (("tab_h", tab.horizontal_split), ("tab_v", tab.vertical_split)):
            state = self.settings.splitter_state(name)
            if state is not None:
                splitter.restoreState(state)
        tab.loading_changed.connect(lambda loading, t=tab: self._on_tab_loading_changed(t, loading))
        tab.status_changed.connect(lambda t=tab: self._on_tab_status_changed(t))
        tab.message_posted.connect(lambda m: self.statusBar().showMessage(m, 6000))
        tab.table_replaced.connect(lambda _t: self._update_actions())
        tab.table_replaced.connect(lambda table, t=tab: self._on_tab_table_replaced(t, table))
        self.tabs.addTab(tab, request.name)
        self.tabs.setCurrentWidget(tab)
        self.stack.setCurrentWidget(self.tabs)
        tab.start_load()
        return tab

    def analysis_settings(self) -> AnalysisSettings:
        """The user's thresholds, as every analysis and panel takes them."""
        return AnalysisSettings(
            low_success_rate=self.settings.low_rate_threshold(),
            small_sample_requests=self.settings.min_requests(),
        )

    def _on_tab_table_replaced(self, tab: TableTab, table: Table) -> None:
        """Give each table the analysis its kind calls for (Health, Requests or Usage panel)."""
        attach_analysis_panel(
            tab, table, self.analysis_settings(), self.settings.money_settings(), self.pool
        )

    # -- tabs -------------------------------------------------------------------------------
    def current_tab(self) -> TableTab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, TableTab) else None

    def all_tabs(self) -> list[TableTab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def close_tab(self, index: int | None = None) -> None:
        index = self.tabs.currentIndex() if index is None else index
        tab = self.tabs.widget(index)
        if not isinstance(tab, TableTab):
            return
        self._save_splitters(tab)
        tab.loader.cancel()
        for runner in tab.findChildren(LatestRunner):
            runner.cancel()  # its result would go nowhere (issue 10)
        self.tabs.removeTab(index)
        tab.deleteLater()
        if self.tabs.count() == 0:
            self.stack.setCurrentWidget(self.welcome)
        self._update_actions()

    def reload_current(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.start_load(tab.request.options)

    def cycle_tab(self, step: int) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _on_tabs_current_changed(self, _index: int) -> None:
        tab = self.current_tab()
        if tab is not None:
            # issue 9: Qt gives the focus to the page's first control, the Encoding box, and
            # the next Ctrl+V pasted the customer's CSV into it. The table takes it instead.
            tab.area.setFocus()
        self.setWindowTitle(f"{tab.title} — csvinspect" if tab else "csvinspect")
        self._on_tab_status_changed(tab)
        self._update_actions()
        self.current_tab_changed.emit(tab)

    def _on_tab_loading_changed(self, tab: TableTab, loading: bool) -> None:
        index = self.tabs.indexOf(tab)
        if index >= 0:
            busy = self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload)
            self.tabs.setTabIcon(index, busy if loading else QIcon())
            source = tab.request.source
            where = str(source) if isinstance(source, Path) else tab.title
            self.tabs.setTabToolTip(index, f"Loading {where}…" if loading else where)
        self._on_tab_status_changed(tab)
        if not loading and tab is self.current_tab() and not is_text_entry(self.focusWidget()):
            tab.area.setFocus()  # a loaded table has the keys (issue 9), unless one is typing
        if not loading and not any(t.is_loading for t in self.all_tabs()):
            self.loads_settled.emit()

    def _on_tab_status_changed(self, tab: TableTab | None) -> None:
        if tab is not self.current_tab():
            return
        self.rows_label.setText(tab.rows_text() if tab else "")
        self.selection_label.setText(tab.selection_text() if tab else "")

    def _update_actions(self) -> None:
        tab = self.current_tab()
        has_table = tab is not None and tab.table is not None
        for action in self.actions.needs_table:
            action.setEnabled(has_table)
        # Group and token actions only where the table has such rows (issue 9: they were
        # enabled, and did nothing, on request logs and usage summaries).
        has_kinds = has_table and tab.table.row_kinds is not None
        for action in self.actions.row_kinds:
            action.setEnabled(has_kinds)
        has_outline = has_table and tab.has_outline
        self.actions.outline.setEnabled(has_outline)
        self.actions.outline.blockSignals(True)
        self.actions.outline.setChecked(bool(has_table and tab.row_view.outline))
        self.actions.outline.blockSignals(False)
        for action in self.actions.folding:
            action.setEnabled(has_outline)

    # -- actions the menus call ---------------------------------------------------------------
    def with_tab(self, action: Callable[[TableTab], object]) -> None:
        """Run a menu's ``action`` on the current tab, when it shows a table.

        Issue 10: menus named tab methods in strings, so a renamed method broke its menu
        item silently; now they are calls a type checker and a rename follow.
        """
        tab = self.current_tab()
        if tab is not None and tab.table is not None:
            action(tab)

    def copy_selection(self) -> None:
        """Edit > Copy (Ctrl+C): text selected in a label or text box copies as itself;
        otherwise the table's selected cells, tab-separated with headers."""
        if not clipboard.copy_selected_text(QApplication.focusWidget()):
            self.with_tab(lambda t: t.copy_selection(False))

    def set_low_rate_threshold(self) -> None:
        current = self.settings.low_rate_threshold() * 100
        value, ok = QInputDialog.getDouble(
            self, "Low success rate", "Highlight success rates below (%):", current, 0, 100, 1
        )
        if ok:
            self.apply_low_rate_threshold(value / 100)

    def apply_low_rate_threshold(self, fraction: float) -> None:
        """Remember the threshold; every table re-highlights and every panel recounts with it,
        keeping sorts, filters and row subsets (issue 10)."""
        self.settings.set_low_rate_threshold(fraction)
        settings = self.analysis_settings()
        for tab in self.all_tabs():
            tab.refresh_highlights()
            panel = panel_of(tab)
            if panel is not None:
                panel.set_settings(settings)

    def edit_money_settings(self) -> MoneyDialog:
        """Settings > Money: a window-modal dialog; OK applies and remembers the choice."""
        dialog = MoneyDialog(self.settings.money_settings(), self)
        dialog.accepted.connect(lambda: self.apply_money_settings(dialog.money()))
        dialog.finished.connect(dialog.deleteLater)
        self.money_dialog = dialog
        dialog.open()
        return dialog

    def apply_money_settings(self, money: MoneySettings) -> None:
        """Remember ``money`` and show every request log's and usage summary's costs with it."""
        self.settings.set_money_settings(money)
        for tab in self.all_tabs():
            panel = panel_of(tab)
            if panel is not None:
                panel.set_money(money)
        shown = money.display_currency
        rate = f"{fmt.count(money.quota_per_usd)} quota = 1 USD"
        if shown and shown != "USD":
            rate += f"; costs in {shown} at {money.usd_rate:g} per USD"
        self.statusBar().showMessage(f"Money: {rate}", 6000)

    def show_error(self, message: str, details: str = "") -> None:
        """Say that something unexpected failed, without a dialog in the way."""
        self.error_bar.show_error(message, details)

    def show_filter_help(self) -> None:
        QMessageBox.information(self, "Filter syntax", FILTER_HELP)

    def show_about(self) -> None:
        """Name, version (issue 9: About showed none) and the Qt it runs on, for support."""
        box = QMessageBox(self)
        box.setWindowTitle("About csvinspect")
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setText(f"csvinspect {installed_version()}")
        box.setInformativeText(
            "An offline viewer and inspector for LLM API gateway exports.\n"
            f"Qt {qVersion()}, PySide6 {PySide6.__version__}, Python {platform.python_version()}"
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- drag and drop (app/shell/drag_drop.py) ------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        drag_drop.on_drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        drag_drop.on_drop(self, event)

    # -- closing ----------------------------------------------------------------------------
    def _save_splitters(self, tab: TableTab) -> None:
        self.settings.set_splitter_state("tab_h", tab.horizontal_split.saveState())
        self.settings.set_splitter_state("tab_v", tab.vertical_split.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        tab = self.current_tab()
        if tab is not None:
            self._save_splitters(tab)
        self.settings.set_window_geometry(self.saveGeometry())
        self.settings.sync()
        # Issue 10: the window goes at once; the analysis under way stops at its next stage,
        # which the pool then waits for (no result may reach a panel being deleted).
        self.hide()
        self.drain_pool()
        super().closeEvent(event)

    def drain_pool(self) -> None:
        """Cancel every load and analysis, then wait for the pool's threads to finish.

        Issue 10: analyses ran on Qt's global pool, which closing the window did not wait
        for; a result then arrived for deleted panels ("Signal source has been deleted").
        Work that has not started is dropped; running work is told it is cancelled.
        """
        for tab in self.all_tabs():
            tab.loader.cancel()
        for runner in self.findChildren(LatestRunner):
            runner.cancel()
        self.pool.clear()
        self.pool.waitForDone()
