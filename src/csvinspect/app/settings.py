"""What the app remembers between runs, in ``QSettings``: window, splitters, recent files,
column layouts per report kind, the low success-rate threshold and how quota becomes money.

Tests pass a settings file in a temporary directory, so they never touch the user's
settings (``AppSettings.in_file``).
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from csvinspect.app.table.column_layout import ColumnLayout
from csvinspect.core.query.highlight import DEFAULT_LOW_RATE, DEFAULT_MIN_REQUESTS
from csvinspect.core.requests.money import MoneySettings

MAX_RECENT = 10


class AppSettings:
    """Typed access to the app's ``QSettings``; values are stored as JSON where lists."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings("csvinspect", "csvinspect")

    @classmethod
    def in_file(cls, path: str | Path) -> AppSettings:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def sync(self) -> None:
        self._settings.sync()

    # -- window ----------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        value = self._settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_window_geometry(self, geometry: QByteArray) -> None:
        self._settings.setValue("window/geometry", geometry)

    def splitter_state(self, name: str) -> QByteArray | None:
        value = self._settings.value(f"splitters/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_splitter_state(self, name: str, state: QByteArray) -> None:
        self._settings.setValue(f"splitters/{name}", state)

    # -- recent files ------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        return self._json("recent/files", [])

    def add_recent_file(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        files = [p for p in self.recent_files() if p != path]
        self._settings.setValue("recent/files", json.dumps([path, *files][:MAX_RECENT]))

    def clear_recent_files(self) -> None:
        self._settings.setValue("recent/files", "[]")

    # -- columns and thresholds ---------------------------------------------------------
    def column_layout(self, report_kind: str) -> ColumnLayout | None:
        data = self._json(f"columns/{report_kind}", None)
        return ColumnLayout.from_json(data) if isinstance(data, dict) else None

    def set_column_layout(self, report_kind: str, layout: ColumnLayout) -> None:
        self._settings.setValue(f"columns/{report_kind}", json.dumps(layout.to_json()))

    def low_rate_threshold(self) -> float:
        return float(self._settings.value("health/low_rate", DEFAULT_LOW_RATE, type=float))

    def set_low_rate_threshold(self, value: float) -> None:
        self._settings.setValue("health/low_rate", float(value))

    def min_requests(self) -> int:
        return int(self._settings.value("health/min_requests", DEFAULT_MIN_REQUESTS, type=int))

    # -- money (issue 5: "a setting for the rate and the display currency, remembered") ---
    def money_settings(self) -> MoneySettings:
        data = self._json("money/settings", {})
        return MoneySettings.from_dict(data if isinstance(data, dict) else {})

    def set_money_settings(self, money: MoneySettings) -> None:
        self._settings.setValue("money/settings", json.dumps(money.to_dict()))

    def _json(self, key: str, default):
        raw = self._settings.value(key)
        if not isinstance(raw, str):
            return default
        try:
            return json.loads(raw)
        except ValueError:
            return default
