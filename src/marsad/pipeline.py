"""The pipeline: one explicit list of small stages, each a function ``Doc -> Doc``.

:func:`make_doc` turns an :class:`~marsad.models.Article` into a :class:`~marsad.models.Doc`;
:func:`default_pipeline` lists the stages in order; :func:`run` applies them and, when one
fails, says which. :func:`extract_article` is all of it for one article.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from marsad.errors import MarsadError
from marsad.learn.decider import default_decider
from marsad.learn.features import article_features
from marsad.models import Article, Doc, Event
from marsad.resources.lexicon import find_actors
from marsad.resources.sources import find_outlet, find_sources, headline_source, outlet_name
from marsad.stages.events import build_drafts
from marsad.stages.finalize import attach_context, merge, to_event
from marsad.stages.index import ArticleIndex
from marsad.stages.places import country_focus, find_places
from marsad.stages.repeats import fold_repeats
from marsad.stages.triggers import find_triggers
from marsad.text.dates import find_dates
from marsad.text.normalize import normalize_with_offsets
from marsad.text.numbers import find_numbers
from marsad.text.segment import split_sentences


@dataclass(frozen=True)
class Stage:
    """A named step: ``reads`` and ``writes`` name the Doc fields it uses and sets."""

    name: str
    func: Callable[[Doc], Doc]
    reads: tuple[str, ...]
    writes: tuple[str, ...]


class StageError(MarsadError):
    def __init__(self, stage: str, doc_id: str, exc: BaseException) -> None:
        super().__init__(f"{doc_id}: stage '{stage}' failed: {type(exc).__name__}: {exc}")
        self.stage = stage


def make_doc(article: Article) -> Doc:
    original = article.full_text
    norm, offsets = normalize_with_offsets(original)
    title_end = 0
    if article.title:
        # the title ends where the original's title ends (the blank line after it is kept)
        title_end = bisect.bisect_left(offsets, len(article.title))
    return Doc(article=article, original=original, norm=norm, offsets=offsets, title_end=title_end,
               index=ArticleIndex())


def sentences(doc: Doc) -> Doc:
    return replace(doc, sentences=split_sentences(doc.norm, doc.title_end))


def places(doc: Doc) -> Doc:
    found = tuple(find_places(doc.norm))
    return replace(doc, places=found, focus=country_focus(list(found)))


def actors(doc: Doc) -> Doc:
    return replace(doc, actors=tuple(find_actors(doc.norm, doc.focus)))


def numbers(doc: Doc) -> Doc:
    return replace(doc, numbers=tuple(find_numbers(doc.norm)))


def dates(doc: Doc) -> Doc:
    return replace(doc, dates=tuple(find_dates(doc.norm, doc.article.published)))


def sources(doc: Doc) -> Doc:
    outlet = find_outlet(doc.norm, normalized=True)
    if outlet is None and doc.article.outlet:
        outlet = outlet_name(doc.article.outlet)
    found = find_sources(doc.norm, doc.actors)
    speaker = headline_source(doc.norm, doc.title_end, doc.actors)
    if speaker is not None and not any(x.start <= speaker.start < x.end for x in found):
        found = sorted([*found, speaker], key=lambda x: x.start)
    return replace(doc, sources=tuple(found), outlet=outlet)


def triggers(doc: Doc) -> Doc:
    return replace(doc, triggers=tuple(find_triggers(doc.norm)))


def candidates(doc: Doc) -> Doc:
    """Candidate events: one draft per trigger group, clause and place (high recall)."""
    return replace(doc, drafts=tuple(build_drafts(doc, doc.focus)))


def context(doc: Doc) -> Doc:
    """Each candidate's date and sources, from its clause, sentence or the story it continues."""
    attach_context(doc, list(doc.drafts))
    return doc


def merge_repeats(doc: Doc) -> Doc:
    """Repeats of one event in the article (headline, lead, quotes) become one candidate; those
    with no place are dropped."""
    return replace(doc, drafts=tuple(d for d in merge(list(doc.drafts), doc.norm) if d.site is not None))


def decide(doc: Doc) -> Doc:
    """The learned decider gives every candidate its calibrated probability of being a true record."""
    if not doc.drafts:
        return doc
    probs = default_decider().probabilities(article_features(doc, doc.drafts))
    for d, p in zip(doc.drafts, probs, strict=True):
        d.confidence = p
    return doc


def records(doc: Doc) -> Doc:
    """Every candidate as an event record (the threshold is applied by :func:`extract_article`)."""
    return replace(doc, events=tuple(to_event(doc, d, doc.outlet) for d in doc.drafts))


def repeats(doc: Doc) -> Doc:
    """An event told again in other words (same type, place and day; no other perpetrator) is one
    record: the most confident telling, with the sources of all."""
    return replace(doc, events=tuple(fold_repeats(doc.events)))


def default_pipeline() -> tuple[Stage, ...]:
    return (
        Stage("sentences", sentences, ("norm",), ("sentences",)),
        Stage("places", places, ("norm",), ("places", "focus")),
        Stage("actors", actors, ("norm", "focus"), ("actors",)),
        Stage("numbers", numbers, ("norm",), ("numbers",)),
        Stage("dates", dates, ("norm",), ("dates",)),
        Stage("sources", sources, ("norm", "original"), ("sources", "outlet")),
        Stage("triggers", triggers, ("norm",), ("triggers",)),
        Stage("candidates", candidates, ("sentences", "places", "actors", "numbers", "triggers", "focus"),
              ("drafts",)),
        Stage("context", context, ("drafts", "dates", "sources"), ("drafts",)),
        Stage("merge", merge_repeats, ("drafts",), ("drafts",)),
        Stage("decide", decide, ("drafts", "places", "triggers"), ("drafts",)),
        Stage("records", records, ("drafts", "outlet"), ("events",)),
        Stage("repeats", repeats, ("events",), ("events",)),
    )


def run(doc: Doc, stages: Sequence[Stage] | None = None) -> Doc:
    for stage in stages or default_pipeline():
        try:
            doc = stage.func(doc)
        except MarsadError:
            raise
        except Exception as exc:  # name the stage that failed
            raise StageError(stage.name, doc.article.id, exc) from exc
    return doc


def extract_article(article: Article, min_confidence: float | None = None) -> list[Event]:
    """The event records of one article whose confidence reaches ``min_confidence`` (by default the
    decider's threshold for the record's event type, the one that maximised F1 out of fold; 0
    keeps every candidate)."""
    events = run(make_doc(article)).events
    if min_confidence is not None:
        return [e for e in events if e.confidence >= min_confidence]
    decider = default_decider()
    return [e for e in events if e.confidence >= decider.threshold_for(e.event_type)]
