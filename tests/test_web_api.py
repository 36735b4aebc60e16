"""The HTTP API (marsad.web.app) through FastAPI's test client, over a small SQLite store filled
by marsad.api.ingest from Arabic articles written for these tests."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

from marsad import api
from marsad.errors import MarsadError
from marsad.web.app import create_app
from marsad.web.data import fast_fold
from marsad.web.security import CSP, is_local, post_policy
from marsad.web.spans import record_spans

ARTICLES = [
    {"id": "w1", "title": "غارات جوية على ريف إدلب", "published": "2024-05-07", "outlet": "Al Jazeera",
     "url": "https://example.org/w1",
     "text": "قال المرصد السوري لحقوق الإنسان إن طائرات النظام السوري شنت صباح اليوم غارات على بلدة كفرنبل في "
             "ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين وإصابة خمسة آخرين."},
    {"id": "w2", "title": "قصف على كفرنبل", "published": "2024-05-07", "outlet": "Enab Baladi",
     "url": "https://example.org/w2",
     "text": "أفادت مصادر محلية بأن الطيران الحربي التابع للنظام قصف بلدة كفرنبل جنوبي إدلب اليوم، وأسفر القصف عن "
             "مقتل ثلاثة مدنيين بينهم امرأة."},
    {"id": "w3", "title": "اشتباكات في محافظة مأرب", "published": "2024-06-02", "outlet": "Al Masirah",
     "url": "https://example.org/w3",
     "text": "اندلعت أمس اشتباكات عنيفة بين قوات الحكومة اليمنية ومسلحي جماعة الحوثي في مديرية صرواح غربي مدينة "
             "مأرب، وأسفرت عن مقتل سبعة مقاتلين من الطرفين، بحسب مصادر عسكرية."},
    {"id": "w4", "title": "تظاهرة في الخرطوم", "published": "2024-07-10", "outlet": "Sudan Tribune",
     "url": "https://example.org/w4",
     "text": "خرج مئات المتظاهرين اليوم في شوارع مدينة الخرطوم احتجاجا على ارتفاع الأسعار، ورفعوا لافتات تطالب "
             "بتحسين الأوضاع المعيشية. <script>alert(1)</script>"},
    {"id": "w5", "title": "انفجار عبوة ناسفة في بغداد", "published": "2024-08-15", "outlet": "Rudaw",
     "url": "https://example.org/w5",
     "text": "قالت الشرطة العراقية إن عبوة ناسفة انفجرت مساء اليوم قرب سوق شعبي في منطقة الشعلة شمال غربي بغداد، "
             "ما أسفر عن مقتل شخصين وإصابة أربعة آخرين."},
]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("web")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    path = folder / "web.db"
    summary = api.ingest([str(corpus)], str(path))
    assert summary.ok
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> TestClient:
    return TestClient(create_app(db))


@pytest.fixture(scope="module")
def events(client: TestClient) -> list[dict[str, Any]]:
    body = client.get("/api/events", params={"limit": 1000}).json()
    assert body["total"] == len(body["events"]) >= 4
    return list(body["events"])


def _event_of(events: list[dict[str, Any]], doc_id: str) -> dict[str, Any]:
    return next(e for e in events if doc_id in (e.get("doc_ids") or [e.get("doc_id")]))


def _field(response: Any) -> list[Any]:
    return [tuple(d["loc"]) for d in response.json()["detail"]]


# --- /api/events ------------------------------------------------------------------------------


def test_events_page_shape_and_order(client: TestClient, events: list[dict[str, Any]]) -> None:
    body = client.get("/api/events").json()
    assert set(body) == {"total", "offset", "limit", "events"}
    assert body["offset"] == 0 and body["limit"] == 50
    dates = [e["event_date"] for e in events]
    assert dates == sorted(dates)
    merged = _event_of(events, "w1")
    assert set(merged["doc_ids"]) == {"w1", "w2"}  # two articles, one event


def test_pagination(client: TestClient, events: list[dict[str, Any]]) -> None:
    ids = [e["event_id"] for e in events]
    pages = [client.get("/api/events", params={"limit": 2, "offset": k}).json() for k in range(0, len(ids), 2)]
    assert [e["event_id"] for p in pages for e in p["events"]] == ids
    assert all(p["total"] == len(ids) for p in pages)
    beyond = client.get("/api/events", params={"offset": 100}).json()
    assert beyond["events"] == [] and beyond["total"] == len(ids)


@pytest.mark.parametrize(
    ("params", "docs"),
    [
        ({"country": "SY"}, {"w1"}),
        ({"country": "Yemen"}, {"w3"}),
        ({"country": "IRQ"}, {"w5"}),
        ({"type": "battles"}, {"w3"}),
        ({"from": "2024-06-01", "to": "2024-07-31"}, {"w3", "w4"}),
        ({"actor": "الحوثي"}, {"w3"}),
        ({"actor": "military forces of syria"}, {"w1"}),
        ({"near": "35.6,36.56,15"}, {"w1"}),
        ({"bbox": "44,33,45,34"}, {"w5"}),
        ({"q": "كفرنبل"}, {"w1"}),
        ({"q": "الخرطوم الاسعار"}, {"w4"}),  # every word, Arabic normalized: الأسعار
        ({"q": "كفرنبل الخرطوم"}, set()),
    ],
)
def test_filters(client: TestClient, params: dict[str, str], docs: set[str]) -> None:
    body = client.get("/api/events", params=params).json()
    found = {d for e in body["events"] for d in (e.get("doc_ids") or [e["doc_id"]])} - {"w2"}
    assert found == docs
    assert body["total"] == len(body["events"])


def test_min_confidence(client: TestClient, events: list[dict[str, Any]]) -> None:
    cut = sorted(e["confidence"] for e in events)[len(events) // 2]
    body = client.get("/api/events", params={"min_confidence": cut}).json()
    assert body["total"] == sum(e["confidence"] >= cut for e in events)


def test_geojson(client: TestClient, events: list[dict[str, Any]]) -> None:
    response = client.get("/api/events", params={"format": "geojson", "country": "SY"})
    assert response.status_code == 200
    collection = response.json()
    assert collection["type"] == "FeatureCollection" and collection["total"] == 1
    (feature,) = collection["features"]
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert 35 < lat < 36 and 36 < lon < 37
    assert feature["properties"]["event_id"] == feature["id"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2024-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"near": "36.2,37.1"}, "near"),
        ({"near": "95,37,10"}, "near"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "40,35,30,30"}, "bbox"),
        ({"country": "Atlantis"}, "country"),
        ({"type": "picnic"}, "type"),
        ({"min_confidence": "2"}, "min_confidence"),
        ({"limit": "5000"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"format": "xml"}, "format"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(client: TestClient, params: dict[str, str], field: str) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert ("query", field) in _field(response)
    if field not in ("limit", "offset", "format"):
        assert client.get("/api/stats", params=params).status_code == 422


# --- /api/events/{id} and /api/articles/{doc_id} ------------------------------------------------


def test_event_detail(client: TestClient, events: list[dict[str, Any]]) -> None:
    merged = _event_of(events, "w1")
    body = client.get(f"/api/events/{merged['event_id']}").json()
    assert body["event"] == merged
    reports = body["reports"]
    assert {r["doc_id"] for r in reports} == {"w1", "w2"}
    assert reports[0]["reason"] == "first report"
    for report in reports:
        assert set(report) == {"record_id", "article_id", "doc_id", "outlet", "published", "reason", "record"}
        assert report["published"] == "2024-05-07" and isinstance(report["article_id"], int)
    assert {r["outlet"] for r in reports} == {"Al Jazeera", "Enab Baladi"}


def test_event_by_acled_id(client: TestClient, events: list[dict[str, Any]]) -> None:
    merged = _event_of(events, "w1")
    assert client.get(f"/api/events/SYR-{merged['event_id']}").status_code == 200


def test_unknown_ids_are_404(client: TestClient) -> None:
    for path in ("/api/events/m-0000000000000000", "/api/articles/nope", "/api/nothing-here"):
        response = client.get(path)
        assert response.status_code == 404
        assert isinstance(response.json()["detail"], str)


def test_article_with_spans(client: TestClient) -> None:
    body = client.get("/api/articles/w1").json()
    assert body["full_text"] == body["title"] + "\n\n" + body["text"]
    assert body["outlet"] == "Al Jazeera" and body["published"] == "2024-05-07"
    assert body["records"]
    fields = {s["field"] for s in body["spans"]}
    assert {"evidence", "location", "actor1", "fatalities", "injured", "source"} <= fields
    for span in body["spans"]:
        assert body["full_text"][span["start"] : span["end"]] == span["text"]
    words = {s["field"]: s["text"] for s in body["spans"]}
    assert words["location"] == "كفرنبل" and words["source"] == "المرصد السوري لحقوق الإنسان"
    evidence = next(s for s in body["spans"] if s["field"] == "evidence")
    inside = [s for s in body["spans"] if s["field"] in ("location", "fatalities")]
    assert all(evidence["start"] <= s["start"] and s["end"] <= evidence["end"] for s in inside)


def test_script_in_article_comes_back_as_json_text(client: TestClient) -> None:
    response = client.get("/api/articles/w4")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.json()["text"].endswith("<script>alert(1)</script>")


def test_spans_fall_back_to_normalized_words() -> None:
    text = "قصفت طائرات النظام مدينة إدلب"
    record = {"event_id": "x", "evidence": {"text": text, "start": 0, "end": len(text)},
              "location": {"name_ar": "ادلب"}, "actor1": {"name_ar": "غير موجود"}}  # fmt: skip
    spans = record_spans(record, text)
    assert [(s["field"], s["text"]) for s in spans] == [("evidence", text), ("location", "إدلب")]


# --- /api/stats ---------------------------------------------------------------------------------


def test_stats(client: TestClient, events: list[dict[str, Any]]) -> None:
    body = client.get("/api/stats").json()
    assert set(body) == {"by_day", "by_type", "by_country", "by_actor"}
    assert sum(d["events"] for d in body["by_day"]) == sum(1 for e in events if e["event_date"])
    assert sum(d["fatalities"] for d in body["by_country"]) == sum(
        (e["fatalities"] or {}).get("best") or 0 for e in events
    )
    assert [d["date"] for d in body["by_day"]] == sorted(d["date"] for d in body["by_day"])
    assert {d["country"] for d in body["by_country"]} >= {"SY", "YE", "SD", "IQ"}
    assert len(body["by_actor"]) <= 20 and all(d["actor"] for d in body["by_actor"])
    yemen = client.get("/api/stats", params={"country": "YE"}).json()
    assert [d["country"] for d in yemen["by_country"]] == ["YE"]
    texted = client.get("/api/stats", params={"q": "كفرنبل"}).json()
    assert [d["country"] for d in texted["by_country"]] == ["SY"]
    assert texted["by_country"][0]["fatalities"] == 3


# --- /api/extract -------------------------------------------------------------------------------


def test_extract(client: TestClient) -> None:
    text = "قصفت طائرات النظام مدينة دوما أمس ما أدى إلى مقتل خمسة مدنيين"
    response = client.post("/api/extract", json={"text": text, "title": "قصف على دوما", "published": "2016-12-12"})
    assert response.status_code == 200
    body = response.json()
    assert body["full_text"] == "قصف على دوما\n\n" + text
    assert body["records"] and body["records"][0]["event_date"] == "2016-12-11"
    assert {"evidence", "location", "actor1"} <= {s["field"] for s in body["spans"]}
    for span in body["spans"]:
        assert body["full_text"][span["start"] : span["end"]] == span["text"]
    assert client.get("/api/events").json()["total"] == 4  # nothing stored


def test_extract_bad_input(client: TestClient) -> None:
    assert ("body", "text") in _field(client.post("/api/extract", json={"text": "no Arabic here"}))
    assert ("body", "published") in _field(client.post("/api/extract", json={"text": "قصف", "published": "soon"}))
    assert ("body", "text") in _field(client.post("/api/extract", json={"title": "قصف"}))
    assert client.post("/api/extract", content=b"{not json", headers={"content-type": "application/json"}
                       ).status_code == 422  # fmt: skip


def test_body_over_the_limit_is_413(client: TestClient) -> None:
    response = client.post("/api/extract", json={"text": "قصف " * 300_000})
    assert response.status_code == 413
    assert response.headers["content-security-policy"] == CSP

    def chunks() -> Any:  # no Content-Length: the limit holds as the body arrives
        for _ in range(30):
            yield b"x" * 50_000

    assert client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"}
                       ).status_code == 413  # fmt: skip


# --- safety and start-up ------------------------------------------------------------------------


def test_post_needs_the_key_beyond_this_machine(db: str) -> None:
    text = {"text": "قصفت طائرات النظام مدينة دوما"}
    assert is_local("127.0.0.1") and is_local("localhost") and is_local("::1")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.5")
    key, allowed = post_policy("0.0.0.0", None)
    closed = TestClient(create_app(db, api_key=key, allow_post=allowed))
    response = closed.post("/api/extract", json=text)
    assert response.status_code == 403 and "API key" in response.json()["detail"]
    assert closed.get("/api/events").status_code == 200  # reads stay open
    assert closed.get("/api/health").json()["post"] == "disabled"
    key, allowed = post_policy("0.0.0.0", "s3cret")
    keyed = TestClient(create_app(db, api_key=key, allow_post=allowed))
    assert keyed.post("/api/extract", json=text).status_code == 403
    assert keyed.post("/api/extract", json=text, headers={"X-API-Key": "wrong"}).status_code == 403
    assert keyed.post("/api/extract", json=text, headers={"X-API-Key": "s3cret"}).status_code == 200
    assert post_policy("127.0.0.1", None) == (None, True)


def test_health_and_openapi(client: TestClient) -> None:
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["events"] == 4 and health["post"] == "open"
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/articles/{doc_id}", "/api/stats", "/api/extract",
            "/api/health"} <= set(schema["paths"])  # fmt: skip
    docs = client.get("/docs")
    assert docs.status_code == 200 and "content-security-policy" in docs.headers


def test_bad_databases_fail_at_start_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(MarsadError, match="no such database"):
        create_app(str(missing))
    assert not missing.exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(MarsadError) as caught:
        create_app(str(junk))
    assert "\n" not in str(caught.value)
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(MarsadError, match="schema version"):
        create_app(str(foreign))


def test_new_events_appear_without_a_restart(tmp_path: Path) -> None:
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps(ARTICLES[2], ensure_ascii=False) + "\n", encoding="utf-8")
    path = str(tmp_path / "live.db")
    api.ingest([str(corpus)], path)
    app = create_app(path)
    reader = app.state.reader
    assert reader.count() == 1
    corpus.write_text(json.dumps(ARTICLES[4], ensure_ascii=False) + "\n", encoding="utf-8")
    api.ingest([str(corpus)], path)
    reader.refresh()  # what the background thread does every two seconds
    client = TestClient(app)
    assert client.get("/api/events", params={"q": "بغداد"}).json()["total"] == 1
    reader.close()


def test_fast_fold_is_fold() -> None:
    from marsad.query import fold

    for text in ("الأمريكي إلى مدرسةٍ", "ﻻ  تطبيع", "Houthi  MOVEMENT", "قـــصف\u200f ١٢"):
        assert fast_fold(text) == fold(text)


def test_export_the_current_filter(client: TestClient) -> None:
    import csv
    import io

    r = client.get("/api/export", params={"format": "acled-csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:3] == ["event_id_cnty", "event_date", "year"]
    assert len(rows) - 1 == int(r.headers["x-total-count"])
    g = client.get("/api/export", params={"format": "geojson", "type": "Battles"})
    assert g.status_code == 200 and g.json()["type"] == "FeatureCollection"
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422


def test_a_locked_database_is_said_so_at_start(tmp_path: Path) -> None:
    import sqlite3

    from marsad.storage import open_store

    db = tmp_path / "locked.db"
    store = open_store(str(db))
    store.close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(MarsadError, match=r"locked by another process.*nothing could be read"):
            create_app(str(db))
    finally:
        holder.rollback()
        holder.close()
