"""The Qt-free core: loading, typing, analysis and export."""

from csvinspect.core.loader import load, load_text
from csvinspect.core.table import (
    Column,
    ColumnType,
    LoadCancelled,
    LoadError,
    LoadProblem,
    ReadOptions,
    ReportKind,
    RowKind,
    SourceInfo,
    Table,
)

__all__ = [
    "Column",
    "ColumnType",
    "LoadCancelled",
    "LoadError",
    "LoadProblem",
    "ReadOptions",
    "ReportKind",
    "RowKind",
    "SourceInfo",
    "Table",
    "load",
    "load_text",
]
