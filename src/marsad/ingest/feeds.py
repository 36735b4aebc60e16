"""Web sources: a URL of an HTML page or of an RSS/Atom feed → :class:`Article` objects.

:func:`read_url` fetches the URL through :mod:`marsad.ingest.http`; the content decides what it
is (the first XML element ``<rss>``, ``<feed>`` or ``<rdf:RDF>``, else the media type). A page
is one article (main text, title, date and outlet by :func:`marsad.ingest.html.html_to_article`).
A feed (parsed by ``feedparser``) gives one article per item: the item's link is fetched and
read as a page; when that fails its summary stands in (a warning says so); the page's date,
else the item's; the id is the item's guid, else its link; the url is the link; the outlet is
the feed's title. At most :attr:`WebOptions.max_items` items are read (a notice tells when a
feed holds more).

What the fetcher is, and which items are already known (``seen``), is a :class:`WebOptions`;
:func:`using` sets them for the code inside a ``with`` block (``marsad watch`` does, around
:func:`marsad.ingest.store_ingest.ingest`), else a process-wide default applies.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import html.parser
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from marsad.errors import InputError
from marsad.ingest.http import Fetcher, FetchError, Response, Validators
from marsad.models import Article

OnError = Callable[[InputError], None]
#: Decides whether an item (its id, its link) is already stored: its page is then not fetched.
Seen = Callable[[str, str | None], bool]

#: Items read from one feed, at most (the first ones, in the feed's order).
MAX_ITEMS = 500
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"})
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", ""})
ACCEPT_ANY = "application/rss+xml, application/atom+xml, text/html;q=0.9, application/xml;q=0.8, */*;q=0.5"
ACCEPT_PAGE = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

_FIRST_ELEMENT = re.compile(rb"<([A-Za-z][\w.:-]*)")
_SKIP_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.S | re.I)
_ITEM_END = re.compile(rb"</(?:[\w-]+:)?(?:item|entry)\s*>")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


@dataclass
class FeedStatus:
    """What became of one URL given as a source (for ``watch``'s report)."""

    url: str
    kind: str = "?"  # "feed", "page" or "?" (not fetched)
    not_modified: bool = False
    items: int = 0  # items the feed holds
    read: int = 0  # articles yielded
    seen: int = 0  # items skipped as already stored
    fallbacks: int = 0  # items whose summary stood in for the page
    failed: int = 0  # items that gave no article
    error: str | None = None  # the URL itself failed
    response: Response | None = None

    @property
    def complete(self) -> bool:
        """Fetched and every item used: its validators may be remembered."""
        return self.error is None and self.failed == 0 and self.response is not None


@dataclass
class WebOptions:
    """How URLs are read: the fetcher, the item cap, conditional GET, items already known."""

    fetcher: Fetcher = field(default_factory=Fetcher)
    max_items: int = MAX_ITEMS
    validators: Validators | None = None
    seen: Seen | None = None
    statuses: dict[str, FeedStatus] = field(default_factory=dict)


_OPTIONS: contextvars.ContextVar[WebOptions | None] = contextvars.ContextVar("marsad_web_options", default=None)
_DEFAULT: list[WebOptions] = []


def current() -> WebOptions:
    """The options :func:`using` set, else the process-wide default ones."""
    options = _OPTIONS.get()
    if options is not None:
        return options
    if not _DEFAULT:
        _DEFAULT.append(WebOptions())
    return _DEFAULT[0]


@contextlib.contextmanager
def using(options: WebOptions) -> Iterator[WebOptions]:
    """Read URLs with ``options`` inside the block."""
    token = _OPTIONS.set(options)
    try:
        yield options
    finally:
        _OPTIONS.reset(token)


# --- a URL ---------------------------------------------------------------------------------


def read_url(
    url: str,
    *,
    default_date: dt.date | None = None,
    on_error: OnError,
    options: WebOptions | None = None,
) -> Iterator[Article]:
    """The articles at ``url`` (a page: one; a feed: one per item); problems go to ``on_error``."""
    opts = options or current()
    status = FeedStatus(url)
    opts.statuses[url] = status
    try:
        response = opts.fetcher.get(url, validators=opts.validators, accept=ACCEPT_ANY)
    except FetchError as err:
        status.error = str(err)
        on_error(err)
        return
    status.response = response
    if response.not_modified:
        status.not_modified = True
        return
    if is_feed(response):
        status.kind = "feed"
        yield from _read_feed(response, url, status, opts, default_date, on_error)
        return
    status.kind = "page"
    try:
        article = page_article(response, url, url=url, default_date=default_date)
        if not _has_arabic(article):
            raise InputError(url, "no Arabic text", article_id=article.id)
    except InputError as err:
        status.error = str(err)
        on_error(err)
        return
    status.read += 1
    yield article


def is_feed(response: Response) -> bool:
    """An RSS/Atom document: by its first element when one is found, else by its media type."""
    head = response.body[:4096].lstrip(b"\xef\xbb\xbf")
    while match := _SKIP_PROLOG.match(head):
        head = head[match.end() :]
    first = _FIRST_ELEMENT.search(head)
    if first is not None:
        return first.group(1).lower() in (b"rss", b"feed", b"rdf:rdf", b"rdf")
    return response.content_type in FEED_TYPES


def page_article(response: Response, id: str, *, url: str, default_date: dt.date | None) -> Article:
    """One HTML page as an article (``url`` as given, not where redirects ended)."""
    from marsad.ingest.html import html_to_article

    if response.content_type not in PAGE_TYPES:
        raise InputError(url, f"not an HTML page ({response.content_type})")
    article = html_to_article(decode_page(response, url), id, path=url, default_date=default_date)
    return Article(id=article.id, text=article.text, title=article.title, published=article.published,
                   outlet=article.outlet, url=url)  # fmt: skip


def decode_page(response: Response, display: str) -> str:
    """The page's text: the charset the server or a ``<meta>`` names, else the file rules."""
    from marsad.ingest.sources import decode_bytes

    body = response.body
    meta = _META_CHARSET.search(body[:4096])
    charset = response.charset or (meta.group(1).decode("ascii") if meta else None)
    if charset:
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if text.strip():
                return text.lstrip("\ufeff").replace("\r\n", "\n")
    return decode_bytes(body, display)


# --- feeds ---------------------------------------------------------------------------------


@dataclass
class ParsedFeed:
    title: str | None
    entries: list[Any]
    total: int  # items the document holds (before the cap)
    problem: str | None = None  # not well-formed XML, read leniently


def parse_feed(data: bytes, url: str, *, max_items: int = MAX_ITEMS, content_type: str = "") -> ParsedFeed:
    """The first ``max_items`` items of an RSS/Atom document; :class:`InputError` when none can be read.

    A feed holding more items is cut before parsing (so 10,000 items cost what ``max_items`` do).
    A document that is not well-formed XML but still yields items is read leniently (``problem``
    says why); one that yields none is an error.
    """
    ends = list(_ITEM_END.finditer(data))
    total = len(ends)
    parsed = None
    if total > max_items:
        cut = data[: ends[max_items - 1].end()] + data[ends[-1].end() :]
        parsed = _feedparser(cut, url, content_type)
        if parsed.get("bozo") and _sax_problem(parsed):
            parsed = None  # the cut went wrong (an end tag inside CDATA?): parse it all
    if parsed is None:
        parsed = _feedparser(data, url, content_type)
    entries = list(parsed.get("entries") or [])
    total = max(total, len(entries))
    problem = _sax_problem(parsed) if parsed.get("bozo") else None
    if not entries:
        if problem:
            raise InputError(url, f"broken feed: not well-formed XML ({problem})")
        version = parsed.get("version")
        if not version:
            raise InputError(url, "not an RSS or Atom feed")
    title = parsed.get("feed", {}).get("title")
    return ParsedFeed(_clean(title) or None, entries[:max_items], total, problem)


def _feedparser(data: bytes, url: str, content_type: str) -> Any:
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # a stream, never a string: feedparser would fetch a string that looks like a URL
    return feedparser.parse(io.BytesIO(data), response_headers=headers)


def _sax_problem(parsed: Any) -> str | None:
    exc = parsed.get("bozo_exception")
    if exc is None:
        return None
    import xml.sax

    if not isinstance(exc, xml.sax.SAXException):
        return None  # an encoding override or a declared type mismatch: harmless
    line = getattr(exc, "getLineNumber", lambda: None)()
    message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    return f"{message}, line {line}" if line else str(message)


def _read_feed(
    response: Response,
    url: str,
    status: FeedStatus,
    opts: WebOptions,
    default_date: dt.date | None,
    on_error: OnError,
) -> Iterator[Article]:
    try:
        feed = parse_feed(response.body, url, max_items=opts.max_items, content_type=response.headers.get(
            "content-type", ""))  # fmt: skip
    except InputError as err:
        status.error = str(err)
        on_error(err)
        return
    status.items = feed.total
    if feed.problem:
        on_error(InputError(url, f"not well-formed XML ({feed.problem}); items read leniently", warning=True))
    if feed.total > opts.max_items:
        on_error(InputError(url, f"the feed holds {feed.total} items; only the first {opts.max_items} are read "
                                 "(--max-items)", warning=True))  # fmt: skip
    for number, entry in enumerate(feed.entries, start=1):
        article = _item_article(entry, number, url, feed.title, status, opts, default_date, on_error)
        if article is not None:
            status.read += 1
            yield article


def _item_article(
    entry: Any,
    number: int,
    feed_url: str,
    feed_title: str | None,
    status: FeedStatus,
    opts: WebOptions,
    default_date: dt.date | None,
    on_error: OnError,
) -> Article | None:
    link = _clean(entry.get("link")) or None
    guid = _clean(entry.get("id")) or None
    item_id = guid or link
    where = link or f"{feed_url} (item {number})"
    if item_id is None:
        status.failed += 1
        on_error(InputError(feed_url, f"item {number} has neither a guid nor a link; skipped"))
        return None
    if opts.seen is not None and opts.seen(item_id, link):
        status.seen += 1
        return None
    date = _entry_date(entry) or default_date
    title = _clean(entry.get("title")) or None
    article: Article | None = None
    problem = "no link"
    if link is not None:
        try:
            page = page_article(opts.fetcher.get(link, accept=ACCEPT_PAGE), item_id, url=link, default_date=date)
            article = Article(id=item_id, text=page.text, title=page.title or title, published=page.published,
                              outlet=feed_title or page.outlet, url=link)  # fmt: skip
        except InputError as err:
            problem = err.problem
    if article is None:
        summary = _summary_text(entry)
        if not summary:
            status.failed += 1
            on_error(InputError(where, f"{problem}, and the item has no summary; skipped", article_id=item_id))
            return None
        status.fallbacks += 1
        on_error(InputError(where, f"page not used ({problem}); the feed's summary stands in", warning=True))
        article = Article(id=item_id, text=summary, title=title, published=date, outlet=feed_title, url=link)
    if not _has_arabic(article):
        on_error(InputError(where, "no Arabic text; skipped", article_id=item_id, warning=True))
        return None
    return article


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value[0], value[1], value[2])
            except (TypeError, ValueError, IndexError):
                continue
    return None


def _summary_text(entry: Any) -> str:
    parts = [c.get("value", "") for c in entry.get("content") or [] if isinstance(c, dict)]
    for text in [*parts, entry.get("summary") or ""]:
        plain = html_text(str(text))
        if plain:
            return plain
    return ""


def _clean(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _has_arabic(article: Article) -> bool:
    from marsad.ingest.sources import has_arabic

    return has_arabic(article.text) or has_arabic(article.title or "")


class _TextParser(html.parser.HTMLParser):
    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The text of an HTML fragment (a feed summary): paragraphs separated by a blank line."""
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; anything odd still leaves plain text
        return " ".join(re.sub(r"<[^>]*>", " ", markup).split())
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)
