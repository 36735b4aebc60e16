"""The public API: ``marsad.extract`` never crashes on any text; ``marsad.extract_many`` keeps order."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import marsad
from marsad.models import Article, Event

ARABIC_ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئىة"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"  # diacritics and tatweel
    "٠١٢٣٤٥٦٧٨٩0123456789"
    ' \n،؛.:!؟-()«»"\u200c\u200f\u00a0'
)
WORDS = [
    "قصفت",
    "طائرات",
    "النظام",
    "مدينة",
    "حلب",
    "مقتل",
    "5",
    "مدنيين",
    "أمس",
    "لم",
    "قتيلا",
    "ألفا",
    "نحو",
    "اشتباكات",
    "بين",
    "و",
    "في",
    "قرى",
    "حيش",
    "كفريا",
    "غزة",
    "الحوثيين",
    "التحالف",
    "،",
    ".",
    "\n\n",
    "أكثر من",
    "عشرات",
    "جرحى",
    "دون",
    "وقوع",
    "إصابات",
    "يوم",
    "الجمعة",
    "ستقصف",
    "نفى",
]

TEXT_A = "قصفت طائرات النظام مدينة دوما أمس، ما أدى إلى مقتل أربعة مدنيين."
TEXT_B = "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في مدينة درعا."
TEXT_C = "شنت طائرات التحالف غارات على مواقع الحوثيين في مدينة صعدة."


def check(events: object) -> None:
    assert isinstance(events, list)
    for e in events:
        assert isinstance(e, Event)
        e.to_dict()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_random_unicode(text: str) -> None:
    check(marsad.extract(text, published="2024-05-07"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ARABIC_ALPHABET, max_size=300))
def test_random_arabic_letters(text: str) -> None:
    check(marsad.extract(text, published="2024-05-07"))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=40),
    st.one_of(st.none(), st.text(alphabet=ARABIC_ALPHABET, max_size=40)),
)
def test_random_arabic_words(words: list[str], title: str | None) -> None:
    text = " ".join(words)
    events = marsad.extract(text, published="2024-05-07", title=title)
    check(events)
    original = f"{title}\n\n{text}" if title else text
    for e in events:
        assert e.evidence.text == original[e.evidence.start : e.evidence.end]


def test_extract_returns_events() -> None:
    events = marsad.extract(TEXT_A, published="2024-05-07")
    check(events)
    assert events


def test_published_as_date_object() -> None:
    a = marsad.extract(TEXT_A, published=dt.date(2024, 5, 7), doc_id="x")
    b = marsad.extract(TEXT_A, published="2024-05-07", doc_id="x")
    assert [e.to_dict() for e in a] == [e.to_dict() for e in b]


def test_bad_published_date_raises_input_error() -> None:
    with pytest.raises(marsad.InputError):
        marsad.extract(TEXT_A, published="07/05/2024")


def test_doc_id_is_kept() -> None:
    events = marsad.extract(TEXT_A, published="2024-05-07", doc_id="article-1")
    assert events
    assert all(e.doc_id == "article-1" for e in events)


def test_extract_many_keeps_input_order() -> None:
    items = [
        {"id": "c", "text": TEXT_C, "published": "2024-05-07"},
        {"id": "a", "text": TEXT_A, "published": "2024-05-07"},
        {"id": "empty", "text": "لا جديد اليوم.", "published": "2024-05-07"},
        {"id": "b", "text": TEXT_B, "published": "2024-05-07"},
    ]
    events = list(marsad.extract_many(items))
    doc_ids = [e.doc_id for e in events]
    assert doc_ids == sorted(doc_ids, key=["c", "a", "b"].index)
    assert set(doc_ids) == {"a", "b", "c"}
    # the same records as one call per article
    single = [
        e for it in items for e in marsad.extract(it["text"], published=it["published"], doc_id=it["id"])
    ]
    assert [e.to_dict() for e in events] == [e.to_dict() for e in single]


def test_extract_many_accepts_articles() -> None:
    arts = [
        Article(id="2", text=TEXT_B, published=dt.date(2024, 5, 7)),
        Article(id="1", text=TEXT_A, published=dt.date(2024, 5, 7)),
    ]
    doc_ids = [e.doc_id for e in marsad.extract_many(arts)]
    assert doc_ids
    assert doc_ids == sorted(doc_ids, key=["2", "1"].index)


def test_extract_many_is_lazy() -> None:
    def gen() -> Iterator[dict[str, str]]:
        yield {"id": "a", "text": TEXT_A, "published": "2024-05-07"}
        raise AssertionError("read past the first article")

    it = marsad.extract_many(gen())
    assert next(it).doc_id == "a"


def test_extract_many_reports_an_item_without_text_as_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="marsad"):
        assert list(marsad.extract_many([{"id": "x", "title": "عنوان"}])) == []
    assert "x: article has no 'text'" in caplog.text


def test_extract_many_reports_a_bad_article_and_goes_on() -> None:
    from marsad import MarsadError, extract_many

    errors: list[tuple[str, MarsadError]] = []
    items = [
        {"id": "a", "text": "قصفت طائرات حربية مدينة حلب أمس.", "published": "2024-05-07"},
        {"id": "b", "text": "نص", "published": "not a date"},
        {"id": "c"},
        {"id": "d", "text": "اندلعت اشتباكات عنيفة في مدينة درعا أمس.", "published": "2024-05-07"},
    ]
    got = list(extract_many(items, on_error=lambda ident, err: errors.append((ident, err))))
    assert [i for i, _ in errors] == ["b", "c"]
    assert all("\n" not in str(e) for _, e in errors)
    assert {e.doc_id for e in got} <= {"a", "d"}
    assert "a" in {e.doc_id for e in got}


def test_to_dataframe_flattens_records() -> None:
    pd = pytest.importorskip("pandas")
    from marsad import extract, to_dataframe

    frame = to_dataframe(extract("قصفت طائرات حربية مدينة حلب أمس.", published="2024-05-07", min_confidence=0))
    assert isinstance(frame, pd.DataFrame)
    assert {"event_type", "location.lat", "actor1.name"} <= set(frame.columns)


def test_the_article_url_reaches_every_record() -> None:
    from marsad import extract

    events = extract("قصفت طائرات حربية مدينة حلب أمس.", published="2024-05-07", url="https://example.org/a1",
                     min_confidence=0)
    assert events and all(e.url == "https://example.org/a1" for e in events)
    assert events[0].to_dict()["url"] == "https://example.org/a1"


def test_ingest_events_and_export_from_python(tmp_path: Path) -> None:
    import csv

    from marsad import api

    corpus = tmp_path / "c.jsonl"
    rows = [{"id": "a1", "text": "قصفت طائرات حربية مدينة حلب أمس، ما أدى إلى مقتل خمسة مدنيين.",
             "published": "2024-05-07", "outlet": "وكالة"},
            {"id": "a2", "text": "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في مدينة درعا أمس.",
             "published": "2024-05-07"}]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    db = str(tmp_path / "m.db")
    summary = api.ingest([str(corpus)], db)
    assert summary.ok
    found = api.events(db)
    assert found and all("event_type" in e for e in found)
    out = tmp_path / "x.csv"
    assert api.export(str(out), "acled-csv", db) == len(found)
    with out.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:3] == ["event_id_cnty", "event_date", "year"]
    with pytest.raises(marsad.MarsadError, match="unknown export format"):
        api.export(str(out), "xlsx", db)
