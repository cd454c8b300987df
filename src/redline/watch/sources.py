"""The sources file (YAML): what to watch, how often, fetch manners, guard allowances and delivery.

::

    contact: ops@example.org          # named in the User-Agent
    allow_private: false              # loopback/private/CGNAT allowed (intranet feeds)
    allow: [127.0.0.1, 10.1.0.0/16]   # addresses, networks or host names always allowed
    fetch: {timeout: 20, max_bytes: 5000000, retries: 2, backoff: 1, delay: 1, robots: true}
    deliver:
      - {type: stdout}
      - {type: jsonl, path: alerts.jsonl}
      - {type: webhook, url: "https://hooks.example/x", secret_env: HOOK_SECRET}
      - {type: email, host: smtp.example, port: 25, from: redline@example, to: [me@example]}
    sources:
      - url: "http://host/feed.xml"
        every: 15m                    # s, m, h or d (default 15m)
        kind: rss                     # rss|atom|jsonfeed|sitemap|urls|page (detected when absent)
        publisher: Example News
        language: en
      - path: /srv/drop               # a local drop folder (kind folder)

Unknown keys are an error (:class:`ValueError` naming the file and key).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redline.watch.fetch import FetchConfig
from redline.watch.urls import canonical_url

KINDS = ("rss", "atom", "jsonfeed", "sitemap", "urls", "page", "folder")
DELIVERY_TYPES = ("stdout", "jsonl", "webhook", "email")
DEFAULT_EVERY = 900
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
SOURCE_KEYS = {"url", "path", "every", "kind", "publisher", "language", "name"}
TOP_KEYS = {"sources", "contact", "allow_private", "allow", "fetch", "deliver", "every"}
FETCH_KEYS = {"timeout", "max_bytes", "max_redirects", "retries", "backoff", "delay", "robots"}
DELIVERY_KEYS = {
    "stdout": {"type", "name"},
    "jsonl": {"type", "name", "path"},
    "webhook": {"type", "name", "url", "secret", "secret_env", "retries", "timeout", "backoff"},
    "email": {
        "type",
        "name",
        "host",
        "port",
        "from",
        "to",
        "subject",
        "starttls",
        "user",
        "password_env",
        "timeout",
    },
}


@dataclass(frozen=True)
class Source:
    """One watched source: a URL (feed, sitemap, URL list or page) or a local drop folder."""

    id: str  # the canonical URL, or the folder's absolute path
    kind: str | None  # None: detected at the first fetch
    every: int  # seconds between fetches
    publisher: str | None = None
    language: str | None = None
    name: str | None = None

    @property
    def is_folder(self) -> bool:
        return self.kind == "folder"


@dataclass(frozen=True)
class Delivery:
    """One alert channel: its type, unique name and settings."""

    type: str
    name: str
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class WatchConfig:
    """Everything a sources file says."""

    sources: list[Source]
    fetch: FetchConfig = field(default_factory=FetchConfig)
    allow_private: bool = False
    allow: list[str] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)


def parse_every(value: Any, where: str) -> int:
    """Seconds of an interval: ``90`` (seconds), ``"30s"``, ``"15m"``, ``"2h"``, ``"1d"``."""
    if isinstance(value, bool):
        raise ValueError(f"{where}: every: not an interval: {value!r}")
    if isinstance(value, int | float) and value > 0:
        return int(value)
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(value))
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"{where}: every: not an interval like 30s, 15m, 2h or 1d: {value!r}")
    return max(1, int(float(match.group(1)) * UNITS[match.group(2) or "s"]))


def load_sources(path: str | os.PathLike[str]) -> WatchConfig:
    """Read a sources file; ValueError (naming the file and the problem) when it is bad."""
    import yaml

    name = os.fspath(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{name}: cannot read sources ({exc})") from exc
    return parse_sources(data, name, base=Path(path).resolve().parent)


def parse_sources(data: Any, name: str = "<sources>", base: Path | None = None) -> WatchConfig:
    """A sources mapping (as loaded from YAML) as a :class:`WatchConfig`; ValueError when bad."""
    if not isinstance(data, dict) or "sources" not in data:
        raise ValueError(f"{name}: expected a mapping with a 'sources' list")
    _known(data, TOP_KEYS, name)
    raw_sources = data["sources"]
    if not isinstance(raw_sources, list) or not raw_sources:
        raise ValueError(f"{name}: sources: expected a non-empty list")
    default_every = parse_every(data["every"], name) if "every" in data else DEFAULT_EVERY
    sources: list[Source] = []
    seen: set[str] = set()
    for n, item in enumerate(raw_sources, 1):
        source = _source(item, f"{name}: sources[{n}]", default_every, base)
        if source.id in seen:
            raise ValueError(f"{name}: sources[{n}]: {source.id} is listed twice")
        seen.add(source.id)
        sources.append(source)
    fetch = _fetch(data.get("fetch") or {}, name)
    contact = data.get("contact")
    if contact is not None:
        if not isinstance(contact, str) or not contact.strip() or any(c in contact for c in "\r\n()"):
            raise ValueError(f"{name}: contact: expected an e-mail address or URL")
        fetch.contact = contact.strip()
    allow = data.get("allow") or []
    if not isinstance(allow, list) or not all(isinstance(a, str) for a in allow):
        raise ValueError(f"{name}: allow: expected a list of addresses, networks or host names")
    allow_private = data.get("allow_private", False)
    if not isinstance(allow_private, bool):
        raise ValueError(f"{name}: allow_private: expected true or false")
    deliveries = _deliveries(data.get("deliver") or [], name)
    return WatchConfig(sources, fetch, allow_private, list(allow), deliveries)


def _known(data: dict[str, Any], keys: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in set(data) - keys)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(keys))}")


def _source(item: Any, where: str, default_every: int, base: Path | None) -> Source:
    if isinstance(item, str):
        item = {"url": item}
    if not isinstance(item, dict):
        raise ValueError(f"{where}: expected a mapping with url or path")
    _known(item, SOURCE_KEYS, where)
    kind = item.get("kind")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"{where}: kind: {kind!r} is not one of {', '.join(KINDS)}")
    for key in ("publisher", "language", "name"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise ValueError(f"{where}: {key}: expected text")
    every = parse_every(item["every"], where) if "every" in item else default_every
    if ("url" in item) == ("path" in item):
        raise ValueError(f"{where}: give exactly one of url or path")
    if "path" in item:
        if kind not in (None, "folder"):
            raise ValueError(f"{where}: a path is a drop folder (kind folder), not {kind}")
        folder = Path(os.path.expanduser(str(item["path"])))
        if not folder.is_absolute() and base is not None:
            folder = base / folder
        ident = str(folder.resolve())
        kind = "folder"
    else:
        if kind == "folder":
            raise ValueError(f"{where}: kind folder needs a path, not a url")
        url = canonical_url(str(item["url"]))
        if url is None:
            raise ValueError(f"{where}: url: {item['url']!r} is not an http or https URL")
        ident = url
    return Source(ident, kind, every, item.get("publisher"), item.get("language"), item.get("name"))


def _fetch(data: Any, name: str) -> FetchConfig:
    where = f"{name}: fetch"
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected a mapping")
    _known(data, FETCH_KEYS, where)
    config = FetchConfig()
    for key, value in data.items():
        if key == "robots":
            if not isinstance(value, bool):
                raise ValueError(f"{where}: robots: expected true or false")
        elif isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"{where}: {key}: expected a number >= 0")
        elif key in ("max_bytes", "max_redirects", "retries"):
            value = int(value)
        setattr(config, key, value)
    if config.max_redirects > 5:
        raise ValueError(f"{where}: max_redirects: at most 5")
    return config


def _deliveries(data: Any, name: str) -> list[Delivery]:
    if not isinstance(data, list):
        raise ValueError(f"{name}: deliver: expected a list")
    out: list[Delivery] = []
    names: set[str] = set()
    for n, item in enumerate(data, 1):
        where = f"{name}: deliver[{n}]"
        if isinstance(item, str):
            item = {"type": item}
        if not isinstance(item, dict) or item.get("type") not in DELIVERY_TYPES:
            raise ValueError(f"{where}: expected a mapping with type one of {', '.join(DELIVERY_TYPES)}")
        kind = item["type"]
        _known(item, DELIVERY_KEYS[kind], where)
        required = {"jsonl": ("path",), "webhook": ("url",), "email": ("host", "from", "to")}.get(kind, ())
        for key in required:
            if not item.get(key):
                raise ValueError(f"{where}: {kind} needs {key}")
        if kind == "email" and isinstance(item["to"], str):
            item = {**item, "to": [item["to"]]}
        label = str(
            item.get("name")
            or (
                kind
                if kind == "stdout"
                else f"{kind}:{item.get('path') or item.get('url') or item.get('host')}"
            )
        )  # noqa: E501
        if label in names:
            raise ValueError(f"{where}: a second channel named {label!r} (give each a name)")
        names.add(label)
        out.append(Delivery(kind, label, {k: v for k, v in item.items() if k not in ("type", "name")}))
    return out
