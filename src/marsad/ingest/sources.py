"""Files, folders, JSON Lines, HTML and standard input → :class:`Article` objects.

:func:`iter_articles` yields articles in input order and reports every input it cannot use
through ``on_error`` (one :class:`InputError` per bad file, line or article), then goes on.
Nothing is skipped silently.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.errors import InputError
from marsad.models import Article

OnError = Callable[[InputError], None]

#: Largest file read, in MB (MiB); a bigger file is reported, not read.
MAX_FILE_MB = 50
#: A first line longer than this is a paragraph, not a title.
TITLE_MAX_CHARS = 250

STDIN = "-"
STDIN_NAME = "<stdin>"
TEXT_SUFFIXES = frozenset({".txt", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
FOLDER_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]")
_LETTER = re.compile(r"[^\W\d_]")
_TITLE_SPLIT = re.compile(r"([^\n]*)\n[ \t\f\v]*\n\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_BINARY_RATIO = 0.05

#: The JSON fields read for each part of an article when no field is named, first present wins.
COMMON_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "lead"),
    "title": ("title", "headline"),
    "date": ("published", "date", "pubDate", "pub_date"),
    "id": ("id", "guid", "url"),
}


@dataclass(frozen=True)
class FieldMap:
    """Which JSON field holds an article's text, title, date and id (None: the common names)."""

    text: str | None = None
    title: str | None = None
    date: str | None = None
    id: str | None = None

    def names(self, part: str) -> tuple[str, ...]:
        given: str | None = getattr(self, part)
        return (given,) if given else COMMON_FIELDS[part]

    def pick(self, record: Mapping[str, Any], part: str) -> tuple[str, Any]:
        """(the field used, its value) for ``part``; the value is None when no field has one."""
        names = self.names(part)
        for name in names:
            if record.get(name) is not None:
                return name, record[name]
        return names[0], None


_DEFAULT_FIELDS = FieldMap()


def iter_articles(
    paths: Sequence[str],
    *,
    default_date: dt.date | None = None,
    on_error: OnError,
    fields: FieldMap | None = None,
) -> Iterator[Article]:
    """Yield the articles of ``paths`` in order; report each unusable input through ``on_error``.

    A path is a text file (one article), a ``.jsonl`` file (one article a line), an ``.html``
    page, a folder (walked recursively in sorted order, hidden files skipped), ``-`` for
    standard input, or an http(s) URL of a page or an RSS/Atom feed (:mod:`marsad.ingest.feeds`).
    ``default_date`` is the publication date of articles that carry none.
    ``fields`` names the JSON fields of a corpus (default: :data:`COMMON_FIELDS`).
    """
    for given in paths:
        if given == STDIN:
            yield from _read_stdin(default_date, on_error, fields)
            continue
        if given[:8].lower().startswith(("http://", "https://")):  # a page or a feed: marsad.ingest.feeds
            from marsad.ingest.feeds import read_url

            yield from read_url(given, default_date=default_date, on_error=on_error)
            continue
        path = Path(given)
        try:
            is_dir = path.is_dir()
            if not is_dir:
                path.stat()
        except OSError as exc:
            on_error(InputError(given, _os_problem(exc)))
            continue
        if is_dir:
            for child in _walk(path, on_error):
                yield from _read_path(child, str(child), default_date, on_error, in_folder=True, fields=fields)
        else:
            yield from _read_path(path, given, default_date, on_error, in_folder=False, fields=fields)


# --- files and folders ---------------------------------------------------------------------


