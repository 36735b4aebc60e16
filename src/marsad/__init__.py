"""marsad (مرصد): Arabic conflict news in, ACLED-style event records out.

    >>> import marsad
    >>> events = marsad.extract("قصفت طائرات النظام مدينة دوما أمس", published="2016-12-12")

The library is the product; the ``marsad`` command is a thin layer over it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from marsad.errors import InputError, MarsadError
from marsad.models import Actor, Article, Count, Doc, Event, Evidence, Location, Quantity, Source

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "Count", "Doc", "Event", "Evidence", "InputError", "Location", "MarsadError",
    "Quantity", "Source", "__version__", "default_pipeline", "extract", "extract_article",
    "extract_many", "make_doc", "run",
]


def __getattr__(name: str) -> Any:
    # the pipeline (and its lexicons) load on first use, so that importing marsad stays cheap
    if name in ("default_pipeline", "extract_article", "make_doc", "run"):
        from marsad import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'marsad' has no attribute {name!r}")


def _date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise InputError(f"bad published date {value!r} (expected YYYY-MM-DD)") from exc


def extract(text: str, *, published: str | dt.date | None = None, title: str | None = None,
            doc_id: str | None = None, outlet: str | None = None, url: str | None = None,
            min_confidence: float | None = None) -> list[Event]:
    """The event records of one article given as text (and, optionally, its title and date).

    ``min_confidence``: keep records whose calibrated confidence reaches it (default: the
    decider's threshold, which maximised F1 out of fold; 0 keeps every candidate)."""
    if doc_id is None:
        doc_id = hashlib.sha1(((title or "") + "\n" + text).encode("utf-8")).hexdigest()[:12]
    article = Article(id=doc_id, text=text, title=title or None, published=_date(published),
                      outlet=outlet, url=url)
    from marsad.pipeline import extract_article

    return extract_article(article, min_confidence)


def _article(item: Article | Mapping[str, Any]) -> Article:
    if isinstance(item, Article):
        return item
    text = item.get("text")
    if not isinstance(text, str):
        raise InputError("article has no 'text'")
    ident = str(item.get("id") or hashlib.sha1(text.encode("utf-8")).hexdigest()[:12])
    return Article(id=ident, text=text, title=item.get("title") or None,
                   published=_date(item.get("published")), outlet=item.get("outlet"), url=item.get("url"))


def extract_many(articles: Iterable[Article | Mapping[str, Any]],
                 min_confidence: float | None = None) -> Iterator[Event]:
    """The records of many articles (Article objects or dicts with ``id``, ``text``, ...), in order."""
    from marsad.pipeline import extract_article

    for item in articles:
        yield from extract_article(_article(item), min_confidence)
