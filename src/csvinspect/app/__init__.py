"""The desktop app (PySide6). All Qt lives in this package; the core knows nothing of it."""

from csvinspect.app import none_guard

# Before any Qt call: PySide6 6.12 on Python 3.11 loses a reference to None per call of a
# method returning nothing, and Python aborts when the count reaches zero (none_guard).
none_guard.make_none_immortal()
