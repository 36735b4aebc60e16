"""A progress line for long runs: done/total, rate and ETA, redrawn on standard error.

Shown only on a terminal (``Progress.auto`` returns None when stderr is piped or redirected),
at most a few times a second; :meth:`Progress.close` ends the line.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from marsad.ingest.sources import FOLDER_SUFFIXES, JSONL_SUFFIXES, STDIN


class Progress:
    def __init__(self, total: int | None = None, *, stream: TextIO | None = None, label: str = "ingest",
                 interval: float = 0.25) -> None:  # fmt: skip
        self.total = total
        self.stream = stream or sys.stderr
        self.label = label
        self.interval = interval
        self.done = 0
        self.note = ""
        self._start = time.monotonic()
        self._last = 0.0
        self._width = 0

    @classmethod
    def auto(cls, sources: Sequence[str], *, stream: TextIO | None = None, label: str = "ingest") -> Progress | None:
        """A progress line when ``stream`` (default stderr) is a terminal, else None."""
        out = stream or sys.stderr
        try:
            tty = out.isatty()
        except (AttributeError, ValueError):
            tty = False
        return cls(estimate_total(sources), stream=out, label=label) if tty else None

    def advance(self, n: int = 1, note: str = "") -> None:
        self.done += n
        if note:
            self.note = note
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        elapsed = max(1e-9, (now or time.monotonic()) - self._start)
        rate = self.done / elapsed
        if self.total:
            shown = min(self.done, self.total)
            left = max(0, self.total - self.done)
            eta = _clock(left / rate) if rate > 0 else "?"
            text = f"{self.label}: {shown}/{self.total} ({100 * shown / self.total:.0f}%), {rate:.1f}/s, ETA {eta}"
        else:
            text = f"{self.label}: {self.done}, {rate:.1f}/s, {_clock(elapsed)}"
        return f"{text}{'  ' + self.note if self.note else ''}"

    def _draw(self, now: float) -> None:
        text = self.line(now)
        pad = max(0, self._width - len(text))
        self._width = len(text)
        try:
            self.stream.write("\r" + text + " " * pad)
            self.stream.flush()
        except (OSError, ValueError):
            pass

    def clear(self) -> None:
        """Erase the line (before another message is printed)."""
        if self._width:
            try:
                self.stream.write("\r" + " " * self._width + "\r")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self._width = 0
            self._last = 0.0

    def close(self) -> None:
        self._draw(time.monotonic())
        try:
            self.stream.write("\n")
            self.stream.flush()
        except (OSError, ValueError):
            pass


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def estimate_total(sources: Sequence[str]) -> int | None:
    """About how many articles ``sources`` hold (lines of JSON Lines, files in folders); None
    when unknown (standard input) or unreadable."""
    total = 0
    try:
        for given in sources:
            if given == STDIN:
                return None
            path = Path(given)
            if path.is_dir():
                for dirpath, dirnames, filenames in os.walk(path):
                    dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                    for name in filenames:
                        child = Path(dirpath, name)
                        if name.startswith(".") or child.suffix.lower() not in FOLDER_SUFFIXES:
                            continue
                        total += _count(child)
            else:
                total += _count(path)
    except OSError:
        return None
    return total


def _count(path: Path) -> int:
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return 1
    lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk
        if lines == 0 or not last.endswith(b"\n"):
            lines += 1
    return lines
