"""Canonical URLs: one spelling per article (lower-case host, no fragment, default port or trackers)."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from redline.data import load_json

CANONICAL_LINK = re.compile(
    r"<link\b(?=[^>]*\brel\s*=\s*[\"']?canonical\b)[^>]*\bhref\s*=\s*[\"']([^\"'>\s]+)", re.I
)


@cache
def _trackers() -> frozenset[str]:
    return frozenset(p.lower() for p in load_json("watch.json")["tracking_params"])


def canonical_url(url: str, base: str | None = None) -> str | None:
    """The canonical spelling of ``url`` (resolved against ``base``); None when it is not http(s)."""
    try:
        full = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(full)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != (443 if scheme == "https" else 80):
        host = f"{host}:{port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _trackers()
    ]
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def page_canonical(html: str, page_url: str) -> str | None:
    """The page's own ``<link rel=canonical>`` when it names a URL on the same host, canonicalised."""
    match = CANONICAL_LINK.search(html[:200_000])
    if not match:
        return None
    found = canonical_url(match.group(1), page_url)
    if found is None or urlsplit(found).hostname != urlsplit(page_url).hostname:
        return None
    return found


def host_key(url: str) -> str:
    """``scheme://host:port`` of a URL: the unit of politeness (robots.txt, one request at a time)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"
