"""``csvinspect report`` on a big export, as a user runs it, beside the load of the same file.

Each figure is a whole process (``python -m csvinspect report FILE --format json`` against
a process that only imports and loads), so start-up is on both sides; peak memory is the
process's peak RSS (VmHWM) against the file size. Targets from issue 10: the report within
2x the load, its peak within 3x the file.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

_PEAK = (
    "import sys\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM'):\n"
    "            return int(line.split()[1]) * 1024\n"
    "    import resource\n"
    "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
)
_LOAD = _PEAK + (
    "from csvinspect.core import load\nload(sys.argv[1])\nprint(peak(), file=sys.stderr)\n"
)
_REPORT = _PEAK + (
    "import os\n"
    "from csvinspect.cli import main\n"
    "sys.stdout = open(os.devnull, 'w', encoding='utf-8')\n"
    "main(['report', sys.argv[1], '--format', 'json'])\n"
    "print(peak(), file=sys.stderr)\n"
)


def _run(script: str, path: Path) -> tuple[float, int]:
    """Whole-process seconds and peak RSS of ``script`` on ``path``."""
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    return time.perf_counter() - t0, int(out.stderr.split()[-1])


def _paired(path: Path, repeat: int) -> tuple[list[tuple[float, int]], list[tuple[float, int]]]:
    """``repeat`` loads and ``repeat`` reports of ``path``, run in turn (load, report, load,
    ...) so a slow spell of a shared machine falls on both sides of a pair alike."""
    loads, reports = [], []
    for _ in range(repeat):
        loads.append(_run(_LOAD, path))
        reports.append(_run(_REPORT, path))
    return loads, reports


def bench_report(path: Path, line: Callable[..., None], repeat: int = 5) -> float:
    """Print ``report --format json`` beside the load, and its peak memory beside the file;
    returns the report's best seconds.

    The target is held against the median of the pairs' ratios: on a shared 2-core machine
    the best of each side alone came out anywhere from 1.64x to 1.98x for the same code.
    """
    loads, reports = _paired(path, repeat)
    load_s, report_s = min(s for s, _ in loads), min(s for s, _ in reports)
    ratios = [r / load for (load, _), (r, _) in zip(loads, reports, strict=True)]
    size = path.stat().st_size / 1e6
    peaks = [peak / 1e6 for _, peak in reports]
    print(f"csvinspect report --format json: {path.name} ({size:.0f} MB), whole processes")
    line("import + load (best)", load_s)
    line("import + load + report --format json (best)", report_s, baseline=load_s)
    line(
        f"  report / load, median of {repeat} pairs", statistics.median(ratios), "x", target="<= 2x"
    )
    line("file size", size, "MB")
    line(
        "peak RSS: import + load (median)",
        statistics.median(p for _, p in loads) / 1e6,
        "MB",
        baseline=size,
    )
    line(
        "peak RSS: report --format json (median)",
        statistics.median(peaks),
        "MB",
        baseline=size,
        target="<= 3x",
    )
    line("  the highest of the reports' peaks", max(peaks), "MB", baseline=size)
    return report_s


def bench_scaling(small: Path, big: Path, line: Callable[..., None]) -> None:
    """The report on ``big`` (5x the rows of ``small``) against the report on ``small``.

    Issue 10: 1M -> 5M rows within 5.5x the time (the request-log report once took 7.5x).
    """
    small_s = min(_run(_REPORT, small)[0] for _ in range(2))
    big_s, big_peak = _run(_REPORT, big)
    load_small = min(_run(_LOAD, small)[0] for _ in range(2))
    load_big = _run(_LOAD, big)[0]
    print(f"scaling: {small.name} -> {big.name}, whole processes")
    line(f"import + load, {big.name}", load_big, baseline=load_small)
    line(f"report --format json, {big.name}", big_s, baseline=small_s, target="<= 5.5x")
    line(f"report vs load, {big.name}", big_s, baseline=load_big, target="<= 2x")
    size = big.stat().st_size / 1e6
    line(f"peak RSS: report, {big.name}", big_peak / 1e6, "MB", baseline=size, target="<= 3x")


def bench_json_lines(csv: Path, jsonl: Path, line: Callable[..., None]) -> None:
    """Opening the same records written as JSON Lines (seed 001) against the CSV."""
    csv_s = min(_run(_LOAD, csv)[0] for _ in range(2))
    jsonl_s, jsonl_peak = min(_run(_LOAD, jsonl) for _ in range(2))
    size = jsonl.stat().st_size / 1e6
    print(f"JSON Lines: {jsonl.name} ({size:.0f} MB), the records of {csv.name}, whole processes")
    line(f"import + load, {csv.name}", csv_s)
    line(f"import + load, {jsonl.name}", jsonl_s, baseline=csv_s)
    line(f"peak RSS: import + load, {jsonl.name}", jsonl_peak / 1e6, "MB", baseline=size)
