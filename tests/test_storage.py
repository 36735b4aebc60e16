"""The store, on both back ends: round trips, transactions, migrations, queries; bad databases."""
# ruff: noqa: F811  (the fixtures imported from test_storage_fixtures are parameters here)

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.errors import MarsadError
from marsad.storage import EventQuery, NewArticle, StoreError, open_store
from marsad.storage import schema as schema_module
from test_storage_fixtures import pg_server, store_url  # noqa: F401


def record(event_id: str, **over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event_id": event_id,
        "doc_id": "a1",
        "event_date": "2024-05-07",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "location": {"name_ar": "دوما", "name": "Douma", "country": "SY", "lat": 33.57, "lon": 36.4},
        "fatalities": {"best": 5, "low": 5, "high": 5, "approximate": False, "text": "خمسة"},
        "confidence": 0.8,
        "notes": "قصف",
    }
    base.update(over)
    return base


def article(doc_id: str = "a1", **over: Any) -> NewArticle:
    values: dict[str, Any] = {"doc_id": doc_id, "text": "قصفت طائرات مدينة دوما", "sha256": "h-" + doc_id}
    values.update(over)
    return NewArticle(**values)


def test_migrations_are_recorded_once(store_url: str) -> None:
    with open_store(store_url) as store:
        first = store.schema_versions()
    with open_store(store_url) as store:  # reopening applies nothing again
        assert store.schema_versions() == first
    assert [v for v, _, _ in first] == [v for v, _, _ in schema_module.MIGRATIONS]


def _record_indexes(store: Any) -> set[str]:
    if store.dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL"
    else:
        sql = "SELECT indexname FROM pg_indexes WHERE tablename = 'records' AND indexname <> 'records_pkey'"
    return {str(row[0]) for row in store._execute(sql).fetchall()}


