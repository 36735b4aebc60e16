"""``marsad ingest`` and ``marsad reprocess``: parse, call :mod:`marsad.ingest.store_ingest`, print.

``cli.py`` registers them with ``cli_store.add_commands(commands)``. Problems are one line each on standard
error (``marsad: ...``), the summary paragraph on standard error at the end. Exit status: 0 when
everything was used, 1 when some input or article failed or the run stopped (a database error),
2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from marsad.cli_common import add_db, parse_date, positive_int, say


def add_commands(subparsers: Any) -> None:
    """Register ``ingest`` and ``reprocess`` on ``subparsers`` (what ``add_subparsers`` returns)."""
    ingest = subparsers.add_parser(
        "ingest",
        help="extract articles and store them, with their records and events, in a database",
        description="Read articles (files, folders, JSON Lines, HTML, '-'), extract their records and store "
        "articles, records and events in a database (SQLite by default, PostgreSQL with a postgresql:// URL). "
        "Articles already stored are skipped; running it again after an interruption goes on where it stopped.",
    )
    ingest.add_argument("sources", nargs="+", metavar="SOURCE", help="file, folder, or - for standard input")
    add_db(ingest)
    ingest.add_argument(
        "--workers", type=positive_int, default=1, metavar="N",
        help="extraction processes (default: 1); with --dask local, the local cluster's workers",
    )  # fmt: skip
    ingest.add_argument(
        "--dask", metavar="ADDRESS", default=None,
        help="extract on a Dask cluster: 'local' (a local cluster of --workers processes) or a scheduler "
        "address such as tcp://127.0.0.1:8786; this process stores (pip install 'marsad[dask]')",
    )  # fmt: skip
    for part, names in (
        ("text", "text, content, body, lead"),
        ("title", "title, headline"),
        ("date", "published, date, pubDate, pub_date"),
        ("id", "id, guid, url"),
    ):
        ingest.add_argument(
            f"--{part}-field", metavar="F", help=f"JSON field holding the article's {part} (default: {names})"
        )
    ingest.add_argument(
        "--date", type=parse_date, metavar="YYYY-MM-DD", help="publication date of articles that carry none"
    )
    ingest.set_defaults(run=cmd_ingest)

    again = subparsers.add_parser(
        "reprocess",
        help="re-extract stored articles with this marsad version",
        description="Re-extract the stored articles last processed by another marsad version (all with --all). "
        "Old records are kept, marked superseded, with the version that produced them; events are rebuilt.",
    )
    add_db(again)
    again.add_argument("--all", action="store_true", help="re-extract every article, whatever version made it")
    again.add_argument(
        "--workers", type=positive_int, default=1, metavar="N", help="extraction processes (default: 1)"
    )
    again.set_defaults(run=cmd_reprocess)


def _finish(summary: Any) -> int:
    print(summary.text(), file=sys.stderr, flush=True)
    return 0 if summary.ok else 1


def cmd_ingest(args: argparse.Namespace) -> int:
    """``marsad ingest SOURCE... [--db URL]``."""
    from marsad.ingest.store_ingest import ingest
    from marsad.storage import open_store

    with open_store(args.db) as store:
        summary = ingest(
            args.sources, store, workers=args.workers, text_field=args.text_field, title_field=args.title_field,
            date_field=args.date_field, id_field=args.id_field, default_date=args.date, on_message=say,
            dask=args.dask,
        )  # fmt: skip
    return _finish(summary)


def cmd_reprocess(args: argparse.Namespace) -> int:
    """``marsad reprocess [--db URL] [--all]``."""
    from marsad.ingest.store_ingest import reprocess
    from marsad.storage import open_store

    with open_store(args.db) as store:
        summary = reprocess(store, all_articles=args.all, workers=args.workers, on_message=say)
    return _finish(summary)
