"""HTML -> article body and metadata with trafilatura."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import urlparse

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass
class Extracted:
    """Article body (paragraphs separated by newlines) and page metadata."""

    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    sitename: str | None = None
    hostname: str | None = None
    url: str | None = None
    section: str | None = None


def _field(result: Any, name: str) -> Any:
    value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
    return value.strip() if isinstance(value, str) and value.strip() else (value or None)


_TITLE_TAG = re.compile(r"<title[^>]*>([^<]{1,300})</title>", re.I)
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·)\s+")


def _title_suffix(html: str, title: str | None) -> str | None:
    """The site's name a page's <title> adds after its headline ("Clashes in Tripoli kill 6 |
    Maghreb Daily"), when the page names no site otherwise."""
    m = _TITLE_TAG.search(html[:20000])
    if not m or not title:
        return None
    parts = _TITLE_SEPARATOR.split(unescape(m[1]).strip())
    if len(parts) < 2 or parts[0].strip().lower() != title.strip().lower():
        return None
    site = parts[-1].strip()
    return site if 1 <= len(site.split()) <= 5 else None


def extract_html(html: str, url: str | None = None) -> Extracted | None:
    """Main text and metadata of an HTML page; None when no article body is found."""
    import trafilatura

    result = None
    for precision in (True, False):  # fall back to recall mode for short or unusual pages
        result = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, favor_precision=precision,
            include_tables=False,
        )
        if result is not None and (_field(result, "text") or "").strip():
            break
    if result is None or not (_field(result, "text") or "").strip():
        return None
    page_url = _field(result, "url") or url
    host = (urlparse(page_url).hostname if page_url else None) or _field(result, "hostname")
    categories = _field(result, "categories")
    section = categories[0] if isinstance(categories, list) and categories else None
    sitename = _field(result, "sitename") or _title_suffix(html, _field(result, "title"))
    return Extracted(
        text=_field(result, "text"),
        title=_field(result, "title"),
        date=_field(result, "date"),
        author=_field(result, "author"),
        sitename=sitename,
        hostname=host.removeprefix("www.") if host else None,
        url=page_url,
        section=section.strip() if isinstance(section, str) else None,
    )
