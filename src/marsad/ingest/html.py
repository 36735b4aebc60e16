"""Web pages → :class:`Article`, with trafilatura.

This is the only module that imports trafilatura, and it does so inside the function: the
import costs about half a second, which a command line reading plain text must not pay.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from marsad.errors import InputError
from marsad.models import Article


def html_to_article(
    raw: str,
    id: str,
    *,
    path: str | None = None,
    default_date: dt.date | None = None,
) -> Article:
    """Extract the main text, title, date and site name of one HTML page.

    ``path`` names the page in error messages (default: ``id``); ``default_date`` is used when
    the page carries no date. Raises :class:`InputError` when the page has no article text.
    """
    where = path or id
    try:
        import trafilatura
    except ImportError as exc:  # a broken installation, not a bad file
        raise InputError(where, f"cannot read HTML: trafilatura is not available ({exc})") from exc
    try:
        found = trafilatura.extract(
            raw,
            output_format="json",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise InputError(where, f"cannot parse HTML ({type(exc).__name__}: {exc})") from exc
    if not found:
        raise InputError(where, "no article text found in HTML")
    meta: dict[str, Any] = json.loads(found)
    text = _clean_text(str(meta.get("text") or ""))
    title = _str_or_none(meta.get("title"))
    if title and text.startswith(title):  # the page's <h1> often opens the extracted text
        rest = text[len(title) :].lstrip()
        if rest:
            text = rest
    if not text:
        raise InputError(where, "no article text found in HTML")
    return Article(
        id=id,
        text=text,
        title=title,
        published=_parse_date(meta.get("date")) or default_date,
        outlet=_str_or_none(meta.get("sitename")) or _str_or_none(meta.get("source-hostname")),
        url=_str_or_none(meta.get("source")) or _str_or_none(meta.get("url")),
    )


def _clean_text(text: str) -> str:
    """One blank line between paragraphs, as in a plain text article."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n\n".join(line for line in lines if line)


def _str_or_none(value: object) -> str | None:
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    return None


def _parse_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
