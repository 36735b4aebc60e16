"""Ingest: read articles, extract their records, store both; and re-extract stored articles.

:func:`ingest` reads every source ``marsad extract`` reads, skips articles already stored (same
URL, or the same normalized text), stores near-duplicates linked to their original (their
records are kept but not counted as new events), extracts the rest (in worker processes when
``workers > 1``) and stores each article with its records and their events atomically (a
savepoint of its own inside a transaction that commits every :data:`GROUP_ARTICLES` articles or
:data:`GROUP_SECONDS`): a killed run leaves whole articles or nothing, and running it again picks
up where it stopped.
Each new record joins an event already stored when :func:`marsad.merge.join_reason` says it
tells the same event (the reason is stored), else starts an event of its own.

:func:`reprocess` re-extracts stored articles with the current marsad: the old records stay,
marked superseded and tagged with the version that produced them; affected events are rebuilt.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from marsad import __version__
from marsad.api import chunked, extract_one
from marsad.distributed import DaskError
from marsad.errors import InputError
from marsad.ingest.events import ReportCache, assign_event, rebuild_event
from marsad.ingest.fingerprint import THRESHOLD, Fingerprint, fingerprint, similarity
from marsad.ingest.progress import Progress
from marsad.ingest.sources import FieldMap, iter_articles
from marsad.models import Article
from marsad.storage import JsonObject, Match, NewArticle, Store, StoredArticle, StoreError

#: Articles sent to a worker process at a time.
CHUNK_SIZE = 8
#: Undated articles named one by one before the rest are only counted.
UNDATED_SHOWN = 10
#: Articles stored in one transaction, each in a savepoint of its own, and the longest a group
#: stays open: a commit per article (writing the pages it touched) took a fifth of the writer's
#: time; a group that stayed open long would keep new articles from readers.
GROUP_ARTICLES = 64
GROUP_SECONDS = 1.0

#: Extracts one article's records (as ``Event.to_dict()`` gives them). Picklable for workers > 1.
Extract = Callable[[Article], list[JsonObject]]
OnMessage = Callable[[str], None]


@dataclass
class IngestSummary:
    """What a run did. ``failed`` holds one line per article or input that could not be used."""

    kind: str = "ingest"
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    duplicate_ids: int = 0
    near_duplicates: int = 0
    failed: list[str] = field(default_factory=list)
    records: int = 0
    superseded: int = 0
    events_new: int = 0
    events_merged: int = 0
    undated: int = 0
    rolled_back: int = 0
    aborted: str | None = None
    seconds: float = 0.0
    run_id: int | None = None

    @property
    def ok(self) -> bool:
        """Nothing failed: no unreadable input or article, no duplicate id, no stop."""
        return not self.failed and not self.duplicate_ids and self.aborted is None

    def to_dict(self) -> JsonObject:
        out = asdict(self)
        out["failed"] = len(self.failed)
        return out

    def text(self) -> str:
        """One paragraph for a person."""
        rate = f" ({self.read / self.seconds:.1f}/s)" if self.seconds > 0 and self.read else ""
        if self.kind == "reprocess":
            head = f"reprocess: re-extracted {self.stored} of {self.read} articles in {self.seconds:.1f} s{rate}"
            parts = [f"{self.superseded} old records kept as superseded", f"{self.records} new records stored"]
        else:
            head = f"ingest: read {self.read} articles in {self.seconds:.1f} s{rate}"
            parts = [f"{self.stored} stored", f"{self.duplicates} skipped as already stored"]
            if self.near_duplicates:
                parts.append(f"{self.near_duplicates} near-duplicates stored and linked (records not counted again)")
            if self.duplicate_ids:
                parts.append(f"{self.duplicate_ids} skipped for a duplicate id")
            parts.append(f"{self.records} records stored")
        if self.failed:
            parts.append(f"{len(self.failed)} failed (see above)")
        events = f"events: {self.events_new} new, {self.events_merged} merged into one already stored"
        text = f"{head}: {', '.join(parts)}; {events}."
        if self.undated:
            many = "articles had" if self.undated != 1 else "article had"
            text += f" {self.undated} {many} no publication date (its relative dates could not be resolved)."
        if self.aborted:
            text += f" The run stopped early: {self.aborted}"
        if self.rolled_back:
            text += (f" The last {self.rolled_back} articles read were rolled back with it and are not stored;"
                     " running the same command again stores them.")
        return text


@dataclass(frozen=True)
class _Pending:
    article: Article
    print: Fingerprint
    stored: StoredArticle | None = None  # reprocess: the article being re-extracted


# --- extraction ------------------------------------------------------------------------------


def extract_records(article: Article) -> list[JsonObject]:
    """The records of one article with marsad's pipeline and default threshold."""
    from marsad.pipeline import extract_article

    return [e.to_dict() for e in extract_article(article)]


