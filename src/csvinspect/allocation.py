"""How the process allocates, set before numpy or pyarrow is imported (``csvinspect/__init__``).

Issue 10: the 1M-row group-health export's load peaked at 500-510 MB in some runs and
630-660 MB in others, and the report's peak followed it. Two settings make it the lower
figure in every run (whole processes, ``make bench``):

* Arrow allocates with the C library's ``malloc``, not pyarrow's default mimalloc
  (``core/memory.py`` says why). pyarrow reads ``ARROW_DEFAULT_MEMORY_POOL`` when it first
  allocates; ``pa.set_memory_pool`` would change the pool of pyarrow's Python functions only,
  not its C++ readers'. A user's own setting wins.
* glibc's threads share one heap (``M_ARENA_MAX`` 1): by default each thread that allocates
  gets a heap of its own, and a block freed on another heap is reused there only, so the
  reader's and typing's threads left the load's peak to chance. Heaps made before the call
  stay, hence before the imports that start threads (numpy's BLAS). No slower: 1.35-1.65 s
  against 1.25-1.73 s for that load.
"""

from __future__ import annotations

import ctypes
import functools
import os
import sys

_M_ARENA_MAX = -8  # malloc.h


def configure() -> None:
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    libc = glibc()
    if libc is not None and "MALLOC_ARENA_MAX" not in os.environ:
        libc.mallopt(_M_ARENA_MAX, 1)


@functools.cache
def glibc() -> ctypes.CDLL | None:
    """The C library, for ``mallopt`` and ``malloc_trim``; None where it is not glibc (macOS,
    Windows, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)  # the process's own symbols: the C library it runs on
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
    except (OSError, AttributeError):
        return None
    return libc
