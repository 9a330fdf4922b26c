"""Ingest: what a loaded table is, decided once and recorded on it (issue 10).

``kinds.decide`` records the report kind, the gateway dialect and the group-health row kinds;
``roles`` finds the column that plays each role for that dialect; ``combine`` and
``combine_files`` join several exports into one table carrying the same decisions. Below the
analyses (``core/analysis``, ``core/requests``, ``core/usage``), above the cells and reading.
"""
