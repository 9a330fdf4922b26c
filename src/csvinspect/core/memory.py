"""Keeping a big load's peak memory near the size of what it keeps.

A load frees a column's worth of memory per column: pyarrow's chunks as typing merges
them, numpy's and pyarrow's temporaries as it types. Allocators keep what is freed for
later, so on the 1M-row benchmark the process grew to about three and a half times the
file's size while the table it kept was under twice that. Two measures, both measured
with ``make bench``:

* Arrow allocates with the C library's ``malloc`` rather than pyarrow's default mimalloc:
  the reader's chunks (``READER_POOL``) and, as ``csvinspect/allocation.py`` sets it for
  the process, everything else. mimalloc keeps a block freed by another thread on its
  owner thread's list, and the reader's threads are idle by the time typing frees the
  chunks, so that memory never went back; a report's writer thread did the same with each
  run of token text (issue 10: the 1M-row group-health report peaked at 612-616 MB with
  mimalloc, 572-579 MB with ``malloc``).
* ``release_freed`` hands what is free back to the system: pyarrow's pool and, where the
  C library is glibc, ``malloc_trim``. Merging calls it through ``Releaser``, about ten
  times a load: returning memory costs time (``malloc_trim`` walks the heap, freed pages
  fault in again), so this trades about a tenth of a second on 1M rows for a quarter of
  the peak.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import threading
from collections.abc import Callable

import pyarrow as pa

READER_POOL = pa.system_memory_pool()


def release_freed() -> None:
    """Return the memory freed so far to the system, where the platform allows it."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class Releaser:
    """Calls ``release_freed`` once a share of what will be freed has been (thread-safe).

    ``malloc_trim`` walks the whole heap (about 8 ms a call on the 1M-row benchmark), so
    it runs about ``CALLS`` times over the ``total_bytes`` a load frees, and never for less
    than ``MIN_BYTES``: a column of a few megabytes does not call it on its own, and a
    1 GB file calls it 10 times, not 60.
    """

    MIN_BYTES = 16 << 20
    CALLS = 10

    def __init__(self, total_bytes: int) -> None:
        self._every = max(self.MIN_BYTES, total_bytes // self.CALLS)
        self._pending = 0
        self._lock = threading.Lock()

    def freed(self, nbytes: int) -> None:
        with self._lock:
            self._pending += nbytes
            due = self._pending >= self._every
            if due:
                self._pending = 0
        if due:
            release_freed()


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None on other C libraries (macOS, Windows, musl)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
