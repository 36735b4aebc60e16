"""``marsad watch`` against a local feed server: one round stores the new items, the next asks
conditionally and fetches nothing already stored; an unreachable feed fails alone; SIGTERM
stops the loop with a summary."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.cli_watch import duration, validators_path
from marsad.storage import open_store
from test_feeds import PARAGRAPHS, PROTEST, atom, page, rss
from test_http import Site, answer, conditional, site  # noqa: F401

pytestmark = pytest.mark.usefixtures("cache")

FAST = ["--min-interval", "0", "--retries", "0"]


def serve_news(site: Site) -> None:  # noqa: F811
    site.routes["/atom/1"] = answer(page("مظاهرة في السويداء", PROTEST))
    site.routes["/atom/2"] = answer(page("غارة على سرمين", PARAGRAPHS))
    site.routes["/atom"] = conditional(atom(site.base), '"a1"', ctype="application/atom+xml")


def stored(db: Path) -> list[str]:
    with open_store(str(db)) as store:
        return sorted(a.doc_id for a in store.articles())


def test_once_stores_then_asks_conditionally(site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    serve_news(site)
    db = tmp_path / "w.db"
    assert main(["watch", site.url("/atom"), "--db", str(db), "--once", *FAST]) == 0
    err = capsys.readouterr().err
    assert stored(db) == ["tag:test,2024:a1", "tag:test,2024:a2"]
    assert "watch: round 1: 1 feed: 2 new articles stored" in err
    assert "watch: 1 round in" in err and "2 articles stored" in err
    assert validators_path(str(db)).is_file()

    # unchanged: a 304, nothing parsed or fetched
    assert main(["watch", site.url("/atom"), "--db", str(db), "--once", *FAST]) == 0
    err = capsys.readouterr().err
    assert "1 feed (1 not modified): 0 new articles stored" in err
    assert site.hits["/atom"] == 2 and site.hits["/atom/1"] == 1

    # changed: a new item is fetched, the stored ones are not
    site.routes["/news/1"] = answer(page("غارة ثانية", PARAGRAPHS[1:]))
    site.routes["/atom"] = answer(rss(site.base, [("tag:test,2024:a1", "/atom/1", "", ""),
                                                  ("n1", "/news/1", "", "")]), "application/rss+xml")  # fmt: skip
    assert main(["watch", site.url("/atom"), "--db", str(db), "--once", *FAST]) == 0
    err = capsys.readouterr().err
    assert "1 new articles stored, 1 already stored" in err
    assert site.hits["/atom/1"] == 1 and site.hits["/news/1"] == 1
    assert stored(db) == ["n1", "tag:test,2024:a1", "tag:test,2024:a2"]


def test_a_failing_feed_fails_alone(site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    serve_news(site)
    site.routes["/down"] = answer("no", status=500)
    db = tmp_path / "f.db"
    feeds = ["http://127.0.0.1:9/feed", site.url("/down"), site.url("/atom")]
    assert main(["watch", *feeds, "--db", str(db), "--once", *FAST]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any(line.startswith("marsad: http://127.0.0.1:9/feed: cannot connect to 127.0.0.1") for line in err)
    assert f"marsad: {site.url('/down')}: HTTP 500 Internal Server Error" in err
    assert stored(db) == ["tag:test,2024:a1", "tag:test,2024:a2"]
    assert any("2 failed" in line and "round 1" in line for line in err)


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", "feed.xml", "--db", str(tmp_path / "u.db"), "--once"]) == 2
    assert "not an http(s) URL" in capsys.readouterr().err
    assert main(["watch", "http://127.0.0.1:9/", "--every", "soon"]) == 2
    assert duration("90") == 90 and duration("10m") == 600 and duration("1h") == 3600


def test_sigterm_stops_the_loop_with_a_summary(site: Site, tmp_path: Path, cache: Path) -> None:  # noqa: F811
    serve_news(site)
    db = tmp_path / "s.db"
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "MARSAD_CACHE_DIR": str(cache), "PYTHONPATH": str(src)}
    command = [sys.executable, "-m", "marsad", "watch", site.url("/atom"), "--db", str(db), "--every", "1s",
               *FAST]  # fmt: skip
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 20
        assert proc.stderr is not None
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            if "next round at" in line:
                break
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=20)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = "".join(lines) + rest
    assert proc.returncode == 0, err
    assert "Stopped by a signal" in err and "2 articles stored" in err
    assert stored(db) == ["tag:test,2024:a1", "tag:test,2024:a2"]
