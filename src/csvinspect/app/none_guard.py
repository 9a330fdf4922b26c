"""Keep ``None`` alive under PySide6 6.12 on Python 3.11.

Measured here (PySide6-Essentials 6.12.0, CPython 3.11.7): every call of a Qt method that
returns nothing (``QLineEdit.setText``, ``QTimer.setInterval``, ``QObject.setObjectName``…)
drops one reference to ``None`` that it never took. ``None`` starts with some 50,000
references, a sort or a filter in the table makes a few hundred such calls, and when the
count reaches zero Python aborts with "Fatal Python error: none_dealloc": the window
vanishes after a few hundred clicks.

From Python 3.12 ``None`` is immortal (PEP 683): its count starts so high that lost
references do no harm. ``make_none_immortal`` does the same on 3.11 by raising the count
of ``None`` (never freed anyway) to that height once, before the first Qt call. The real
fix is Python 3.12+ or a PySide6 release that returns ``None`` correctly.
"""

from __future__ import annotations

import ctypes
import sys

IMMORTAL_REFCOUNT = 1 << 40  # a trillion lost references before it could matter
NEEDED = sys.version_info < (3, 12) and sys.implementation.name == "cpython"


def make_none_immortal() -> bool:
    """Raise ``None``'s reference count out of reach of the leak; True when it was done."""
    if not NEEDED or hasattr(sys, "gettotalrefcount"):  # a debug build lays objects out
        return False  # differently: leave it alone
    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the first field
    if count.value < IMMORTAL_REFCOUNT:
        count.value = IMMORTAL_REFCOUNT
    return True
