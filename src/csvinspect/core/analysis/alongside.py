"""Work that runs on a second thread while an analysis goes on, and ends within it.

Issue 10: the report's group-health analysis took twice the load's time on a 1M-row export.
Reconciliation reads only the table, and numpy and pyarrow release the GIL while they work,
so it runs on the other core beside the analysis' other stages. It stays the analysis' own:
leaving the ``with`` block, however that happens, asks the work to stop and waits for its
thread, so a cancelled or failed analysis leaves nothing running; and its error, if any, is
raised where the analysis asks for its result, as if it had run there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Generic, TypeVar

from csvinspect.core.memory import release_freed

T = TypeVar("T")
R = TypeVar("R")

_POLL_S = 0.05  # how often a wait for the result asks whether the analysis is still wanted


class Alongside(Generic[T]):
    """Run ``work(stopped)`` on its own thread from entering the ``with`` block.

    ``work`` asks ``stopped()`` now and then and gives up (by raising) once it is true: the
    analysis left the block without its result.
    """

    def __init__(self, work: Callable[[Callable[[], bool]], T], name: str) -> None:
        self._work = work
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._result: list[T] = []  # the work's result, once it returned
        self._error: BaseException | None = None

    def __enter__(self) -> Alongside[T]:
        self._thread.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self._stopped.set()
        self._thread.join()

    def result(self, check: Callable[[], None]) -> T:
        """Wait for the work's result, calling ``check`` meanwhile (it raises to stop
        waiting, as ``Stages.check`` does once the analysis is cancelled); raise the work's
        error if it failed."""
        self._thread.join(_POLL_S)
        while self._thread.is_alive():
            check()
            self._thread.join(_POLL_S)
        if self._error is not None:
            raise self._error
        return self._result[0]

    def _run(self) -> None:
        try:
            self._result.append(self._work(self._stopped.is_set))
        except BaseException as error:  # raised again by ``result``
            self._error = error
        # The C library gives this thread an arena of its own, which the analysis' next
        # release would return only after it, while the analysis holds all it keeps.
        release_freed()


def two_at_a_time(work: Callable[[T], R], items: Iterable[T], name: str) -> Iterator[R]:
    """``work(item)`` for each of ``items`` (none of them None), in order, made two at a
    time: every other one on a worker thread named ``name``, the others on this thread
    meanwhile.

    Issue 10: for work done by numpy and pyarrow, which let go of the interpreter, two cores
    make two items at once; with no core free, this thread makes its share instead of
    waiting. At most two items are made ahead of the one handed out; closing the iterator
    early waits for the worker's item and ends its thread.
    """
    pending = iter(items)
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
    try:
        ahead = _submitted(worker, work, next(pending, None))
        while ahead is not None:
            item = next(pending, None)
            own = None if item is None else (work(item),)
            following = None if item is None else next(pending, None)
            done = ahead.result()
            ahead = _submitted(worker, work, following)
            yield done
            if own is not None:
                yield own[0]
    finally:
        worker.shutdown(wait=True, cancel_futures=True)


def _submitted(
    worker: ThreadPoolExecutor, work: Callable[[T], R], item: T | None
) -> Future[R] | None:
    return None if item is None else worker.submit(work, item)