def test_a_first_version_database_migrates_keeping_its_data(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:  # the database as the first schema made it
        m.setattr(schema_module, "MIGRATIONS", schema_module.MIGRATIONS[:1])
        m.setattr(schema_module, "LATEST", 1)
        with open_store(store_url) as store:
            with store.transaction():
                aid = store.add_article(article("old"), run_id=None, marsad_version="0.1")
                store.add_records(aid, [record("e1")], counted=True, run_id=None, marsad_version="0.1")
            assert "records_country_date" in _record_indexes(store)
    with pytest.raises(StoreError, match="this marsad needs 2"):  # reading never migrates
        open_store(store_url, read_only=True)
    with open_store(store_url) as store:
        assert [v for v, _, _ in store.schema_versions()] == [1, 2]
        assert _record_indexes(store) == {"records_article"}
        assert [r.data["event_id"] for r in store.records()] == ["e1"]
    with open_store(store_url, read_only=True) as store:
        assert store.counts().records == 1


def test_article_records_events_round_trip(store_url: str) -> None:
    with open_store(store_url) as store:
        run = store.start_run("ingest", "9.9")
        with store.transaction():
            new = article(
                url="https://x/1", title="عنوان", published="2024-05-07", minhash=b"\x01\x02", band_keys=(7, -3)
            )
            aid = store.add_article(new, run_id=run, marsad_version="9.9")
            ids = store.add_records(aid, [record("e1"), record("e2")], counted=True, run_id=run, marsad_version="9.9")
            store.save_event("ev1", record("e1"), [(ids[0], "first report")])
            store.save_event("ev1", record("e1", confidence=0.9), [(ids[1], "same place and day")])
        store.finish_run(run, {"stored": 1})
        stored = store.article(aid)
        assert stored is not None and stored.url == "https://x/1" and stored.published == "2024-05-07"
        assert stored.title == "عنوان" and stored.marsad_version == "9.9" and stored.run_id == run
        assert [r.data for r in store.records(article_id=aid)] == [record("e1"), record("e2")]
        ev = store.event("ev1")
        assert ev is not None and ev.data["confidence"] == 0.9
        assert [(r.record_id, r.reason) for r in ev.reports] == [
            (ids[0], "first report"),
            (ids[1], "same place and day"),
        ]
        assert store.similar_articles([-3]) == [(aid, b"\x01\x02", None)]
        assert store.runs()[0].counts == {"stored": 1} and store.runs()[0].finished
        counts = store.counts()
        assert (counts.articles, counts.records, counts.events, counts.reports) == (1, 2, 1, 2)


def test_find_article_by_url_hash_or_id(store_url: str) -> None:
    with open_store(store_url) as store:
        with store.transaction():
            store.add_article(article("a1", url="https://x/1"), run_id=None, marsad_version="1")
        by_url = store.find_article(doc_id="zz", url="https://x/1", sha256="other")
        by_hash = store.find_article(doc_id="zz", url=None, sha256="h-a1")
        by_id = store.find_article(doc_id="a1", url="https://y", sha256="other")
        assert (
            by_url and by_url.key == "url" and by_hash and by_hash.key == "sha256" and by_id and by_id.key == "doc_id"
        )
        assert store.find_article(doc_id="new", url="https://new", sha256="new") is None
        # keys matching two different stored articles: the URL's wins, then the text's, then the id's
        with store.transaction():
            store.add_article(article("b2", url="https://x/2"), run_id=None, marsad_version="1")
        both = store.find_article(doc_id="b2", url="https://x/1", sha256="h-b2")
        assert both and both.key == "url" and both.article.doc_id == "a1"
        text_first = store.find_article(doc_id="a1", url=None, sha256="h-b2")
        assert text_first and text_first.key == "sha256" and text_first.article.doc_id == "b2"


def test_a_failed_transaction_leaves_nothing(store_url: str) -> None:
    with open_store(store_url) as store:
        with pytest.raises(RuntimeError), store.transaction():
            aid = store.add_article(article(), run_id=None, marsad_version="1")
            store.add_records(aid, [record("e1")], counted=True, run_id=None, marsad_version="1")
            raise RuntimeError("crash between writes")
        assert store.counts().articles == 0 and store.counts().records == 0
        with pytest.raises(StoreError), store.transaction():  # a constraint: the same id twice
            store.add_article(article("b"), run_id=None, marsad_version="1")
            store.add_article(article("b", sha256="other"), run_id=None, marsad_version="1")
        assert store.counts().articles == 0


def test_a_failed_savepoint_undoes_only_its_writes(store_url: str) -> None:
    with open_store(store_url) as store:
        with store.transaction():
            with store.savepoint():
                store.add_article(article("s1"), run_id=None, marsad_version="1")
            with pytest.raises(RuntimeError), store.savepoint():
                aid = store.add_article(article("s2", sha256="h-s2"), run_id=None, marsad_version="1")
                store.add_records(aid, [record("e2")], counted=True, run_id=None, marsad_version="1")
                raise RuntimeError("a bug while storing s2")
            with pytest.raises(StoreError), store.savepoint():  # a constraint: s1's id again
                store.add_article(article("s1", sha256="h-other"), run_id=None, marsad_version="1")
            with store.savepoint():
                store.add_article(article("s3", sha256="h-s3"), run_id=None, marsad_version="1")
        assert store.counts().articles == 2 and store.counts().records == 0
        assert store.find_article(doc_id="s2", url=None, sha256=None) is None
        with store.savepoint():  # outside a transaction: one of its own, committed
            store.add_article(article("s4", sha256="h-s4"), run_id=None, marsad_version="1")
        assert store.counts().articles == 3


def test_event_queries(store_url: str) -> None:
    with open_store(store_url) as store, store.transaction():
        aid = store.add_article(article(), run_id=None, marsad_version="1")
        recs = [
            record("e1"),
            record("e2", event_date="2024-05-09", confidence=0.4),
            record("e3", event_type="Battles", location={"country": "IQ", "lat": 33.3, "lon": 44.4}),
            record("e4", event_date=None, location={"country": "SY"}),
        ]
        ids = store.add_records(aid, recs, counted=True, run_id=None, marsad_version="1")
        for rid, rec in zip(ids, recs, strict=True):
            store.save_event("ev-" + rec["event_id"], rec, [(rid, "first report")])
    with open_store(store_url, read_only=True) as store:

        def ids_of(**kw: Any) -> list[str]:
            return [e.event_id for e in store.events(EventQuery(**kw))]

        assert ids_of() == ["ev-e1", "ev-e3", "ev-e2", "ev-e4"]
        assert ids_of(date_from="2024-05-08") == ["ev-e2"]
        assert ids_of(date_to="2024-05-07") == ["ev-e1", "ev-e3"]
        assert ids_of(country="IQ") == ["ev-e3"]
        assert ids_of(event_type="Battles") == ["ev-e3"]
        assert ids_of(bbox=(33.0, 36.0, 34.0, 37.0)) == ["ev-e1", "ev-e2"]
        assert ids_of(min_confidence=0.5) == ["ev-e1", "ev-e3", "ev-e4"]
        assert ids_of(limit=1) == ["ev-e1"]
        found = store.candidate_events(country="SY", date_from="2024-05-06", date_to="2024-05-08",
                                       event_type="Explosions/Remote violence")  # fmt: skip
        assert [e.event_id for e in found] == ["ev-e1"] and found[0].reports[0].record == recs[0]


def test_supersede_drops_reports(store_url: str) -> None:
    with open_store(store_url) as store:
        run = store.start_run("ingest", "1")
        with store.transaction():
            aid = store.add_article(article(), run_id=run, marsad_version="1")
            (rid,) = store.add_records(aid, [record("e1")], counted=True, run_id=run, marsad_version="1")
            store.save_event("ev1", record("e1"), [(rid, "first report")])
        again = store.start_run("reprocess", "2")
        assert store.supersede_records(aid, again) == ["ev1"]
        ev = store.event("ev1")
        assert ev is not None and ev.reports == ()
        assert store.records(article_id=aid) == []
        old = store.records(article_id=aid, current=False)
        assert len(old) == 1 and old[0].superseded_by == again and old[0].marsad_version == "1"


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
)
keys = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=8)
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3), max_leaves=10
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda k: "\x00" not in k and k.isprintable()),
                             json_values, max_size=4),
       day=st.dates(), confidence=st.floats(0, 1))  # fmt: skip
