"""Feed parsing, canonical URLs and the sources file (pure functions, no network)."""

from __future__ import annotations

import pytest
from watch_site import rss

from redline.watch.feeds import FeedError, detect_kind, parse_feed
from redline.watch.sources import load_sources, parse_every, parse_sources
from redline.watch.urls import canonical_url, page_canonical

BASE = "http://news.example"


def test_rss_items_in_order_deduplicated_with_titles_dates_and_language():
    body = rss(BASE, ["/a", "/b?utm_source=x", "/b", "/c#top"]).encode()
    parsed = parse_feed(body, BASE + "/feed.xml")
    assert parsed.kind == "rss" and parsed.language == "en"
    assert [i.url for i in parsed.items] == [BASE + "/a", BASE + "/b", BASE + "/c"]
    assert parsed.items[0].title == "Item /a" and parsed.items[0].published.startswith("Tue, 02 Jul 2024")


def test_rss_guid_permalink_relative_links_and_items_without_links():
    body = (
        b"<rss><channel><item><guid>http://news.example/g1</guid></item>"
        b"<item><guid isPermaLink='false'>tag:1</guid></item><item><link>/rel</link></item></channel></rss>"
    )
    parsed = parse_feed(body, BASE + "/x/feed.xml")
    assert [i.url for i in parsed.items] == [BASE + "/g1", BASE + "/rel"] and parsed.skipped == 1


def test_atom_alternate_links_and_dates():
    body = (
        b"<feed xmlns='http://www.w3.org/2005/Atom' xml:lang='fr'><entry><title>T</title>"
        b"<link rel='self' href='/self'/><link rel='alternate' href='/article'/>"
        b"<updated>2024-07-02T10:00:00Z</updated></entry></feed>"
    )
    parsed = parse_feed(body, BASE)
    assert parsed.kind == "atom" and parsed.items[0].url == BASE + "/article"
    assert parsed.items[0].published == "2024-07-02T10:00:00Z" and parsed.items[0].language == "fr"


def test_json_feed():
    body = b'{"version": "https://jsonfeed.org/version/1.1", "language": "en", "items": [{"url": "/j1", "title": "J"}, 5]}'
    parsed = parse_feed(body, BASE)
    assert parsed.kind == "jsonfeed" and parsed.items[0].url == BASE + "/j1" and parsed.skipped == 1
    with pytest.raises(FeedError, match="malformed JSON"):
        parse_feed(b'{"items": [', BASE, "jsonfeed")


def test_news_sitemap_and_sitemap_index():
    body = (
        b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        b"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'><url><loc>http://news.example/s1</loc>"
        b"<news:news><news:publication><news:language>de</news:language></news:publication>"
        b"<news:publication_date>2024-07-01</news:publication_date><news:title>S</news:title></news:news>"
        b"</url><url><loc>http://news.example/s2</loc><lastmod>2024-06-30</lastmod></url></urlset>"
    )
    parsed = parse_feed(body, BASE)
    assert parsed.kind == "sitemap"
    assert [(i.url, i.title, i.published, i.language) for i in parsed.items] == [
        (BASE + "/s1", "S", "2024-07-01", "de"), (BASE + "/s2", None, "2024-06-30", None)]  # fmt: skip
    index = b"<sitemapindex><sitemap><loc>http://news.example/sm1.xml</loc></sitemap></sitemapindex>"
    assert parse_feed(index, BASE).kind == "sitemapindex"


def test_url_list_skips_comments_and_other_schemes():
    parsed = parse_feed(
        b"# list\nhttp://news.example/u1\n\nftp://x/y\nhttps://news.example/u2 extra\n", BASE, "urls"
    )
    assert [i.url for i in parsed.items] == [BASE + "/u1", "https://news.example/u2"] and parsed.skipped == 1


def test_non_utf8_feeds_declared_or_not():
    title = "Caf\u00e9 \u00e0 la une : les \u00e9l\u00e8ves r\u00e9clament des r\u00e9formes \u00e9conomiques"
    latin = rss(BASE, ["/x"], encoding=None).replace("Item /x", title).encode("latin-1")
    assert parse_feed(latin, BASE).items[0].title == title  # no declaration: the encoding is detected
    declared = rss(BASE, ["/x"], encoding="iso-8859-1").replace("Item /x", "Ann\u00e9e").encode("latin-1")
    assert parse_feed(declared, BASE).items[0].title == "Ann\u00e9e"
    header = rss(BASE, ["/y"], encoding=None).replace("Item /y", "\u00e0 la une").encode("cp1252")
    parsed = parse_feed(header, BASE, content_type="application/rss+xml; charset=windows-1252")
    assert parsed.items[0].title == "\u00e0 la une"


def test_malformed_and_hostile_xml_raise_feed_errors():
    with pytest.raises(FeedError, match="malformed XML"):
        parse_feed(b"<rss><channel><item><title>x</item></rss>", BASE)
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b"<rss><channel><item><title>&lol2;</title></item></channel></rss>"
    )
    with pytest.raises(FeedError, match="refused XML"):
        parse_feed(bomb, BASE)
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(b"<!doctype html><html><body>hi</body></html>", BASE)


