"""End-to-end tests of the page at ``/``: Playwright drives Debian's Chromium (/usr/bin/chromium,
installed by ``.ci/run``; ``playwright install`` is never run) against the real server on
127.0.0.1, over a temporary SQLite store filled by ``marsad.api.ingest`` from the small corpus
below (Arabic written for these tests). Screenshots go to ``test-artifacts/``.

Without Chromium or Playwright the tests are skipped locally, and fail when ``CI`` is set."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
SCRIPT = "<script>alert(1)</script>"

CORPUS = [
    {"id": "w1", "title": "غارات جوية على بلدة في ريف إدلب", "published": "2024-05-07", "outlet": "وكالة تجريبية",
     "url": "https://example.org/w1",
     "text": "قالت مصادر محلية إن طائرات حربية تابعة للنظام السوري شنت صباح اليوم الثلاثاء غارات على بلدة "
             "سراقب في ريف إدلب، ما أدى إلى مقتل خمسة مدنيين وإصابة ثمانية آخرين."},
    {"id": "w2", "title": "اشتباكات قرب حماة", "published": "2024-05-08", "outlet": "صحيفة تجريبية",
     "text": "ذكر المرصد السوري لحقوق الإنسان أن اشتباكات عنيفة اندلعت أمس بين قوات النظام وفصائل المعارضة "
             "على أطراف مدينة حماة، وأسفرت عن مقتل سبعة عناصر من قوات النظام."},
    {"id": "w3", "title": "مظاهرة في درعا", "published": "2024-05-09", "outlet": "وكالة تجريبية",
     "text": "خرج مئات المتظاهرين اليوم الخميس في مدينة درعا احتجاجا على الاعتقالات، ورددوا هتافات تطالب "
             "بالإفراج عن المعتقلين."},
    {"id": "w4", "title": "انفجار عبوة ناسفة في دير الزور", "published": "2024-05-10", "outlet": "موقع تجريبي",
     "text": "انفجرت عبوة ناسفة اليوم الجمعة بسيارة عسكرية تابعة لقوات سوريا الديمقراطية في مدينة دير الزور، "
             "ما أدى إلى مقتل جنديين، بحسب ناشطين محليين."},
    {"id": "w5", "title": SCRIPT + " قصف على حلب", "published": "2024-05-11", "outlet": "موقع <b>تجريبي</b>",
     "text": SCRIPT + " قصفت قوات النظام السوري بالمدفعية اليوم السبت حي الشعار في مدينة حلب، ما أدى إلى "
             "مقتل ثلاثة مدنيين، وفق الدفاع المدني السوري."},
    {"id": "w6", "title": "اعتقالات في اللاذقية", "published": "2024-05-12", "outlet": "صحيفة تجريبية",
     "text": "اعتقلت قوات الأمن السورية اليوم الأحد عشرين شابا في مدينة اللاذقية خلال حملة مداهمات، بحسب "
             "مصادر محلية."},
]

PASTED = ("قتل ثلاثة مدنيين وأصيب خمسة آخرون اليوم الاثنين بقصف مدفعي لقوات النظام على بلدة كفرنبل "
          "في ريف إدلب الجنوبي، بحسب الدفاع المدني.")


def _need_browser() -> Any:
    """The playwright module, or a skip (a failure under CI) saying what is missing."""
    reason = None
    try:
        from playwright import sync_api
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[dev]')"
    if reason is None and not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return sync_api


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_app(db: str) -> Any:
    from marsad.web.app import create_app

    return create_app(db)


class Server:
    """uvicorn serving ``app`` on 127.0.0.1 in a thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, base_dir: Path) -> Iterator[Server]:
    _need_browser()
    from marsad import api

    tmp = tmp_path_factory.mktemp("web")
    cache = tmp / "cache"
    cache.mkdir()
    for f in base_dir.glob("gazetteer-*.tsv"):
        shutil.copy(f, cache / f.name)
    corpus = tmp / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in CORPUS), encoding="utf-8")
    db = str(tmp / "web.db")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARSAD_CACHE_DIR", str(cache))
        summary = api.ingest([str(corpus)], db=db)
        assert summary.stored == len(CORPUS)
        with Server(make_app(db)) as server:
            yield server


