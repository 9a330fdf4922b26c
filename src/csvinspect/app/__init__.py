"""The desktop app (PySide6). All Qt lives in this package; the core knows nothing of it."""
