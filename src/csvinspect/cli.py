"""Command line: ``csvinspect [FILE ...]`` opens the app; ``report`` and ``export`` use the core.

The GUI is imported lazily so ``report`` and ``export`` run without Qt or a display, and
the core only when a command runs, so opening the app does not wait on it (issue 10).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from csvinspect import installed_version

if TYPE_CHECKING:
    from csvinspect.core import Table
    from csvinspect.core.ingest.combine import CombinedTable
    from csvinspect.core.requests.money import MoneySettings


def _delimiter(value: str) -> str:
    from csvinspect.core.reading.dialect import DELIMITER_NAMES, named_delimiter

    value = named_delimiter(value)
    if len(value) != 1:
        names = "/".join(DELIMITER_NAMES.values())
        raise argparse.ArgumentTypeError(f"use one character, or {names}")
    return value


def _add_read_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--encoding", help="override the detected encoding (e.g. gb18030)")
    parser.add_argument("--delimiter", type=_delimiter, help="override the detected delimiter")


def _read(path: str, args: argparse.Namespace) -> Table:
    from csvinspect.core import ReadOptions, load, load_text

    options = ReadOptions(encoding=args.encoding, delimiter=args.delimiter)
    if path == "-":
        data = sys.stdin.buffer.read()
        if options.encoding is None:
            try:
                return load_text(data.decode("utf-8"), name="stdin", options=options)
            except UnicodeDecodeError:
                pass
        return load(data, name="stdin", options=options)
    return load(Path(path), options=options)


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"use a positive number, not {value!r}")
    return number


def _money(args: argparse.Namespace) -> MoneySettings:
    """Quota rate and display currency from the options (issue 5); defaults otherwise."""
    from csvinspect.core import LoadError
    from csvinspect.core.requests.money import MoneySettings

    currency = (args.currency or "").strip().upper() or None
    if args.exchange_rate is not None and currency in (None, "USD"):
        raise LoadError("--exchange-rate needs --currency (the currency it converts USD to).")
    if currency not in (None, "USD") and args.exchange_rate is None:
        raise LoadError(f"--currency {currency} needs --exchange-rate ({currency} per 1 USD).")
    return MoneySettings(
        quota_per_usd=args.quota_per_usd or MoneySettings().quota_per_usd,
        display_currency=currency,
        usd_rate=args.exchange_rate or 1.0,
    )


def _read_report_input(
    paths: list[str], args: argparse.Namespace
) -> tuple[Table, CombinedTable | None]:
    """One export, or several (files and folders) combined with duplicates removed."""
    from csvinspect.core import LoadError, ReadOptions
    from csvinspect.core.ingest.combine_files import export_files, load_combined

    if paths == ["-"]:
        return _read("-", args), None
    if "-" in paths:
        raise LoadError("Standard input (-) cannot be combined with other files.")
    files = export_files(paths)
    if len(files) == 1 and not Path(paths[0]).is_dir():
        return _read(str(files[0]), args), None
    options = ReadOptions(encoding=args.encoding, delimiter=args.delimiter)
    combined = load_combined(files, options)
    return combined.table, combined


def _cmd_report(args: argparse.Namespace) -> int:
    from csvinspect.core import report as reporting
    from csvinspect.core.report_json import json_chunks

    money = _money(args)
    table, combined = _read_report_input(args.path, args)
    # issue 10: analysed once, typed; each format is rendered from it
    report = reporting.make_report(
        table, money=money, combined=combined, keep_secrets=args.keep_secrets
    )
    if args.format == "json":  # streamed: a 1M-row export's report is over 100 MB (issue 10)
        sys.stdout.writelines(json_chunks(reporting.report_json(report, streamed=True)))
        return 0
    render = {
        "text": reporting.render_text,
        "markdown": reporting.render_markdown,
    }[args.format]
    text = render(report)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from csvinspect.core.analysis.formatting import counted
    from csvinspect.core.export import export_table

    table, _combined = _read_report_input(args.path, args)
    export_table(table, Path(args.output), keep_secrets=args.keep_secrets)
    print(f"wrote {counted(table.n_rows, 'row')} to {args.output}", file=sys.stderr)
    return 0


class _VersionAction(argparse.Action):
    """``--version``: the installed version, looked up only when asked (reading the package
    metadata costs tens of milliseconds, more than importing the CLI)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"csvinspect {installed_version()}")
        parser.exit()


