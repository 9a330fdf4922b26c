"""``make bench``: speed and memory figures for csvinspect, each beside its baseline.

Prints, in one run on the same machine: csvinspect's load-and-type time against a plain
``pyarrow.csv.read_csv`` of the same file as strings; peak memory against the file size;
sort and filter against a bare ``numpy.argsort`` and a bare vectorised mask; ``data()`` for
one visible screen; the request-log analysis against its load; and the start-up figures
(``bench/startup.py``); ``csvinspect report`` on the group-health export against its load,
and its peak memory (``bench/report_bench.py``). Targets come from issues 2, 3, 5 and 10;
nothing here asserts, it reports.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from report_bench import bench_json_lines, bench_report, bench_scaling
from startup import bench_startup

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


def _ensure(path: Path, generator: str, rows: int) -> Path:
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        print(f"generating {path.name} ({rows:,} rows)...", flush=True)
        subprocess.run([sys.executable, str(HERE / generator), str(path), str(rows)], check=True)
    return path


def _best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _line(
    label: str, value: float, unit: str = "s", baseline: float | None = None, target: str = ""
) -> None:
    ratio = f"  ratio {value / baseline:5.2f}x" if baseline else ""
    goal = f"  (target {target})" if target else ""
    print(f"  {label:<46} {value:9.3f} {unit}{ratio}{goal}", flush=True)


def bench_load(path: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from csvinspect.core import load

    header = pacsv.read_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 16)).schema
    types = {name: pa.string() for name in header.names}

    def plain() -> None:
        pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types))

    plain_s = _best(plain)
    load_s = _best(lambda: load(path), repeat=2)
    read_s, type_s = _stages(path)
    table = load(path)
    floor_s = _best(lambda: _least_conversions(path, types, table))
    print(f"load and type: {path.name} ({path.stat().st_size / 1e6:.0f} MB)")
    _line("pyarrow.csv.read_csv, all strings", plain_s)
    _line("csvinspect.core.load (read + type + kinds)", load_s, baseline=plain_s, target="<= 1.5x")
    _line("  of which reading (read_source + read_cells)", read_s, baseline=plain_s)
    _line("  of which typing (type_columns)", type_s, baseline=plain_s)
    _line("floor: read + minimal pyarrow.compute casts", floor_s, baseline=plain_s)
    print("    (each numeric column cut and cast knowing its format, nothing checked or inferred)")


def _least_conversions(path: Path, types: dict, table) -> None:
    """A plain read, then the least ``pyarrow.compute`` can do to turn the columns csvinspect
    typed as numbers into numbers: cut the known prefix or suffix, drop thousands
    separators, cast; timestamps cast. No check, no inference, no empties: a lower bound
    for typing built on pyarrow.compute, two columns at a time as csvinspect types them."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    from csvinspect.core.table import ColumnType

    read = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types))

    def convert(column) -> None:
        text = read.column(column.name)
        sample = next((t for t in text.chunk(0).to_pylist() if t), "")
        if column.type is ColumnType.TIMESTAMP:
            pc.cast(text, pa.timestamp("s"))
            return
        if sample[:1] and not (sample[0].isdigit() or sample[0] in "-."):
            text = pc.utf8_slice_codeunits(text, 1)
        if sample[-1:] and not sample[-1].isdigit():
            text = pc.utf8_slice_codeunits(text, 0, -1)
        text = pc.replace_substring(text, ",", "")
        pc.cast(pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text), pa.float64())

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(convert, [c for c in table.columns if c.is_numeric]))


def _stages(path: Path, repeat: int = 2) -> tuple[float, float]:
    """Best times of the loader's reading and typing stages, apart."""
    from csvinspect.core import fields
    from csvinspect.core.cells.infer import type_columns
    from csvinspect.core.reading.parse import read_cells
    from csvinspect.core.reading.sources import read_source
    from csvinspect.core.table import ReadOptions

    read_s = type_s = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        data, _name = read_source(path)
        cells = read_cells(data, ReadOptions())
        t1 = time.perf_counter()
        type_columns(
            cells.header,
            cells.columns,
            [fields.canonical_field(h) for h in cells.header],
            delimiter=cells.delimiter,
        )
        t2 = time.perf_counter()
        read_s, type_s = min(read_s, t1 - t0), min(type_s, t2 - t1)
        del data, cells
    return read_s, type_s


