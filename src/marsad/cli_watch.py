"""``marsad watch FEED_URL... [--db URL] [--every 10m] [--once] [--max-items N] [--min-interval S]
[--retries N]``.

Polls each feed every ``--every`` (conditional GET: a feed that has not changed costs one
request and no parsing), follows the links of items not yet stored, and stores the new articles,
their records and events through :func:`marsad.ingest.store_ingest.ingest`. ``--once`` does one
round and stops (for tests and cron). Ctrl-C or SIGTERM stops it cleanly: the article in
progress is rolled back, a summary is printed. Exit status: 0 when every round used every feed
and item, 1 when something failed (a feed unreachable, an item unreadable, a database error), 2
for a usage error.

The ETag/Last-Modified of each feed are kept per database in
``$MARSAD_CACHE_DIR/feeds/validators-<hash of the database>.json`` and recorded only after a
feed's items were all used, so a failed round asks for the whole feed again.

``cli.py`` registers it with ``cli_watch.add_commands(commands)``; ``python -m marsad.cli_watch
watch ...`` runs it on its own.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from marsad.cli_common import add_db, positive_int, say
from marsad.errors import UsageError

if TYPE_CHECKING:
    from marsad.ingest.http import Fetcher, Validators
    from marsad.storage import Store

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_UNIT = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def duration(value: str) -> float:
    """Seconds of ``90``, ``90s``, ``10m``, ``1h`` or ``1d`` (at least one second)."""
    match = _DURATION.match(value)
    seconds = float(match.group(1)) * _UNIT[match.group(2).lower()] if match else 0.0
    if seconds < 1:
        raise argparse.ArgumentTypeError(f"invalid duration {value!r} (expected e.g. 90s, 10m, 1h; at least 1 s)")
    return seconds


def seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 3600:
        raise argparse.ArgumentTypeError(f"invalid number of seconds {value!r} (expected 0 to 3600)")
    return number


def add_commands(subparsers: Any) -> None:
    """Register ``watch`` on ``subparsers`` (what ``add_subparsers`` returns)."""
    watch = subparsers.add_parser(
        "watch",
        help="poll RSS/Atom feeds and store their new articles in a database",
        description="Poll RSS/Atom feeds every --every, fetch the pages of items not yet stored, extract them and "
        "store articles, records and events (as 'marsad ingest' does). Conditional GET, retries with backoff, a "
        "per-host rate limit and a 10 MB size cap; Ctrl-C or SIGTERM stops it with a summary.",
    )
    watch.add_argument("feeds", nargs="+", metavar="FEED_URL", help="http(s) URL of an RSS or Atom feed (or a page)")
    add_db(watch)
    watch.add_argument("--every", type=duration, default=600.0, metavar="DURATION",
                       help="time between the starts of two rounds: 90s, 10m, 1h (default: 10m)")  # fmt: skip
    watch.add_argument("--once", action="store_true", help="one round, then stop")
    watch.add_argument("--max-items", type=positive_int, default=500, metavar="N",
                       help="items read from each feed, at most (default: 500)")  # fmt: skip
    watch.add_argument("--min-interval", type=seconds, default=1.0, metavar="S",
                       help="seconds between two requests to one host, at least (default: 1)")  # fmt: skip
    watch.add_argument("--retries", type=_retries, default=3, metavar="N",
                       help="new tries after a connection error, a timeout, HTTP 5xx or 429 (default: 3)")  # fmt: skip
    watch.set_defaults(run=cmd_watch)


def _retries(value: str) -> int:
    if not value.isdigit() or int(value) > 10:
        raise argparse.ArgumentTypeError(f"invalid number of retries {value!r} (expected 0 to 10)")
    return int(value)


@dataclass
class Totals:
    rounds: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    events_new: int = 0
    events_merged: int = 0
    failed_rounds: list[int] = field(default_factory=list)

    def text(self, elapsed: float, stopped: str | None) -> str:
        rounds = f"{self.rounds} round{'s' if self.rounds != 1 else ''}"
        text = (
            f"watch: {rounds} in {_clock(elapsed)}: {self.stored} articles stored, {self.duplicates} skipped as "
            f"already stored, {self.failed} failed; events: {self.events_new} new, {self.events_merged} merged."
        )
        if self.failed_rounds:
            text += f" Rounds with failures: {', '.join(map(str, self.failed_rounds[:10]))}."
        if stopped:
            text += f" {stopped}"
        return text


def cmd_watch(args: argparse.Namespace) -> int:
    """``marsad watch``: rounds until ``--once`` is done or a signal stops it."""
    from marsad.ingest.http import Fetcher, Policy, is_url
    from marsad.storage import open_store

    for url in args.feeds:
        if not is_url(url):
            raise UsageError(f"watch: {url}: not an http(s) URL")
    fetcher = Fetcher(Policy(min_interval=args.min_interval, retries=args.retries))
    totals = Totals()
    start = time.monotonic()
    stopped: str | None = None
    with _terminate_as_interrupt(), open_store(args.db) as store:
        validators = _validators(store.url)
        try:
            while True:
                began = time.monotonic()
                totals.rounds += 1
                ok = run_round(args.feeds, store, validators, fetcher, args.max_items, totals)
                if not ok:
                    totals.failed_rounds.append(totals.rounds)
                if args.once:
                    break
                pause = max(0.0, began + args.every - time.monotonic())
                say(f"watch: next round at {time.strftime('%H:%M:%S', time.localtime(time.time() + pause))}")
                time.sleep(pause)
        except KeyboardInterrupt:
            stopped = f"Stopped by a signal during round {totals.rounds}; the article in progress was rolled back."
    say(totals.text(time.monotonic() - start, stopped))
    return 1 if totals.failed_rounds else 0


def run_round(
    feeds: list[str], store: Store, validators: Validators, fetcher: Fetcher, max_items: int, totals: Totals
) -> bool:
    """One round over every feed; whether nothing failed."""
    from marsad.ingest.feeds import WebOptions, using
    from marsad.ingest.store_ingest import ingest

    def seen(item_id: str, link: str | None) -> bool:
        return store.find_article(doc_id=item_id, url=link, sha256=None) is not None

    options = WebOptions(fetcher=fetcher, max_items=max_items, validators=validators, seen=seen)
    with using(options):
        summary = ingest(feeds, store, progress=False, on_message=say)
    if summary.aborted is None:  # a database error: ask for everything again next round
        for url, status in options.statuses.items():
            if status.complete and status.response is not None:
                validators.update(url, status.response)
        problem = validators.save()
        if problem:
            say(f"warning: {problem}")
    statuses = options.statuses.values()
    unchanged = sum(s.not_modified for s in statuses)
    known = sum(s.seen for s in statuses)
    totals.stored += summary.stored
    totals.duplicates += summary.duplicates + known
    totals.failed += len(summary.failed)
    totals.events_new += summary.events_new
    totals.events_merged += summary.events_merged
    feeds_part = f"{len(feeds)} feed{'s' if len(feeds) != 1 else ''}"
    if unchanged:
        feeds_part += f" ({unchanged} not modified)"
    line = (
        f"watch: round {totals.rounds}: {feeds_part}: {summary.stored} new articles stored, "
        f"{summary.duplicates + known} already stored, {len(summary.failed)} failed; "
        f"events: {summary.events_new} new, {summary.events_merged} merged"
    )
    if summary.aborted:
        line += f"; stopped: {summary.aborted}"
    say(line)
    return summary.ok


def validators_path(db_url: str) -> Path:
    """Where the feed validators of the database ``db_url`` are kept."""
    from marsad.resources.gazetteer import cache_dir

    target = db_url
    if not db_url.startswith(("postgresql://", "postgres://")):
        path = db_url.removeprefix("sqlite:///")
        target = os.path.abspath(path)
    digest = hashlib.sha256(target.encode("utf-8")).hexdigest()[:16]
    return cache_dir() / "feeds" / f"validators-{digest}.json"


def _validators(db_url: str) -> Validators:
    from marsad.ingest.http import Validators

    return Validators.load(validators_path(db_url))


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the watch as Ctrl-C does (main thread only)."""

    def handler(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _clock(elapsed: float) -> str:
    s = int(elapsed)
    if s < 60:
        return f"{elapsed:.1f} s"
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
