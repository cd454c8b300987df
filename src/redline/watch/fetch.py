"""Polite, guarded HTTP fetching: robots.txt and crawl-delay, conditional GET, size limit, retries.

Every hop (the URL and each redirect, at most ``max_redirects``) goes through the
:class:`~redline.watch.guard.Guard`, which resolves the host once; the request is sent to that
checked address with the original ``Host`` header (and TLS server name), so a second DNS answer
(rebinding) is never used. Requests are made one at a time, so one host never sees two at once;
``delay`` (or the host's robots.txt ``Crawl-delay``, capped) spaces requests to a host.
"""

from __future__ import annotations

import email.utils
import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from redline import __version__ as _redline_version
from redline.watch.guard import Guard, Refused
from redline.watch.urls import host_key

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_CRAWL_DELAY = 30.0
ROBOTS_TTL = 3600.0


@dataclass
class FetchConfig:
    """The fetcher's limits and manners."""

    contact: str | None = None  # e-mail or URL named in the User-Agent
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 2  # extra attempts after a transport error, 429 or 5xx
    backoff: float = 1.0  # seconds before the first retry (doubles each time, with jitter)
    delay: float = 0.0  # minimum seconds between two requests to one host
    robots: bool = True

    @property
    def user_agent(self) -> str:
        contact = f"; +{self.contact}" if self.contact else ""
        return f"redline/{_redline_version} (news watcher{contact})"


