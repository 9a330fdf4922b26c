"""The distinct values of a column with their counts, for the quick-filter menus."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.table import Table


def distinct_values(table: Table, column: int, limit: int = 60) -> list[tuple[str, int]]:
    """Non-empty values of ``column``, most frequent first (ties by text), at most ``limit``."""
    text = table.columns[column].text
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    counts = pc.value_counts(text)
    pairs = [
        (value, count)
        for value, count in zip(
            counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True
        )
        if value is not None and value.strip()
    ]
    pairs.sort(key=lambda pair: (-pair[1], pair[0]))
    return pairs[:limit]
