"""``csvinspect report`` on a big export, as a user runs it, beside the load of the same file.

Each figure is a whole process (``python -m csvinspect report FILE --format json`` against
a process that only imports and loads), so start-up is on both sides; peak memory is the
process's peak RSS (VmHWM) against the file size. Targets from issue 10: the report within
2x the load, its peak within 3x the file.
"""

from __future__ import annotations

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


def bench_report(path: Path, line: Callable[..., None], repeat: int = 2) -> None:
    """Print ``report --format json`` beside the load, and its peak memory beside the file."""
    load_s, load_peak = min(_run(_LOAD, path) for _ in range(repeat))
    report_s, report_peak = min(_run(_REPORT, path) for _ in range(repeat))
    size = path.stat().st_size / 1e6
    print(f"csvinspect report --format json: {path.name} ({size:.0f} MB), whole processes")
    line("import + load", load_s)
    line("import + load + report --format json", report_s, baseline=load_s, target="<= 2x")
    line("file size", size, "MB")
    line("peak RSS: import + load", load_peak / 1e6, "MB", baseline=size)
    line("peak RSS: report --format json", report_peak / 1e6, "MB", baseline=size, target="<= 3x")
