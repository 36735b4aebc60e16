"""``marsad places`` (a geoparser: one line per place mention) and ``marsad gazetteer import|info|lookup``."""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from marsad.cli_common import (
    PROG,
    Parser,
    Tally,
    add_inputs,
    counted,
    emit,
    finish,
    isatty,
    output_target,
    positive_int,
    say,
    utf8_stdout,
)
from marsad.errors import UsageError
from marsad.ingest.sources import iter_articles
from marsad.models import Article, Place
from marsad.output import write_grid


def add_commands(commands: Any) -> None:
    """Register ``places`` and ``gazetteer`` on the ``marsad`` command's subparsers."""
    places = commands.add_parser(
        "places",
        help="list every place the articles name (a geoparser)",
        description="One line per place mention: offsets into the original text, the place, its coordinates.",
    )
    add_inputs(places)
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
    sub = gazetteer.add_subparsers(dest="gazetteer_command", metavar="SUBCOMMAND", parser_class=Parser)
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
        "--limit", type=positive_int, default=20, metavar="N", help="show at most N candidates (default: 20)"
    )
    lookup.set_defaults(run=cmd_gazetteer_lookup)

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
    output, to_terminal = output_target(args.output)
    fmt: str = args.format or ("table" if to_terminal else "jsonl")
    tally = Tally()
    articles = counted(iter_articles(args.paths, default_date=args.date, on_error=tally.input_error), tally)

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

    emit(output, write)
    return finish(tally)


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
    utf8_stdout()
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
    utf8_stdout()
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
    to_terminal = isatty(sys.stdout)
    fmt: str = args.format or ("table" if to_terminal else "jsonl")
    utf8_stdout()
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
        say(f"no place named {name!r} in the gazetteer")
        return 1
    return 0