def extract_chunk(articles: Sequence[Article], extract: Extract | None = None) -> list[list[JsonObject] | str]:
    """Each article's records, or its error line (a top-level function: worker processes run it)."""
    run = extract or extract_records
    out: list[list[JsonObject] | str] = []
    for article in articles:
        got = extract_one(article, run)
        out.append(f"{article.id}: {got}" if isinstance(got, str) else got)
    return out


def _extracted(
    items: Iterable[_Pending], workers: int, extract: Extract | None, dask: str | None = None
) -> Iterator[tuple[_Pending, list[JsonObject] | str]]:
    """Records of each item, in input order. Items are drawn in this thread (they read the store).

    ``dask``: extract on a Dask cluster (:mod:`marsad.distributed`), which also computes the
    fingerprints that :func:`_new_articles` left to it (:data:`_LATER`)."""
    if dask is not None:
        from marsad.distributed import extract_on_dask

        for item, print_, outcome in extract_on_dask(
            items, dask, article=lambda p: p.article, needs_print=lambda p: p.print is _LATER,
            workers=workers, extract=extract,
        ):  # fmt: skip
            yield (item if print_ is None else dataclasses.replace(item, print=print_)), outcome
        return
    chunks = chunked(items, CHUNK_SIZE)
    if workers <= 1:
        for chunk in chunks:
            yield from zip(chunk, extract_chunk([p.article for p in chunk], extract), strict=True)
        return
    with multiprocessing.get_context().Pool(workers) as pool:
        window: collections.deque[tuple[list[_Pending], Any]] = collections.deque()
        for chunk in chunks:
            window.append((chunk, pool.apply_async(extract_chunk, ([p.article for p in chunk], extract))))
            while len(window) > 2 * workers:
                done, result = window.popleft()
                yield from zip(done, result.get(), strict=True)
        while window:
            done, result = window.popleft()
            yield from zip(done, result.get(), strict=True)


# --- ingest ----------------------------------------------------------------------------------