def bench_memory(path: Path) -> None:
    # Linux: reset the process's peak RSS (VmHWM) after the imports, so the figure is the
    # load's alone. ru_maxrss cannot be reset and a child started by this (by now big)
    # process may inherit its parent's peak, which hid the growth entirely.
    probe = (
        "import os, resource, sys\n"
        "import pyarrow as pa, pyarrow.csv as pacsv\n"
        "from csvinspect.core import load\n"
        "import csvinspect.core.cells.infer\n"
        "def vm(key):\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith(key):\n"
        "            return int(line.split()[1]) * 1024\n"
        "def run():\n"
        "    if sys.argv[2] == 'csvinspect':\n"
        "        t = load(sys.argv[1])\n"
        "        return sum(c.text.nbytes + sum(a.nbytes for a in (c.values, c.unparsed)\n"
        "                   if a is not None) for c in t.columns) + t.line_numbers.nbytes\n"
        "    names = open(sys.argv[1], encoding='utf-8-sig').readline().strip().split(',')\n"
        "    types = {name: pa.string() for name in names}\n"
        "    t = pacsv.read_csv(sys.argv[1],\n"
        "                       convert_options=pacsv.ConvertOptions(column_types=types))\n"
        "    return t.nbytes\n"
        "if os.path.exists('/proc/self/clear_refs'):\n"
        "    open('/proc/self/clear_refs', 'w').write('5')\n"
        "    base = vm('VmRSS')\n"
        "    kept = run()\n"
        "    print(vm('VmHWM') - base, kept)\n"
        "else:\n"
        "    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    kept = run()\n"
        "    print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) * 1024, kept)\n"
    )

    def measure(what: str) -> tuple[int, int]:
        out = subprocess.run(
            [sys.executable, "-c", probe, str(path), what],
            capture_output=True,
            text=True,
            check=True,
        )
        grown, kept = out.stdout.split()
        return int(grown), int(kept)

    size = path.stat().st_size / 1e6
    plain_peak, plain_kept = measure("pyarrow")
    peak, kept = measure("csvinspect")
    print("peak memory while loading (growth of peak RSS over the imported baseline):")
    _line("file size", size, "MB")
    _line("pyarrow.csv.read_csv, all strings: peak", plain_peak / 1e6, "MB", baseline=size)
    _line("  the table it keeps", plain_kept / 1e6, "MB", baseline=size)
    _line("csvinspect.core.load: peak", peak / 1e6, "MB", baseline=size, target="<= 2x")
    _line("  the table it keeps (texts + typed values)", kept / 1e6, "MB", baseline=size)


def bench_table(path: Path) -> None:
    import numpy as np

    from csvinspect.core import load

    table = load(path)
    cost = table.column_index("cost")
    if cost is None:
        print("sort/filter: skipped (no typed cost column yet)")
        return
    values = table.columns[cost].values
    print(f"sort and filter on {table.n_rows:,} rows:")
    argsort_s = _best(lambda: np.argsort(values, kind="stable"))
    _line("numpy.argsort(stable) of Cost values", argsort_s)
    try:
        from csvinspect.core.query.sorting import sort_order

        _line(
            "core sort_order(Cost, descending)",
            _best(lambda: sort_order(table, [(cost, True)])),
            baseline=argsort_s,
            target="<= 2x",
        )
    except ImportError as exc:
        print(f"  core sort: skipped ({exc})")
    token = table.columns[table.column_index("token") or 0].text

    import pyarrow.compute as pc

    mask_s = _best(lambda: pc.match_substring(token, "1234", ignore_case=True))
    _line("bare pyarrow mask: substring in Token", mask_s)
    try:
        from csvinspect.core.query import filters

        search = getattr(filters, "search_mask", None)
        if search is not None:
            col = table.column_index("token")
            _line(
                "core text filter on Token",
                _best(lambda: search(table, "1234", column=col)),
                baseline=mask_s,
                target="<= 2x",
            )
    except ImportError as exc:
        print(f"  core filter: skipped ({exc})")
    bench_model(table, argsort_s, mask_s)


