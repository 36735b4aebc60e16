"""Feeds and pages by URL, against a local server (see ``test_http.Site``): RSS and Atom items
followed to their pages, the summary when a page fails, the item cap on a 10,000-item feed,
broken XML and broken HTML, and URLs given to ``iter_articles`` and ``marsad extract``.

The Arabic texts are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator

import pytest

from marsad.errors import InputError
from marsad.ingest.feeds import WebOptions, is_feed, parse_feed, read_url, using
from marsad.ingest.http import Fetcher, Policy, Response, Validators
from marsad.ingest.sources import iter_articles
from test_http import Site, answer, conditional, site  # noqa: F401

PARAGRAPHS = [
    "قُتل ثلاثة مدنيين وأصيب خمسة آخرون صباح الثلاثاء جراء غارة جوية استهدفت سوقا شعبيا في بلدة سرمين "
    "بريف إدلب الشرقي، بحسب ما أفاد الدفاع المدني السوري.",
    "وقال متطوعون في الدفاع المدني إن فرقهم انتشلت الضحايا من تحت الأنقاض ونقلت المصابين إلى مستشفى قريب، "
    "مشيرين إلى أن حصيلة القتلى مرشحة للارتفاع بسبب خطورة بعض الإصابات.",
    "ولم تعلن أي جهة مسؤوليتها عن الغارة حتى الآن، فيما تشهد المنطقة تصعيدا عسكريا منذ أسابيع.",
]
PROTEST = [
    "تظاهر مئات الطلاب يوم الأحد أمام مبنى المحافظة في مدينة السويداء للمطالبة بالإفراج عن زملائهم المعتقلين، "
    "ورفعوا لافتات تندد بغلاء المعيشة.",
    "وقال أحد المنظمين إن الوقفة سلمية وإن المشاركين سيعودون إلى الساحة نفسها كل أسبوع حتى تلبى مطالبهم.",
]


def page(title: str, paragraphs: list[str], *, date: str | None = None, site_name: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    meta += f'<meta property="og:site_name" content="{site_name}">' if site_name else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>{meta}</head>'
        f'<body><nav><a href="/">الرئيسية</a></nav><article><h1>{title}</h1>{body}</article>'
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def rss(base: str, items: list[tuple[str, str, str, str]], title: str = "مرصد الأخبار التجريبي") -> bytes:
    """``items``: (guid, path, pubDate, description HTML)."""
    parts = [
        f"<item><title>خبر {guid}</title><link>{base}{path}</link><guid isPermaLink=\"false\">{guid}</guid>"
        + (f"<pubDate>{date}</pubDate>" if date else "")
        + (f"<description><![CDATA[{summary}]]></description>" if summary else "")
        + "</item>"
        for guid, path, date, summary in items
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>{base}/</link><description>أخبار</description>{''.join(parts)}"
        "</channel></rss>"
    ).encode()


def atom(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>نشرة أطلس</title><id>tag:test,2024:atlas</id>
<updated>2024-05-06T08:00:00Z</updated>
<entry><title>مظاهرة في السويداء</title><id>tag:test,2024:a1</id><link href="{base}/atom/1"/>
<updated>2024-05-05T08:00:00Z</updated><summary>تظاهر مئات الطلاب في السويداء.</summary></entry>
<entry><title>غارة على سرمين</title><id>tag:test,2024:a2</id><link href="{base}/atom/2"/>
<updated>2024-05-06T08:00:00Z</updated></entry>
</feed>""".encode()


def big_feed(base: str, n: int) -> bytes:
    items = "".join(
        f"<item><title>خبر رقم {i}</title><link>{base}/many/{i}</link><guid isPermaLink=\"false\">m{i}</guid>"
        f"<description>ملخص الخبر رقم {i} عن قصف في ريف حلب</description></item>"
        for i in range(n)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>كثير</title>{items}'
            "</channel></rss>").encode()  # fmt: skip


def options(**kw: object) -> WebOptions:
    return WebOptions(fetcher=Fetcher(Policy(retries=1, backoff=0.01, min_interval=0.0, read_timeout=2.0)), **kw)  # type: ignore[arg-type]


