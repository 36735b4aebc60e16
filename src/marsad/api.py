"""What a program calls: the library behind the ``marsad`` command.

    >>> from marsad import api
    >>> events = api.extract("قصفت طائرات النظام مدينة دوما أمس", published="2016-12-12")
    >>> for outcome in api.run_articles(articles, workers=2): ...

:func:`extract` reads one article given as text; :func:`extract_many` many (Article objects or
dicts), reporting a bad one through ``on_error`` and going on; :func:`run_articles` is the corpus
runner (in this process, or in a pool of worker processes, in input order) that ``marsad extract``
uses; :func:`ingest` stores articles, records and events (merged across articles) in a database;
:func:`events` queries it and :func:`export` writes what a query finds as ACLED CSV, GeoJSON,
JSON Lines or Parquet; :func:`to_dataframe` turns records into a pandas DataFrame. The pipeline
and the storage load on first use, so importing this module stays cheap.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib
import itertools
import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from marsad.errors import InputError, MarsadError
from marsad.models import Article, Event

log = logging.getLogger("marsad")
T = TypeVar("T")
R = TypeVar("R")

#: Articles sent to a worker process at a time.
CHUNK_SIZE = 8
#: multiprocessing start method for workers; None: the platform's default. The work function and
#: its arguments are picklable, so "spawn" and "forkserver" work too.
START_METHOD: str | None = None

#: One article's outcome: (article id, its events) or (article id, an error message).
Outcome = tuple[str, list[Event] | str]
Extractor = Callable[[Article], list[Event]]
#: Called with (article id or position, error) for an article that could not be processed.
OnError = Callable[[str, MarsadError], None]


def _date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise InputError(f"bad published date {value!r} (expected YYYY-MM-DD)") from exc


def _extractor(min_confidence: float | None) -> Extractor:
    extract_article = importlib.import_module("marsad.pipeline").extract_article
    if min_confidence is None:
        return extract_article  # type: ignore[no-any-return]
    return functools.partial(extract_article, min_confidence=min_confidence)


def extract(text: str, *, published: str | dt.date | None = None, title: str | None = None,
            doc_id: str | None = None, outlet: str | None = None, url: str | None = None,
            min_confidence: float | None = None) -> list[Event]:
    """The event records of one article given as text (and, optionally, its title and date).

    ``min_confidence``: keep records whose calibrated confidence reaches it (default: the
    decider's thresholds, which maximised F1 out of fold; 0 keeps every candidate)."""
    if doc_id is None:
        doc_id = hashlib.sha1(((title or "") + "\n" + text).encode("utf-8")).hexdigest()[:12]
    article = Article(id=doc_id, text=text, title=title or None, published=_date(published),
                      outlet=outlet, url=url)
    return _extractor(min_confidence)(article)


def as_article(item: Article | Mapping[str, Any]) -> Article:
    """An :class:`Article` from itself or from a dict with ``text`` (and ``id``, ``title``,
    ``published``, ``outlet``, ``url``)."""
    if isinstance(item, Article):
        return item
    text = item.get("text")
    if not isinstance(text, str):
        raise InputError("article has no 'text'")
    ident = str(item.get("id") or hashlib.sha1(text.encode("utf-8")).hexdigest()[:12])
    return Article(id=ident, text=text, title=item.get("title") or None,
                   published=_date(item.get("published")), outlet=item.get("outlet"), url=item.get("url"))


def _warn(ident: str, err: MarsadError) -> None:
    log.warning("%s: %s", ident, err)


def extract_many(articles: Iterable[Article | Mapping[str, Any]], min_confidence: float | None = None, *,
                 on_error: OnError | None = None) -> Iterator[Event]:
    """The records of many articles (Article objects or dicts with ``id``, ``text``, ...), in order.

    An article that cannot be read or processed is reported to ``on_error`` (by default a warning
    on the ``marsad`` logger) with its id, or its position when it has none; the others go on."""
    report = on_error or _warn
    extract_article = _extractor(min_confidence)
    for position, item in enumerate(articles):
        ident = item.id if isinstance(item, Article) else str(item.get("id") or f"#{position}")
        try:
            article = as_article(item)
            events = extract_article(article)
        except MarsadError as err:
            report(ident, err)
            continue
        except Exception as exc:  # a bug in one article must not end the run
            report(ident, MarsadError(f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())}"))
            continue
        yield from events


def run_articles(articles: Iterable[Article], *, workers: int = 1,
                 min_confidence: float | None = None) -> Iterator[Outcome]:
    """Extract in input order: in this process for one worker or a small input, else in a pool of
    ``workers`` processes. Each article's outcome is its events or its error message."""
    extract = _extractor(min_confidence)
    articles = iter(articles)
    ahead = list(itertools.islice(articles, workers * CHUNK_SIZE)) if workers > 1 else []
    if len(ahead) < workers * CHUNK_SIZE:  # the whole input is known: use only what it needs
        workers = min(workers, -(-len(ahead) // CHUNK_SIZE))
    chunks = chunked(itertools.chain(ahead, articles), CHUNK_SIZE)
    if workers <= 1:
        for chunk in chunks:
            yield from extract_chunk(chunk, extract)
        return
    context = multiprocessing.get_context(START_METHOD)
    with context.Pool(workers) as pool:
        for outcomes in pool.imap(functools.partial(extract_chunk, extract=extract), chunks):
            yield from outcomes


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter), lazily."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def extract_one(article: Article, extract: Callable[[Article], R]) -> R | str:
    """``extract(article)``, or the one-line message of the unexpected exception it raised: one
    article's bug must not end a run."""
    try:
        return extract(article)
    except Exception as exc:
        return f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())}"


