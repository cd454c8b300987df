"""Feed bodies -> items: RSS 2.0, Atom, JSON Feed, (news) sitemaps and sitemap indexes, URL lists."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from redline.inputs.decode import DecodeError, decode_bytes
from redline.watch.urls import canonical_url

Kind = Literal["rss", "atom", "jsonfeed", "sitemap", "sitemapindex", "urls", "page"]
FEED_KINDS = ("rss", "atom", "jsonfeed", "sitemap", "urls")
XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


class FeedError(ValueError):
    """A body that cannot be read as the expected kind (malformed XML or JSON...)."""


@dataclass
class FeedItem:
    """One entry of a feed: the article's canonical URL and what the feed says about it."""

    url: str
    title: str | None = None
    published: str | None = None
    language: str | None = None


@dataclass
class Parsed:
    """A parsed feed: its kind, items (deduplicated, in feed order) and feed-level language."""

    kind: Kind
    items: list[FeedItem] = field(default_factory=list)
    language: str | None = None
    skipped: int = 0  # entries without a usable http(s) link


def detect_kind(body: bytes, content_type: str | None = None) -> Kind:
    """The kind of a fetched body, from its first bytes (and the Content-Type for JSON)."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    ctype = (content_type or "").lower()
    if head.startswith((b"{", b"[")) or "json" in ctype:
        return "jsonfeed"
    if (
        head.startswith(b"<?xml")
        or head.startswith(b"<rss")
        or head.startswith(b"<feed")
        or head.startswith(b"<urlset")
        or head.startswith(b"<sitemapindex")
        or "xml" in ctype
    ):
        text = body[:4096].lower()
        if b"<html" in text and b"<rss" not in text and b"<feed" not in text:
            return "page"
        if b"<sitemapindex" in text:
            return "sitemapindex"
        if b"<urlset" in text:
            return "sitemap"
        if b"<feed" in text:
            return "atom"
        return "rss"
    if b"<html" in head or b"<!doctype" in head or b"<body" in head or b"<head" in head:
        return "page"
    lines = [ln.strip() for ln in body[:4096].splitlines() if ln.strip() and not ln.strip().startswith(b"#")]
    if lines and all(ln.lower().startswith((b"http://", b"https://")) for ln in lines[:20]):
        return "urls"
    return "page"


def parse_feed(
    body: bytes, base_url: str, kind: Kind | None = None, content_type: str | None = None
) -> Parsed:
    """Items of a feed body (``kind`` detected when None); :class:`FeedError` when it is malformed."""
    kind = kind or detect_kind(body, content_type)
    if kind == "jsonfeed":
        return _json_feed(body, base_url)
    if kind == "urls":
        return _url_list(body, base_url, content_type)
    if kind == "page":
        raise FeedError("not a feed (an HTML page)")
    root = _xml(body, content_type)
    name = _local(root.tag)
    if name == "rss" or name == "RDF":
        return _rss(root, base_url)
    if name == "feed":
        return _atom(root, base_url)
    if name in ("urlset", "sitemapindex"):
        return _sitemap(root, base_url, name)
    raise FeedError(f"unknown feed root <{name}>")


def _xml(body: bytes, content_type: str | None) -> Element:
    declared = CHARSET.search(content_type or "")
    has_decl = body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml")
    if declared and not has_decl:
        try:
            return _parse_text(body.decode(declared.group(1)))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return _checked(fromstring(body))
    except DefusedXmlException as exc:
        raise FeedError(f"refused XML ({type(exc).__name__})") from None
    except ParseError as exc:
        first = exc
    # not UTF-8 and no (or a wrong) declaration: decode by detection, then parse the text
    try:
        text, _ = decode_bytes(body)
    except DecodeError as exc:
        raise FeedError(f"malformed XML ({first}); {exc}") from None
    try:
        return _parse_text(text)
    except ParseError:
        raise FeedError(f"malformed XML ({first})") from None


def _parse_text(text: str) -> Element:
    try:
        return _checked(fromstring(XML_DECL.sub("", text.lstrip("\ufeff"), count=1)))
    except DefusedXmlException as exc:
        raise FeedError(f"refused XML ({type(exc).__name__})") from None


def _checked(root: Any) -> Element:
    if not isinstance(root, Element):
        raise FeedError("malformed XML (no root element)")
    return root


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(node: Element, *names: str) -> Element | None:
    for child in node:
        if _local(child.tag) in names:
            return child
    return None


def _text(node: Element, *names: str) -> str | None:
    child = _child(node, *names)
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def _add(parsed: Parsed, seen: set[str], link: str | None, base: str, **info: Any) -> None:
    url = canonical_url(link, base) if link else None
    if url is None:
        parsed.skipped += 1
        return
    if url not in seen:
        seen.add(url)
        parsed.items.append(FeedItem(url=url, **info))


def _rss(root: Element, base: str) -> Parsed:
    channel = _child(root, "channel")
    language = _text(channel, "language") if channel is not None else None
    parsed = Parsed("rss", language=language)
    seen: set[str] = set()
    entries = [n for n in root.iter() if _local(n.tag) == "item"]
    for item in entries:
        link = _text(item, "link")
        guid = _child(item, "guid")
        if not link and guid is not None and (guid.get("isPermaLink") or "true").lower() == "true":
            link = (guid.text or "").strip() or None
        published = _text(item, "pubDate", "date", "published")
        _add(
            parsed,
            seen,
            link,
            base,
            title=_text(item, "title"),
            published=published,
            language=_text(item, "language") or language,
        )
    return parsed


def _atom(root: Element, base: str) -> Parsed:
    language = root.get("{http://www.w3.org/XML/1998/namespace}lang")
    parsed = Parsed("atom", language=language)
    seen: set[str] = set()
    for entry in (n for n in root if _local(n.tag) == "entry"):
        links = [n for n in entry if _local(n.tag) == "link"]
        chosen = next((n for n in links if n.get("rel", "alternate") == "alternate"), None)
        link = chosen.get("href") if chosen is not None else None
        published = _text(entry, "published", "updated")
        lang = entry.get("{http://www.w3.org/XML/1998/namespace}lang") or language
        _add(parsed, seen, link, base, title=_text(entry, "title"), published=published, language=lang)
    return parsed


def _sitemap(root: Element, base: str, name: str) -> Parsed:
    parsed = Parsed("sitemapindex" if name == "sitemapindex" else "sitemap")
    seen: set[str] = set()
    for entry in (n for n in root if _local(n.tag) in ("url", "sitemap")):
        news = _child(entry, "news")
        title = published = language = None
        if news is not None:
            title = _text(news, "title")
            published = _text(news, "publication_date")
            publication = _child(news, "publication")
            language = _text(publication, "language") if publication is not None else None
        published = published or _text(entry, "lastmod")
        _add(parsed, seen, _text(entry, "loc"), base, title=title, published=published, language=language)
    return parsed


def _json_feed(body: bytes, base: str) -> Parsed:
    try:
        text, _ = decode_bytes(body)
        data = json.loads(text)
    except (DecodeError, ValueError) as exc:
        raise FeedError(f"malformed JSON feed ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FeedError("not a JSON Feed (no items list)")
    language = data.get("language") if isinstance(data.get("language"), str) else None
    parsed = Parsed("jsonfeed", language=language)
    seen: set[str] = set()
    for item in data["items"]:
        if not isinstance(item, dict):
            parsed.skipped += 1
            continue
        link = item.get("url") or item.get("external_url")
        title = item.get("title") if isinstance(item.get("title"), str) else None
        published = item.get("date_published") if isinstance(item.get("date_published"), str) else None
        lang = item.get("language") if isinstance(item.get("language"), str) else language
        _add(
            parsed,
            seen,
            link if isinstance(link, str) else None,
            base,
            title=title,
            published=published,
            language=lang,
        )
    return parsed


def _url_list(body: bytes, base: str, content_type: str | None) -> Parsed:
    try:
        text, _ = decode_bytes(body)
    except DecodeError as exc:
        raise FeedError(f"unreadable URL list ({exc})") from None
    parsed = Parsed("urls")
    seen: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            _add(parsed, seen, line.split()[0], base)
    return parsed
