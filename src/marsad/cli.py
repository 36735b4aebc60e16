"""The ``marsad`` command: parse the arguments, call the library, print.

``marsad extract PATH... [--date YYYY-MM-DD] [--format jsonl|json|table] [--workers N]
[--min-confidence P] [--output FILE]`` lives here; ``marsad places`` and ``marsad gazetteer`` in
:mod:`marsad.cli_places`; what every command shares in :mod:`marsad.cli_common` (every option:
docs/cli.md). Exit status: 0 when every input was
used, 1 when some input failed (after everything else was processed), 2 for a usage error. Each
problem is one line on stderr, ``marsad: PATH[:LINE]: problem``; nothing a user can cause prints a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from marsad import api, cli_places, cli_query, cli_serve, cli_store, cli_watch
from marsad.api import Outcome
from marsad.cli_common import (
    PROG,
    Parser,
    Tally,
    add_inputs,
    counted,
    emit,
    finish,
    output_target,
    positive_int,
    probability,
    refuse_overwriting_inputs,
    say,
    version,
)
from marsad.errors import ConfigError, MarsadError, UsageError
from marsad.ingest.sources import iter_articles
from marsad.models import Event
from marsad.output import FORMATS, write_json, write_jsonl, write_table

# --- argument parsing ----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog=PROG, description="Arabic conflict news → ACLED-style event records.")
    parser.add_argument("--version", action="version", version=f"{PROG} {version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    extract = commands.add_parser(
        "extract",
        help="extract event records from articles",
        description="Extract event records from text files, folders, JSON Lines, HTML or '-' (stdin).",
    )
    add_inputs(extract)
    extract.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: table on a terminal, else jsonl)",
    )
    extract.add_argument(
        "--workers",
        type=positive_int,
        default=None,
        metavar="N",
        help="worker processes (default: the number of CPUs)",
    )
    extract.add_argument(
        "--min-confidence",
        type=probability,
        default=None,
        metavar="P",
        help="keep records whose calibrated confidence is at least P, 0..1 (default: the decider's "
        "threshold, the one that maximised F1 out of fold; 0 keeps every candidate)",
    )
    extract.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
    extract.set_defaults(run=cmd_extract)

    cli_places.add_commands(commands)
    cli_store.add_commands(commands)
    cli_query.add_commands(commands)
    cli_watch.add_commands(commands)
    cli_serve.add_commands(commands)
    return parser


class _WarningLine(logging.Handler):
    """The library's warnings (an unwritable cache directory ...) as ``marsad: warning: ...`` lines
    on the standard error of the moment."""

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            say("warning: " + " ".join(record.getMessage().split()))


def _route_warnings() -> None:
    logger = logging.getLogger(PROG)
    if not any(isinstance(h, _WarningLine) for h in logger.handlers):
        handler = _WarningLine(logging.WARNING)
        logger.addHandler(handler)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    _route_warnings()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as err:
        say(str(err))
        return 2
    except SystemExit as exit_:  # --help and --version
        return exit_.code if isinstance(exit_.code, int) else 0
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        say(f"missing command (see '{PROG} --help')")
        return 2
    try:
        return run(args)
    except (UsageError, ConfigError) as err:
        say(str(err))
        return 2
    except MarsadError as err:
        say(str(err))
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:  # e.g. `marsad extract ... | head`
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141


# --- extract -------------------------------------------------------------------------------


def cmd_extract(args: argparse.Namespace) -> int:
    """``marsad extract``: every article in, every record out, in input order."""
    refuse_overwriting_inputs(args.output, args.paths)
    output, to_terminal = output_target(args.output)
    fmt: str = args.format or ("table" if to_terminal else "jsonl")
    workers: int = args.workers or os.cpu_count() or 1
    # a missing or corrupt model is one error before any article, not one per article
    importlib.import_module("marsad.learn.decider").default_decider()

    tally = Tally()
    articles = counted(iter_articles(args.paths, default_date=args.date, on_error=tally.input_error), tally)
    events = _events(api.run_articles(articles, workers=workers, min_confidence=args.min_confidence), tally)

    def write(fh: TextIO) -> None:
        if fmt == "jsonl":
            write_jsonl(events, fh)
        elif fmt == "json":
            write_json(events, fh)
        else:
            width = shutil.get_terminal_size().columns if to_terminal else None
            write_table(events, fh, width, visual=to_terminal)

    emit(output, write)
    return finish(tally)


def _events(outcomes: Iterable[Outcome], tally: Tally) -> Iterator[Event]:
    for article_id, result in outcomes:
        if isinstance(result, str):
            tally.internal_error(article_id, result)
        else:
            yield from result


if __name__ == "__main__":
    sys.exit(main())