def extract_chunk(chunk: Sequence[Article], extract: Extractor | None = None) -> list[Outcome]:
    """Extract a few articles (a top-level function, so that worker processes can run it).

    ``extract`` defaults to :func:`marsad.pipeline.extract_article`. An unexpected exception in
    one article becomes that article's error message; the others go on.
    """
    run = extract or _extractor(None)
    return [(article.id, extract_one(article, lambda a: list(run(a)))) for article in chunk]


def to_dataframe(records: Iterable[Event | Mapping[str, Any]]) -> Any:
    """A pandas DataFrame with one row per record and the nested fields flattened with dots
    (``location.lat``, ``actor1.name``); pandas is an optional extra (``pip install marsad[pandas]``)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise MarsadError("to_dataframe needs pandas: pip install 'marsad[pandas]'") from exc
    rows = [r.to_dict() if isinstance(r, Event) else dict(r) for r in records]
    return pd.json_normalize(rows)


def ingest(sources: Sequence[str], db: str | None = None, **options: Any) -> Any:
    """Read ``sources`` (what ``marsad extract`` reads), extract and store every new article with
    its records and events in the database ``db`` (a path, ``sqlite:///...``, ``postgresql://...``;
    default ``marsad.db``). ``options`` are those of :func:`marsad.ingest.store_ingest.ingest`
    (``workers``, ``text_field``, ``date_field``, ...). Returns the run's summary."""
    from marsad.ingest.store_ingest import ingest as store_ingest
    from marsad.storage import open_store

    with open_store(db) as store:
        return store_ingest(list(sources), store, **options)


def events(db: str | None = None, **filters: Any) -> list[dict[str, Any]]:
    """The stored events (each a merged record) matching ``filters``: ``date_from``, ``date_to``,
    ``country``, ``event_type``, ``actor``, ``near=(lat, lon, km)``, ``min_confidence``, ``limit``."""
    from marsad import query
    from marsad.storage import open_store

    with open_store(db, read_only=True) as store:
        return [e.data for e in query.events(store, **filters)]


EXPORT_FORMATS = ("acled-csv", "geojson", "jsonl", "parquet")


def export(path: str, fmt: str, db: str | None = None, **filters: Any) -> int:
    """Write the events matching ``filters`` (as for :func:`events`) to ``path`` in ``fmt``
    (``acled-csv``, ``geojson``, ``jsonl`` or ``parquet``); returns how many were written."""
    from marsad import export as writers

    if fmt not in EXPORT_FORMATS:
        raise MarsadError(f"unknown export format {fmt!r} (expected one of {', '.join(EXPORT_FORMATS)})")
    records = events(db, **filters)
    if fmt == "parquet":
        return writers.write_parquet(records, path)
    with open(path, "w", encoding="utf-8", newline="" if fmt == "acled-csv" else "\n") as fh:
        if fmt == "acled-csv":
            return writers.write_acled_csv(records, fh)
        if fmt == "geojson":
            return writers.write_geojson(records, fh).written
        return writers.write_jsonl(records, fh)