class _Run:
    """One ingest or reprocess run: the store, the summary, the messages."""

    def __init__(self, store: Store, summary: IngestSummary, progress: Progress | None, say: OnMessage) -> None:
        self.store = store
        self.summary = summary
        self.progress = progress
        self._say = say
        self.version = __version__
        self.reports = ReportCache()
        self.pending: list[dict[str, int]] | None = None  # counts of a group not yet committed

    def tally(self, **counts: int) -> None:
        """Add to the summary's counts, or hold them until the open group commits."""
        if self.pending is not None:
            self.pending.append(counts)
            return
        for name, n in counts.items():
            setattr(self.summary, name, getattr(self.summary, name) + n)

    def say(self, message: str) -> None:
        if self.progress is not None:
            self.progress.clear()
        self._say(message)

    def fail(self, line: str) -> None:
        self.summary.failed.append(line)
        self.say(line)

    def input_error(self, err: InputError) -> None:
        if err.warning:
            self.say(f"warning: {err}")
        else:
            self.fail(str(err))

    def advance(self) -> None:
        if self.progress is not None:
            s = self.summary
            self.progress.advance(note=f"stored {s.stored}, skipped {s.duplicates + s.duplicate_ids}")

    def skip(self, match: Match, article: Article, print_: Fingerprint) -> None:
        """Count an article that collides with a stored one."""
        stored = match.article
        if match.key == "doc_id" and stored.sha256 != print_.sha256:
            self.summary.duplicate_ids += 1
            self.say(
                f"{article.id}: duplicate id: another article with this id (and a different text) is already "
                "stored; skipped"
            )
        else:
            self.summary.duplicates += 1

    def near_duplicate(self, print_: Fingerprint) -> int | None:
        """The original article this text nearly repeats, if any."""
        best: tuple[float, int] | None = None
        for article_id, signature, original in self.store.similar_articles(print_.band_keys):
            score = similarity(print_.minhash, signature)
            if score >= THRESHOLD and (best is None or score > best[0]):
                best = (score, original if original is not None else article_id)
        return None if best is None else best[1]

    def store_article(self, pending: _Pending, records: list[JsonObject], run_id: int) -> None:
        """The article, its records and their events: one transaction."""
        article, print_ = pending.article, pending.print
        store = self.store
        new = joined = 0
        with self._forget_on_failure(), store.savepoint():
            match = store.find_article(doc_id=article.id, url=article.url, sha256=print_.sha256)
            if match is not None:
                self.skip(match, article, print_)
                return
            original = self.near_duplicate(print_)
            article_id = store.add_article(
                NewArticle(
                    doc_id=article.id, text=article.text, sha256=print_.sha256, title=article.title, url=article.url,
                    outlet=article.outlet, published=article.published.isoformat() if article.published else None,
                    minhash=print_.minhash, band_keys=print_.band_keys, near_duplicate_of=original,
                ),
                run_id=run_id,
                marsad_version=self.version,
            )  # fmt: skip
            ids = store.add_records(
                article_id, records, counted=original is None, run_id=run_id, marsad_version=self.version
            )
            if original is None:
                published = article.published.isoformat() if article.published else None
                for record_id, record in zip(ids, records, strict=True):
                    if assign_event(store, record_id, record, published, self.reports):
                        joined += 1
                    else:
                        new += 1
        self.tally(stored=1, records=len(records), near_duplicates=int(original is not None),
                   events_new=new, events_merged=joined)

    def reextract(self, pending: _Pending, records: list[JsonObject], run_id: int) -> None:
        """Supersede an article's records with new ones and rebuild the events they touched."""
        stored = pending.stored
        assert stored is not None
        store = self.store
        new = joined = 0
        with self._forget_on_failure(), store.transaction():
            superseded = len(store.records(article_id=stored.id))
            touched = store.supersede_records(stored.id, run_id)
            counted = stored.near_duplicate_of is None
            ids = store.add_records(stored.id, records, counted=counted, run_id=run_id, marsad_version=self.version)
            for event_id in touched:
                rebuild_event(store, event_id)
            if counted:
                for record_id, record in zip(ids, records, strict=True):
                    if assign_event(store, record_id, record, stored.published, self.reports):
                        joined += 1
                    else:
                        new += 1
            store.set_article_version(stored.id, self.version)
        s = self.summary
        s.stored += 1
        s.records += len(records)
        s.superseded += superseded
        s.events_new += new
        s.events_merged += joined

    @contextlib.contextmanager
    def _forget_on_failure(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self.reports.clear()
            raise

    def finish(self, start: float) -> IngestSummary:
        s = self.summary
        s.seconds = time.monotonic() - start
        if self.progress is not None:
            self.progress.close()
        if s.run_id is not None:
            with contextlib.suppress(StoreError):  # the database went away: the summary still tells
                self.store.finish_run(s.run_id, s.to_dict())
        return s


class _Group:
    """The transaction that holds the articles stored since the last commit (each one in a
    savepoint of its own, :meth:`_Run.store_article`); their counts reach the summary when it
    commits."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.tx: contextlib.ExitStack | None = None
        self.started = 0.0

    def begin(self) -> None:
        if self.tx is None:
            stack = contextlib.ExitStack()
            stack.enter_context(self.run.store.transaction())
            self.tx, self.started, self.run.pending = stack, time.monotonic(), []

    def maybe_commit(self) -> None:
        pending = self.run.pending
        if pending is not None and (len(pending) >= GROUP_ARTICLES or time.monotonic() - self.started >= GROUP_SECONDS):
            self.commit()

    def _close(self) -> tuple[contextlib.ExitStack, list[dict[str, int]]] | None:
        """The open transaction and the counts it holds, the group closed (None: none open)."""
        if self.tx is None:
            return None
        tx, pending = self.tx, self.run.pending or []
        self.tx, self.run.pending = None, None
        return tx, pending

    def commit(self) -> None:
        if (closed := self._close()) is None:
            return
        tx, pending = closed
        try:
            tx.close()  # COMMIT
        except BaseException:
            self._lost(len(pending))
            raise
        for counts in pending:
            self.run.tally(**counts)

    def commit_or_rollback(self) -> None:
        try:
            self.commit()
        except Exception:
            self.rollback()

    def rollback(self) -> None:
        """Undo the group (a database error): its articles are not stored."""
        if (closed := self._close()) is None:
            return
        tx, pending = closed
        with contextlib.suppress(Exception):
            tx.__exit__(RuntimeError, RuntimeError("rolled back"), None)
        self._lost(len(pending))

    def _lost(self, n: int) -> None:
        self.run.reports.clear()
        self.run.summary.rolled_back += n


def _progress(progress: Progress | bool | None, sources: Sequence[str], label: str) -> Progress | None:
    if isinstance(progress, Progress):
        return progress
    if progress is None:
        return Progress.auto(sources, label=label)
    return Progress(None, label=label) if progress else None


def ingest(
    sources: Sequence[str],
    store: Store,
    *,
    workers: int = 1,
    text_field: str | None = None,
    title_field: str | None = None,
    date_field: str | None = None,
    id_field: str | None = None,
    default_date: Any = None,
    progress: Progress | bool | None = None,
    on_message: OnMessage | None = None,
    extract: Extract | None = None,
    dask: str | None = None,
) -> IngestSummary:
    """Read ``sources`` (paths, folders, ``.jsonl``, ``.html``, ``-``), extract and store.

    ``*_field``: the JSON field holding each part of an article (default: the common names,
    :data:`marsad.ingest.sources.COMMON_FIELDS`). ``default_date``: the publication date of
    articles that carry none. ``progress``: None shows a progress line when stderr is a
    terminal; True/False force it; or a :class:`Progress`. ``on_message`` receives each problem
    and warning as one line. ``extract``: another extractor (must be picklable when
    ``workers > 1``). A database error (locked, read-only, server gone) stops the run: the
    article in progress is rolled back and ``summary.aborted`` says why. ``dask``: extract on a
    Dask cluster, ``"local"`` (a LocalCluster of ``workers`` processes) or a scheduler address
    (:mod:`marsad.distributed`); this process still stores every article, in input order.
    """
    start = time.monotonic()
    summary = IngestSummary()
    run = _Run(store, summary, _progress(progress, sources, "ingest"), on_message or (lambda _m: None))
    fields = FieldMap(text=text_field, title=title_field, date=date_field, id=id_field)
    group = _Group(run)
    try:
        summary.run_id = store.start_run("ingest", run.version)
        articles = iter_articles(sources, default_date=default_date, on_error=run.input_error, fields=fields)
        new = _new_articles(run, articles, prints=dask is None)
        try:
            for pending, outcome in _extracted(new, workers, extract, dask):
                if isinstance(outcome, str):
                    run.fail(outcome)
                else:
                    group.begin()
                    try:
                        run.store_article(pending, outcome, summary.run_id)
                    except StoreError:
                        raise
                    except Exception as exc:  # a bug while storing one article: it is rolled back, the run goes on
                        run.fail(f"{pending.article.id}: internal error while storing: {type(exc).__name__}: {exc}")
                    group.maybe_commit()
                run.advance()
            group.commit()
        except StoreError:
            group.rollback()  # the database failed: what it holds of the group is not to be trusted
            raise
        except BaseException:
            group.commit_or_rollback()  # the cluster went away, Ctrl-C: keep the articles already stored
            raise
    except (StoreError, DaskError) as err:
        summary.aborted = str(err)
        run.say(str(err))
    return run.finish(start)


#: The fingerprint of an article whose fingerprint the Dask workers compute (``prints=False``).
_LATER = Fingerprint("", b"", ())


def _new_articles(run: _Run, articles: Iterable[Article], prints: bool = True) -> Iterator[_Pending]:
    """Fingerprint each article; skip those already stored before they are extracted.

    ``prints=False``: look for the same URL or id only and leave the fingerprint to the workers
    (the same text under a new URL and id is then found when it is stored)."""
    for article in articles:
        run.summary.read += 1
        if article.published is None:
            run.summary.undated += 1
            if run.summary.undated <= UNDATED_SHOWN:
                more = " (further ones are only counted)" if run.summary.undated == UNDATED_SHOWN else ""
                run.say(f"warning: {article.id}: no publication date; relative dates cannot be resolved{more}")
        print_ = fingerprint(article.text) if prints else _LATER
        match = run.store.find_article(doc_id=article.id, url=article.url, sha256=print_.sha256 or None)
        if match is not None:
            if print_ is _LATER:  # the same id: the text tells a duplicate article from a duplicate id
                print_ = fingerprint(article.text)
            run.skip(match, article, print_)
            run.advance()
            continue
        yield _Pending(article, print_)


def reprocess(
    store: Store,
    *,
    all_articles: bool = False,
    workers: int = 1,
    progress: Progress | bool | None = None,
    on_message: OnMessage | None = None,
    extract: Extract | None = None,
    dask: str | None = None,
) -> IngestSummary:
    """Re-extract stored articles last processed by another marsad version (every one with
    ``all_articles``); old records are kept, marked superseded; affected events are rebuilt.
    ``dask``: extract on a Dask cluster, as :func:`ingest` does."""
    start = time.monotonic()
    summary = IngestSummary(kind="reprocess")
    run = _Run(store, summary, _progress(progress, [], "reprocess"), on_message or (lambda _m: None))
    try:
        summary.run_id = store.start_run("reprocess", run.version)

        def pending() -> Iterator[_Pending]:
            for stored in store.articles(not_version=None if all_articles else run.version):
                summary.read += 1
                published = _date(stored.published)
                article = Article(id=stored.doc_id, text=stored.text, title=stored.title, published=published,
                                  outlet=stored.outlet, url=stored.url)  # fmt: skip
                yield _Pending(article, Fingerprint(stored.sha256, b"", ()), stored)

        for item, outcome in _extracted(pending(), workers, extract, dask):
            if isinstance(outcome, str):
                run.fail(outcome)
            else:
                run.reextract(item, outcome, summary.run_id)
            run.advance()
    except (StoreError, DaskError) as err:
        summary.aborted = str(err)
        run.say(str(err))
    return run.finish(start)


def _date(value: str | None) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(value) if value else None
