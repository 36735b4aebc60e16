"""Extraction on Dask (``marsad ingest --dask``): the same store as a plain run, failures per
article, the local cluster shut down afterwards. The articles are written for these tests."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")

from marsad import distributed  # noqa: E402
from marsad.cli import main  # noqa: E402
from marsad.ingest.store_ingest import extract_records, ingest  # noqa: E402
from marsad.models import Article  # noqa: E402
from marsad.storage import open_store  # noqa: E402

CITIES = ["حلب", "إدلب", "درعا", "حمص", "الموصل", "الفلوجة", "صنعاء", "تعز", "الحديدة", "بنغازي"]
ACTS = [
    "قتل {n} مدنيين وأصيب آخرون في قصف جوي استهدف أحياء مدينة {city} صباح {day}، وفق ما أفاد به مصدر طبي.",
    "أعلنت وزارة الصحة أن {n} أشخاص لقوا حتفهم جراء انفجار سيارة مفخخة في سوق شعبي بمدينة {city} يوم {day}.",
    "تظاهر مئات من السكان في مدينة {city} يوم {day} احتجاجا على انقطاع الكهرباء وارتفاع الأسعار.",
    "اندلعت اشتباكات عنيفة بين الجيش ومسلحين في محيط مدينة {city} يوم {day} أسفرت عن مقتل {n} مقاتلين.",
    "قالت مصادر محلية إن مسلحين مجهولين اغتالوا مسؤولا محليا أمام منزله في مدينة {city} مساء {day}.",
]
DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"]
TAIL = "وتشهد المنطقة توترا أمنيا منذ أسابيع، ولم تعلن أي جهة مسؤوليتها عن الحادث حتى الآن بحسب السكان."


def articles() -> list[dict[str, Any]]:
    """48 articles, then an exact copy of the first under a new id and URL, and a near copy."""
    rows: list[dict[str, Any]] = []
    for i in range(48):  # every (kind of event, city) once
        act = ACTS[i % len(ACTS)].format(n=3 + i % 7, city=CITIES[i // len(ACTS)], day=DAYS[(i // 3) % len(DAYS)])
        rows.append({
            "id": f"t{i:03d}", "title": f"خبر رقم {i}", "text": f"{act} {TAIL}" if i == 1 else act,
            "published": f"2024-03-{1 + i % 28:02d}", "outlet": f"outlet{i % 3}",
            "url": None if i % 4 == 0 else f"https://news.example/{i}",
        })  # fmt: skip
    rows.append({**rows[0], "id": "copy-of-t000", "url": "https://news.example/copy"})
    near = dict(rows[1], id="near-t001", url="https://news.example/near")
    near["text"] = near["text"] + " وتحدث شهود عيان."
    rows.append(near)
    return rows


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in articles()), encoding="utf-8")
    return path


def contents(db: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with sqlite3.connect(db) as con:
        arts = con.execute(
            "SELECT a.doc_id, a.sha256, a.minhash, n.doc_id FROM articles a "
            "LEFT JOIN articles n ON n.id = a.near_duplicate_of ORDER BY a.doc_id"
        ).fetchall()
        records = con.execute(
            "SELECT a.doc_id, r.record_id, r.counted, r.data FROM records r JOIN articles a ON a.id = r.article_id "
            "ORDER BY a.doc_id, r.record_id"
        ).fetchall()
        events = con.execute(
            "SELECT e.event_id, e.reports, e.data, group_concat(r.record_id || ':' || x.reason, '|') FROM events e "
            "JOIN event_reports x ON x.event_id = e.event_id JOIN records r ON r.id = x.record_id "
            "GROUP BY e.event_id ORDER BY e.event_id"
        ).fetchall()
    return arts, records, events


def children() -> set[int]:
    """This process's descendants, but multiprocessing's resource tracker (it lives as long as we do)."""
    out = set()
    for p in psutil.Process().children(recursive=True):
        try:
            if not any("resource_tracker" in part for part in p.cmdline()):
                out.add(p.pid)
        except psutil.Error:  # gone meanwhile
            pass
    return out


def wait_no_new_children(before: set[int], seconds: float = 10.0) -> set[int]:
    deadline = time.monotonic() + seconds
    while (left := children() - before) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def test_dask_ingest_stores_what_a_plain_run_stores(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain, dask = tmp_path / "plain.db", tmp_path / "dask.db"
    assert main(["ingest", str(corpus), "--db", str(plain)]) == 0
    before = children()
    assert main(["ingest", str(corpus), "--db", str(dask), "--dask", "local", "--workers", "2"]) == 0
    err = capsys.readouterr().err
    assert "read 50 articles" in err and "49 stored" in err and "1 skipped as already stored" in err
    assert "1 near-duplicates" in err
    assert wait_no_new_children(before) == set(), "the local cluster's processes outlived the run"

    arts, records, events = contents(dask)
    assert (arts, records, events) == contents(plain)
    assert len(arts) == 49 and records and events
    assert [a[3] for a in arts if a[0] == "near-t001"] == ["t001"]  # linked to its original
    assert all(a[2] for a in arts)  # every article has its MinHash signature, computed on a worker

    # Again: everything is already stored (by URL, or by id and text for the articles without a URL).
    assert main(["ingest", str(corpus), "--db", str(dask), "--dask", "local", "--workers", "2"]) == 0
    err = capsys.readouterr().err
    assert "0 stored, 50 skipped as already stored" in err and "duplicate id" not in err
    assert contents(dask) == (arts, records, events)


BROKEN = "t007"


def breaks_on_one(article: Article) -> list[dict[str, Any]]:
    """The real extraction, except that one article raises (pickled to the workers by reference)."""
    if article.id == BROKEN:
        raise ValueError("a bug on purpose")
    return extract_records(article)


def test_one_failing_article_is_reported_and_the_others_go_on(corpus: Path, tmp_path: Path) -> None:
    lines: list[str] = []
    before = children()
    with open_store(str(tmp_path / "x.db")) as store:
        summary = ingest(
            [str(corpus)], store, dask="local", workers=2, extract=breaks_on_one, progress=False,
            on_message=lines.append,
        )  # fmt: skip
        stored = {a.doc_id for a in store.articles()}
    assert summary.failed == [f"{BROKEN}: internal error: ValueError: a bug on purpose"]
    assert summary.failed[0] in lines and not summary.ok and summary.aborted is None
    assert summary.stored == 48 and BROKEN not in stored and "t008" in stored
    assert wait_no_new_children(before) == set()


def test_unreachable_scheduler_is_one_line(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", 1.0)
    lines: list[str] = []
    with open_store(str(tmp_path / "x.db")) as store:
        summary = ingest([str(corpus)], store, dask="tcp://127.0.0.1:9", progress=False, on_message=lines.append)
        assert store.counts().articles == 0
    assert summary.aborted is not None and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in summary.aborted
    assert "\n" not in summary.aborted and not summary.ok


def test_stopping_early_shuts_the_local_cluster_down() -> None:
    """A consumer that stops (Ctrl-C, an error) closes the generator: the cluster goes with it."""
    items = [Article(id=f"a{i}", text=ACTS[0].format(n=2, city="حلب", day="الاثنين")) for i in range(100)]
    before = children()
    run = distributed.extract_on_dask(iter(items), "local", article=lambda a: a, workers=1)
    first = next(run)
    assert first[0].id == "a0" and isinstance(first[2], list)
    assert children() - before  # the worker process runs
    run.close()
    assert wait_no_new_children(before) == set()


def _settings() -> tuple[object, ...]:
    import dask

    return tuple(dask.config.get(key) for key in distributed.LOCAL_CONFIG)


def test_the_local_cluster_runs_with_its_quiet_settings() -> None:
    """The workers (through their nannies) and the scheduler (in this process) get LOCAL_CONFIG;
    leaving the cluster leaves this process's settings as they were."""
    import dask

    before = _settings()
    with distributed.dask_client("local", 1) as client:
        assert _settings() == tuple(distributed.LOCAL_CONFIG.values())
        assert list(client.run(_settings).values()) == [tuple(distributed.LOCAL_CONFIG.values())]
    assert _settings() == before
    assert dask.config.get("distributed.admin.tick.interval") != "1s"  # Dask's default is 20 ms