@dataclass
class Fetched:
    """The outcome of one GET: the final URL, status, body and validators, or an error."""

    url: str
    final_url: str
    status: int | None = None
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    refused: bool = False  # by the SSRF guard or robots.txt
    transient: bool = False  # worth retrying in a later cycle (timeouts, 5xx)
    attempts: int = 0
    retry_after: str | None = None  # the server's Retry-After header

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def body_hash(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


class _TooLarge(Exception):
    pass


@dataclass
class _Robots:
    parser: RobotFileParser | None  # None: everything allowed
    fetched: float


@dataclass
class Fetcher:
    """Fetches URLs politely through the guard (one request at a time)."""

    config: FetchConfig = field(default_factory=FetchConfig)
    guard: Guard = field(default_factory=Guard)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests: int = 0
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _last: dict[str, float] = field(default_factory=dict, init=False, repr=False)
    _robots: dict[str, _Robots] = field(default_factory=dict, init=False, repr=False)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                follow_redirects=False,
                trust_env=False,
                timeout=self.config.timeout,
                headers={"User-Agent": self.config.user_agent, "Accept-Encoding": "gzip, deflate"},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(
        self, url: str, etag: str | None = None, last_modified: str | None = None, accept: str | None = None
    ) -> Fetched:
        """GET ``url`` (conditional when validators are given), with robots.txt, retries and limits."""
        if self.config.robots:
            try:
                if not self._robots_allow(url):
                    return Fetched(url, url, error="refused: disallowed by robots.txt", refused=True)
            except Refused as exc:
                return Fetched(url, url, error=str(exc), refused=True)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        attempt = 0
        while True:
            attempt += 1
            result = self._follow(url, headers, robots=self.config.robots)
            result.attempts = attempt
            if not result.transient or attempt > self.config.retries:
                return result
            wait = self.config.backoff * (2 ** (attempt - 1))
            retry_after = _retry_after(result)
            if retry_after is not None:
                wait = max(wait, min(retry_after, 60.0))
            self.sleep(wait * (0.5 + random.random()))

    def _follow(self, url: str, headers: dict[str, str], robots: bool = False) -> Fetched:
        """GET through the guard, following redirects (each hop checked; ``robots``: each hop to
        another host obeys that host's robots.txt too)."""
        current = url
        for _hop in range(self.config.max_redirects + 1):
            try:
                host, port, address = self.guard.check(current)
                if robots and current != url and host_key(current) != host_key(url):
                    if not self._robots_allow(current):
                        where = f" (redirected to {current})"
                        return Fetched(
                            url, current, error=f"refused: disallowed by robots.txt{where}", refused=True
                        )
            except Refused as exc:
                hop = "" if current == url else f" (redirected to {current})"
                return Fetched(
                    url,
                    current,
                    error=f"{exc}{hop}",
                    refused=str(exc).startswith("refused"),
                    transient=not str(exc).startswith("refused"),
                )
            self._pace(current)
            try:
                result = self._request(url, current, host, port, address, headers)
            except _TooLarge:
                return Fetched(url, current, error=f"larger than {self.config.max_bytes} bytes (limit)")
            except httpx.TimeoutException:
                return Fetched(url, current, error="timed out", transient=True)
            except httpx.HTTPError as exc:
                return Fetched(
                    url, current, error=f"network error ({type(exc).__name__}: {exc})", transient=True
                )
            if result.status in (301, 302, 303, 307, 308):
                location = result.body.decode("latin-1")
                if not location:
                    result.error = f"HTTP {result.status} without a Location"
                    return result
                current = urljoin(current, location)
                continue
            return result
        return Fetched(url, current, error=f"more than {self.config.max_redirects} redirects")

    def _request(
        self, url: str, current: str, host: str, port: int, address: str, headers: dict[str, str]
    ) -> Fetched:
        parts = httpx.URL(current)
        target = parts.copy_with(host=address)
        default = 443 if parts.scheme == "https" else 80
        sent = {**headers, "Host": host if port == default else f"{host}:{port}"}
        extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
        self.requests += 1
        with self.client.stream("GET", target, headers=sent, extensions=extensions) as response:
            status = response.status_code
            if status in (301, 302, 303, 307, 308):
                location = response.headers.get("location", "")
                return Fetched(url, current, status=status, body=location.encode("latin-1", "replace"))
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.config.max_bytes:
                raise _TooLarge
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.config.max_bytes:
                    raise _TooLarge
                chunks.append(chunk)
            result = Fetched(
                url,
                current,
                status=status,
                body=b"".join(chunks),
                content_type=response.headers.get("content-type"),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
            )
            result.retry_after = response.headers.get("retry-after")
        if status == 304:
            return result
        if status >= 400:
            result.error = f"HTTP {status}"
            result.transient = status in RETRY_STATUS
        return result

    def _pace(self, url: str) -> None:
        key = host_key(url)
        delay = self.config.delay
        robots = self._robots.get(key)
        if robots is not None and robots.parser is not None:
            crawl = robots.parser.crawl_delay(self.config.user_agent)
            if crawl is not None:
                delay = max(delay, min(float(crawl), MAX_CRAWL_DELAY))
        last = self._last.get(key)
        now = self.clock()
        if last is not None and delay > 0 and now - last < delay:
            self.sleep(delay - (now - last))
        self._last[key] = self.clock()

    def _robots_allow(self, url: str) -> bool:
        key = host_key(url)
        robots = self._robots.get(key)
        if robots is None or self.clock() - robots.fetched > ROBOTS_TTL:
            robots = self._fetch_robots(url)
            self._robots[key] = robots
        return robots.parser is None or robots.parser.can_fetch(self.config.user_agent, url)

    def _fetch_robots(self, url: str) -> _Robots:
        """robots.txt of the URL's host: 401/403 forbid everything, other failures allow everything."""
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        result = self._follow(robots_url, {})
        if result.refused and result.final_url == robots_url:
            raise Refused(result.error or "refused")
        if result.status in (401, 403):
            parser = RobotFileParser()
            parser.parse(["User-agent: *", "Disallow: /"])
            return _Robots(parser, self.clock())
        if not result.ok:
            return _Robots(None, self.clock())
        parser = RobotFileParser()
        parser.parse(result.body.decode("utf-8", "replace").splitlines())
        return _Robots(parser, self.clock())


def _retry_after(result: Fetched) -> float | None:
    value = result.retry_after
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