@pytest.fixture(scope="module")
def browser(site: Server) -> Iterator[Any]:
    sync_api = _need_browser()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


class Page:
    """A fresh page that records every request and fails on any dialog (alert) or page error."""

    def __init__(self, browser: Any, site: Server) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
        self.page = self.context.new_page()
        self.site = site
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str = "/") -> Any:
        self.page.goto(self.site.url + path)
        self.page.wait_for_selector("body[data-ready='1']", timeout=15000)
        return self.page

    def total(self) -> int:
        return int(self.page.get_attribute("#count", "data-total") or "0")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser: Any, site: Server) -> Iterator[Page]:
    p = Page(browser, site)
    yield p
    assert not p.dialogs, f"a dialog fired: {p.dialogs}"
    assert not p.errors, f"page errors: {p.errors}"
    p.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def test_page_loads_everything_locally_and_shows_markers(page: Page) -> None:
    pg = page.open()
    pg.wait_for_function("() => document.getElementById('map').dataset.markers > 0")
    assert int(pg.get_attribute("#map", "data-markers") or 0) >= 5
    pg.wait_for_selector(".leaflet-overlay-pane path.leaflet-interactive, .marker-cluster", timeout=5000)
    # the country borders: one path per country, drawn from the vendored TopoJSON
    pg.wait_for_function("() => document.getElementById('map').dataset.basemap > 100")
    # and the provinces' borders, from the vendored Natural Earth admin-1 lines, on the same canvas
    pg.wait_for_function("() => document.getElementById('map').dataset.admin1 > 10000")
    assert pg.locator(".leaflet-basemap-pane canvas").count() == 1
    assert page.total() == len(CORPUS)
    assert pg.locator("#events tbody tr").count() == len(CORPUS)
    assert pg.locator("#timeline rect.bar-events").count() >= 1
    hosts = {urlsplit(u).hostname for u in page.requests if not u.startswith("data:")}
    assert hosts == {"127.0.0.1"}, f"requests left the machine: {sorted(hosts)}"
    _shot(pg, "page.png")


def test_the_table_shows_more_rows_on_demand(page: Page) -> None:
    pg = page.open("/?rows=2")
    pg.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 2")
    assert pg.is_visible("#table-more")
    assert "2" in (pg.text_content("#table-more-text") or "")
    pg.click("#table-more-button")
    pg.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 4")
    pg.click("#table-more-button")
    pg.wait_for_function(f"() => document.querySelectorAll('#events tbody tr').length === {len(CORPUS)}")
    assert not pg.is_visible("#table-more")


def test_first_paint_is_under_two_seconds(page: Page) -> None:
    pg = page.open()
    paint = pg.evaluate(
        "() => Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]))")
    assert "first-paint" in paint or "first-contentful-paint" in paint
    first = paint.get("first-paint", paint.get("first-contentful-paint"))
    print(f"first paint {first:.0f} ms, first contentful paint {paint.get('first-contentful-paint', 0):.0f} ms")
    assert first < 2000


def test_filtering_by_type_changes_map_table_and_count(page: Page) -> None:
    pg = page.open()
    before = page.total()
    pg.select_option("#type-select", "Protests")
    pg.wait_for_function(f"() => document.getElementById('count').dataset.total != {before}")
    after = page.total()
    assert 0 < after < before
    assert pg.locator("#events tbody tr").count() == after
    assert int(pg.get_attribute("#map", "data-markers") or 0) == after
    assert "type=Protests" in (pg.get_attribute("#export-csv", "href") or "")


def _open_event(pg: Any, event_id: str) -> None:
    pg.click(f"#events tbody tr[data-event-id='{event_id}']")
    pg.wait_for_selector("#view:not([hidden])")
    pg.wait_for_selector("#article mark.hl", timeout=10000)


def _shown(pg: Any) -> set[str]:
    """The fields highlighted in the article on show."""
    marks = pg.eval_on_selector_all("#article mark.hl", "ms => ms.map(m => m.dataset.fields)")
    return set(" ".join(marks).split())


