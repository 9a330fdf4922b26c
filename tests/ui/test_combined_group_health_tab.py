"""Issue 10 in the app: group-health exports combined into one tab keep their Group and
Token rows: shaded as in one file, and the Groups quick filter shows both files' groups."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

LOAD_TIMEOUT_MS = 20_000
HEALTH_USD = Path(__file__).resolve().parents[1] / "fixtures" / "health_usd.csv"


def test_combined_group_health_tab_shades_groups_and_filters_by_row_kind(
    qtbot, window, demo_path, column_texts
):
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        tab = window.open_combined([demo_path, HEALTH_USD])
    assert tab.table.n_rows == 46
    model = tab.model
    types = column_texts(tab, "Type")
    group, token = types.index("Group"), types.index("Token")
    assert model.data(model.index(group, 3), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(group, 3), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(token, 3), Qt.ItemDataRole.BackgroundRole) is None

    tab.filters.kind_buttons.button(1).click()  # Groups
    assert model.rowCount() == 12
    assert set(column_texts(tab, "Type")) == {"Group"}
    assert set(column_texts(tab, "Source file")) == {"demo_group_health.csv", "health_usd.csv"}
    tab.filters.kind_buttons.button(2).click()  # Tokens
    assert model.rowCount() == 34 and set(column_texts(tab, "Type")) == {"Token"}