def bench_model(table, argsort_s: float, mask_s: float) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from csvinspect.app.table.table_model import TableModel
    except ImportError as exc:
        print(f"  model: skipped ({exc})")
        return
    app = QApplication.instance() or QApplication([])  # noqa: F841 - a model needs an app
    model = TableModel(table)
    cost = table.column_index("cost")
    _line(
        "model click-to-sort (sort + re-layout)",
        _best(lambda: model.sort(cost, Qt.SortOrder.DescendingOrder)),
        baseline=argsort_s,
        target="<= 2x",
    )
    n_cols = model.columnCount()

    # The view hands data() indexes it made in C++; building them here from Python
    # (about 3 us each) is kept out of the timing, the cold cache is not.
    start = table.n_rows // 2
    indexes = [model.index(r, c) for r in range(start, start + 50) for c in range(n_cols)]
    display = Qt.ItemDataRole.DisplayRole

    def screen() -> None:
        model.invalidate_cache()
        for index in indexes:
            model.data(index, display)

    _line(
        f"data() for a cold screen (50 rows x {n_cols} cols)",
        _best(screen) * 1000,
        "ms",
        target="< 5 ms",
    )
    bench_first_paint(table)
    from app_clicks import bench_clicks  # bench/ is on the path when run as a script

    bench_clicks(table, _line, argsort_s)


def bench_first_paint(table, repeat: int = 5) -> None:
    """Time from the core handing over a loaded table to the window painted with it.

    Each round opens a fresh tab, as a load does; the median of ``repeat`` rounds is shown.
    """
    import statistics
    import tempfile

    from PySide6.QtWidgets import QApplication

    from csvinspect.app.loading.load_worker import LoadRequest
    from csvinspect.app.settings import AppSettings
    from csvinspect.app.shell.main_window import MainWindow
    from csvinspect.app.table.table_tab import TableTab

    app = QApplication.instance() or QApplication([])
    times = []
    with tempfile.TemporaryDirectory() as scratch:
        window = MainWindow(AppSettings.in_file(Path(scratch) / "bench.ini"))
        window.resize(1400, 900)
        window.show()
        window.stack.setCurrentWidget(window.tabs)
        for _ in range(repeat):
            request = LoadRequest(Path("bench.csv"), "bench.csv")
            tab = TableTab(request, window.settings, window.pool)
            window.tabs.addTab(tab, "bench")
            window.tabs.setCurrentWidget(tab)
            app.processEvents()
            t0 = time.perf_counter()
            tab.show_table(table)
            window.grab()  # lays out and paints the whole window once
            times.append(time.perf_counter() - t0)
            window.tabs.removeTab(window.tabs.indexOf(tab))
            tab.deleteLater()
        window.close()
    _line(
        f"first paint after the core load (median of {repeat})",
        statistics.median(times) * 1000,
        "ms",
        target="< 100 ms",
    )


def bench_requests(rows: int) -> None:
    """The request-log report beside its load (issue 10), and from ``rows`` to 5x the rows."""
    path = _ensure(DATA / f"requests_{rows // 1000}k.csv", "gen_request_log.py", rows)
    bench_report(path, _line)
    big = _ensure(DATA / f"requests_{rows * 5 // 1000}k.csv", "gen_request_log.py", rows * 5)
    bench_scaling(path, big, _line)
    jsonl = DATA / f"{path.stem}.jsonl"
    if not jsonl.exists():
        print(f"generating {jsonl.name}...", flush=True)
        gen = [sys.executable, str(HERE / "gen_jsonl.py"), str(path), str(jsonl)]
        subprocess.run(gen, check=True)
    bench_json_lines(path, jsonl, _line)


def _compile_sources() -> None:
    """Compile csvinspect's modules once, as installing the app does, so each timed process
    reads them compiled. Where PYTHONDONTWRITEBYTECODE is set, every process compiled all of
    them from source again: about 0.25 s more for a report, which imports the analyses, than
    for a load, which does not (issue 10)."""
    import compileall

    import csvinspect

    compileall.compile_dir(Path(csvinspect.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--startup", action="store_true", help="only the start-up figures")
    parser.add_argument("--requests", action="store_true", help="only the request-log figures")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}\n")
    _compile_sources()
    if args.requests:
        bench_requests(args.rows)
        return
    bench_startup(_line)
    if args.startup:
        return
    path = _ensure(
        DATA / f"group_health_{args.rows // 1000}k.csv", "gen_group_health.py", args.rows
    )
    bench_load(path)
    bench_memory(path)
    bench_report(path, _line)  # issue 10
    bench_table(path)
    bench_requests(args.rows)


if __name__ == "__main__":
    main()