def _walk(root: Path, on_error: OnError) -> list[Path]:
    """Every non-hidden file under ``root``, sorted by its path inside ``root``."""
    found: list[Path] = []

    def report(exc: OSError) -> None:
        on_error(InputError(str(exc.filename or root), _os_problem(exc)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=report):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(Path(dirpath, name) for name in filenames if not name.startswith("."))
    found.sort(key=lambda p: p.relative_to(root).parts)
    return found


def _read_path(
    path: Path,
    display: str,
    default_date: dt.date | None,
    on_error: OnError,
    *,
    in_folder: bool,
    fields: FieldMap | None = None,
) -> Iterator[Article]:
    suffix = path.suffix.lower()
    if in_folder and suffix not in FOLDER_SUFFIXES:
        on_error(InputError(display, f"not an article file ({suffix}); skipped", warning=True))
        return
    stem = path.stem if suffix else path.name
    try:
        text = decode_bytes(read_limited(path, display), display)
    except InputError as err:
        on_error(err)
        return
    if suffix in JSONL_SUFFIXES:
        yield from parse_jsonl(
            text, display, stem=stem, default_date=default_date, on_error=on_error, in_folder=in_folder, fields=fields
        )
        return
    try:
        if suffix in HTML_SUFFIXES:
            from marsad.ingest.html import html_to_article

            article = html_to_article(text, stem, path=display, default_date=default_date)
        else:
            article = text_to_article(text, stem, default_date=default_date)
        _check_arabic(article, display)
    except InputError as err:
        on_error(err)
        return
    yield article


def read_limited(path: Path, display: str) -> bytes:
    """The bytes of ``path``; an :class:`InputError` when it is too large or unreadable."""
    try:
        size = path.stat().st_size
        limit = MAX_FILE_MB * 1024 * 1024
        if size > limit:
            raise InputError(display, _too_large(size))
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(display, _os_problem(exc)) from exc
    if len(data) > limit:  # grew since stat, or a special file
        raise InputError(display, _too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    return f"too large ({math.ceil(size / (1024 * 1024))} MB > {MAX_FILE_MB} MB limit)"


def _os_problem(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read ({exc.strerror or type(exc).__name__})"


# --- standard input ------------------------------------------------------------------------


def _read_stdin(default_date: dt.date | None, on_error: OnError, fields: FieldMap | None = None) -> Iterator[Article]:
    stream = sys.stdin
    limit = MAX_FILE_MB * 1024 * 1024
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            data: bytes = buffer.read(limit + 1)
            if len(data) > limit:
                raise InputError(STDIN_NAME, _too_large(len(data)))
            text = decode_bytes(data, STDIN_NAME)
        else:  # a text stream without bytes underneath (tests, embedding)
            text = stream.read(limit + 1)
            if len(text) > limit:
                raise InputError(STDIN_NAME, _too_large(len(text.encode())))
            text = _check_text(text.lstrip("\ufeff").replace("\r\n", "\n"), STDIN_NAME)
    except OSError as exc:
        on_error(InputError(STDIN_NAME, _os_problem(exc)))
        return
    except InputError as err:
        on_error(err)
        return
    if text.lstrip().startswith("{"):
        yield from parse_jsonl(
            text, STDIN_NAME, stem="stdin", default_date=default_date, on_error=on_error, fields=fields
        )
        return
    try:
        article = text_to_article(text, "stdin", default_date=default_date)
        _check_arabic(article, STDIN_NAME)
    except InputError as err:
        on_error(err)
        return
    yield article


# --- decoding ------------------------------------------------------------------------------


def decode_bytes(data: bytes, display: str) -> str:
    """Decode a file's bytes: UTF-8 (BOM or not), else windows-1256, else the best guess.

    Line ends become ``\\n``. Raises :class:`InputError` for binary and empty files.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(display, "not text (binary file)") from exc
    elif b"\x00" in data:
        raise InputError(display, "not text (binary file)")
    elif not data.strip():
        raise InputError(display, "empty file")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_legacy(data, display)
    return _check_text(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), display)


def _decode_legacy(data: bytes, display: str) -> str:
    try:
        text = data.decode("windows-1256")
    except UnicodeDecodeError:
        text = ""
    letters = len(_LETTER.findall(text))
    if letters and len(_ARABIC_LETTER.findall(text)) >= letters / 2:
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(display, "not text (binary file)")
    return str(best)


def _check_text(text: str, display: str) -> str:
    if not text.strip():
        raise InputError(display, "empty file")
    if len(_CONTROL.findall(text)) > _BINARY_RATIO * len(text):
        raise InputError(display, "not text (binary file)")
    return text


# --- text and JSON Lines -------------------------------------------------------------------


def text_to_article(text: str, id: str, *, default_date: dt.date | None = None) -> Article:
    """One plain-text article: the first line is the title when a blank line follows it."""
    text = text.strip()
    match = _TITLE_SPLIT.match(text)
    if match:
        title = match.group(1).strip()
        body = text[match.end() :]
        if title and body and len(title) <= TITLE_MAX_CHARS:
            return Article(id=id, text=body, title=title, published=default_date)
    return Article(id=id, text=text, published=default_date)


def parse_jsonl(
    text: str,
    display: str,
    *,
    stem: str,
    default_date: dt.date | None,
    on_error: OnError,
    in_folder: bool = False,
    fields: FieldMap | None = None,
) -> Iterator[Article]:
    """One article per line of a JSON Lines text; bad lines are reported with their number."""
    fields = fields or _DEFAULT_FIELDS
    first = True
    # split on "\n" only: U+2028 and friends may appear raw inside JSON strings
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            on_error(InputError(display, f"malformed JSON ({exc.msg})", line=number))
            first = False
            continue
        if first and isinstance(record, dict) and fields.pick(record, "text")[1] is None and "event_type" in record:
            problem = 'not an article file (JSON Lines of event records, no "text" field)'
            on_error(InputError(display, problem + ("; skipped" if in_folder else ""), warning=in_folder))
            return
        first = False
        try:
            article = _record_to_article(record, f"{stem}:{number}", default_date, fields)
            _check_arabic(article, display, line=number)
        except InputError as err:
            on_error(InputError(display, err.problem, line=number, article_id=err.article_id))
            continue
        yield article


def _record_to_article(
    record: Any, fallback_id: str, default_date: dt.date | None, fields: FieldMap = _DEFAULT_FIELDS
) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {_json_type(record)}")
    id_field, raw_id = fields.pick(record, "id")
    if raw_id is None:
        article_id = fallback_id
    elif isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) and str(raw_id).strip():
        article_id = str(raw_id).strip()
    else:
        raise InputError(f'"{id_field}" must be a non-empty string or an integer')
    text_field, text = fields.pick(record, "text")
    if text is None:
        raise InputError(f'missing "{text_field}"', article_id=article_id)
    if not isinstance(text, str):
        raise InputError(f'"{text_field}" must be a string, got {_json_type(text)}', article_id=article_id)
    if not text.strip():
        raise InputError(f'empty "{text_field}"', article_id=article_id)
    optional: dict[str, str | None] = {}
    for name in ("title", "outlet", "url"):
        field_name, value = fields.pick(record, name) if name == "title" else (name, record.get(name))
        if value is not None and not isinstance(value, str):
            problem = f'"{field_name}" must be a string, got {_json_type(value)}'
            raise InputError(problem, article_id=article_id)
        optional[name] = (value.strip() or None) if isinstance(value, str) else None
    return Article(
        id=article_id,
        text=text.replace("\r\n", "\n").strip(),
        title=optional["title"],
        published=_parse_published(*fields.pick(record, "date")[::-1], article_id) or default_date,
        outlet=optional["outlet"],
        url=optional["url"],
    )


def _parse_published(value: object, name: str, article_id: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return dt.date.fromisoformat(value)
            return dt.datetime.fromisoformat(value).date()
        except ValueError:
            pass
        try:  # RSS pubDate: "Tue, 07 May 2024 10:00:00 GMT"
            return email.utils.parsedate_to_datetime(value).date()
        except (TypeError, ValueError, IndexError):
            pass
    problem = f'bad "{name}" date {json.dumps(value, ensure_ascii=False)} (expected YYYY-MM-DD)'
    raise InputError(problem, article_id=article_id)


def _json_type(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "null"


def has_arabic(text: str) -> bool:
    """Whether ``text`` contains at least one Arabic letter."""
    return _ARABIC_LETTER.search(text) is not None


def _check_arabic(article: Article, display: str, *, line: int | None = None) -> None:
    if not has_arabic(article.text) and not has_arabic(article.title or ""):
        raise InputError(display, "no Arabic text", line=line, article_id=article.id)
