"""The menus offer only what the open table can do (issue 9)."""

from __future__ import annotations

from PySide6.QtGui import QAction


def test_group_actions_are_disabled_on_a_request_log(window, open_files, samples_dir, demo_path):
    """Issue 9: Groups Only, Tokens Only, Outline and Expand/Collapse need group rows."""
    group_actions = (
        "&All Rows",
        "&Groups Only",
        "&Tokens Only",
        "&Outline: Groups with Their Tokens",
        "&Expand All Groups",
        "C&ollapse All Groups",
    )
    actions = {a.text(): a for a in window.findChildren(QAction) if a.text() in group_actions}
    assert set(actions) == set(group_actions)
    open_files(samples_dir / "usage_logs_newapi_fork.csv")
    assert [t for t, a in actions.items() if a.isEnabled()] == []
    open_files(demo_path)  # a group-health export: all of them apply
    assert [t for t, a in actions.items() if not a.isEnabled()] == []
    window.tabs.setCurrentIndex(0)  # back to the request log
    assert [t for t, a in actions.items() if a.isEnabled()] == []