def _record_fields(rec: dict[str, Any]) -> set[str]:
    """The fields of a record that have words in the article, so the view must highlight them."""
    fields = {"evidence"}
    if (rec.get("location") or {}).get("name_ar"):
        fields.add("location")
    if (rec.get("actor1") or {}).get("name_ar") and not rec.get("actor1_inferred"):
        fields.add("actor1")
    if (rec.get("actor2") or {}).get("name_ar"):
        fields.add("actor2")
    if (rec.get("fatalities") or {}).get("text"):
        fields.add("fatalities")
    if (rec.get("injured") or {}).get("text"):
        fields.add("injured")
    if rec.get("sources"):
        fields.add("source")
    return fields


def test_every_event_shows_the_evidence_of_every_field_and_the_note(page: Page) -> None:
    pg = page.open()
    events = pg.request.get(page.site.url + "/api/events?limit=100").json()["events"]
    assert len(events) == len(CORPUS)
    missing: dict[str, set[str]] = {}
    for ev in events:
        detail = pg.request.get(page.site.url + f"/api/events/{ev['event_id']}").json()
        report = next((r for r in detail["reports"] if r["doc_id"] == ev["doc_id"]), detail["reports"][0])
        article = pg.request.get(page.site.url + f"/api/articles/{report['doc_id']}").json()
        spans = [s for s in article["spans"] if s["record_id"] == report["record_id"]] or article["spans"]
        _open_event(pg, ev["event_id"])
        shown = _shown(pg)
        assert {s["field"] for s in spans} <= shown
        want = _record_fields(ev)
        if want - shown:
            missing[ev["event_id"]] = want - shown
        assert pg.text_content("#note") == ev["notes"]
        assert pg.locator("#reports li").count() == len(detail["reports"]) >= 1
        assert pg.locator("#sources li").count() >= max(1, len(ev.get("sources") or []))
        if ev["event_type"] == "Battles":
            _shot(pg, "event.png")
        pg.click("#view-close")
    assert not missing, f"fields without highlighted evidence: {missing}"


def test_article_text_is_escaped(page: Page) -> None:
    pg = page.open()
    ev = next(e for e in pg.request.get(page.site.url + "/api/events?limit=100").json()["events"]
              if e["doc_id"] == "w5")
    _open_event(pg, ev["event_id"])
    assert SCRIPT in (pg.text_content("#article") or "")
    assert pg.locator("#article script, #article b, #view script").count() == 0
    assert pg.locator("body script:not([src])").count() == 0
    assert "<b>" in (pg.text_content("#article-meta") or "") or "<b>" in (pg.text_content("#reports") or "")
    pg.wait_for_timeout(200)
    assert not page.dialogs


def test_pasting_an_article_shows_records_and_highlights(page: Page) -> None:
    pg = page.open()
    pg.click("#paste-open")
    pg.fill("#paste-form textarea[name=text]", PASTED + " " + SCRIPT)
    pg.fill("#paste-form input[name=published]", "2024-05-13")
    pg.click("#paste-form button[type=submit]")
    pg.wait_for_selector("#records li", timeout=15000)
    assert pg.locator("#records li").count() >= 1
    shown = _shown(pg)
    assert {"evidence", "location", "fatalities"} <= shown
    assert SCRIPT in (pg.text_content("#article") or "")
    assert (pg.text_content("#note") or "").startswith("On 2024-05-13")
    _shot(pg, "paste.png")


def test_language_toggle_switches_direction_and_labels(page: Page) -> None:
    pg = page.open()
    assert pg.get_attribute("html", "dir") == "ltr"
    assert pg.text_content("#filters h2") == "Filters"
    pg.click("#lang-toggle")
    assert pg.get_attribute("html", "dir") == "rtl"
    assert pg.get_attribute("html", "lang") == "ar"
    assert pg.text_content("#filters h2") == "التصفية"
    assert pg.get_attribute("#article", "dir") == "rtl"
    _shot(pg, "page-ar.png")
    pg.click("#lang-toggle")
    assert pg.get_attribute("html", "dir") == "ltr"
