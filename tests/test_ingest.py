"""Reading articles: text, folders, JSON Lines, HTML, stdin, encodings and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from marsad.errors import InputError, MarsadError
from marsad.ingest import sources
from marsad.ingest.html import html_to_article
from marsad.ingest.sources import decode_bytes, iter_articles, text_to_article
from marsad.models import Article

# sentences composed for these tests
TITLE = "اشتباكات في ريف المدينة"
BODY = "قالت مصادر محلية إن اشتباكات عنيفة دارت صباح اليوم قرب المدينة.\n\nوأضافت أن الطرق أغلقت."
ARTICLE = f"{TITLE}\n\n{BODY}\n"
DAY = dt.date(2020, 3, 4)


def collect(paths: list[str], default_date: dt.date | None = None) -> tuple[list[Article], list[InputError]]:
    errors: list[InputError] = []
    articles = list(iter_articles(paths, default_date=default_date, on_error=errors.append))
    return articles, errors


def write(path: Path, data: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return str(path)


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (InputError("corpus.jsonl", "malformed JSON (Expecting ',' delimiter)", line=17),
         "corpus.jsonl:17: malformed JSON (Expecting ',' delimiter)"),
        (InputError("x.bin", "not text (binary file)"), "x.bin: not text (binary file)"),
        (InputError("a.txt", "two\nlines"), "a.txt: two lines"),
        (MarsadError("one\n  two"), "one two"),
    ],
)  # fmt: skip
def test_error_messages_are_one_line(error: MarsadError, expected: str) -> None:
    assert str(error) == expected


# --- plain text ----------------------------------------------------------------------------


def test_text_file_title_and_body(tmp_path: Path) -> None:
    path = write(tmp_path / "report-12.txt", ARTICLE)
    articles, errors = collect([path], DAY)
    assert errors == []
    (article,) = articles
    assert article.id == "report-12"
    assert article.title == TITLE
    assert article.text == BODY
    assert article.published == DAY
    assert article.full_text == f"{TITLE}\n\n{BODY}"


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        (f"{TITLE}\n\n{BODY}", TITLE, BODY),
        (f"\n\n  {TITLE}  \n \t\n\n{BODY}\n\n", TITLE, BODY),
        (f"{TITLE}\n{BODY}", None, f"{TITLE}\n{BODY}"),  # no blank line after the first line
        (BODY.split("\n")[0], None, BODY.split("\n")[0]),  # one line only
        ("ب" * 300 + "\n\n" + BODY, None, "ب" * 300 + "\n\n" + BODY),  # too long for a title
    ],
)
def test_text_to_article_title_rule(text: str, title: str | None, body: str) -> None:
    article = text_to_article(text, "a")
    assert article.title == title
    assert article.text == body


def test_crlf_and_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "win.txt", ("\ufeff" + ARTICLE).replace("\n", "\r\n").encode("utf-8"))
    (article,), errors = collect([path])
    assert errors == []
    assert article.title == TITLE
    assert "\r" not in article.text


@pytest.mark.parametrize("encoding", ["windows-1256", "utf-16"])
def test_legacy_encodings(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "old.txt", ARTICLE.encode(encoding))
    (article,), errors = collect([path])
    assert errors == []
    assert article.title == TITLE
    assert article.text == BODY


def test_other_encoding_falls_back_to_charset_guess() -> None:
    text = decode_bytes("Le café était fermé. Très calme à Alep ce matin.".encode("cp1252"), "f.txt")
    assert "caf" in text and "Alep" in text


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\r\n  ", "empty file"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "empty file"),
        ("x.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not text (binary file)"),
        ("ctrl.txt", bytes(range(1, 9)) * 50 + "حلب".encode(), "not text (binary file)"),
        ("english.txt", b"Clashes broke out near the city this morning.\n", "no Arabic text"),
        ("empty.jsonl", b"\n\n", "empty file"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = write(tmp_path / name, data)
    articles, errors = collect([path])
    assert articles == []
    assert [str(e) for e in errors] == [f"{path}: {problem}"]
    assert not errors[0].warning


def test_missing_path(tmp_path: Path) -> None:
    path = str(tmp_path / "nope.txt")
    good = write(tmp_path / "good.txt", ARTICLE)
    articles, errors = collect([path, good])
    assert [a.id for a in articles] == ["good"]
    assert [str(e) for e in errors] == [f"{path}: no such file or directory"]


def test_too_large_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_FILE_MB", 1)
    path = write(tmp_path / "big.txt", ("ب" * 1000 + "\n") * 800)  # about 1.6 MB
    articles, errors = collect([path])
    assert articles == []
    assert [str(e) for e in errors] == [f"{path}: too large (2 MB > 1 MB limit)"]


# --- folders -------------------------------------------------------------------------------


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", ARTICLE)
    write(root / "a" / "z.md", ARTICLE)
    write(root / "a" / "deeper" / "noext", ARTICLE)
    write(root / "c.jsonl", json.dumps({"id": "j1", "text": BODY}, ensure_ascii=False) + "\n")
    write(root / ".hidden.txt", ARTICLE)
    write(root / ".git" / "x.txt", ARTICLE)
    write(root / "notes.pdf", b"%PDF-1.4")
    articles, errors = collect([str(root)])
    assert [a.id for a in articles] == ["noext", "z", "b", "j1"]
    assert [(str(e), e.warning) for e in errors] == [
        (f"{root / 'notes.pdf'}: not an article file (.pdf); skipped", True)
    ]


def test_event_records_file_in_folder_is_a_warning(tmp_path: Path) -> None:
    record = {"doc_id": "x", "event_type": "Battles", "sub_event_type": "Armed clash"}
    gold = write(tmp_path / "f" / "x.gold.jsonl", json.dumps(record) + "\n")
    write(tmp_path / "f" / "x.txt", ARTICLE)
    articles, errors = collect([str(tmp_path / "f")])
    assert [a.id for a in articles] == ["x"]
    assert [e.warning for e in errors] == [True]
    assert str(errors[0]).startswith(f"{gold}: not an article file (JSON Lines of event records")
    # named explicitly, the same file is an error
    articles, errors = collect([gold])
    assert articles == [] and [e.warning for e in errors] == [False]


# --- JSON Lines ----------------------------------------------------------------------------


def jsonl(*rows: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n"


def test_jsonl_malformed_line_in_the_middle(tmp_path: Path) -> None:
    path = write(
        tmp_path / "corpus.jsonl",
        jsonl({"id": "a1", "text": BODY}, '{"id": "a2" "text": "x"}', "", {"id": "a3", "text": BODY}),
    )
    articles, errors = collect([path])
    assert [a.id for a in articles] == ["a1", "a3"]
    assert [str(e) for e in errors] == [f"{path}:2: malformed JSON (Expecting ',' delimiter)"]
    assert errors[0].line == 2


def test_jsonl_fields(tmp_path: Path) -> None:
    row = {
        "id": 7,
        "title": TITLE,
        "text": BODY,
        "published": "2019-05-06T08:30:00Z",
        "outlet": "example.org",
        "url": "https://example.org/7",
        "extra": [1, 2],
    }
    path = write(tmp_path / "c.jsonl", jsonl(row, {"text": BODY}, {"text": BODY, "published": "2018-01-02"}))
    articles, errors = collect([path], DAY)
    assert errors == []
    first, second, third = articles
    assert first == Article(
        id="7",
        text=BODY,
        title=TITLE,
        published=dt.date(2019, 5, 6),
        outlet="example.org",
        url="https://example.org/7",
    )
    assert (second.id, second.published, second.title) == ("c:2", DAY, None)
    assert third.published == dt.date(2018, 1, 2)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"id": "x"}, 'missing "text"'),
        ({"id": "x", "text": 5}, '"text" must be a string, got a number'),
        ({"id": "x", "text": "  "}, 'empty "text"'),
        ({"id": "x", "text": BODY, "published": "12/05/2019"},
         'bad "published" date "12/05/2019" (expected YYYY-MM-DD)'),
        ({"id": "x", "text": BODY, "published": 2019}, 'bad "published" date 2019 (expected YYYY-MM-DD)'),
        ({"id": "x", "text": BODY, "title": ["a"]}, '"title" must be a string, got an array'),
        ({"id": {"a": 1}, "text": BODY}, '"id" must be a non-empty string or an integer'),
        ({"id": "x", "text": "Shelling hit the town."}, "no Arabic text"),
        ([1, 2], "expected a JSON object, got an array"),
    ],
)  # fmt: skip
def test_jsonl_bad_rows(tmp_path: Path, row: object, problem: str) -> None:
    path = write(tmp_path / "c.jsonl", jsonl({"id": "ok", "text": BODY}, row, {"id": "ok2", "text": BODY}))
    articles, errors = collect([path])
    assert [a.id for a in articles] == ["ok", "ok2"]
    assert [str(e) for e in errors] == [f"{path}:2: {problem}"]


def test_jsonl_keeps_line_separators_inside_strings(tmp_path: Path) -> None:
    path = write(tmp_path / "c.jsonl", jsonl({"id": "a", "text": "قصف\u2028مدفعي"}))
    (article,), errors = collect([path])
    assert errors == [] and article.text == "قصف\u2028مدفعي"


# --- standard input ------------------------------------------------------------------------


@pytest.mark.parametrize("binary", [True, False])
def test_stdin_text(monkeypatch: pytest.MonkeyPatch, binary: bool) -> None:
    stream = io.TextIOWrapper(io.BytesIO(ARTICLE.encode())) if binary else io.StringIO(ARTICLE)
    monkeypatch.setattr(sys, "stdin", stream)
    (article,), errors = collect(["-"], DAY)
    assert errors == []
    assert (article.id, article.title, article.text, article.published) == ("stdin", TITLE, BODY, DAY)


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "\n  " + jsonl({"id": "s1", "text": BODY}, "{oops", {"text": BODY})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    articles, errors = collect(["-"])
    assert [a.id for a in articles] == ["s1", "stdin:4"]
    assert [str(e) for e in errors] == [
        "<stdin>:3: malformed JSON (Expecting property name enclosed in double quotes)"
    ]


@pytest.mark.parametrize(("data", "problem"), [("", "empty file"), ("No Arabic here.", "no Arabic text")])
def test_stdin_errors(monkeypatch: pytest.MonkeyPatch, data: str, problem: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(data))
    articles, errors = collect(["-"])
    assert articles == []
    assert [str(e) for e in errors] == [f"<stdin>: {problem}"]


# --- HTML ----------------------------------------------------------------------------------

PAGE = f"""<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{TITLE} | موقع تجريبي</title>
<meta property="og:site_name" content="موقع تجريبي">
<meta property="article:published_time" content="2021-07-08T10:00:00+03:00">
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/news">أخبار</a></nav>
<article><h1>{TITLE}</h1>
<p>قالت مصادر محلية إن اشتباكات عنيفة دارت صباح اليوم قرب المدينة بين مجموعتين مسلحتين، واستمرت عدة ساعات.</p>
<p>وأضافت المصادر أن الطرق المؤدية إلى المدينة أغلقت بالكامل، وأن السكان لزموا منازلهم حتى المساء.</p>
</article>
<footer>جميع الحقوق محفوظة</footer>
</body></html>
"""


def test_html_to_article() -> None:
    article = html_to_article(PAGE, "page-1", default_date=DAY)
    assert article.id == "page-1"
    assert article.title is not None and TITLE in article.title
    assert article.text.startswith("قالت مصادر محلية")
    assert "وأضافت المصادر" in article.text
    assert "الحقوق" not in article.text and "الرئيسية" not in article.text
    assert article.published == dt.date(2021, 7, 8)
    assert article.outlet == "موقع تجريبي"


def test_html_file_and_empty_page(tmp_path: Path) -> None:
    page = write(tmp_path / "p.html", PAGE)
    empty = write(
        tmp_path / "e.htm", "<html><head><title>t</title></head><body><script>var a;</script></body></html>"
    )
    articles, errors = collect([page, empty])
    assert [a.id for a in articles] == ["p"]
    assert [str(e) for e in errors] == [f"{empty}: no article text found in HTML"]


def test_input_error_without_path() -> None:
    error = InputError('bad "published" date')
    assert (str(error), error.path, error.line) == ('bad "published" date', None, None)
