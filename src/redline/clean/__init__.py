"""Clean: :class:`RawInput` -> :class:`Document` with clean text, metadata and removals.

Plain text and records go through :func:`redline.clean.text.clean_text`; HTML (files, or
records with ``meta["html"]``) is first reduced to its article body with trafilatura.
Field precedence: record meta > HTML metadata > header lines found in the text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from redline.clean.dates import parse_published
from redline.clean.html import extract_html
from redline.clean.rules import load_rules
from redline.clean.text import Cleaned, clean_text, domain_name, named_authors, sentences
from redline.hashing import content_hash
from redline.records import Document, RawInput

MIN_HTML_WORDS = 8  # fewer words than this from a page is navigation debris, not an article

__all__ = ["clean", "clean_text", "parse_published", "sentences", "Cleaned"]


def _label(raw: RawInput) -> str:
    return raw.path if raw.id == raw.path else f"{raw.path} record {raw.id}"


def _str(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    return str(value).strip() or None if value not in (None, "") else None


def clean(raw: RawInput) -> Document:
    """Clean one input; never raises (failures go to ``Document.error``)."""
    doc = Document(id=raw.id, path=raw.path)
    if raw.error or raw.content is None:
        doc.error = raw.error or f"{_label(raw)}: no content"
        return doc
    try:
        _clean(raw, doc)
    except Exception as exc:  # one bad article must not stop a batch
        doc.text, doc.content_hash = "", None
        doc.error = f"{_label(raw)}: cleaning failed ({type(exc).__name__}: {exc})"
    return doc


def _clean(raw: RawInput, doc: Document) -> None:
    meta = raw.meta or {}
    content = raw.content or ""
    title, published, author, section = _str(meta, "title"), None, _str(meta, "author"), _str(meta, "section")
    url, publisher, site = _str(meta, "url"), _str(meta, "publisher"), _str(meta, "site")
    if meta.get("published") not in (None, ""):
        published = parse_published(meta["published"])
    is_html = raw.format == "html" or meta.get("html") is True
    if is_html:
        page = extract_html(content, url=url)
        if page is None:
            doc.error = f"{_label(raw)}: no article text found in HTML"
            return
        title = title or page.title
        published = published or parse_published(page.date)
        author = author or page.author
        publisher = publisher or page.sitename
        site = site or page.hostname
        url = url or page.url
        section = section or page.section
        content = page.text
    if url and not site:
        host = urlparse(url).hostname
        site = host.removeprefix("www.") if host else None
    cleaned = clean_text(content, find_title=title is None, known_title=title)
    doc.title = title or cleaned.title
    # a date the user supplied (``--published``) only for an article that states none
    doc.published = published or cleaned.published or parse_published(meta.get("published_default"))
    doc.section = section or cleaned.section
    rules = load_rules()
    doc.author = named_authors(author, rules) or named_authors(cleaned.author, rules)
    doc.dateline = cleaned.dateline
    doc.url = url
    doc.site = site
    doc.publisher = publisher or (domain_name(site) if is_html and site else None)
    doc.original_publisher = cleaned.original_publisher or doc.publisher
    doc.removals = cleaned.removals
    doc.text = cleaned.text
    if is_html and len(doc.text.split()) < MIN_HTML_WORDS:
        doc.text = ""
    if not doc.text.strip():
        doc.error = f"{_label(raw)}: " + ("no article text found in HTML" if is_html else "no article text")
        return
    doc.content_hash = content_hash(doc.text)
