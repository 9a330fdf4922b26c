"""Read several exports (files or folders of daily files) and combine them into one table.

Issue 5: "Several exports of the same kind (a folder of daily files, or several dropped at
once) can be combined into one view, with duplicate request IDs removed and counted". The
app's load worker and ``csvinspect report A B`` both come through here, so a folder means
the same files in both. Each file goes through the loader (``loader.load``), so the
combined table carries the decisions of the one path every load takes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from csvinspect.core.ingest.combine import CombinedTable, combine_tables
from csvinspect.core.loader import TypingProgress, load
from csvinspect.core.table import LoadError, ReadOptions, Table

# What a folder contributes: exports, plain or gzipped (``day.csv.gz`` ends in .gz).
# JSON Lines too (issue 11); a folder's .json files are more often settings than exports.
EXPORT_SUFFIXES = (".csv", ".tsv", ".gz", ".jsonl", ".ndjson")


def export_files(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given, each folder replaced by its exports in name order.

    Raises ``LoadError`` for a folder without exports, so the user learns why nothing opened.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            files.append(path)
            continue
        inside = sorted(
            (p for p in path.iterdir() if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES),
            key=lambda p: p.name.casefold(),
        )
        if not inside:
            raise LoadError(f"The folder {path} holds no .csv, .tsv, .gz or .jsonl exports.")
        files.extend(inside)
    return files


def load_combined(
    paths: Sequence[str | Path],
    options: ReadOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    typing_progress: TypingProgress | None = None,
) -> CombinedTable:
    """Load every file of ``paths`` (folders expanded) and combine them.

    ``progress`` reports bytes over all files, ``typing_progress`` each file's typing. A
    file that cannot be read raises ``LoadError`` naming it; exports of different kinds
    raise ``combine_tables``'s ``LoadError``. Exports are read with the same ``options``
    (a re-read from the import bar applies to each).
    """
    files = export_files(paths)
    if not files:
        raise LoadError("Nothing to combine: no files were given.")
    sizes = [_size(f) for f in files]
    total = max(sum(sizes), 1)
    tables: list[Table] = []
    done_before = 0
    for file, size, shown in zip(files, sizes, _shown_names(files), strict=True):
        report: Any = None
        if progress is not None:

            def report(
                done: int, file_total: int, offset: int = done_before, size: int = size
            ) -> None:
                share = done / file_total if file_total > 0 else 1.0
                progress(min(offset + int(share * size), total), total)

        try:
            table = load(
                file,
                name=shown,
                options=options,
                progress=report,
                typing_progress=typing_progress,
                is_cancelled=is_cancelled,
            )
        except LoadError as exc:
            said = str(exc)  # most load errors already start with the file's name
            raise LoadError(said if said.startswith(shown) else f"{shown}: {said}") from exc
        tables.append(table)
        done_before += size
    return combine_tables(tables)


def _shown_names(files: list[Path]) -> list[str]:
    """Each file's name, with its folder where two folders hold files of one name: the
    Source file column must tell every row's file apart (issue 9)."""
    counts = Counter(f.name for f in files)
    return [f"{f.parent.name}/{f.name}" if counts[f.name] > 1 else f.name for f in files]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # missing: ``load`` says so, naming the file
