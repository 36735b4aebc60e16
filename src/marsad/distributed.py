"""Extraction on a Dask cluster: the workers extract, the calling process stores.

``marsad ingest SOURCE... --dask local`` starts a :class:`distributed.LocalCluster` of
``--workers N`` worker processes (one thread each) for the run and shuts it down at the end (also
on Ctrl-C or an error); ``--dask tcp://HOST:8786`` uses a running cluster through its scheduler.
Either way the calling process reads the sources, skips articles already stored, sends the rest
to the workers in batches of :data:`BATCH_SIZE` articles, and stores each article as its batch
comes back, in input order: one writer, so the database sees exactly what a plain run writes.

A task is :func:`extract_packed` (:func:`extract_batch` over bytes), a top-level function of this
module: a worker needs nothing but the installed ``marsad`` package. The lexicons, the gazetteer
and the decider load once per worker process (the pipeline caches them) and serve every later
batch. The workers also compute the articles' fingerprints (SHA-256 and MinHash,
:mod:`marsad.ingest.fingerprint`), so that the writer only stores. At most
``IN_FLIGHT_PER_WORKER`` batches per worker thread are submitted and not yet stored, so memory
stays flat however long the corpus.

A batch that fails as a whole (a worker process killed, say) gives one error line per article;
an article whose extraction raises gives its own line; either way the others go on.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import logging
import pickle
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from marsad.errors import MarsadError
from marsad.ingest.fingerprint import Fingerprint, fingerprint
from marsad.models import Article

#: The address that asks for a cluster of local worker processes.
LOCAL = "local"
#: Articles per task: large enough that scheduling costs little (64 rather than 32 saved about 0.1 ms
#: of CPU per article between the scheduler, the client and the workers), small enough to spread the work.
BATCH_SIZE = 64
#: Batches submitted and not yet stored, per worker thread.
IN_FLIGHT_PER_WORKER = 3
#: Settings of a local cluster (the workers get them from their nannies). Left at Dask's defaults,
#: the workers' statistical profiler sampled every thread's stack each 10 ms for a dashboard this
#: cluster does not run (0.3-0.5 ms of CPU per article, about 6 %), and the event loops of the
#: scheduler and of each worker woke 50 times a second to check their own health, and 10 times a
#: second for the worker's memory: 23 ms of CPU a second in each idle worker and 29 in the
#: scheduler, 0.3 ms per article under load. Checked each second instead, 4 and 7 ms a second.
#: Memory limits are still enforced, within a second rather than a tenth.
LOCAL_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.deploy.cluster-repr-interval": "5s",
}
#: Seconds to wait for a remote scheduler, and for its first worker.
CONNECT_TIMEOUT = 30.0

T = TypeVar("T")
Records = list[dict[str, Any]]
#: An article's records, or its error line.
Outcome = Records | str
Extract = Callable[[Article], Records]


class DaskError(MarsadError):
    """Dask is not installed, the scheduler cannot be reached or has no worker."""


# --- on the workers --------------------------------------------------------------------------


def extract_batch(
    articles: Sequence[Article], extract: Extract | None = None, prints: Sequence[bool] = ()
) -> list[tuple[Fingerprint | None, Outcome]]:
    """Each article's fingerprint (where ``prints[i]`` asks for it) and records or error line.

    Runs on a worker; a top-level function so that it pickles by reference.
    """
    from marsad.ingest.store_ingest import extract_chunk

    out: list[tuple[Fingerprint | None, Outcome]] = []
    for i, (article, outcome) in enumerate(zip(articles, extract_chunk(articles, extract), strict=True)):
        print_: Fingerprint | None = None
        if i < len(prints) and prints[i] and not isinstance(outcome, str):
            try:
                print_ = fingerprint(article.text)
            except Exception as exc:
                outcome = f"{article.id}: internal error while fingerprinting: {type(exc).__name__}: {exc}"
        out.append((print_, outcome))
    return out


def extract_packed(payload: bytes) -> bytes:
    """:func:`extract_batch` of a pickled ``(articles, extract, prints)``; its result pickled.

    A task's argument and result travel as bytes, which Dask passes through untouched: given the
    list of articles and the records, its event loops walked and sized them: 0.15 ms of CPU per
    article more in the worker's and 0.06 in the scheduler's (two fifths of what Dask added)."""
    articles, extract, prints = pickle.loads(payload)
    return pickle.dumps(extract_batch(articles, extract, prints), protocol=pickle.HIGHEST_PROTOCOL)


def warm_up() -> str:
    """Load the lexicons, gazetteer and decider in a worker (run once on each); the worker's pid."""
    import os

    from marsad.ingest.store_ingest import extract_records

    extract_records(Article(id="warm-up", text="قتل شخص في قصف على مدينة حلب."))
    return str(os.getpid())


