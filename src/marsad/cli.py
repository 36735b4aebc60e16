"""The ``marsad`` command: parse the arguments, call the library, print.

``marsad extract PATH... [--date YYYY-MM-DD] [--format jsonl|json|table] [--workers N]
[--output FILE]``; ``marsad places PATH...`` (one line per place mention); ``marsad gazetteer
import FILE...|info|lookup NAME`` (every option: docs/cli.md). Exit status: 0 when every input was
used, 1 when some input failed (after everything else was processed), 2 for a usage error. Each
problem is one line on stderr, ``marsad: PATH[:LINE]: problem``; nothing a user can cause prints a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import importlib
import itertools
import json
import logging
import multiprocessing
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

from marsad.errors import ConfigError, InputError, MarsadError, UsageError
from marsad.ingest.sources import iter_articles
from marsad.models import Article, Event, Place
from marsad.output import FORMATS, write_grid, write_json, write_jsonl, write_table

PROG = "marsad"
#: Articles sent to a worker process at a time.
CHUNK_SIZE = 8
#: multiprocessing start method for --workers; None: the platform's default. The work function
#: and its arguments are picklable, so "spawn" and "forkserver" work too.
START_METHOD: str | None = None

# one article's outcome: (article id, its events) or (article id, an error message)
Outcome = tuple[str, list[Event] | str]
Extractor = Callable[[Article], list[Event]]


# --- argument parsing ----------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises :class:`UsageError` instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        prefix = self.prog[len(PROG) :].strip() if self.prog.startswith(PROG) else self.prog
        raise UsageError(f"{prefix + ': ' if prefix else ''}{message} (see '{self.prog} --help')")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("marsad")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {value!r} (expected YYYY-MM-DD)") from None


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"invalid number {value!r} (expected a whole number ≥ 1)")
    return number


def _probability(value: str) -> float:
    try:
        p = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= p <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {value!r}")
    return p


def _add_inputs(command: argparse.ArgumentParser) -> None:
    """The inputs every article-reading command takes: paths and a default publication date."""
    command.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, or - for standard input")
    command.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD", help="publication date of articles that carry none"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Arabic conflict news → ACLED-style event records.")
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    extract = commands.add_parser(
        "extract",
        help="extract event records from articles",
        description="Extract event records from text files, folders, JSON Lines, HTML or '-' (stdin).",
    )
    _add_inputs(extract)
    extract.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: table on a terminal, else jsonl)",
    )
    extract.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        metavar="N",
        help="worker processes (default: the number of CPUs)",
    )
    extract.add_argument(
        "--min-confidence",
        type=_probability,
        default=None,
        metavar="P",
        help="keep records whose calibrated confidence is at least P, 0..1 (default: the decider's "
        "threshold, the one that maximised F1 out of fold; 0 keeps every candidate)",
    )
    extract.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
    extract.set_defaults(run=cmd_extract)

    places = commands.add_parser(
        "places",
        help="list every place the articles name (a geoparser)",
        description="One line per place mention: offsets into the original text, the place, its coordinates.",
    )
    _add_inputs(places)
    places.add_argument(
        "--format", choices=PLACE_FORMATS, help="output format (default: table on a terminal, else jsonl)"
    )
    places.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
    places.set_defaults(run=cmd_places)

    gazetteer = commands.add_parser(
        "gazetteer",
        help="import GeoNames dumps, show the gazetteer, look a name up",
        description="The gazetteer: import GeoNames dumps into it, show what it holds, look a name up.",
    )
    gazetteer.set_defaults(run=_missing_gazetteer_command)
    sub = gazetteer.add_subparsers(dest="gazetteer_command", metavar="SUBCOMMAND", parser_class=_Parser)
    imp = sub.add_parser(
        "import",
        help="import GeoNames dumps (allCountries.txt, XX.txt, XX.zip, alternateNamesV2.txt/.zip)",
        description="Import GeoNames dumps into the gazetteer's index in the cache directory (atomically).",
    )
    imp.add_argument(
        "files", nargs="+", metavar="FILE", help="a GeoNames geoname table or alternateNames file"
    )
    imp.set_defaults(run=cmd_gazetteer_import)
    info = sub.add_parser(
        "info",
        help="sources, counts by kind and country, index path",
        description="Show the gazetteer's sources, its counts by kind and by country, and its index files.",
    )
    info.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    info.set_defaults(run=cmd_gazetteer_info)
    lookup = sub.add_parser(
        "lookup",
        help="ranked candidate places for a name",
        description="Ranked candidate places for an Arabic name (diacritics, tatweel, spacing ignored).",
    )
    lookup.add_argument("name", nargs="+", metavar="NAME", help="the name (several words are joined)")
    lookup.add_argument(
        "--format", choices=PLACE_FORMATS, help="output format (default: table on a terminal, else jsonl)"
    )
    lookup.add_argument(
        "--limit", type=_positive_int, default=20, metavar="N", help="show at most N candidates (default: 20)"
    )
    lookup.set_defaults(run=cmd_gazetteer_lookup)
    return parser


class _WarningLine(logging.Handler):
    """The library's warnings (an unwritable cache directory ...) as ``marsad: warning: ...`` lines
    on the standard error of the moment."""

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            _say("warning: " + " ".join(record.getMessage().split()))


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
        _say(str(err))
        return 2
    except SystemExit as exit_:  # --help and --version
        return exit_.code if isinstance(exit_.code, int) else 0
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        _say(f"missing command (see '{PROG} --help')")
        return 2
    try:
        return run(args)
    except (UsageError, ConfigError) as err:
        _say(str(err))
        return 2
    except MarsadError as err:
        _say(str(err))
        return 1
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:  # e.g. `marsad extract ... | head`
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


# --- extract -------------------------------------------------------------------------------


@dataclass
class _Tally:
    """What went wrong so far; errors are printed as they happen."""

    read_errors: int = 0
    internal_errors: int = 0
    articles: int = 0

    def input_error(self, err: InputError) -> None:
        if err.warning:
            _say(f"warning: {err}")
            return
        self.read_errors += 1
        _say(str(err))

    def internal_error(self, article_id: str, message: str) -> None:
        self.internal_errors += 1
        _say(f"{article_id}: {message}")


def cmd_extract(args: argparse.Namespace) -> int:
    """``marsad extract``: every article in, every record out, in input order."""
    output, to_terminal = _output_target(args.output)
    fmt: str = args.format or ("table" if to_terminal else "jsonl")
    workers: int = args.workers or os.cpu_count() or 1
    # a missing or corrupt model is one error before any article, not one per article
    importlib.import_module("marsad.learn.decider").default_decider()

    tally = _Tally()
    articles = _counted(iter_articles(args.paths, default_date=args.date, on_error=tally.input_error), tally)
    events = _events(_run(articles, workers, args.min_confidence), tally)

    def write(fh: TextIO) -> None:
        if fmt == "jsonl":
            write_jsonl(events, fh)
        elif fmt == "json":
            write_json(events, fh)
        else:
            width = shutil.get_terminal_size().columns if to_terminal else None
            write_table(events, fh, width, visual=to_terminal)

    _emit(output, write)
    return _finish(tally)


def _output_target(output: str | None) -> tuple[str | None, bool]:
    """(the output file or None for stdout, whether the output is a terminal)."""
    if output is not None and output != "-":
        _check_writable(output)
        return output, False
    return None, _isatty(sys.stdout)


def _emit(output: str | None, write: Callable[[TextIO], None]) -> None:
    if output is None:
        _utf8_stdout()
        write(sys.stdout)
        sys.stdout.flush()
    else:
        _write_atomically(output, write)


def _finish(tally: _Tally) -> int:
    """The exit status, after a summary line when some article failed."""
    failed = tally.read_errors + tally.internal_errors
    if not failed:
        return 0
    total = tally.articles + tally.read_errors
    what = "could not be read" if not tally.internal_errors else "could not be processed"
    _say(f"{failed} of {total} articles {what} (see above)")
    return 1


def _counted(articles: Iterator[Article], tally: _Tally) -> Iterator[Article]:
    for article in articles:
        tally.articles += 1
        yield article


def _events(outcomes: Iterable[Outcome], tally: _Tally) -> Iterator[Event]:
    for article_id, result in outcomes:
        if isinstance(result, str):
            tally.internal_error(article_id, result)
        else:
            yield from result


def _run(articles: Iterator[Article], workers: int, min_confidence: float | None = None) -> Iterator[Outcome]:
    """Extract in input order: in this process for one worker or a small input, else in a pool."""
    extract_article = importlib.import_module("marsad.pipeline").extract_article
    extract: Extractor = extract_article
    if min_confidence is not None:
        extract = functools.partial(extract_article, min_confidence=min_confidence)
    ahead = list(itertools.islice(articles, workers * CHUNK_SIZE)) if workers > 1 else []
    if len(ahead) < workers * CHUNK_SIZE:  # the whole input is known: use only what it needs
        workers = min(workers, -(-len(ahead) // CHUNK_SIZE))
    chunks = _chunks(itertools.chain(ahead, articles), CHUNK_SIZE)
    if workers <= 1:
        for chunk in chunks:
            yield from extract_chunk(chunk, extract)
        return
    context = multiprocessing.get_context(START_METHOD)
    with context.Pool(workers) as pool:
        for outcomes in pool.imap(functools.partial(extract_chunk, extract=extract), chunks):
            yield from outcomes


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def extract_chunk(chunk: Sequence[Article], extract: Extractor | None = None) -> list[Outcome]:
    """Extract a few articles (a top-level function, so that worker processes can run it).

    ``extract`` defaults to :func:`marsad.pipeline.extract_article`. An unexpected exception in
    one article becomes that article's error message; the others go on.
    """
    if extract is None:
        extract = importlib.import_module("marsad.pipeline").extract_article
    outcomes: list[Outcome] = []
    for article in chunk:
        try:
            outcomes.append((article.id, list(extract(article))))
        except Exception as exc:
            message = " ".join(str(exc).split())
            outcomes.append((article.id, f"internal error: {type(exc).__name__}: {message}"))
    return outcomes


# --- places --------------------------------------------------------------------------------

PLACE_FORMATS = ("jsonl", "table")
PLACE_FIELDS = (
    "doc_id", "start", "end", "text", "name_ar", "name", "country", "admin1", "lat", "lon",
    "geonameid", "geo_precision", "kind", "direction", "parent",
)  # fmt: skip


def place_records(article: Article) -> list[dict[str, object]]:
    """One record per place mention of ``article`` (offsets into ``article.full_text``)."""
    from marsad.stages.place_words import PLACE_WORDS
    from marsad.stages.places import find_places

    doc = importlib.import_module("marsad.pipeline").make_doc(article)
    out: list[dict[str, object]] = []
    for m in find_places(doc.norm):
        start, end = doc.orig_span(m.start, m.end)
        text = doc.original[start:end]
        best: Place | None = m.candidates[0] if m.candidates else None
        kind = best.kind if best else (PLACE_WORDS.get(m.place_word or "") or "village")
        values = (
            (best.name, best.country, best.admin1, best.lat, best.lon, best.geonameid, best.precision)
            if best
            else (None,) * 7
        )
        out.append(
            dict(
                zip(
                    PLACE_FIELDS,
                    (article.id, start, end, text, text, *values, kind, m.direction, best and best.parent),
                    strict=True,
                )
            )
        )
    return out


def cmd_places(args: argparse.Namespace) -> int:
    """``marsad places``: every place mention of every article, in input order."""
    output, to_terminal = _output_target(args.output)
    fmt: str = args.format or ("table" if to_terminal else "jsonl")
    tally = _Tally()
    articles = _counted(iter_articles(args.paths, default_date=args.date, on_error=tally.input_error), tally)

    def records() -> Iterator[dict[str, object]]:
        for article in articles:
            try:
                found = place_records(article)
            except Exception as exc:
                message = " ".join(str(exc).split())
                tally.internal_error(article.id, f"internal error: {type(exc).__name__}: {message}")
                continue
            yield from found

    def write(fh: TextIO) -> None:
        if fmt == "jsonl":
            for rec in records():
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            headers = (
                "doc_id",
                "start",
                "end",
                "text",
                "name",
                "country",
                "admin1",
                "lat",
                "lon",
                "prec",
                "kind",
            )
            keys = (*headers[:-2], "geo_precision", "kind")
            rows = (tuple(_cell(r.get(k)) for k in keys) for r in records())
            width = shutil.get_terminal_size().columns if to_terminal else None
            write_grid(headers, rows, fh, width, visual=to_terminal, rtl=frozenset({3}), empty="(no places)")

    _emit(output, write)
    return _finish(tally)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


# --- gazetteer -----------------------------------------------------------------------------


def _missing_gazetteer_command(args: argparse.Namespace) -> int:
    raise UsageError(f"gazetteer: missing subcommand: import, info or lookup (see '{PROG} gazetteer --help')")


def cmd_gazetteer_import(args: argparse.Namespace) -> int:
    """``marsad gazetteer import FILE...``: all files or nothing."""
    from marsad.resources.geonames_import import import_files

    report = import_files(args.files)
    _utf8_stdout()
    for f in report.files:
        what = "places kept" if f.kind == "geonames" else "Arabic names kept"
        print(f"{f.path}: {f.kind}, {f.rows} rows, {f.kept} {what}")
    print(
        f"imported layer {report.path}: {report.places} places with {report.names} Arabic names; "
        f"{report.unnamed} places still without an Arabic name, "
        f"{report.unmatched} places' Arabic names waiting for their place"
    )
    return 0


def cmd_gazetteer_info(args: argparse.Namespace) -> int:
    """``marsad gazetteer info``: sources, counts, index files."""
    from marsad.resources.gazetteer import build_default

    info = build_default().info()
    _utf8_stdout()
    if args.format == "json":
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"index: {info['index'] or '(in memory)'}")
    print(f"imported layer: {info['extra'] or '(none)'}")
    print(f"places: {info['places']}  names: {info['names']}")
    for title in ("kinds", "countries"):
        counts = info[title]
        if isinstance(counts, dict):
            shown = ", ".join(f"{k} {v}" for k, v in list(counts.items())[:40])
            print(f"{title}: {shown}{', …' if len(counts) > 40 else ''}")
    print("sources:")
    sources = info["sources"]
    for src in sources if isinstance(sources, list) else []:
        print(f"  {src}")
    return 0


def lookup_records(name: str, limit: int = 20) -> list[dict[str, object]]:
    """Ranked candidates for ``name`` (diacritics, tatweel, spacing do not matter), best first."""
    from marsad.resources.gazetteer import build_default
    from marsad.stages.place_words import PLACE_WORDS
    from marsad.text.normalize import normalize

    gaz = build_default()
    key = " ".join(normalize(name).replace("-", " ").split())
    keys = [key]
    words = key.split(" ")
    if len(words) > 1 and words[0] in PLACE_WORDS:  # "مدينة حلب": also "حلب"
        keys.append(" ".join(words[1:]))
    keys += [k[2:] if k.startswith("ال") else "ال" + k for k in list(keys)]
    out: list[dict[str, object]] = []
    seen: set[Place] = set()
    for k in keys:
        for p in gaz.lookup(k):
            if p in seen:
                continue
            seen.add(p)
            out.append(
                {
                    "rank": len(out) + 1,
                    "name_ar": k,
                    "name": p.name,
                    "kind": p.kind,
                    "country": p.country,
                    "admin1": p.admin1,
                    "lat": p.lat,
                    "lon": p.lon,
                    "geonameid": p.geonameid,
                    "geo_precision": p.precision,
                    "population": p.population,
                    "parent": p.parent,
                    "ambiguous": gaz.is_ambiguous(k),
                }
            )
    return out[:limit]


def cmd_gazetteer_lookup(args: argparse.Namespace) -> int:
    """``marsad gazetteer lookup NAME``: exit 1 when no place has that name."""
    name = " ".join(args.name)
    records = lookup_records(name, args.limit)
    to_terminal = _isatty(sys.stdout)
    fmt: str = args.format or ("table" if to_terminal else "jsonl")
    _utf8_stdout()
    if fmt == "jsonl":
        for rec in records:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        headers = (
            "#",
            "name_ar",
            "name",
            "kind",
            "country",
            "admin1",
            "lat",
            "lon",
            "geonameid",
            "population",
        )
        keys = ("rank", *headers[1:])
        rows = (tuple(_cell(r.get(k)) for k in keys) for r in records)
        width = shutil.get_terminal_size().columns if to_terminal else None
        write_grid(
            headers, rows, sys.stdout, width, visual=to_terminal, rtl=frozenset({1}),
            right_aligned=frozenset({0, 9}), empty="(no place has this name)",
        )  # fmt: skip
    sys.stdout.flush()
    if not records:
        _say(f"no place named {name!r} in the gazetteer")
        return 1
    return 0


# --- output --------------------------------------------------------------------------------


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _utf8_stdout() -> None:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if encoding and encoding != "utf8" and reconfigure is not None:
        reconfigure(encoding="utf-8")


def _check_writable(output: str) -> None:
    folder = Path(output).resolve().parent
    if not folder.is_dir():
        raise UsageError(f"{output}: cannot write (no such directory: {folder})")
    if Path(output).is_dir():
        raise UsageError(f"{output}: cannot write (is a directory)")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{output}: cannot write (permission denied)")


def _write_atomically(output: str, write: Callable[[TextIO], None]) -> None:
    """Write to a temporary file beside ``output``, then rename it: never a half-written file."""
    target = Path(output)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.resolve().parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):  # keep the permissions of a file being replaced
            os.chmod(temp, stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


if __name__ == "__main__":
    sys.exit(main())
