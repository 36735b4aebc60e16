"""Crash safety: a process killed (SIGKILL) in the middle of an ingest leaves whole articles only,
and the next run stores the rest, with no duplicate and counts that agree."""
# ruff: noqa: F811  (fixtures imported from test_storage_fixtures are parameters here)

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from marsad.ingest.store_ingest import extract_records, ingest
from marsad.models import Article
from marsad.storage import open_store
from test_ingest_store_corpus import write_corpus
from test_storage_fixtures import pg_server, store_url  # noqa: F401

pytestmark = pytest.mark.usefixtures("cache")

N = 200
# the child ingests with an extractor slowed a little, so that the kill lands mid-run
CHILD = textwrap.dedent(
    """
    import sys, time
    from marsad.ingest.store_ingest import extract_records, ingest
    from marsad.storage import open_store

    def slow(article):
        time.sleep(0.01)
        return extract_records(article)

    with open_store(sys.argv[2]) as store:
        ingest([sys.argv[1]], store, extract=slow)
    """
)


def _stored(url: str) -> int:
    try:
        with open_store(url, read_only=True) as store:
            return store.counts().articles
    except Exception:  # not created or being migrated yet
        return 0


def test_sigkill_mid_ingest_leaves_whole_articles(store_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, N)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(corpus), store_url], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 60
    try:
        while _stored(store_url) < 20:
            assert child.poll() is None, (
                f"the ingest ended before it was killed: {child.stderr and child.stderr.read()}"
            )
            assert time.monotonic() < deadline, "the ingest stored nothing in 60 s"
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(30)
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    with open_store(store_url) as store:
        counts = store.counts()
        assert 20 <= counts.articles < N, "the kill did not land mid-run"
        for found in store.articles():  # each stored article has exactly its records, and each record its event
            article = Article(id=found.doc_id, text=found.text, title=found.title, url=found.url,
                              published=dt.date.fromisoformat(found.published) if found.published else None,
                              outlet=found.outlet)  # fmt: skip
            assert [r.data for r in store.records(article_id=found.id)] == extract_records(article)
        assert counts.reports == counts.records
        killed_run = store.runs()[-1]
        assert killed_run.finished is None

        summary = ingest([str(corpus)], store)
        assert summary.ok and summary.read == N
        assert summary.duplicates == counts.articles and summary.stored == N - counts.articles
        after = store.counts()
        assert after.articles == N and after.records == counts.records + summary.records
        assert after.reports == after.records and after.events == after.records - summary.events_merged - (
            counts.records - counts.events
        )
        doc_ids = [a.doc_id for a in store.articles()]
        assert len(doc_ids) == len(set(doc_ids)) == N
