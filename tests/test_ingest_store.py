"""Ingest into a store (both back ends): idempotence, near-duplicates, field names, bad input,
reprocessing, the command line, progress and the summary."""
# ruff: noqa: F811  (fixtures imported from test_storage_fixtures are parameters here)

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from marsad import cli
from marsad.ingest.progress import Progress, estimate_total
from marsad.ingest.store_ingest import IngestSummary, extract_records, ingest, reprocess
from marsad.models import Article
from marsad.storage import open_store
from test_ingest_store_corpus import article as corpus_article
from test_ingest_store_corpus import write_corpus
from test_storage_fixtures import kill_connections, new_database, pg_server, store_url  # noqa: F401

pytestmark = pytest.mark.usefixtures("cache")


def jsonl(path: Path, *rows: dict[str, Any]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_ingest_twice_gives_the_same_events(store_url: str, tmp_path: Path) -> None:
    rows = write_corpus(tmp_path / "c.jsonl", 12)
    messages: list[str] = []
    with open_store(store_url) as store:
        first = ingest([str(tmp_path / "c.jsonl")], store, on_message=messages.append)
        assert first.ok and first.read == 12 and first.stored == 12 and first.duplicates == 0
        assert first.records > 0 and first.events_new + first.events_merged == first.records
        events = [(e.event_id, e.data, [r.record_id for r in e.reports]) for e in store.events()]
        second = ingest([str(tmp_path / "c.jsonl")], store)
        assert second.ok and second.stored == 0 and second.duplicates == 12 and second.records == 0
        assert [(e.event_id, e.data, [r.record_id for r in e.reports]) for e in store.events()] == events
        counts = store.counts()
        assert counts.articles == 12 and counts.records == first.records and counts.reports == first.records
        stored = store.find_article(doc_id=rows[0]["id"], url=None, sha256=None)
        assert stored is not None and stored.article.url == rows[0]["url"]
        assert stored.article.published == rows[0]["published"] and stored.article.marsad_version
        runs = store.runs()
        assert [r.kind for r in runs] == ["ingest", "ingest"] and all(r.finished for r in runs)
        assert runs[0].counts is not None and runs[0].counts["stored"] == 12
        rec = store.records()[0]
        assert rec.run_id == runs[0].id and rec.marsad_version == stored.article.marsad_version
    assert messages == []


def test_same_url_or_same_text_is_skipped(tmp_path: Path) -> None:
    a = corpus_article(1)
    same_url = {**corpus_article(2), "url": a["url"], "id": "other-1"}
    same_text = {**a, "id": "other-2", "url": "https://elsewhere/1", "text": "  " + a["text"].replace("،", " ، ")}
    path = jsonl(tmp_path / "c.jsonl", a, same_url, same_text)
    with open_store(str(tmp_path / "m.db")) as store:
        summary = ingest([path], store)
        assert (summary.stored, summary.duplicates, summary.duplicate_ids) == (1, 2, 0) and summary.ok


def test_a_near_duplicate_is_linked_not_counted(tmp_path: Path) -> None:
    a = corpus_article(3)
    long_text = a["text"] + " " + " ".join(corpus_article(i)["text"] for i in (40, 41, 42))
    original = {**a, "text": long_text}
    near = {**a, "id": "near", "url": "https://other/near", "text": long_text.replace("صباح اليوم", "صباح أمس", 1)}
    path = jsonl(tmp_path / "c.jsonl", original, near)
    with open_store(str(tmp_path / "n.db")) as store:
        summary = ingest([path], store)
        assert summary.stored == 2 and summary.near_duplicates == 1
        first = store.find_article(doc_id=a["id"], url=None, sha256=None)
        second = store.find_article(doc_id="near", url=None, sha256=None)
        assert first and second and second.article.near_duplicate_of == first.article.id
        near_records = store.records(article_id=second.article.id)
        assert near_records and not any(r.counted for r in near_records)
        assert store.counts().reports == len(store.records(article_id=first.article.id))
        assert summary.events_new + summary.events_merged == len(store.records(article_id=first.article.id))


# Sentences of no event, to make an article long enough that one changed sentence leaves a near-duplicate.
_BACKGROUND = (
    "وتعاني المدينة منذ أشهر من نقص حاد في الوقود ومياه الشرب، ويقول السكان إن أسعار الخبز والخضار "
    "تضاعفت خلال الأسابيع الماضية. وتحاول المنظمات الإنسانية إيصال المساعدات إلى الأحياء الشرقية، "
    "لكن الطرق الرئيسية ما زالت مغلقة في معظم الأيام. وكان المجلس المحلي قد دعا في بيان سابق إلى فتح "
    "ممرات آمنة للمدنيين وإعادة تشغيل محطة الضخ الوحيدة في المنطقة. ويعمل في المدينة مستشفيان فقط "
    "بطاقة محدودة، ويشكو الأطباء من نقص الأدوية والمعدات الجراحية وأجهزة التخدير. وتقدر الأمم المتحدة "
    "عدد المحتاجين إلى المساعدة في المحافظة بمئات الآلاف، معظمهم من النساء والأطفال وكبار السن."
)
_STRIKE = "وقصفت طائرات حربية سوق مدينة حمص صباح اليوم، مما أدى إلى مقتل {} مدنيين، بحسب مصادر محلية."


def test_a_copy_republished_days_later_is_not_counted_again(store_url: str, tmp_path: Path) -> None:
    text = _STRIKE.format("ثلاثة") + " " + _BACKGROUND
    first = {"id": "v1", "text": text, "published": "2023-03-04", "url": "https://a.example/v1"}
    # the same story, "صباح اليوم" and all, republished four days later: its day moves with it
    again = {"id": "v2", "text": text + " وما زالت الأوضاع على حالها.", "published": "2023-03-08",
             "url": "https://b.example/v2"}
    with open_store(store_url) as store:
        summary = ingest([jsonl(tmp_path / "c.jsonl", first, again)], store)
        assert summary.near_duplicates == 1 and summary.events_new == 1 and summary.events_merged == 0
        assert [(e.data["reports"], e.data["fatalities"]["best"]) for e in store.events()] == [(1, 3)]
        copy = store.find_article(doc_id="v2", url=None, sha256=None)
        assert copy is not None
        kept = store.records(article_id=copy.article.id)
        assert kept and not any(r.counted for r in kept)  # stored, not counted


def test_common_field_names_and_named_fields(tmp_path: Path) -> None:
    a = corpus_article(5)
    odd = {"guid": "g-1", "headline": a["title"], "body": a["text"], "pubDate": "Mon, 02 Jan 2023 10:00:00 GMT"}
    path = jsonl(tmp_path / "odd.jsonl", odd)
    custom = jsonl(tmp_path / "custom.jsonl", {"key": "k-1", "story": corpus_article(6)["text"], "day": "2023-01-05"})
    with open_store(str(tmp_path / "f.db")) as store:
        assert ingest([path], store).stored == 1
        stored = store.find_article(doc_id="g-1", url=None, sha256=None)
        assert stored and stored.article.title == a["title"] and stored.article.published == "2023-01-02"
        summary = ingest([custom], store, text_field="story", date_field="day", id_field="key")
        assert summary.stored == 1 and summary.undated == 0
        assert store.find_article(doc_id="k-1", url=None, sha256=None) is not None


def test_duplicate_ids_are_reported_and_counted(tmp_path: Path) -> None:
    a, b = corpus_article(7), corpus_article(8)
    path = jsonl(tmp_path / "d.jsonl", a, {**b, "id": a["id"]})
    messages: list[str] = []
    with open_store(str(tmp_path / "d.db")) as store:
        summary = ingest([path], store, on_message=messages.append)
    assert summary.stored == 1 and summary.duplicate_ids == 1 and not summary.ok
    assert messages == [
        f"{a['id']}: duplicate id: another article with this id (and a different text) is already stored; skipped"
    ]
    assert "1 skipped for a duplicate id" in summary.text()


def test_undated_articles_are_warned_about(tmp_path: Path) -> None:
    a = {k: v for k, v in corpus_article(9).items() if k != "published"}
    messages: list[str] = []
    with open_store(str(tmp_path / "u.db")) as store:
        summary = ingest([jsonl(tmp_path / "u.jsonl", a)], store, on_message=messages.append)
    assert summary.undated == 1 and summary.ok
    assert messages == [f"warning: {a['id']}: no publication date; relative dates cannot be resolved"]


def _flaky(article: Article) -> list[dict[str, Any]]:
    if article.id == "t0011":
        raise ValueError("boom")
    return extract_records(article)


def test_a_failing_article_is_reported_and_the_rest_stored(tmp_path: Path) -> None:
    write_corpus(tmp_path / "c.jsonl", 4, start=10)
    with open_store(str(tmp_path / "x.db")) as store:
        summary = ingest([str(tmp_path / "c.jsonl")], store, extract=_flaky)
        assert summary.stored == 3 and summary.failed == ["t0011: internal error: ValueError: boom"]
        assert not summary.ok and store.find_article(doc_id="t0011", url=None, sha256=None) is None
        again = ingest([str(tmp_path / "c.jsonl")], store)  # fixed: the failed one is stored now
        assert again.stored == 1 and again.duplicates == 3 and again.ok


def test_two_workers_store_what_one_does(tmp_path: Path) -> None:
    write_corpus(tmp_path / "c.jsonl", 40)
    results = []
    for workers in (1, 2):
        with open_store(str(tmp_path / f"w{workers}.db")) as store:
            summary = ingest([str(tmp_path / "c.jsonl")], store, workers=workers)
            assert summary.ok and summary.stored == 40
            results.append([(r.doc_id, r.data) for r in store.records()])
    assert results[0] == results[1]


def test_reprocess_keeps_old_records_superseded(store_url: str, tmp_path: Path) -> None:
    write_corpus(tmp_path / "c.jsonl", 6)
    with open_store(store_url) as store:
        first = ingest([str(tmp_path / "c.jsonl")], store)
        assert reprocess(store).read == 0  # everything is already from this version
        events_before = sorted((e.data["event_date"], e.data["location"]["name"]) for e in store.events())
        again = reprocess(store, all_articles=True)
        assert again.ok and again.read == 6 and again.superseded == first.records and again.records == first.records
        old = [r for r in store.records(current=False) if r.superseded_by is not None]
        assert len(old) == first.records and all(r.superseded_by == again.run_id for r in old)
        assert len(store.records()) == first.records and store.counts().reports == first.records
        assert sorted((e.data["event_date"], e.data["location"]["name"]) for e in store.events()) == events_before


def test_locked_database_stops_the_run(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    write_corpus(tmp_path / "c.jsonl", 3)
    with open_store(str(path), timeout=0.2) as store:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            summary = ingest([str(tmp_path / "c.jsonl")], store)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert summary.aborted is not None and "locked by another process" in summary.aborted
        assert not summary.ok and "The run stopped early" in summary.text()
        assert store.counts().articles == 0


def test_read_only_store_stops_the_run(tmp_path: Path) -> None:
    path = str(tmp_path / "r.db")
    open_store(path).close()
    write_corpus(tmp_path / "c.jsonl", 2)
    with open_store(path, read_only=True) as store:
        summary = ingest([str(tmp_path / "c.jsonl")], store)
    assert summary.aborted is not None and "read-only" in summary.aborted and summary.stored == 0


def test_server_going_away_rolls_back_the_article_in_flight(pg_server: str, tmp_path: Path) -> None:
    url = new_database(pg_server)
    write_corpus(tmp_path / "c.jsonl", 6)
    calls = []

    def vanish(article: Article) -> list[dict[str, Any]]:
        calls.append(article.id)
        if len(calls) == 4:
            kill_connections(pg_server, url)
        return extract_records(article)

    messages: list[str] = []
    with open_store(url) as store:
        summary = ingest([str(tmp_path / "c.jsonl")], store, extract=vanish, on_message=messages.append)
    assert summary.aborted is not None and "connection to the server lost" in summary.aborted and not summary.ok
    assert messages[-1] == summary.aborted and "\n" not in summary.aborted
    with open_store(url) as store:  # whole articles only, and the rest goes in on the next run
        stored = store.counts().articles
        assert stored == summary.stored and stored < 6
        for found in store.articles():
            assert len(store.records(article_id=found.id)) == len(extract_records(_article(found)))
        again = ingest([str(tmp_path / "c.jsonl")], store)
        assert again.ok and again.stored == 6 - stored and store.counts().articles == 6


def _article(stored: Any) -> Article:
    import datetime as dt

    return Article(id=stored.doc_id, text=stored.text, title=stored.title, url=stored.url, outlet=stored.outlet,
                   published=dt.date.fromisoformat(stored.published) if stored.published else None)  # fmt: skip


# --- command line, progress, summary --------------------------------------------------------------


def test_cli_ingest_and_reprocess(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = jsonl(tmp_path / "c.jsonl", corpus_article(20), {**corpus_article(21), "id": corpus_article(20)["id"]})
    db = str(tmp_path / "cli.db")
    assert cli.main(["ingest", path, "--db", db]) == 1  # the duplicate id
    err = capsys.readouterr().err
    assert "marsad: t0020: duplicate id" in err and "ingest: read 2 articles" in err
    assert cli.main(["reprocess", "--db", f"sqlite:///{db}", "--all"]) == 0
    assert "reprocess: re-extracted 1 of 1 articles" in capsys.readouterr().err
    assert cli.main(["ingest", path, "--db", str(tmp_path / "no" / "x.db")]) == 1
    assert capsys.readouterr().err.startswith("marsad: ") and True
    assert cli.main(["ingest", path, "--workers", "0"]) == 2
    assert cli.main(["reprocess", "--bogus"]) == 2


def test_progress_only_on_a_terminal(tmp_path: Path) -> None:
    assert Progress.auto([str(tmp_path)], stream=io.StringIO()) is None
    write_corpus(tmp_path / "c.jsonl", 5)
    assert estimate_total([str(tmp_path / "c.jsonl")]) == 5 and estimate_total(["-"]) is None
    out = io.StringIO()
    bar = Progress(10, stream=out, interval=0)
    for _ in range(4):
        bar.advance()
    bar.close()
    assert "ingest: 4/10 (40%)" in out.getvalue() and "ETA" in out.getvalue() and out.getvalue().endswith("\n")


def test_summary_text() -> None:
    s = IngestSummary(read=10, stored=7, duplicates=2, near_duplicates=1, records=20, events_new=15, events_merged=4,
                      seconds=2.0, failed=["x: bad"])  # fmt: skip
    text = s.text()
    assert text.startswith("ingest: read 10 articles in 2.0 s (5.0/s): 7 stored, 2 skipped as already stored")
    assert "20 records stored" in text and "1 failed" in text and "15 new, 4 merged" in text and "\n" not in text
    assert not s.ok and s.to_dict()["failed"] == 1


def _bad_record(article: Article) -> list[dict[str, Any]]:
    records = extract_records(article)
    if article.id == "t0012":
        records.append({"event_id": "x", "doc_id": article.id, "notes": object()})  # not JSON: storing fails
    return records


def test_a_storing_bug_rolls_back_its_article_only_inside_a_group(tmp_path: Path) -> None:
    # articles are committed in groups; each one sits in a savepoint of its own
    write_corpus(tmp_path / "c.jsonl", 4, start=10)
    with open_store(str(tmp_path / "x.db")) as store:
        summary = ingest([str(tmp_path / "c.jsonl")], store, extract=_bad_record)
        assert summary.stored == 3 and len(summary.failed) == 1
        assert summary.failed[0].startswith("t0012: internal error while storing")
        assert store.find_article(doc_id="t0012", url=None, sha256=None) is None
        assert store.counts().articles == 3
        assert all(r.doc_id != "t0012" for r in store.records())


def test_a_database_error_rolls_back_the_open_group_and_says_so(tmp_path: Path) -> None:
    from marsad.storage import StoreError

    write_corpus(tmp_path / "c.jsonl", 5)
    with open_store(str(tmp_path / "x.db")) as store:
        add_records = store.add_records
        calls: list[int] = []

        def disk_full_at_the_fourth(*args: Any, **kwargs: Any) -> list[int]:
            calls.append(1)
            if len(calls) == 4:
                raise StoreError("x.db: database error: database or disk is full")
            return add_records(*args, **kwargs)

        store.add_records = disk_full_at_the_fourth  # type: ignore[method-assign]
        summary = ingest([str(tmp_path / "c.jsonl")], store)
        assert summary.aborted is not None and "disk is full" in summary.aborted
        assert summary.stored == 0 and summary.rolled_back == 3 and not summary.ok
        assert store.counts().articles == 0  # the group in flight is undone, not half kept
        assert "rolled back" in summary.text() and "running the same command again" in summary.text()
        store.add_records = add_records  # type: ignore[method-assign]
        again = ingest([str(tmp_path / "c.jsonl")], store)
        assert again.ok and again.stored == 5