@pytest.mark.parametrize(
    "body, ctype, kind",
    [
        (b"<?xml version='1.0'?><rss>", None, "rss"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", None, "atom"),
        (b'{"version": "x", "items": []}', None, "jsonfeed"),
        (b"<?xml version='1.0'?><urlset>", None, "sitemap"),
        (b"<sitemapindex>", None, "sitemapindex"),
        (b"http://a.example/1\nhttps://a.example/2\n", "text/plain", "urls"),
        (b"<!DOCTYPE html><html><head>", "text/html", "page"),
    ],
)
def test_detect_kind(body, ctype, kind):
    assert detect_kind(body, ctype) == kind


def test_canonical_urls():
    assert (
        canonical_url("HTTP://News.Example:80/a//b?utm_source=x&b=2&a=1#frag")
        == "http://news.example/a/b?a=1&b=2"
    )
    assert canonical_url("https://news.example:443") == "https://news.example/"
    assert canonical_url("https://news.example:8443/x?fbclid=1") == "https://news.example:8443/x"
    assert canonical_url("/rel", "http://news.example/dir/") == "http://news.example/rel"
    assert canonical_url("javascript:alert(1)") is None and canonical_url("mailto:a@b") is None
    html = "<head><link rel='canonical' href='/story/1?utm_medium=x'></head>"
    assert page_canonical(html, "http://news.example/amp/story/1") == "http://news.example/story/1"
    assert (
        page_canonical("<link rel=canonical href='http://other.example/x'>", "http://news.example/x") is None
    )


def test_sources_minimal_form_and_defaults(tmp_path):
    config = parse_sources({"sources": [{"url": "http://host/feed.xml", "every": "15m"}]})
    source = config.sources[0]
    assert (source.id, source.kind, source.every) == ("http://host/feed.xml", None, 900)
    assert config.allow_private is False and config.deliveries == [] and config.fetch.max_redirects == 5
    path = tmp_path / "sources.yaml"
    path.write_text("every: 1h\ncontact: ops@example.org\nsources:\n  - http://host/a.xml\n  - path: drop\n"
                    "deliver:\n  - stdout\n  - {type: jsonl, path: out.jsonl}\n", encoding="utf-8")  # fmt: skip
    loaded = load_sources(path)
    assert [s.every for s in loaded.sources] == [3600, 3600]
    assert loaded.sources[1].kind == "folder" and loaded.sources[1].id == str((tmp_path / "drop").resolve())
    assert loaded.fetch.contact == "ops@example.org" and "ops@example.org" in loaded.fetch.user_agent
    assert [d.name for d in loaded.deliveries] == ["stdout", "jsonl:out.jsonl"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"sources": [{"url": "http://h/f", "evry": "1m"}]}, "unknown key(s) evry"),
        ({"sources": [], "x": 1}, "unknown key(s) x"),
        ({"sources": []}, "non-empty list"),
        ({"feeds": []}, "'sources' list"),
        ({"sources": [{"url": "ftp://h/f"}]}, "not an http or https URL"),
        ({"sources": [{"url": "http://h/f", "kind": "gopher"}]}, "kind: 'gopher'"),
        ({"sources": [{"url": "http://h/f", "every": "soon"}]}, "not an interval"),
        ({"sources": [{"url": "http://h/f", "path": "/x"}]}, "exactly one of url or path"),
        ({"sources": ["http://h/f", "http://H/f"]}, "listed twice"),
        ({"sources": ["http://h/f"], "fetch": {"max_redirects": 9}}, "at most 5"),
        ({"sources": ["http://h/f"], "fetch": {"speed": 9}}, "unknown key(s) speed"),
        ({"sources": ["http://h/f"], "deliver": [{"type": "pager"}]}, "type one of"),
        ({"sources": ["http://h/f"], "deliver": [{"type": "webhook"}]}, "webhook needs url"),
        (
            {
                "sources": ["http://h/f"],
                "deliver": [{"type": "email", "host": "h", "from": "a", "to": "b", "cc": 1}],
            },
            "unknown key(s) cc",
        ),
        ({"sources": ["http://h/f"], "allow_private": "yes"}, "true or false"),
    ],
)
def test_bad_sources_files_are_errors(data, message):
    with pytest.raises(ValueError) as info:
        parse_sources(data, "s.yaml")
    assert message in str(info.value) and str(info.value).startswith("s.yaml")


def test_intervals():
    assert [parse_every(v, "x") for v in (30, "30s", "15m", "2h", "1d", "1.5m")] == [
        30,
        30,
        900,
        7200,
        86400,
        90,
    ]
    for bad in ("0m", "-1", True, "5 minutes"):
        with pytest.raises(ValueError):
            parse_every(bad, "x")
