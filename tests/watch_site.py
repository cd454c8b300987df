"""A local news site on 127.0.0.1 for the watch tests and benchmark: feeds, articles, and bad cases.

:class:`Site` serves ``routes`` (path -> :class:`Page`) with ETag/Last-Modified support and logs
every request. ``news_site()`` builds the fixture site: RSS, Atom, JSON Feed, a news sitemap and a
URL list sharing articles (duplicates across feeds, tracker parameters), a slow page, 500s and
404s, a redirect chain, an oversized body, malformed XML, a Latin-1 feed without declaration,
a feed item that redirects to 169.254.169.254 and one on a host the tests' resolver sends to 10.0.0.1.
:class:`FakePipeline` cleans HTML with the real extraction and codes "attacked" as an ASSAULT.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from redline.records import Actor, Document, Event, RawInput

RULES = """- id: assault-any
  description: Any attack
  event: ASSAULT
"""


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: bool = True  # answer If-None-Match with 304
    last_modified: bool = False
    location: str | None = None
    delay: float = 0.0
    stream: int = 0  # send this many bytes of filler, chunked, without Content-Length


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up (the size limit) is expected


@dataclass
class Site:
    routes: dict[str, Page] = field(default_factory=dict)
    log: list[tuple[str, int, dict[str, str]]] = field(default_factory=list)  # (path, status, headers)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> Site:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = self.path
                page = site.routes.get(path) or site.routes.get(path.split("?")[0])
                headers = {k.lower(): v for k, v in self.headers.items()}
                if page is None:
                    page = Page(b"not here", 404, "text/plain")
                if page.delay:
                    time.sleep(page.delay)
                tag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
                modified = formatdate(1_700_000_000, usegmt=True)
                status = page.status
                if status == 200 and page.etag and headers.get("if-none-match") == tag:
                    status = 304
                if status == 200 and page.last_modified and headers.get("if-modified-since") == modified:
                    status = 304
                site.log.append((path, status, headers))
                self.send_response(status)
                if page.location:
                    self.send_header("Location", page.location)
                if page.etag:
                    self.send_header("ETag", tag)
                if page.last_modified:
                    self.send_header("Last-Modified", modified)
                self.send_header("Content-Type", page.content_type)
                if page.stream and status == 200:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    chunk = b"x" * 65536
                    try:
                        for _ in range(page.stream // len(chunk)):
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.write(b"0\r\n\r\n")
                    except OSError:
                        pass
                    return
                body = b"" if status == 304 else page.body
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

        self.server = _Quiet(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def hits(self, path: str) -> list[int]:
        """Statuses of the requests for ``path`` (query included when given)."""
        return [status for p, status, _ in self.log if p == path or p.split("?")[0] == path]


def article(n: int, attack: bool = True, title: str | None = None) -> bytes:
    title = title or f"Report {n} from the front"
    lead = (
        f"Russian forces attacked the Ukrainian town of Village{n} on Tuesday, officials said."
        if attack
        else f"Talks about Village{n} continued on Tuesday, officials said."
    )
    body = " ".join(
        f"Paragraph {k} of report {n}: residents of Village{n} described the day in detail to reporters, "
        f"and local officials gave figures that could not be verified independently."
        for k in range(4)
    )
    return (
        f"<html><head><title>{title}</title><meta name='author' content='Staff'></head><body>"
        f"<article><h1>{title}</h1><p>{lead}</p><p>{body}</p></article></body></html>"
    ).encode()


def rss(base: str, paths: Iterable[str], encoding: str | None = "utf-8", title: str = "Feed") -> str:
    items = "".join(
        f"<item><title>Item {p}</title><link>{base}{p}</link><pubDate>Tue, 02 Jul 2024 10:00:00 GMT</pubDate>"
        f"<guid>{base}{p}</guid></item>"
        for p in paths
    )
    decl = f'<?xml version="1.0" encoding="{encoding}"?>' if encoding else ""
    return f"{decl}<rss version='2.0'><channel><title>{title}</title><language>en</language>{items}</channel></rss>"


def news_site(evil_host: str = "evil.test") -> Site:
    """The fixture site (started); ``evil_host`` is the name the tests' resolver maps to 10.0.0.1."""
    site = Site().start()
    base = site.base
    r = site.routes
    for n in range(1, 9):
        r[f"/news/{n}"] = Page(article(n))
    r["/news/calm"] = Page(article(20, attack=False))
    r["/slow/1"] = Page(article(30), delay=0.6)
    r["/broken/500"] = Page(b"oops", 500, "text/plain")
    r["/gone/404"] = Page(b"gone", 404, "text/plain")
    # a chain of three redirects to an article; one of six hops (too many)
    r["/hop/1"] = Page(status=302, location="/hop/2", etag=False)
    r["/hop/2"] = Page(status=301, location=f"{base}/hop/3", etag=False)
    r["/hop/3"] = Page(status=307, location="/news/7", etag=False)
    for k in range(1, 7):
        r[f"/loop/{k}"] = Page(status=302, location=f"/loop/{k + 1}", etag=False)
    r["/loop/7"] = Page(article(40))
    r["/huge"] = Page(stream=6_000_000)
    r["/meta"] = Page(status=302, location="http://169.254.169.254/latest/meta-data/", etag=False)
    r["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    r["/private/1"] = Page(article(50))
    r["/feeds/main.xml"] = Page(
        rss(base, ["/news/1", "/news/2", "/news/3?utm_source=rss", "/news/calm", "/slow/1", "/broken/500",
                   "/gone/404", "/hop/1", "/loop/1", "/huge", "/meta", "/private/1"]).encode(),
        content_type="application/rss+xml",
    )  # fmt: skip
    r["/feeds/evil.xml"] = Page(rss(base, ["/news/4"]).replace(
        "</channel>", f"<item><title>Evil</title><link>http://{evil_host}/x</link></item></channel>").encode(),
        content_type="application/rss+xml")  # fmt: skip
    atom = "".join(
        f"<entry><title>A{p}</title><link href='{base}{p}'/><published>2024-07-02T10:00:00Z</published></entry>"
        for p in ("/news/3", "/news/4")
    )
    r["/feeds/atom.xml"] = Page(
        f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>A</title>{atom}</feed>".encode(),
        content_type="application/atom+xml", etag=False, last_modified=True,
    )  # fmt: skip
    r["/feeds/feed.json"] = Page(
        ('{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": ['
         f'{{"id": "5", "url": "{base}/news/5", "title": "J5", "date_published": "2024-07-02T10:00:00Z"}}]}}').encode(),
        content_type="application/feed+json",
    )  # fmt: skip
    r["/sitemap.xml"] = Page(
        ("<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
         "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"
         f"<url><loc>{base}/news/6</loc><news:news><news:publication><news:name>S</news:name>"
         "<news:language>en</news:language></news:publication><news:publication_date>2024-07-02</news:publication_date>"
         "<news:title>Six</news:title></news:news></url></urlset>").encode(),
        content_type="application/xml", etag=False,
    )  # fmt: skip
    r["/urls.txt"] = Page(
        f"# reading list\n{base}/news/1\n{base}/news/8\n".encode(), content_type="text/plain"
    )
    r["/feeds/bad.xml"] = Page(b"<?xml version='1.0'?><rss><channel><item><title>x</item></rss>",
                               content_type="application/rss+xml")  # fmt: skip
    latin = rss(base, ["/news/2"], encoding=None, title="Caf\u00e9 \u00e0 la une").encode("latin-1")
    r["/feeds/latin1.xml"] = Page(latin, content_type="application/rss+xml")
    return site


class FakePipeline:
    """The real HTML extraction (clean), then "attacked" coded as ASSAULT RUS -> UKR; no spaCy."""

    def process(self, raws: Iterable[RawInput]) -> Iterator[Document]:
        from redline.clean import clean

        for raw in raws:
            doc = clean(raw)
            if doc.error:
                yield doc
                continue
            if "attacked" in doc.text:
                sentence = doc.text[: doc.text.index(".") + 1] if "." in doc.text else doc.text
                start = doc.text.index(sentence)
                doc.events.append(Event(
                    event="ASSAULT", actor=[Actor("Russian forces", "RUS", "MIL")],
                    recipient=[Actor("Ukraine", "UKR")], date="2024-07-02", date_granularity="day",
                    event_text=sentence, evidence={"start": start, "end": start + len(sentence)},
                    mode=["aerial"], confidence=0.8,
                ))  # fmt: skip
            yield doc
