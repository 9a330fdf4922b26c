"""Time request-log inspection against the load itself (issue 5's speed goal).

Usage: ``python bench/request_log_bench.py [CSV | --rows N]``

Loads a new-api style usage log (written by ``gen_request_log.py`` when no file is given),
then times reading it as requests, the summary cards, every breakdown, the derived group
health and one filter change, and prints each figure and the ratio of the analysis to the
load. The goal: derived group health plus all breakdowns take no more than the load.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_request_log import generate

from csvinspect.core import load
from csvinspect.core.requests.derived import derived_health
from csvinspect.core.requests.filters import RequestFilter, apply_filter
from csvinspect.core.requests.records import build_records
from csvinspect.core.requests.stats import RequestStats


def timed(label: str, figures: dict[str, float], work):
    start = time.perf_counter()
    result = work()
    figures[label] = time.perf_counter() - start
    print(f"  {label:<28} {figures[label]:7.2f} s", flush=True)
    return result


def run(path: Path) -> dict[str, float]:
    figures: dict[str, float] = {}
    print(f"{path.name}: {path.stat().st_size / 1e6:.0f} MB")
    table = timed("load", figures, lambda: load(path))
    records = timed("read as requests", figures, lambda: build_records(table))
    stats = RequestStats(records)
    timed("summary cards", figures, stats.cards)
    timed("all breakdowns", figures, stats.breakdowns)
    timed("derived group health", figures, lambda: derived_health(records))
    flt = RequestFilter(time_preset="last_24h", status_classes=("4xx", "5xx"))

    def refilter() -> None:
        mask = apply_filter(records, flt).mask
        filtered = RequestStats(records, mask)
        filtered.cards()
        filtered.breakdowns()

    timed("filter change (cards+tables)", figures, refilter)
    broad = RequestFilter(time_preset="last_7d")

    def refilter_broad() -> None:
        mask = apply_filter(records, broad).mask
        filtered = RequestStats(records, mask)
        filtered.cards()
        filtered.breakdowns()
        derived_health(records, mask)

    timed("filter change, all rows kept", figures, refilter_broad)
    analysis = sum(v for k, v in figures.items() if k != "load" and not k.startswith("filter"))
    print(f"  {'analysis / load':<28} {analysis / figures['load']:7.2f}  ({table.n_rows:,} rows)")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("csv", nargs="?", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.csv is not None:
        run(args.csv)
        return
    import pyarrow.csv as pacsv

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"request_log_{args.rows}.csv"
        pacsv.write_csv(generate(args.rows), path)
        run(path)


if __name__ == "__main__":
    main()
