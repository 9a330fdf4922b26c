"""Keeping a big load's peak memory near the size of what it keeps.

A load allocates and frees a column's worth of temporaries per column: pyarrow's chunks as
they are merged, and numpy's masks and values as a column is typed. Both allocators keep
what is freed for later by default, so on the 1M-row benchmark the process grew to about
three and a half times the file's size while the table it kept was under twice that.

* pyarrow allocates from the C library's ``malloc`` (``system_memory_pool``) rather than
  its bundled mimalloc: mimalloc returns a block freed by another thread to that thread's
  heap, and the reader's threads are idle by the time typing frees their chunks.
* ``release_freed`` hands what is free back to the system between columns: pyarrow's pool
  and, where the C library is glibc, ``malloc_trim``.

Both cost nothing measurable against the read (``make bench``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable

import pyarrow as pa


def use_system_allocator() -> None:
    """Make pyarrow allocate with ``malloc`` (once, before the first load)."""
    pa.set_memory_pool(pa.system_memory_pool())


def release_freed() -> None:
    """Return the memory freed so far to the system, where the platform allows it."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


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
