"""``marsad events``, ``export`` and ``show`` through :func:`marsad.cli_query.add_commands`, on a
parser built here the way ``marsad.cli`` builds its own (argparse errors → UsageError → exit 2;
other MarsadErrors → exit 1)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import pytest

from marsad import cli_query, export
from marsad.errors import MarsadError, UsageError
from marsad.storage import open_store
from test_query import fill


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def main(argv: list[str]) -> int:
    parser = Parser(prog="marsad")
    cli_query.add_commands(parser.add_subparsers(dest="command", parser_class=Parser))
    try:
        args = parser.parse_args(argv)
        code: int = args.run(args)
        return code
    except UsageError as err:
        print(f"marsad: {err}", file=sys.stderr)
        return 2
    except MarsadError as err:
        print(f"marsad: {err}", file=sys.stderr)
        return 1


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "corpus.db"
    with open_store(str(path)) as store:
        fill(store)
    return str(path)


# --- events ---------------------------------------------------------------------------------------


def test_events_jsonl_with_filters(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "events", "--db", db, "--country", "SY", "--from", "2024-05-08", "--format", "jsonl")
    assert code == 0 and err == []
    assert [json.loads(line)["event_id"] for line in out.splitlines()] == ["m-r3", "m-r4"]


def test_events_near_actor_type_confidence_limit(capsys: pytest.CaptureFixture[str], db: str) -> None:
    argv = ["events", "--db", db, "--near", "33.57,36.40,10", "--actor", "قوات النظام", "--type", "air/drone strike",
            "--min-confidence", "0.5", "--limit", "5", "--format", "json"]  # fmt: skip
    code, out, _ = run(capsys, *argv)
    assert code == 0
    (event,) = json.loads(out)
    assert event["event_id"] == "m-r1" and event["reports"] == 2


def test_events_table(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "events", "--db", db, "--format", "table")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["EVENT", "DATE", "TYPE"]
    assert any(line.startswith("m-r1 ") and "Douma" in line and "Air/drone strike" in line for line in lines)
    assert lines[-1] == "5 events"


@pytest.mark.parametrize(
    ("option", "value"),
    [("--near", "36.2,37.1"), ("--near", "a,b,c"), ("--near", "36,37,-5"), ("--near", "91,37,5"),
     ("--from", "2024-13-01"), ("--to", "yesterday"), ("--min-confidence", "2"), ("--limit", "-1"),
     ("--type", "Skirmish"), ("--country", "Atlantis")],
)  # fmt: skip
def test_bad_filters_exit_2_naming_the_option(capsys: pytest.CaptureFixture[str], db: str, option: str,
                                              value: str) -> None:  # fmt: skip
    code, out, err = run(capsys, "events", "--db", db, option, value)
    assert code == 2 and out == ""
    assert len(err) == 1 and f"argument {option}" in err[0] and value in err[0]


def test_from_after_to(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _, err = run(capsys, "events", "--db", db, "--from", "2024-06-01", "--to", "2024-05-01")
    assert code == 2 and len(err) == 1 and "--from" in err[0]


def test_missing_database_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    for argv in (["events", "--db", str(missing)], ["show", "m-x", "--db", str(missing)],
                 ["export", "--db", str(missing), "--format", "jsonl", "-o", str(tmp_path / "o.jsonl")]):  # fmt: skip
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == ""
        assert err == [f"marsad: {missing}: no such database"]
    assert not missing.exists() and not (tmp_path / "o.jsonl").exists()


# --- show -----------------------------------------------------------------------------------------


def test_show_table_explains_the_merge(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "show", "m-r1", "--db", db)
    assert code == 0 and err == []
    assert out.startswith("event m-r1  (SYR-m-r1)")
    assert "Douma, Rif Dimashq, SY" in out and "reports (2)" in out
    first, second = out.split("  [1] ")[1].split("  [2] ")
    assert "article jz-1" in first and "Al Jazeera" in first and "published 2024-05-07" in first
    assert "why: first report" in first and "قصفت طائرات النظام مدينة دوما" in first
    assert "article ar-1" in second and "Al Arabiya" in second and "published 2024-05-08" in second
    assert "غارة جوية على دوما تقتل خمسة" in second
    assert "why: first report" not in second


def test_show_json(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "show", "m-r1", "--db", db, "--format", "json")
    assert code == 0
    shown = json.loads(out)
    assert shown["event"]["event_id"] == "m-r1" and shown["event"]["fatalities"]["best"] == 5
    reports = shown["reports"]
    assert [(r["article"], r["outlet"], r["published"]) for r in reports] == [
        ("jz-1", "Al Jazeera", "2024-05-07"), ("ar-1", "Al Arabiya", "2024-05-08")]  # fmt: skip
    assert reports[0]["reason"] == "first report" and reports[1]["reason"]
    assert reports[1]["evidence"] == "غارة جوية على دوما تقتل خمسة" and reports[1]["evidence_span"] == [5, 33]


def test_show_takes_acleds_event_id_cnty(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "show", "YEM-m-r5", "--db", db)
    assert code == 0 and out.startswith("event m-r5")


def test_show_unknown_event(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "show", "m-nothing", "--db", db)
    assert code == 1 and out == ""
    assert err == [f"marsad: m-nothing: no such event in {db}"]


# --- export ---------------------------------------------------------------------------------------


def test_export_acled_csv(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    code, out, err = run(capsys, "export", "--db", db, "--format", "acled-csv", "-o", str(target), "--country", "SY")
    assert code == 0 and out == ""
    assert err == [f"marsad: 3 events written to {target}"]
    raw = target.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0]) == list(export.ACLED_COLUMNS)
    assert [r["event_id_cnty"] for r in rows] == ["SYR-m-r1", "SYR-m-r3", "SYR-m-r4"]
    assert rows[0]["source"] == "Al Jazeera; Al Arabiya" and rows[0]["fatalities"] == "5"
    assert rows[1]["interaction"] == "12" and rows[1]["assoc_actor_1"] == "Turkistan Islamic Party"
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_export_csv_with_bom(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    assert run(capsys, "export", "--db", db, "--format", "acled-csv", "--bom", "-o", str(target))[0] == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfevent_id_cnty,")


def test_export_geojson_counts_unlocated(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    target = tmp_path / "events.geojson"
    code, _, err = run(capsys, "export", "--db", db, "--format", "geojson", "-o", str(target))
    assert code == 0
    assert err[0] == "marsad: 1 events without coordinates left out (--include-unlocated keeps them)"
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert [f["id"] for f in doc["features"]] == ["m-r1", "m-r3", "m-r4", "m-r5"]


def test_export_jsonl_to_stdout(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "export", "--db", db, "--format", "jsonl", "-o", "-", "--type", "Protests")
    assert code == 0 and err == []
    assert [json.loads(line)["event_id"] for line in out.splitlines()] == ["m-r4"]


def test_export_parquet(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "events.parquet"
    assert run(capsys, "export", "--db", db, "--format", "parquet", "-o", str(target))[0] == 0
    assert pq.read_table(target).column("event_id").to_pylist() == ["m-r1", "m-r3", "m-r4", "m-r5", "m-r6"]
    code, _, err = run(capsys, "export", "--db", db, "--format", "parquet", "-o", "-")
    assert code == 2 and "parquet" in err[0]


def test_export_refuses_to_overwrite_the_database(capsys: pytest.CaptureFixture[str], db: str) -> None:
    before = Path(db).read_bytes()
    for target in (db, db + "-wal", f"sqlite:///{db}"):
        code, _, err = run(capsys, "export", "--db", db if not target.startswith("sqlite") else target,
                           "--format", "jsonl", "-o", db)  # fmt: skip
        assert code == 2 and len(err) == 1 and "is the database itself" in err[0]
    assert Path(db).read_bytes() == before


def test_export_failure_leaves_the_old_file(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    target = tmp_path / "events.jsonl"
    target.write_text("old\n", encoding="utf-8")

    def broken(records: Any, fh: Any) -> int:
        fh.write("half")
        raise MarsadError("disk on fire")

    monkeypatch.setattr(export, "write_jsonl", broken)
    code, _, err = run(capsys, "export", "--db", db, "--format", "jsonl", "-o", str(target))
    assert code == 1 and err == ["marsad: disk on fire"]
    assert target.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == [p for p in os.listdir(tmp_path) if not p.endswith(".tmp")]


def test_export_into_a_missing_folder(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    code, _, err = run(capsys, "export", "--db", db, "--format", "jsonl", "-o", str(tmp_path / "no" / "x.jsonl"))
    assert code == 2 and "no such directory" in err[0]