# --- the window, without a cluster -------------------------------------------------------------


class FakeFuture:
    def __init__(self, fn: Any, args: tuple[Any, ...], fail: bool) -> None:
        self.value = None if fail else fn(*args)
        self.released = False

    def result(self) -> Any:
        if self.value is None:
            raise RuntimeError("worker killed")
        return self.value

    def release(self) -> None:
        self.released = True


class FakeClient:
    """Runs each task at once; the third batch fails as a whole. Records the largest window."""

    def __init__(self) -> None:
        self.futures: list[FakeFuture] = []
        self.cancelled: list[FakeFuture] = []

    def nthreads(self) -> dict[str, int]:
        return {"w1": 1, "w2": 1}

    def submit(self, fn: Any, *args: Any, pure: bool) -> FakeFuture:
        future = FakeFuture(fn, args, fail=len(self.futures) == 2)
        self.futures.append(future)
        return future

    def cancel(self, futures: list[FakeFuture]) -> None:
        self.cancelled.extend(futures)

    def in_flight(self) -> int:
        return sum(not f.released for f in self.futures)


def echo(article: Article) -> list[dict[str, Any]]:
    return [{"doc_id": article.id}]


def test_window_keeps_order_bounds_memory_and_reports_a_lost_batch() -> None:
    client = FakeClient()
    items = [Article(id=f"a{i}", text=f"نص رقم {i}") for i in range(50)]
    seen: list[tuple[Article, Any, Any]] = []
    most = 0

    def drawn() -> Iterator[Article]:
        for item in items:
            nonlocal most
            most = max(most, client.in_flight())
            yield item

    for out in distributed.extract_ordered(
        drawn(), client, article=lambda a: a, needs_print=lambda a: a.id == "a1", extract=echo, batch_size=4
    ):
        seen.append(out)
    assert [s[0].id for s in seen] == [a.id for a in items]
    assert most <= distributed.IN_FLIGHT_PER_WORKER * 2
    lost = [s for s in seen if isinstance(s[2], str)]
    assert [s[0].id for s in lost] == ["a8", "a9", "a10", "a11"]
    assert lost[0][2] == "a8: internal error on the Dask cluster: RuntimeError: worker killed"
    assert seen[1][1] is not None and seen[1][1].sha256 and seen[0][1] is None
    assert seen[0][2] == [{"doc_id": "a0"}]
    assert all(f.released for f in client.futures)


def test_a_task_travels_as_bytes_and_its_extractor_may_be_a_closure() -> None:
    """What Dask carries is opaque bytes both ways; a closure (which plain pickle refuses, and a
    worker could not import) still reaches the worker."""
    client = FakeClient()
    tag = "مغلق"

    def tagged(article: Article) -> list[dict[str, Any]]:
        return [{"doc_id": article.id, "tag": tag}]

    items = [Article(id=f"a{i}", text="نص") for i in range(3)]
    out = list(distributed.extract_ordered(iter(items), client, article=lambda a: a, extract=tagged, batch_size=8))
    assert [o[2] for o in out] == [[{"doc_id": f"a{i}", "tag": tag}] for i in range(3)]
    assert isinstance(client.futures[0].value, bytes)


def test_window_cancels_what_is_queued_when_stopped() -> None:
    client = FakeClient()
    items = [Article(id=f"a{i}", text="نص") for i in range(40)]
    run = distributed.extract_ordered(iter(items), client, article=lambda a: a, extract=echo, batch_size=4)
    next(run)
    run.close()
    assert client.cancelled and all(not f.released for f in client.cancelled)