@pytest.fixture
def news(site: Site) -> Iterator[Site]:  # noqa: F811
    base = site.base
    site.routes["/news/1"] = answer(page("غارة جوية على بلدة سرمين", PARAGRAPHS, date="2024-05-07T09:30:00+03:00",
                                         site_name="وكالة الرصد"))  # fmt: skip
    # /news/2 is missing (404)
    site.routes["/news/3"] = answer("<html><body><div><p>" + " ".join(PROTEST) + "<div><p><b>وقال")  # broken HTML
    site.routes["/news/4"] = answer("<html><head><script>var x = '<<<'</script></head><body></body></html>")
    site.routes["/rss"] = answer(rss(base, [
        ("n1", "/news/1", "Tue, 07 May 2024 07:00:00 GMT", ""),
        ("n2", "/news/2", "Mon, 06 May 2024 07:00:00 GMT", "<p>اعتقلت قوات الأمن <b>خمسة</b> شبان في مدينة درعا.</p>"),
        ("n3", "/news/3", "Sun, 05 May 2024 07:00:00 GMT", ""),
        ("n4", "/news/4", "Sat, 04 May 2024 07:00:00 GMT", ""),
    ]), "application/rss+xml")  # fmt: skip
    site.routes["/atom/1"] = answer(page("مظاهرة في السويداء", PROTEST))
    site.routes["/atom/2"] = answer(page("غارة على سرمين", PARAGRAPHS))
    site.routes["/atom"] = answer(atom(base), "application/atom+xml")
    yield site


def collect(url: str, opts: WebOptions, default_date: dt.date | None = None) -> tuple[list, list[InputError]]:  # type: ignore[type-arg]
    errors: list[InputError] = []
    articles = list(read_url(url, default_date=default_date, on_error=errors.append, options=opts))
    return articles, errors


def test_rss_items_follow_their_links(news: Site) -> None:
    opts = options()
    articles, errors = collect(news.url("/rss"), opts)
    by_id = {a.id: a for a in articles}
    assert list(by_id) == ["n1", "n2", "n3"]

    first = by_id["n1"]
    assert first.text.startswith("قُتل ثلاثة مدنيين") and first.title == "غارة جوية على بلدة سرمين"
    assert first.published == dt.date(2024, 5, 7)
    assert first.url == news.url("/news/1") and first.outlet == "مرصد الأخبار التجريبي"

    fallback = by_id["n2"]  # the page is a 404: the summary stands in, as plain text
    assert fallback.text == "اعتقلت قوات الأمن خمسة شبان في مدينة درعا."
    assert fallback.published == dt.date(2024, 5, 6) and fallback.title == "خبر n2"

    broken = by_id["n3"]  # broken HTML still has its text; the date comes from the feed
    assert broken.text.startswith("تظاهر مئات الطلاب") and broken.published == dt.date(2024, 5, 5)

    messages = [(e.warning, str(e)) for e in errors]
    fallback_line = f"{news.url('/news/2')}: page not used (HTTP 404 Not Found); the feed's summary stands in"
    skipped_line = f"{news.url('/news/4')}: no article text found in HTML, and the item has no summary; skipped"
    assert (True, fallback_line) in messages and (False, skipped_line) in messages
    assert all("\n" not in m for _, m in messages)
    status = opts.statuses[news.url("/rss")]
    assert (status.kind, status.items, status.read, status.fallbacks, status.failed) == ("feed", 4, 3, 1, 1)
    assert not status.complete


def test_atom_entries(news: Site) -> None:
    articles, errors = collect(news.url("/atom"), options())
    assert errors == []
    assert [a.id for a in articles] == ["tag:test,2024:a1", "tag:test,2024:a2"]
    assert [a.published for a in articles] == [dt.date(2024, 5, 5), dt.date(2024, 5, 6)]  # pages carry no date
    assert articles[0].outlet == "نشرة أطلس" and articles[0].text.startswith("تظاهر مئات الطلاب")


def test_a_page_url_is_one_article(news: Site) -> None:
    opts = options()
    articles, errors = collect(news.url("/news/1"), opts)
    assert errors == [] and len(articles) == 1
    article = articles[0]
    assert article.id == article.url == news.url("/news/1")
    assert article.outlet == "وكالة الرصد" and article.published == dt.date(2024, 5, 7)
    assert opts.statuses[news.url("/news/1")].kind == "page"


def test_items_already_seen_are_not_fetched(news: Site) -> None:
    opts = options(seen=lambda item_id, link: item_id in ("n1", "n3"))
    articles, _ = collect(news.url("/rss"), opts)
    assert [a.id for a in articles] == ["n2"]
    assert news.hits["/news/1"] == 0 and news.hits["/news/3"] == 0
    assert opts.statuses[news.url("/rss")].seen == 2