# --- in the calling process ------------------------------------------------------------------


@contextlib.contextmanager
def dask_client(address: str, workers: int = 2) -> Iterator[Any]:
    """A ``distributed.Client`` for ``address``; ``"local"`` starts (and then stops) a LocalCluster
    of ``workers`` processes with one thread each. Everything started here is closed on leaving,
    whether by the end of the run, an error or Ctrl-C."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DaskError("--dask needs Dask: pip install 'marsad[dask]'") from exc
    with contextlib.ExitStack() as stack:
        if address == LOCAL:
            import dask

            stack.enter_context(dask.config.set(LOCAL_CONFIG))
            with warnings.catch_warnings():  # its internal HTTP server moves off a busy :8787 with a warning
                warnings.filterwarnings("ignore", message="Port .* is already in use", category=UserWarning)
                cluster = stack.enter_context(
                    LocalCluster(  # type: ignore[no-untyped-call]
                        n_workers=max(1, workers), threads_per_worker=1, processes=True,
                        dashboard_address=None, silence_logs=logging.ERROR,
                    )
                )  # fmt: skip
            client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
        else:
            try:
                client = stack.enter_context(Client(address, timeout=CONNECT_TIMEOUT))  # type: ignore[no-untyped-call]
            except (OSError, TimeoutError, ValueError) as exc:
                raise DaskError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
            try:
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise DaskError(f"the Dask scheduler at {address} has no worker: {exc}") from exc
        yield client


def threads(client: Any) -> int:
    """Worker threads the cluster has now."""
    return max(1, sum(int(n) for n in client.nthreads().values()))


def extract_ordered(
    items: Iterable[T],
    client: Any,
    *,
    article: Callable[[T], Article],
    needs_print: Callable[[T], bool] = lambda _item: False,
    extract: Extract | None = None,
    batch_size: int = BATCH_SIZE,
    in_flight: int | None = None,
) -> Iterator[tuple[T, Fingerprint | None, Outcome]]:
    """``(item, fingerprint, outcome)`` for each item, in input order, extracted on ``client``'s
    workers. ``article(item)`` is what to extract; ``needs_print(item)``: compute its fingerprint
    there too. Items are drawn lazily, in this thread, as batches leave the window."""
    import cloudpickle  # type: ignore[import-untyped]

    slots = in_flight or IN_FLIGHT_PER_WORKER * threads(client)
    window: collections.deque[tuple[list[T], Any]] = collections.deque()
    iterator = iter(items)
    try:
        while batch := list(itertools.islice(iterator, batch_size)):
            task = ([article(i) for i in batch], extract, [needs_print(i) for i in batch])
            # cloudpickle (as Dask pickles arguments): ``extract`` may be a function the workers cannot import
            payload = cloudpickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
            future = client.submit(extract_packed, payload, pure=False)
            window.append((batch, future))
            while len(window) >= slots:
                yield from _collect(*window.popleft(), article)
        while window:
            yield from _collect(*window.popleft(), article)
    finally:
        if window:  # stopped early (an error, Ctrl-C, the consumer gone): drop what is still queued
            with contextlib.suppress(Exception):
                client.cancel([future for _, future in window])


def _collect(
    batch: list[T], future: Any, article: Callable[[T], Article]
) -> Iterator[tuple[T, Fingerprint | None, Outcome]]:
    try:
        results: list[tuple[Fingerprint | None, Outcome]] = pickle.loads(future.result())
    except Exception as exc:  # the task could not run: a worker died, the cluster went away
        problem = " ".join(f"{type(exc).__name__}: {exc}".split())
        results = [(None, f"{article(i).id}: internal error on the Dask cluster: {problem}") for i in batch]
    finally:
        future.release()
    for item, (print_, outcome) in zip(batch, results, strict=True):
        yield item, print_, outcome


def extract_on_dask(
    items: Iterable[T],
    address: str,
    *,
    article: Callable[[T], Article],
    needs_print: Callable[[T], bool] = lambda _item: False,
    workers: int = 2,
    extract: Extract | None = None,
) -> Iterator[tuple[T, Fingerprint | None, Outcome]]:
    """:func:`extract_ordered` on a cluster opened (and closed) for the run: ``address`` is
    ``"local"`` (a LocalCluster of ``workers`` processes) or a scheduler address."""
    with dask_client(address, workers) as client:
        try:
            client.run(warm_up)  # every worker loads the pipeline now, in parallel; fails early if it cannot
        except Exception as exc:
            problem = " ".join(f"{type(exc).__name__}: {exc}".split())
            raise DaskError(
                f"the Dask workers at {address} cannot run marsad (is it installed there?): {problem}"
            ) from exc
        yield from extract_ordered(items, client, article=article, needs_print=needs_print, extract=extract)
