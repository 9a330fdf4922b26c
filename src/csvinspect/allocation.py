"""How the process allocates, set before numpy or pyarrow is imported (``csvinspect/__init__``).

Arrow allocates with the C library's ``malloc``, not pyarrow's default mimalloc
(``core/memory.py`` says why): issue 10, the 1M-row group-health report peaked at 609-617 MB
with mimalloc and 576-583 MB with ``malloc``, in no more time (whole processes). pyarrow reads
``ARROW_DEFAULT_MEMORY_POOL`` when it first allocates; ``pa.set_memory_pool`` would change the
pool of pyarrow's Python functions only, not its C++ readers'. A user's own setting wins.

Tried and left out: glibc's threads sharing one heap (``M_ARENA_MAX`` 1) made that load's
peak steady (507-540 MB, against 500-660 MB from run to run) but the 1M-row request-log
report 25% slower, its two threads waiting on each other's allocations.
"""

from __future__ import annotations

import os


def configure() -> None:
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
