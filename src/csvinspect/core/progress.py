"""What a long analysis is handed to tell its progress and to learn it is no longer wanted.

STYLE.md: long operations take ``progress`` and ``is_cancelled`` callables rather than
importing a thread library. Issue 10: only the request-log analysis took them, so closing the
window during a 1M-row group-health analysis waited for all of it. Every kind's analysis
(group health, request log, usage) takes them from here, the base layer every kind imports.
"""

from __future__ import annotations

from collections.abc import Callable

IsCancelled = Callable[[], bool]
Progress = Callable[[str], None]  # told the name of the stage that starts


class AnalysisCancelled(Exception):
    """Raised by an analysis that saw ``is_cancelled()`` turn true: its result would go nowhere."""


def never_cancelled() -> bool:
    return False


def _untold(_stage: str) -> None:
    return None


class Stages:
    """Start each stage of an analysis: check it is still wanted, then say which stage runs.

    ``stage("Reconciling the totals")`` raises ``AnalysisCancelled`` when ``is_cancelled()``
    is true, else tells ``progress`` the stage's name. An analysis calls it between its stages
    (and ``check()`` where there is nothing new to tell), so a cancelled one stops at the next.
    """

    def __init__(self, progress: Progress | None = None, is_cancelled: IsCancelled | None = None):
        self.progress: Progress = progress or _untold
        self.is_cancelled: IsCancelled = is_cancelled or never_cancelled

    def check(self) -> None:
        if self.is_cancelled():
            raise AnalysisCancelled

    def __call__(self, stage: str) -> None:
        self.check()
        self.progress(stage)
