"""The SSRF guard and the polite fetcher, against a local site on 127.0.0.1 (no internet)."""

from __future__ import annotations

import ipaddress

import pytest
from watch_site import Page, article, news_site

from redline.watch.fetch import FetchConfig, Fetcher
from redline.watch.guard import Guard, Refused, address_refusal, system_resolver


@pytest.fixture(scope="module")
def site():
    s = news_site()
    yield s
    s.stop()


def resolver(host: str, port: int) -> list[str]:
    """news.test is this machine; evil.test is inside a private network; the rest is real DNS."""
    if host == "news.test":
        return ["127.0.0.1"]
    if host == "evil.test":
        return ["10.0.0.1"]
    if host == "split.test":  # one public answer and one private one
        return ["93.184.216.34", "192.168.1.5"]
    return system_resolver(host, port)


def fetcher(**options) -> tuple[Fetcher, list[float]]:
    slept: list[float] = []
    config = FetchConfig(**{"timeout": 3.0, "backoff": 0.01, "retries": 2, **options})
    guard = Guard(allow=["127.0.0.1"], resolver=resolver)
    return Fetcher(config, guard, sleep=slept.append), slept


# -- the guard -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address, kind",
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "CGNAT"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "address"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::", "unspecified"),
        ("::ffff:127.0.0.1", "embedding IPv4"),
        ("::ffff:8.8.8.8", "embedding IPv4"),
        ("::127.0.0.1", "embedding IPv4"),
        ("64:ff9b::a00:1", "embedding IPv4"),
        ("2002:a00:1::1", "embedding IPv4"),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "embedding IPv4"),
    ],
)
def test_guard_refuses_non_public_addresses(address, kind):
    reason = address_refusal(ipaddress.ip_address(address))
    assert reason is not None and kind in reason


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111"])
def test_guard_lets_public_addresses_through(address):
    assert address_refusal(ipaddress.ip_address(address)) is None


def test_allow_private_never_opens_link_local_or_metadata():
    assert address_refusal(ipaddress.ip_address("10.1.2.3"), allow_private=True) is None
    assert address_refusal(ipaddress.ip_address("127.0.0.1"), allow_private=True) is None
    assert address_refusal(ipaddress.ip_address("100.64.1.1"), allow_private=True) is None
    assert "link-local" in address_refusal(ipaddress.ip_address("169.254.169.254"), allow_private=True)
    assert "embedding" in address_refusal(ipaddress.ip_address("::ffff:10.0.0.1"), allow_private=True)


@pytest.mark.parametrize(
    "url, message",
    [
        ("file:///etc/passwd", "scheme 'file'"),
        ("gopher://news.test/", "scheme 'gopher'"),
        ("ftp://news.test/feed", "scheme 'ftp'"),
        ("http://user:pw@news.test/", "credentials"),
        ("http:///nohost", "without a host"),
        ("http://2130706433/", "127.0.0.1 is a loopback"),  # a decimal IPv4 literal
        ("http://0x7f.1/", "127.0.0.1 is a loopback"),
        ("http://[::ffff:169.254.169.254]/", "embedding IPv4"),
        ("http://evil.test/x", "evil.test resolves to 10.0.0.1, a private address"),
        ("http://split.test/", "192.168.1.5, a private address"),
    ],
)
def test_guard_check_refuses(url, message):
    with pytest.raises(Refused) as info:
        Guard(resolver=resolver).check(url)
    assert message in str(info.value)


def test_guard_returns_the_address_it_checked_and_honours_the_allow_list():
    assert Guard(resolver=resolver, allow=["127.0.0.0/8"]).check("http://news.test:81/a") == (
        "news.test", 81, "127.0.0.1")  # fmt: skip
    assert Guard(resolver=resolver, allow=["evil.test"]).check("https://evil.test/")[2] == "10.0.0.1"
    with pytest.raises(Refused):
        Guard(resolver=resolver, allow=["10.9.0.0/16"]).check("http://evil.test/")


# -- the fetcher ---------------------------------------------------------------------------


def test_conditional_get_with_etag_and_last_modified(site):
    f, _ = fetcher()
    first = f.get(site.base + "/news/1")
    assert first.ok and first.etag and b"Village1" in first.body
    again = f.get(site.base + "/news/1", etag=first.etag)
    assert again.not_modified and again.body == b""
    atom = f.get(site.base + "/feeds/atom.xml")
    assert (
        atom.last_modified
        and f.get(site.base + "/feeds/atom.xml", last_modified=atom.last_modified).status == 304
    )
    assert site.hits("/news/1")[-2:] == [200, 304]