def test_a_record_written_is_read_back_equal(
    store_url: str, extra: dict[str, Any], day: Any, confidence: float
) -> None:
    rec = {**extra, **record("e1", event_date=day.isoformat(), confidence=confidence)}
    with open_store(store_url) as store:
        with store.transaction():
            aid = store.add_article(article(f"h{os.urandom(4).hex()}", sha256=os.urandom(8).hex()),
                                    run_id=None, marsad_version="1")  # fmt: skip
            (rid,) = store.add_records(aid, [rec], counted=True, run_id=None, marsad_version="1")
            store.save_event(f"ev{rid}", rec, [(rid, "first report")])
        assert store.records(article_id=aid)[0].data == rec
        ev = store.event(f"ev{rid}")
        assert ev is not None and ev.data == rec


# --- bad databases (SQLite) ---------------------------------------------------------------


def test_missing_directory_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such directory") as err:
        open_store(str(tmp_path / "nowhere" / "x.db"))
    assert isinstance(err.value, MarsadError) and "\n" not in str(err.value)
    assert not (tmp_path / "nowhere").exists()


def test_unknown_scheme_and_sqlite_url(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown database scheme"):
        open_store("mysql://x/y")
    with open_store(f"sqlite:///{tmp_path}/u.db") as store:
        assert store.counts().articles == 0
    assert (tmp_path / "u.db").exists()


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    path = str(tmp_path / "r.db")
    open_store(path).close()
    with open_store(path, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.start_run("ingest", "1")
    with pytest.raises(StoreError, match="no such database"):
        open_store(str(tmp_path / "absent.db"), read_only=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files anyway")
def test_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    open_store(str(path)).close()
    path.chmod(0o444)
    with pytest.raises(StoreError, match="read-only"):
        open_store(str(path))


def test_read_only_file_as_root_sees_the_permission_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.db"
    open_store(str(path)).close()
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != path)
    with pytest.raises(StoreError, match=r"r\.db: database is read-only"):
        open_store(str(path))


def test_locked_database_fails_fast_and_writes_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "l.db")
    open_store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_store(path, timeout=0.2) as store:
            with pytest.raises(StoreError, match="locked by another process") as err, store.transaction():
                store.add_article(article(), run_id=None, marsad_version="1")
            assert "\n" not in str(err.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with open_store(path) as store:
        assert store.counts().articles == 0


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a marsad database"):
        open_store(str(path))


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = str(tmp_path / "n.db")
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer than this marsad"):
        open_store(path)
