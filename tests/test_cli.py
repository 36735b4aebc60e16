"""The command line, with a stand-in for the extraction library (one hand-built event per article)."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from marsad import api, cli
from marsad.models import Actor, Article, Count, Event, Evidence, Location, Source
from marsad.output import display_width, truncate, visual_order, write_json, write_jsonl, write_table

PLACE_AR = "دير الزور"
BODY = "قالت مصادر محلية إن قصفا مدفعيا استهدف أطراف المدينة صباح اليوم."


def make_event(article: Article, n: int = 0) -> Event:
    return Event(
        event_id=f"{article.id}-{n}",
        doc_id=article.id,
        event_date=article.published,
        time_precision=1,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1=Actor("Military Forces of Syria", 1, "قوات النظام"),
        actor2=Actor("Civilians (Syria)", 7, "مدنيين"),
        location=Location(name_ar=PLACE_AR, name="Deir ez-Zor", country="SY", geo_precision=1),
        fatalities=Count(best=3, low=3, high=3, approximate=True, text="ثلاثة"),
        evidence=Evidence(text=article.text[:10], start=0, end=10),
        sources=(Source("مصادر محلية", "Local sources", "local"),),
        notes="Shelling.",
    )


def fake_extract(article: Article) -> list[Event]:
    if "انهيار" in article.text:
        raise ValueError("something\nbroke")
    return [make_event(article)]


def use_extractor(monkeypatch: pytest.MonkeyPatch, fn: Callable[[Article], list[Event]]) -> None:
    """Patch marsad.pipeline.extract_article, creating a stand-in module while it does not exist."""
    try:
        import marsad.pipeline as pipeline
    except ImportError:
        pipeline = types.ModuleType("marsad.pipeline")
        monkeypatch.setitem(sys.modules, "marsad.pipeline", pipeline)
    monkeypatch.setattr(pipeline, "extract_article", fn, raising=False)


@pytest.fixture(autouse=True)
def _fake(monkeypatch: pytest.MonkeyPatch) -> None:
    use_extractor(monkeypatch, fake_extract)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, list[str]]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def records(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def article_file(folder: Path, name: str, text: str = BODY) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"عنوان الخبر\n\n{text}\n", encoding="utf-8")
    return str(path)


def corpus(folder: Path, ids: list[str], bad_line: int | None = None) -> str:
    lines = [json.dumps({"id": i, "text": BODY}, ensure_ascii=False) for i in ids]
    if bad_line is not None:
        lines.insert(bad_line - 1, '{"id": "broken", "text": ')
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


# --- success -------------------------------------------------------------------------------


def test_extract_jsonl_default_when_piped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = article_file(tmp_path, "000_abc.txt")
    code, out, err = run(capsys, "extract", path, "--date", "2016-12-13")
    assert (code, err) == (0, [])
    (record,) = records(out)
    assert record["doc_id"] == "000_abc"
    assert record["event_date"] == "2016-12-13"
    assert PLACE_AR in out  # ensure_ascii=False


def test_extract_json_array(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus(tmp_path, ["a", "b"])
    code, out, _ = run(capsys, "extract", path, "--format", "json")
    assert code == 0
    assert [r["doc_id"] for r in json.loads(out)] == ["a", "b"]


def test_extract_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = article_file(tmp_path, "a.txt")
    code, out, _ = run(capsys, "extract", path, "--format", "table")
    assert code == 0
    header, _rule, row = out.splitlines()
    assert header.split()[:4] == ["doc", "date", "type", "actors"]
    assert PLACE_AR in row and "Deir ez-Zor" in row and "~3" in row and "Local sources" in row


def test_folder_with_nested_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article_file(tmp_path / "in", "b.txt")
    article_file(tmp_path / "in" / "a", "c.txt")
    article_file(tmp_path / "in" / "a", "b.md")
    code, out, err = run(capsys, "extract", str(tmp_path / "in"))
    assert (code, err) == (0, [])
    assert [r["doc_id"] for r in records(out)] == ["b", "c", "b"]


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BODY.encode())))
    code, out, err = run(capsys, "extract", "-", "--date", "2020-01-02")
    assert (code, err) == (0, [])
    assert [(r["doc_id"], r["event_date"]) for r in records(out)] == [("stdin", "2020-01-02")]


@pytest.mark.parametrize("start_method", [None, "spawn"])
def test_workers_keep_input_order(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    start_method: str | None,
) -> None:
    monkeypatch.setattr(api, "START_METHOD", start_method)
    ids = [f"doc{i:02d}" for i in range(37)]
    path = corpus(tmp_path, ids, bad_line=20)
    code, out, err = run(capsys, "extract", path, "--workers", "2")
    assert [r["doc_id"] for r in records(out)] == ids
    assert code == 1
    assert err == [
        f"marsad: {path}:20: malformed JSON (Expecting value)",
        "marsad: 1 of 38 articles could not be read (see above)",
    ]


def test_output_file_is_written_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    code, out, _ = run(capsys, "extract", article_file(tmp_path, "a.txt"), "--output", str(target))
    assert (code, out) == (0, "")
    assert [r["doc_id"] for r in records(target.read_text(encoding="utf-8"))] == ["a"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "out.jsonl"]  # no temp file left


def test_output_file_keeps_old_content_on_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(article: Article) -> list[Event]:
        raise KeyboardInterrupt

    use_extractor(monkeypatch, crash)
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    code, _, err = run(capsys, "extract", article_file(tmp_path, "a.txt"), "-o", str(target))
    assert (code, err) == (130, ["marsad: interrupted"])
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "out.jsonl"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("marsad ")


# --- failures ------------------------------------------------------------------------------


def test_malformed_line_others_processed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus(tmp_path, ["a", "b"], bad_line=2)
    code, out, err = run(capsys, "extract", path)
    assert code == 1
    assert [r["doc_id"] for r in records(out)] == ["a", "b"]
    assert err == [
        f"marsad: {path}:2: malformed JSON (Expecting value)",
        "marsad: 1 of 3 articles could not be read (see above)",
    ]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("english.txt", b"Shelling hit the outskirts of the city.", "no Arabic text"),
        ("empty.txt", b"", "empty file"),
        ("x.bin", b"\x7fELF\x02\x01\x01\x00\x00\x00", "not text (binary file)"),
        ("old.txt", None, None),  # windows-1256: read fine
    ],
)
def test_bad_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None, problem: str | None
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content if content is not None else f"عنوان\n\n{BODY}".encode("windows-1256"))
    good = article_file(tmp_path, "good.txt")
    code, out, err = run(capsys, "extract", str(bad), good)
    if problem is None:
        assert (code, err) == (0, [])
        assert [r["doc_id"] for r in records(out)] == ["old", "good"]
    else:
        assert code == 1
        assert [r["doc_id"] for r in records(out)] == ["good"]
        assert err == [f"marsad: {bad}: {problem}", "marsad: 1 of 2 articles could not be read (see above)"]


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "extract", str(tmp_path / "nope.txt"))
    assert (code, out) == (1, "")
    assert err == [
        f"marsad: {tmp_path / 'nope.txt'}: no such file or directory",
        "marsad: 1 of 1 articles could not be read (see above)",
    ]


def test_internal_error_is_reported_and_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crashing = article_file(tmp_path, "crash.txt", text="انهيار مبنى في المدينة.")
    code, out, err = run(capsys, "extract", crashing, article_file(tmp_path, "fine.txt"))
    assert code == 1
    assert [r["doc_id"] for r in records(out)] == ["fine"]
    assert err == [
        "marsad: crash: internal error: ValueError: something broke",
        "marsad: 1 of 2 articles could not be processed (see above)",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["extract", "a.txt", "--format", "xml"], "argument --format: invalid choice"),
        (["extract", "a.txt", "--date", "13/12/2016"], "invalid date '13/12/2016'"),
        (["extract", "a.txt", "--workers", "0"], "invalid number '0'"),
        (["extract"], "the following arguments are required: PATH"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "missing command"),
        (["extract", "a.txt", "--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert len(err) == 1 and err[0].startswith("marsad: ") and message in err[0]


def test_unwritable_output_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "extract", article_file(tmp_path, "a.txt"), "-o", str(tmp_path / "no" / "x"))
    assert code == 2 and len(err) == 1 and "cannot write" in err[0]


# --- output module -------------------------------------------------------------------------


def test_write_json_and_jsonl_empty_and_full() -> None:
    event = make_event(Article(id="a", text=BODY, published=dt.date(2016, 12, 12)))
    for events, expected in (([], []), ([event, event], [event.to_dict()] * 2)):
        fh = io.StringIO()
        assert write_json(events, fh) == len(expected)
        assert json.loads(fh.getvalue()) == expected
        fh = io.StringIO()
        assert write_jsonl(events, fh) == len(expected)
        assert [json.loads(line) for line in fh.getvalue().splitlines()] == expected


def test_table_visual_order_and_width() -> None:
    event = make_event(Article(id="a", text=BODY, published=dt.date(2016, 12, 12)))
    fh = io.StringIO()
    write_table([event], fh, 60, visual=True)
    lines = fh.getvalue().splitlines()
    assert all(display_width(line) <= 60 for line in lines)
    fh = io.StringIO()
    write_table([event], fh, None, visual=True)
    assert PLACE_AR[::-1] in fh.getvalue()
    fh = io.StringIO()
    write_table([], fh)
    assert fh.getvalue() == "(no events)\n"


@pytest.mark.parametrize(
    ("logical", "visual"),
    [
        ("abc", "abc"),
        ("حلب", "بلح"),
        ("قتل 79 شخصا", "اصخش 79 لتق"),
        ("Aleppo حلب", "Aleppo بلح"),
        ("حلب (Aleppo) 2016", "2016 (Aleppo) بلح"),
        ("(حلب)", "(بلح)"),
        ("قُتِل", "لتِقُ"),  # marks stay on their letter
    ],
)
def test_visual_order(logical: str, visual: str) -> None:
    assert visual_order(logical) == visual


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [("حلب", 3, "حلب"), ("abcdef", 4, "abc…"), ("中文字", 5, "中文…"), ("قُتِل", 3, "قُتِل")],
)
def test_truncate_and_width(text: str, width: int, expected: str) -> None:
    assert truncate(text, width) == expected
    assert display_width(expected) <= width


def test_output_onto_an_input_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus(tmp_path, ["doc1", "doc2"])
    before = Path(path).read_bytes()
    code, _out, err = run(capsys, "extract", path, "-o", path)
    assert code == 2
    assert err == [f"marsad: {path}: refusing to write over the input {path}"]
    assert Path(path).read_bytes() == before


def test_output_inside_an_input_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("قصفت طائرات حربية مدينة حلب أمس.", encoding="utf-8")
    code, _, err = run(capsys, "extract", str(tmp_path), "-o", str(tmp_path / "out.jsonl"))
    assert code == 2 and "refusing to write over the input" in err[0]
    assert not (tmp_path / "out.jsonl").exists()


def test_the_table_shows_the_article() -> None:
    event = make_event(Article(id="article-7", text=BODY, published=dt.date(2016, 12, 12)))
    fh = io.StringIO()
    write_table([event], fh)
    header, _, row = fh.getvalue().splitlines()[:3]
    assert header.startswith("doc") and row.startswith("article-7")
