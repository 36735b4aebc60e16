"""marsad (مرصد): Arabic conflict news in, ACLED-style event records out.

    >>> import marsad
    >>> events = marsad.extract("قصفت طائرات النظام مدينة دوما أمس", published="2016-12-12")

The library is the product (:mod:`marsad.api`); the ``marsad`` command is a thin layer over it.
"""

from __future__ import annotations

from typing import Any

from marsad.api import extract, extract_many, to_dataframe
from marsad.errors import InputError, MarsadError
from marsad.models import Actor, Article, Count, Doc, Event, Evidence, Location, Quantity, Source

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "Count", "Doc", "Event", "Evidence", "InputError", "Location", "MarsadError",
    "Quantity", "Source", "__version__", "default_pipeline", "extract", "extract_article",
    "extract_many", "make_doc", "run", "to_dataframe",
]


def __getattr__(name: str) -> Any:
    # the pipeline (and its lexicons) load on first use, so that importing marsad stays cheap
    if name in ("default_pipeline", "extract_article", "make_doc", "run"):
        from marsad import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'marsad' has no attribute {name!r}")
