"""What every ``marsad`` command shares: the parser class, argument types, the one-line error
reporter, the tally of failed articles, and safe output (stdout or an atomically written file).

The command modules (:mod:`marsad.cli` for ``extract``, :mod:`marsad.cli_places` for ``places``
and ``gazetteer``, and the store commands) import from here; :func:`marsad.cli.main` runs them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

from marsad.errors import InputError, UsageError
from marsad.models import Article

PROG = "marsad"


# --- argument parsing ----------------------------------------------------------------------


class Parser(argparse.ArgumentParser):
    """An argument parser that raises :class:`UsageError` instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        prefix = self.prog[len(PROG) :].strip() if self.prog.startswith(PROG) else self.prog
        raise UsageError(f"{prefix + ': ' if prefix else ''}{message} (see '{self.prog} --help')")


def version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("marsad")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {value!r} (expected YYYY-MM-DD)") from None


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"invalid number {value!r} (expected a whole number ≥ 1)")
    return number


def probability(value: str) -> float:
    try:
        p = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= p <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {value!r}")
    return p


def add_db(command: argparse.ArgumentParser, default: str | None = None) -> None:
    """``--db URL``: the database every store command opens."""
    command.add_argument(
        "--db", metavar="URL", default=default,
        help="database: a path or sqlite:///path (default: marsad.db) or postgresql://user@host/name",
    )  # fmt: skip


def add_inputs(command: argparse.ArgumentParser) -> None:
    """The inputs every article-reading command takes: paths and a default publication date."""
    command.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, or - for standard input")
    command.add_argument(
        "--date", type=parse_date, metavar="YYYY-MM-DD", help="publication date of articles that carry none"
    )


def say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)



@dataclass
class Tally:
    """What went wrong so far; errors are printed as they happen."""

    read_errors: int = 0
    internal_errors: int = 0
    articles: int = 0

    def input_error(self, err: InputError) -> None:
        if err.warning:
            say(f"warning: {err}")
            return
        self.read_errors += 1
        say(str(err))

    def internal_error(self, article_id: str, message: str) -> None:
        self.internal_errors += 1
        say(f"{article_id}: {message}")


def output_target(output: str | None) -> tuple[str | None, bool]:
    """(the output file or None for stdout, whether the output is a terminal)."""
    if output is not None and output != "-":
        check_writable(output)
        return output, False
    return None, isatty(sys.stdout)


def emit(output: str | None, write: Callable[[TextIO], None]) -> None:
    if output is None:
        utf8_stdout()
        write(sys.stdout)
        sys.stdout.flush()
    else:
        write_atomically(output, write)


def finish(tally: Tally) -> int:
    """The exit status, after a summary line when some article failed."""
    failed = tally.read_errors + tally.internal_errors
    if not failed:
        return 0
    total = tally.articles + tally.read_errors
    what = "could not be read" if not tally.internal_errors else "could not be processed"
    say(f"{failed} of {total} articles {what} (see above)")
    return 1


def counted(articles: Iterator[Article], tally: Tally) -> Iterator[Article]:
    for article in articles:
        tally.articles += 1
        yield article


# --- output --------------------------------------------------------------------------------


def isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def utf8_stdout() -> None:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if encoding and encoding != "utf8" and reconfigure is not None:
        reconfigure(encoding="utf-8")


def refuse_overwriting_inputs(output: str | None, inputs: list[str]) -> None:
    """A usage error when ``output`` is one of the inputs, or a file inside an input folder:
    writing there would destroy (or feed back into) what is being read."""
    if output is None or output == "-":
        return
    target = Path(output).resolve()
    for given in inputs:
        if given == "-":
            continue
        source = Path(given).resolve()
        if target == source or (source.is_dir() and source in target.parents):
            raise UsageError(f"{output}: refusing to write over the input {given}")


def check_writable(output: str) -> None:
    folder = Path(output).resolve().parent
    if not folder.is_dir():
        raise UsageError(f"{output}: cannot write (no such directory: {folder})")
    if Path(output).is_dir():
        raise UsageError(f"{output}: cannot write (is a directory)")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{output}: cannot write (permission denied)")


def replace_atomically(output: str, write: Callable[[str], object]) -> None:
    """Have ``write`` fill a temporary file (given its path) beside ``output``, then rename it over
    ``output``: a reader never sees a half-written file, and a failure leaves the old one as it was.
    A file being replaced keeps its permissions."""
    target = Path(output).resolve()
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(temp)
        with contextlib.suppress(OSError):
            os.chmod(temp, stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~umask())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_text_file(path: str, write: Callable[[TextIO], None], newline: str = "\n") -> None:
    """Write UTF-8 text to ``path`` through ``write`` and flush it to disk."""
    with open(path, "w", encoding="utf-8", newline=newline) as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())


def write_atomically(output: str, write: Callable[[TextIO], None], newline: str = "\n") -> None:
    """Text written to ``output`` through ``write``, atomically (:func:`replace_atomically`)."""
    replace_atomically(output, lambda path: write_text_file(path, write, newline))


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
