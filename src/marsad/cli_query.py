"""``marsad events``, ``marsad export`` and ``marsad show``: the stored events, queried, exported
and explained. Thin: parse, call :mod:`marsad.query` / :mod:`marsad.export`, print (docs/export.md).

:func:`add_commands` registers the three commands on ``marsad``'s sub-command parsers; each sets
``run`` to a function of the parsed arguments that returns the exit status, or raises
:class:`~marsad.errors.UsageError` (exit 2) or another :class:`~marsad.errors.MarsadError` (exit 1,
e.g. a missing database or an unknown event id), one line each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from marsad import export, query
from marsad.api import EXPORT_FORMATS
from marsad.cli_common import add_db, isatty, probability, replace_atomically, say, write_text_file
from marsad.errors import MarsadError, UsageError
from marsad.storage import Store, StoredEvent, open_store

LIST_FORMATS = ("table", "jsonl", "json")


class NotFound(MarsadError):
    """No event with that id."""


# --- argument types --------------------------------------------------------------------------------


def iso_date(value: str) -> str:
    try:
        return query.iso_day(value, "date") or ""
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {value!r} (expected YYYY-MM-DD)") from None


def near(value: str) -> query.Near:
    """``LAT,LON,KM`` → (lat, lon, km)."""
    parts = [p.strip() for p in value.split(",")]
    try:
        if len(parts) != 3:
            raise ValueError
        lat, lon, km = (float(p) for p in parts)
        query.check_near((lat, lon, km))
    except ValueError as exc:
        why = f": {exc}" if str(exc) else ""
        raise argparse.ArgumentTypeError(f"invalid value {value!r} (expected LAT,LON,KM{why})") from None
    return lat, lon, km


def count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"invalid number {value!r} (expected a whole number ≥ 0)")
    return n


def event_type(value: str) -> str:
    try:
        query.resolve_type(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def country(value: str) -> str:
    try:
        return query.resolve_country(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("country: ")) from None


# --- parsers ---------------------------------------------------------------------------------------


def add_commands(subparsers: Any) -> None:
    """Register ``events``, ``export`` and ``show`` on ``subparsers`` (what
    ``ArgumentParser.add_subparsers()`` returns)."""
    events = subparsers.add_parser(
        "events", help="list the stored events that match filters",
        description="List the events stored in a marsad database (merged across articles), filtered.",
    )  # fmt: skip
    add_db(events, "marsad.db")
    _add_filters(events)
    events.add_argument(
        "--format", choices=LIST_FORMATS, help="output format (default: table on a terminal, else jsonl)"
    )
    events.set_defaults(run=cmd_events)

    exp = subparsers.add_parser(
        "export", help="export stored events: ACLED CSV, GeoJSON, JSON Lines, Parquet",
        description="Write the stored events that match the filters to a file, atomically.",
    )  # fmt: skip
    add_db(exp, "marsad.db")
    exp.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="file format")
    exp.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write ('-' for stdout, "
                     "except parquet)")  # fmt: skip
    _add_filters(exp)
    exp.add_argument("--bom", action="store_true", help="acled-csv: start with a UTF-8 byte-order mark (for Excel)")
    exp.add_argument("--include-unlocated", action="store_true",
                     help="geojson: keep events without coordinates, with a null geometry")  # fmt: skip
    exp.set_defaults(run=cmd_export)

    show = subparsers.add_parser(
        "show", help="one event and every report behind it, with why each joined",
        description="Show a merged event, then each report behind it: article, outlet, date, evidence, reason.",
    )  # fmt: skip
    show.add_argument("event_id", metavar="EVENT_ID", help="the event id (or ACLED's event_id_cnty)")
    add_db(show, "marsad.db")
    show.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    show.set_defaults(run=cmd_show)


def _add_filters(command: argparse.ArgumentParser) -> None:
    command.add_argument("--from", dest="date_from", type=iso_date, metavar="YYYY-MM-DD", help="events on or after")
    command.add_argument("--to", dest="date_to", type=iso_date, metavar="YYYY-MM-DD", help="events on or before")
    command.add_argument("--country", type=country, metavar="XX", help="ISO code (SY) or English name")
    command.add_argument("--type", dest="event_type", type=event_type, metavar="T",
                         help="an ACLED event type or sub-event type")  # fmt: skip
    command.add_argument("--actor", metavar="A", help="a part of an actor's name, English or Arabic")
    command.add_argument("--near", type=near, metavar="LAT,LON,KM", help="within KM kilometres of a point")
    command.add_argument("--min-confidence", type=probability, metavar="P", help="confidence at least P (0..1)")
    command.add_argument("--limit", type=count, metavar="N", help="at most N events")


# --- commands --------------------------------------------------------------------------------------


def _open(url: str) -> Store:
    return open_store(url, read_only=True)


def _select(store: Store, args: argparse.Namespace) -> list[StoredEvent]:
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UsageError(f"--from {args.date_from} is after --to {args.date_to}")
    return query.events(
        store, date_from=args.date_from, date_to=args.date_to, country=args.country, event_type=args.event_type,
        actor=args.actor, near=args.near, min_confidence=args.min_confidence, limit=args.limit,
    )  # fmt: skip


def cmd_events(args: argparse.Namespace) -> int:
    """``marsad events``: the matching events, as a table, JSON Lines or one JSON array."""
    with _open(args.db) as store:
        found = _select(store, args)
    out = sys.stdout
    fmt = args.format or ("table" if isatty(out) else "jsonl")
    if fmt == "jsonl":
        export.write_jsonl((e.data for e in found), out)
    elif fmt == "json":
        json.dump([e.data for e in found], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        write_events_table(found, out, shutil.get_terminal_size().columns if isatty(out) else None)
    out.flush()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``marsad export``: the matching events to a file (temporary file, then renamed)."""
    target: str = args.output
    to_stdout = target == "-"
    if to_stdout and args.format == "parquet":
        raise UsageError("export: --format parquet needs a file (-o FILE), not standard output")
    if not to_stdout:
        _check_target(target, args.db)
    with _open(args.db) as store:
        found = _select(store, args)
    records = (e.data for e in found)
    note = ""
    if args.format == "parquet":
        export.require_pyarrow()  # a missing pyarrow is one line before anything is written
        replace_atomically(target, lambda path: export.write_parquet(records, path))
    else:

        def write(fh: TextIO) -> None:
            nonlocal note
            if args.format == "acled-csv":
                export.write_acled_csv(records, fh, bom=args.bom)
            elif args.format == "geojson":
                counts = export.write_geojson(records, fh, include_unlocated=args.include_unlocated)
                if counts.unlocated and not args.include_unlocated:
                    note = f"{counts.unlocated} events without coordinates left out (--include-unlocated keeps them)"
            else:
                export.write_jsonl(records, fh)

        if to_stdout:
            write(sys.stdout)
            sys.stdout.flush()
        else:
            newline = "" if args.format == "acled-csv" else "\n"
            replace_atomically(target, lambda path: write_text_file(path, write, newline))
    if note:
        say(note)
    if not to_stdout:
        say(f"{len(found)} events written to {target}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """``marsad show EVENT_ID``: the merged event, then each report behind it and why it joined."""
    with _open(args.db) as store:
        event = store.event(args.event_id)
        if event is None and len(args.event_id) > 4 and args.event_id[3] == "-" and args.event_id[:3].isalpha():
            event = store.event(args.event_id[4:])  # ACLED's event_id_cnty: "SYR-" + the event id
    if event is None:
        raise NotFound(f"{args.event_id}: no such event in {args.db}")
    if args.format == "json":
        json.dump(show_json(event), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        write_show_table(event, sys.stdout)
    sys.stdout.flush()
    return 0


# --- output ----------------------------------------------------------------------------------------


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _actor(value: Any) -> str:
    a = _obj(value)
    name = a.get("name") or a.get("name_ar") or ""
    return f"{name} ({a['inter']})" if name and a.get("inter") is not None else str(name)


def _place(data: dict[str, Any]) -> str:
    loc = _obj(data.get("location"))
    parts = [loc.get("name") or loc.get("name_ar"), loc.get("admin1"), loc.get("country")]
    return ", ".join(str(p) for p in parts if p)


def _toll(value: Any) -> str:
    c = _obj(value)
    if c.get("best") is None:
        return "?" if c else "-"
    best, low, high = c.get("best"), c.get("low"), c.get("high")
    if low == best and high == best:
        return str(best)
    return f"{best} ({low if low is not None else '?'}-{high if high is not None else '?'})"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def write_events_table(found: Sequence[StoredEvent], out: TextIO, width: int | None = None) -> None:
    """One line per event: id, date, sub-event type, actors, place, fatalities, confidence, reports."""
    header = ("EVENT", "DATE", "TYPE", "ACTORS", "PLACE", "DEAD", "CONF", "REP")
    rows = []
    for e in found:
        d = e.data
        actors = _actor(d.get("actor1")) + (f" → {_actor(d.get('actor2'))}" if d.get("actor2") else "")
        conf = d.get("confidence")
        rows.append((e.event_id, str(d.get("event_date") or "?"), str(d.get("sub_event_type") or "?"), actors,
                     _place(d), _toll(d.get("fatalities")),
                     f"{conf:.2f}" if isinstance(conf, (int, float)) else "?",
                     str(len(e.reports) or d.get("reports") or 1)))  # fmt: skip
    caps = [20, 10, 28, 48, 32, 12, 4, 3]
    if width is None:
        caps = [10**6] * len(caps)
    widths = [max([len(header[i])] + [len(r[i]) for r in rows]) for i in range(len(header))]
    widths = [min(w, c) for w, c in zip(widths, caps, strict=True)]
    for row in (header, *rows):
        line = "  ".join(_clip(cell, w).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        out.write((_clip(line, width) if width else line) + "\n")
    out.write(f"{len(rows)} events\n")


def report_view(report: Any) -> dict[str, Any]:
    """What ``show`` says of one report: its record and article, outlet, dates, evidence, reason."""
    r = _obj(report.record)
    evidence = _obj(r.get("evidence"))
    return {
        "record_id": report.record_id,
        "article": r.get("doc_id"),
        "outlet": r.get("outlet"),
        "published": getattr(report, "published", None) or r.get("published"),
        "event_date": r.get("event_date"),
        "sub_event_type": r.get("sub_event_type"),
        "fatalities": _obj(r.get("fatalities")).get("best"),
        "confidence": r.get("confidence"),
        "evidence": evidence.get("text"),
        "evidence_span": [evidence.get("start"), evidence.get("end")] if evidence else None,
        "reason": report.reason,
    }


def show_json(event: StoredEvent) -> dict[str, Any]:
    return {"event_id": event.event_id, "event": event.data, "reports": [report_view(r) for r in event.reports]}


def write_show_table(event: StoredEvent, out: TextIO) -> None:
    d = event.data
    fat = d.get("fatalities")
    lines = [
        f"event {event.event_id}  ({export.event_id_cnty(d)})",
        f"  date        {d.get('event_date') or '?'} (time precision {d.get('time_precision', '?')})",
        f"  type        {d.get('event_type') or '?'}: {d.get('sub_event_type') or '?'}",
        f"  actor1      {_actor(d.get('actor1')) or '-'}" + (" (inferred)" if d.get("actor1_inferred") else ""),
        f"  actor2      {_actor(d.get('actor2')) or '-'}",
        f"  place       {_place(d) or '?'}" + _coords(d),
        f"  fatalities  {_toll(fat)}    injured {_toll(d.get('injured'))}",
        f"  confidence  {d.get('confidence', '?')}    reports {len(event.reports)}",
        f"  sources     {export.sources_text(d) or '-'}",
        f"  notes       {d.get('notes') or ''}",
        f"reports ({len(event.reports)})",
    ]
    for i, report in enumerate(event.reports, 1):
        v = report_view(report)
        where = " · ".join(str(x) for x in (
            f"record {v['record_id']}", f"article {v['article']}", v["outlet"] or "outlet unknown",
            f"published {v['published'] or '?'}", f"event date {v['event_date'] or '?'}",
            f"dead {v['fatalities'] if v['fatalities'] is not None else '?'}",
        ))  # fmt: skip
        lines.append(f"  [{i}] {where}")
        lines.append(f"      why: {v['reason']}")
        evidence = " ".join(str(v["evidence"] or "").split())
        lines.extend(
            textwrap.wrap(f"evidence: «{evidence}»", 100, initial_indent="      ", subsequent_indent="        ")
        )
    out.write("\n".join(lines) + "\n")


def _coords(d: dict[str, Any]) -> str:
    loc = _obj(d.get("location"))
    lat, lon = loc.get("lat"), loc.get("lon")
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return ""
    return f"  ({lat:.4f}, {lon:.4f}; geo precision {loc.get('geo_precision', '?')})"


# --- files -----------------------------------------------------------------------------------------


def _database_files(url: str) -> list[Path]:
    if url.startswith(("postgresql://", "postgres://")):
        return []
    path = url
    if path.startswith("sqlite://"):
        path = path[len("sqlite://") :]
        if path.startswith("/"):
            path = path[1:]
    base = Path(path).resolve()
    return [base, *(base.with_name(base.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]


def _check_target(target: str, db: str) -> None:
    resolved = Path(target).resolve()
    if resolved in _database_files(db):
        raise UsageError(f"export: -o {target} is the database itself; choose another file")
    folder = resolved.parent
    if not folder.is_dir():
        raise UsageError(f"export: {target}: cannot write (no such directory: {folder})")
    if resolved.is_dir():
        raise UsageError(f"export: {target}: cannot write (is a directory)")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"export: {target}: cannot write (permission denied)")