def test_connects_to_the_checked_address_with_the_original_host_header(site):
    """news.test resolves only through the guard's resolver: the request reaches 127.0.0.1 with
    ``Host: news.test:PORT`` and no second lookup (the system resolver does not know news.test)."""
    port = site.server.server_address[1]
    f, _ = fetcher()
    result = f.get(f"http://news.test:{port}/news/2")
    assert result.ok, result.error
    path, status, headers = next(entry for entry in reversed(site.log) if entry[0] == "/news/2")
    assert headers["host"] == f"news.test:{port}"
    assert headers["user-agent"].startswith("redline/")


def test_user_agent_names_the_contact(site):
    f, _ = fetcher(contact="ops@example.org")
    f.get(site.base + "/news/3")
    assert "ops@example.org" in next(h for p, _, h in reversed(site.log) if p == "/news/3")["user-agent"]


def test_redirect_chain_is_followed_and_too_long_a_chain_is_not(site):
    f, _ = fetcher()
    result = f.get(site.base + "/hop/1")
    assert result.ok and result.final_url == site.base + "/news/7"
    loop = f.get(site.base + "/loop/1")
    assert loop.error == "more than 5 redirects" and not loop.transient


def test_redirect_to_cloud_metadata_is_refused(site):
    f, _ = fetcher()
    result = f.get(site.base + "/meta")
    assert result.refused and "169.254.169.254 is a link-local address" in result.error
    assert "redirected to http://169.254.169.254/latest/meta-data/" in result.error


def test_host_resolving_to_a_private_address_is_refused_before_any_request(site):
    f, _ = fetcher(robots=False)
    before = f.requests
    result = f.get("http://evil.test/x")
    assert result.refused and "10.0.0.1, a private address" in result.error
    assert f.requests == before


def test_size_limit_is_enforced_while_streaming(site):
    f, _ = fetcher(max_bytes=1_000_000)
    result = f.get(site.base + "/huge")
    assert result.error == "larger than 1000000 bytes (limit)" and result.body == b""
    site.routes["/big-declared"] = Page(b"y" * 2_000_000)
    assert f.get(site.base + "/big-declared").error == "larger than 1000000 bytes (limit)"


def test_server_errors_are_retried_with_growing_backoff_and_404s_are_not(site):
    f, slept = fetcher(retries=2, backoff=0.01)
    before = len(site.hits("/broken/500"))
    result = f.get(site.base + "/broken/500")
    assert result.error == "HTTP 500" and result.transient and result.attempts == 3
    assert len(site.hits("/broken/500")) - before == 3
    assert len(slept) == 2 and slept[1] > slept[0] * 0.9 / 1.5  # doubled, with jitter of +-50%
    before = len(site.hits("/gone/404"))
    gone = f.get(site.base + "/gone/404")
    assert gone.error == "HTTP 404" and not gone.transient and len(site.hits("/gone/404")) - before == 1


def test_timeouts_are_errors(site):
    f, _ = fetcher(timeout=0.2, retries=0)
    result = f.get(site.base + "/slow/1")
    assert result.error == "timed out" and result.transient


def test_robots_txt_is_obeyed_and_crawl_delay_spaces_requests(site):
    f, slept = fetcher()
    result = f.get(site.base + "/private/1")
    assert result.refused and result.error == "refused: disallowed by robots.txt"
    assert site.hits("/private/1") == []
    site.routes["/robots.txt"] = Page(b"User-agent: redline\nCrawl-delay: 2\nDisallow: /private/\n")
    try:
        f2, slept2 = fetcher()
        f2.get(site.base + "/news/4")
        f2.get(site.base + "/news/5")
        assert slept2 and 1.0 < slept2[-1] <= 2.0
    finally:
        site.routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")


def test_robots_forbidden_means_everything_is_disallowed():
    from watch_site import Site

    s = Site().start()
    try:
        s.routes["/robots.txt"] = Page(b"no", 403)
        s.routes["/a"] = Page(article(1))
        f, _ = fetcher()
        assert f.get(s.base + "/a").error == "refused: disallowed by robots.txt"
        s.routes["/robots.txt"] = Page(b"missing", 404)
        f2, _ = fetcher()
        assert f2.get(s.base + "/a").ok
    finally:
        s.stop()


def test_a_redirect_to_another_host_obeys_that_hosts_robots_txt(site):
    from watch_site import Site

    other = Site().start()
    try:
        other.routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /\n", content_type="text/plain")
        other.routes["/a"] = Page(article(2))
        site.routes["/elsewhere"] = Page(status=302, location=other.base + "/a", etag=False)
        f, _ = fetcher()
        result = f.get(site.base + "/elsewhere")
        assert (
            result.refused
            and result.error == f"refused: disallowed by robots.txt (redirected to {other.base}/a)"
        )
        assert other.hits("/a") == [] and other.hits("/robots.txt") == [200]
    finally:
        other.stop()
