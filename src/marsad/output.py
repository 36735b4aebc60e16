"""Event records → JSON Lines, one JSON array, or a table for people.

JSON keeps Arabic as is (``ensure_ascii=False``). The table computes column widths from what a
terminal displays (wide East Asian characters count two, combining marks nothing) and, for a
terminal, shows Arabic in visual order itself: most terminals do not apply the bidirectional
algorithm, so an Arabic cell would read backwards. :func:`visual_order` is a small version of
that algorithm, enough for short cells: right-to-left runs are reversed, digits and Latin runs
keep their left-to-right order, combining marks stay on their letter and brackets are mirrored.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TextIO

from marsad.models import Event

FORMATS = ("jsonl", "json", "table")

_SHORT_TYPE = {
    "Battles": "Battle",
    "Explosions/Remote violence": "Explosion",
    "Violence against civilians": "VAC",
    "Protests": "Protest",
    "Riots": "Riot",
    "Strategic developments": "Strategic",
}
_MIRROR = dict(zip("()[]{}<>«»", ")(][}{><»«", strict=True))
_OPENING = {"(": ")", "[": "]", "{": "}"}
_MIN_COL = 5
_GAP = "  "


# --- JSON ----------------------------------------------------------------------------------


def event_json(event: Event) -> str:
    """One record as compact JSON, Arabic kept as is."""
    return json.dumps(event.to_dict(), ensure_ascii=False)


def write_jsonl(events: Iterable[Event], fh: TextIO) -> int:
    """One record a line; returns the number written. Streams: each record is written at once."""
    count = 0
    for event in events:
        fh.write(event_json(event))
        fh.write("\n")
        count += 1
    return count


def write_json(events: Iterable[Event], fh: TextIO) -> int:
    """One JSON array of records (written as the events come); returns the number written."""
    count = 0
    fh.write("[")
    for event in events:
        fh.write(",\n" if count else "\n")
        fh.write(event_json(event))
        count += 1
    fh.write("\n]\n" if count else "]\n")
    return count


# --- table ---------------------------------------------------------------------------------

_HEADERS = ("doc", "date", "type", "actors", "where", "place", "killed", "sources")
_RIGHT_ALIGNED = frozenset({6})
_RTL_COLUMNS = frozenset({4})


def write_table(
    events: Iterable[Event], fh: TextIO, width: int | None = None, *, visual: bool = False
) -> int:
    """A readable table, at most ``width`` columns wide when given; returns the number of rows.

    ``visual=True`` (for a terminal) puts Arabic cells in visual order; otherwise text stays in
    logical order, as a pipe or a bidi-aware viewer expects.
    """
    rows = [_row(event) for event in events]
    if not rows:
        fh.write("(no events)\n")
        return 0
    widths = _fit([max(display_width(r[i]) for r in [_HEADERS, *rows]) for i in range(len(_HEADERS))], width)
    fh.write(_line(_HEADERS, widths, visual=False) + "\n")
    fh.write(_GAP.join("-" * w for w in widths) + "\n")
    for row in rows:
        fh.write(_line(row, widths, visual=visual) + "\n")
    return len(rows)


def _row(event: Event) -> tuple[str, ...]:
    short = _SHORT_TYPE.get(event.event_type, event.event_type)
    actors = event.actor1.name if event.actor1 else "?"
    if event.actor2:
        actors += f" → {event.actor2.name}"
    location = event.location
    place_ar = location.name_ar
    if location.sub_location_ar:
        place_ar = f"{location.sub_location_ar}، {place_ar}"
    fatalities = event.fatalities
    killed = "?" if fatalities.best is None else f"{'~' if fatalities.approximate else ''}{fatalities.best}"
    sources = ", ".join(s.name or s.name_ar for s in event.sources)
    return (
        event.doc_id,
        event.event_date.isoformat() if event.event_date else "?",
        f"{short}: {event.sub_event_type}",
        actors,
        place_ar,
        location.name or "?",
        killed,
        sources or "-",
    )


def _fit(natural: list[int], width: int | None, headers: tuple[str, ...] = _HEADERS) -> list[int]:
    """Shrink the widest columns, one character at a time, until the table fits ``width``."""
    widths = list(natural)
    if width is None:
        return widths
    floors = [min(w, max(_MIN_COL, len(h))) for w, h in zip(natural, headers, strict=True)]
    excess = sum(widths) + len(_GAP) * (len(widths) - 1) - width
    while excess > 0:
        shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def _line(
    cells: tuple[str, ...],
    widths: list[int],
    *,
    visual: bool,
    right_aligned: frozenset[int] = _RIGHT_ALIGNED,
    rtl: frozenset[int] = _RTL_COLUMNS,
) -> str:
    out: list[str] = []
    for i, (cell, w) in enumerate(zip(cells, widths, strict=True)):
        text = truncate(cell, w)
        if visual:
            text = visual_order(text)
        pad = " " * (w - display_width(text))
        right = i in right_aligned or (visual and i in rtl)
        out.append(pad + text if right else text + pad)
    return _GAP.join(out).rstrip()


def write_grid(
    headers: tuple[str, ...],
    rows: Iterable[tuple[str, ...]],
    fh: TextIO,
    width: int | None = None,
    *,
    visual: bool = False,
    rtl: frozenset[int] = frozenset(),
    right_aligned: frozenset[int] = frozenset(),
    empty: str = "(nothing)",
) -> int:
    """Any rows of text cells as a table (as :func:`write_table` does events); returns the row count.

    ``rtl``: columns of Arabic text (right-aligned in visual order); ``right_aligned``: numbers.
    """
    cells = list(rows)
    if not cells:
        fh.write(empty + "\n")
        return 0
    natural = [max(display_width(r[i]) for r in [headers, *cells]) for i in range(len(headers))]
    widths = _fit(natural, width, headers)
    fh.write(_line(headers, widths, visual=False, right_aligned=right_aligned, rtl=rtl) + "\n")
    fh.write(_GAP.join("-" * w for w in widths) + "\n")
    for row in cells:
        fh.write(_line(row, widths, visual=visual, right_aligned=right_aligned, rtl=rtl) + "\n")
    return len(cells)


# --- display width and visual order --------------------------------------------------------


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    return sum(_char_width(ch) for ch in text)


def _clusters(text: str) -> Iterator[str]:
    """A character with the zero-width marks that follow it."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or _char_width(text[i]) != 0 or text[i] in "\u200e\u200f\u2066\u2067\u2068\u2069":
            yield text[start:i]
            start = i


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending in "…" when cut."""
    if display_width(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for cluster in _clusters(text):
        w = display_width(cluster)
        if used + w > width - 1:
            break
        out.append(cluster)
        used += w
    return "".join(out) + "…"


def _strength(cluster: str) -> str:
    """L, R, N (a digit) or "" (neutral) for one cluster."""
    kind = unicodedata.bidirectional(cluster[0])
    if kind == "L":
        return "L"
    if kind in ("R", "AL"):
        return "R"
    if kind in ("EN", "AN"):
        return "N"
    return ""


def _resolve_brackets(clusters: list[str], kinds: list[str], embedding: str) -> None:
    """N0, simplified: a bracket pair takes the direction of what it encloses and its context."""
    stack: list[tuple[int, str]] = []
    pairs: list[tuple[int, int]] = []
    for i, cluster in enumerate(clusters):
        ch = cluster[0]
        if ch in _OPENING:
            stack.append((i, _OPENING[ch]))
        elif ch in _OPENING.values():
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][1] == ch:
                    pairs.append((stack[depth][0], i))
                    del stack[depth:]
                    break
    for start, end in sorted(pairs):
        inside = {"R" if k == "N" else k for k in kinds[start + 1 : end]} - {""}
        if not inside:
            continue
        if embedding in inside:
            direction = embedding
        else:
            before = next(("R" if k == "N" else k for k in reversed(kinds[:start]) if k), embedding)
            direction = before if before in inside else embedding
        kinds[start] = kinds[end] = direction


def visual_order(text: str) -> str:
    """``text`` (one line, logical order) in left-to-right display order for a plain terminal."""
    if not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return text
    clusters = list(_clusters(text))
    kinds = [_strength(c) for c in clusters]
    first_strong = next((k for k in kinds if k in ("L", "R")), "L")
    base = 1 if first_strong == "R" else 0
    # W7: a number after Latin text (or at the start of a left-to-right line) is Latin
    last = "L" if base == 0 else "R"
    for i, k in enumerate(kinds):
        if k == "N" and last == "L":
            kinds[i] = "L"
        elif k in ("L", "R"):
            last = k
    _resolve_brackets(clusters, kinds, "R" if base else "L")
    # N1/N2: neutrals take the direction of both neighbours when they agree (numbers count as R)
    sides = ["R" if k == "N" else k for k in kinds]
    base_dir = "R" if base else "L"
    i = 0
    while i < len(kinds):
        if kinds[i]:
            i += 1
            continue
        j = i
        while j < len(kinds) and not kinds[j]:
            j += 1
        before = sides[i - 1] if i > 0 else base_dir
        after = sides[j] if j < len(kinds) else base_dir
        direction = before if before == after else base_dir
        for n in range(i, j):
            kinds[n] = direction
        i = j
    # I1/I2: embedding levels
    if base == 0:
        levels = [{"L": 0, "R": 1, "N": 2}[k] for k in kinds]
    else:
        levels = [{"L": 2, "R": 1, "N": 2}[k] for k in kinds]
    # L2: reverse every run at each level from the highest down to the lowest odd level
    order = list(range(len(clusters)))
    for level in range(max(levels), 0, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= level:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j
    out: list[str] = []
    for index in order:
        cluster = clusters[index]
        if levels[index] % 2:
            cluster = _MIRROR.get(cluster[0], cluster[0]) + cluster[1:]
        out.append(cluster)
    return "".join(out)