def test_ten_thousand_items_are_capped_and_fast(site: Site) -> None:  # noqa: F811
    site.routes["/many"] = answer(big_feed(site.base, 10_000), "application/rss+xml")
    fetcher = Fetcher(Policy(min_interval=0.0))
    start = time.monotonic()
    response = fetcher.get(site.url("/many"))
    feed = parse_feed(response.body, site.url("/many"))
    assert time.monotonic() - start < 1.5
    assert feed.total == 10_000 and len(feed.entries) == 500 and feed.title == "كثير"
    assert feed.entries[0].id == "m0" and feed.entries[-1].id == "m499"

    # read through: the cap option, a one-line notice, no page fetched past the cap
    opts = options(max_items=3)
    articles, errors = collect(site.url("/many"), opts)
    assert [a.id for a in articles] == ["m0", "m1", "m2"]  # pages missing: summaries stand in
    notices = [str(e) for e in errors if "items" in str(e)]
    assert notices == [f"{site.url('/many')}: the feed holds 10000 items; only the first 3 are read (--max-items)"]
    assert sum(site.hits[f"/many/{i}"] for i in range(10)) == 3


def test_broken_xml_is_one_error_and_other_feeds_go_on(news: Site) -> None:
    news.routes["/broken"] = answer(b"<?xml version='1.0'?><rss><channel><<title>>x</", "application/rss+xml")
    errors: list[InputError] = []
    with using(options()):
        articles = list(iter_articles([news.url("/broken"), news.url("/atom")], on_error=errors.append))
    assert [str(e) for e in errors] == [f"{news.url('/broken')}: broken feed: not well-formed XML (not well-formed "
                                        "(invalid token), line 1)"]  # fmt: skip
    assert len(articles) == 2


def test_truncated_feed_keeps_its_whole_items(news: Site) -> None:
    body = rss(news.base, [("n1", "/news/1", "", ""), ("n9", "/news/9", "", "<p>ملخص خبر تاسع عن قصف</p>")])
    cut = body[: body.index(b"</item>") + 7] + "<item><title>نصف".encode()
    news.routes["/cut"] = answer(cut, "application/rss+xml")
    articles, errors = collect(news.url("/cut"), options())
    assert [a.id for a in articles][:1] == ["n1"]
    assert any(e.warning and "not well-formed XML" in str(e) for e in errors)


def test_unreachable_and_failing_urls_in_iter_articles(news: Site) -> None:
    news.routes["/down"] = answer("no", status=500)
    news.routes["/loop"] = answer("", status=302, headers={"Location": "/loop"})
    errors: list[InputError] = []
    urls = ["http://127.0.0.1:9/feed", news.url("/down"), news.url("/loop"), news.url("/atom")]
    with using(options()):
        articles = list(iter_articles(urls, on_error=errors.append))
    assert len(articles) == 2
    lines = [str(e) for e in errors]
    assert lines[0].startswith("http://127.0.0.1:9/feed: cannot connect to 127.0.0.1")
    assert lines[1] == f"{news.url('/down')}: HTTP 500 Internal Server Error (2 tries)"
    assert lines[2].startswith(f"{news.url('/loop')}: redirect loop")
    assert news.hits["/down"] == 2


def test_not_modified_feed_gives_nothing(news: Site) -> None:
    news.routes["/cond"] = conditional(rss(news.base, [("n1", "/news/1", "", "")]), '"e1"')
    validators = Validators()
    opts = options(validators=validators)
    first, _ = collect(news.url("/cond"), opts)
    status = opts.statuses[news.url("/cond")]
    assert len(first) == 1 and status.complete and status.response is not None
    validators.update(news.url("/cond"), status.response)
    again, errors = collect(news.url("/cond"), opts)
    assert again == [] and errors == [] and opts.statuses[news.url("/cond")].not_modified


def test_sniffing_decides_feed_or_page() -> None:
    def response(body: bytes, ctype: str) -> Response:
        return Response("http://127.0.0.1/x", 200, {"content-type": ctype}, body)

    assert is_feed(response(b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0"></rss>', "text/html"))
    assert is_feed(response(b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'/>", "application/xml"))
    assert not is_feed(response(b"<!DOCTYPE html><html><body>x</body></html>", "application/rss+xml"))
    assert is_feed(response(b"", "application/atom+xml"))


def test_extract_command_reads_a_url(news: Site, capsys: pytest.CaptureFixture[str]) -> None:
    from marsad.cli import main

    with using(options()):
        status = main(["extract", news.url("/atom"), "--format", "jsonl", "--workers", "1"])
    out, err = capsys.readouterr()
    assert status == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert {r["doc_id"] for r in records} <= {"tag:test,2024:a1", "tag:test,2024:a2"}
    assert any(r["url"] == news.url("/atom/2") for r in records)
