"""Bytes -> text: BOM, then strict UTF-8, then a declared HTML charset, then charset-normalizer."""

from __future__ import annotations

import codecs
import re

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


class DecodeError(ValueError):
    """Raised with a short reason ("is binary data (NUL bytes)", "undecodable bytes")."""


def decode_bytes(data: bytes, html: bool = False) -> tuple[str, str]:
    """Decode *data*, returning (text, encoding name); raise DecodeError with a reason."""
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise DecodeError("undecodable bytes (bad " + name + ")") from exc
    if b"\x00" in data:
        raise DecodeError("is binary data (NUL bytes)")
    sample = data[:65536]
    if sample and len(CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise DecodeError("is binary data (control bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html and (m := META_CHARSET.search(data[:4096])):
        name = m.group(1).decode("ascii", "replace").lower()
        try:
            return data.decode(name), codecs.lookup(name).name
        except (LookupError, UnicodeDecodeError):
            pass
    return _detect(data)


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeError("undecodable bytes")
    # Short Western texts are ambiguous between the Latin code pages; prefer cp1252 on a tie.
    if best.encoding != "cp1252" and "cp1252" in best.could_be_from_charset:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), best.encoding


HTML_FRAGMENT = re.compile(r"^\s*<(?:[a-z][a-z0-9]*|!--)[\s>/]", re.I)
HTML_CLOSE = re.compile(r"</(?:p|div|article|body|html|span|section|h[1-6]|li|td|a)\s*>", re.I)


def looks_like_html(text: str) -> bool:
    """Whether a string is HTML: a whole page (as :func:`sniff_format` finds it) or a fragment
    that opens with a tag and closes a common element (``<article><p>..</p></article>``)."""
    if sniff_format(text) == "html":
        return True
    head = text.lstrip()[:512]
    return bool(HTML_FRAGMENT.match(head)) and HTML_CLOSE.search(text) is not None


def sniff_format(text: str) -> str:
    """Guess "jsonl", "json", "html" or "text" from decoded content."""
    head = text.lstrip()[:512]
    if head.startswith("{"):
        return "jsonl"
    if head.startswith("["):
        return "json"
    if HTML_START.match(head) or re.match(r"<\?xml[^>]*>\s*<(?:!doctype\s+)?html", head, re.I):
        return "html"
    return "text"