def _add_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-V", "--version", action=_VersionAction)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csvinspect",
        description="Inspect LLM API gateway exports (group health, usage and request logs).",
    )
    _add_version(parser)
    sub = parser.add_subparsers(dest="command")
    rep = sub.add_parser("report", help="print what the export says (source, columns, analysis)")
    rep.add_argument(
        "path",
        nargs="+",
        help="a CSV/TSV file (gzip too), or - for standard input; several files or a folder"
        " (its .csv/.tsv/.gz files) are combined, duplicate request IDs removed",
    )
    rep.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    rep.add_argument(
        "--quota-per-usd",
        type=_positive,
        metavar="N",
        help="quota units per 1 USD for new-api / one-api logs (default 500000)",
    )
    rep.add_argument("--currency", help="show request-log costs in this currency (e.g. CNY)")
    rep.add_argument(
        "--exchange-rate",
        type=_positive,
        metavar="RATE",
        help="units of --currency per 1 USD (e.g. 7.3 for CNY)",
    )
    rep.add_argument(
        "--keep-secrets",
        action="store_true",
        help="do not redact API keys and bearer tokens (they are redacted by default)",
    )
    _add_read_options(rep)
    exp = sub.add_parser("export", help="write a clean, lossless copy (UTF-8 CSV or JSON)")
    exp.add_argument(
        "path",
        nargs="+",
        help="a CSV/TSV file, or - for standard input; several files or a folder are combined"
        " (with Source file and Source line columns), duplicate request IDs removed",
    )
    exp.add_argument("-o", "--output", required=True, help="OUT.csv or OUT.json")
    exp.add_argument(
        "--keep-secrets", action="store_true", help="do not redact API keys and bearer tokens"
    )
    _add_read_options(exp)
    return parser


def _build_app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="csvinspect", description="Open exports in the app.")
    _add_version(parser)
    parser.add_argument("files", nargs="*", help="exports to open, each in its own tab")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window to a PNG")
    parser.add_argument("--size", default="1400x900", help="window size for --screenshot")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        status = _main(sys.argv[1:] if argv is None else argv)
        sys.stdout.flush()  # here, so a closed pipe is caught below and not at exit
    except BrokenPipeError:
        # `csvinspect -h | head`: the reader stopping early is not an error, and no traceback
        # (issue 9); the output still buffered goes nowhere instead of failing again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return status


def _main(argv: list[str]) -> int:
    if argv and argv[0] in {"report", "export"}:
        args = _build_parser().parse_args(argv)
        from csvinspect.core import LoadError

        try:
            return _cmd_report(args) if args.command == "report" else _cmd_export(args)
        except LoadError as exc:
            print(f"csvinspect: {exc}", file=sys.stderr)
            return 2
        except BrokenPipeError:
            raise
        except OSError as exc:  # a file not found, a full disk (no file name: the output)
            where = f": {exc.filename}" if exc.filename else ""
            print(f"csvinspect: {exc.strerror or exc}{where}", file=sys.stderr)
            return 2
    if argv and argv[0] in {"-h", "--help"} and len(argv) == 1:
        _build_parser().print_help()
        print(
            "\nWith no command, csvinspect opens the app: csvinspect [FILE ...] [--screenshot OUT]"
        )
        return 0
    args = _build_app_parser().parse_args(argv)
    from csvinspect.app.main import run_app

    return run_app(args.files, screenshot=args.screenshot, size=args.size)
