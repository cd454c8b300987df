"""The SSRF guard: which hosts and addresses the fetcher may connect to (every redirect hop checked)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

from redline.data import load_json

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]
"""(host, port) -> the addresses it resolves to (faked in tests)."""

SCHEMES = frozenset({"http", "https"})
CGNAT = ipaddress.ip_network("100.64.0.0/10")
METADATA = ipaddress.ip_network("169.254.0.0/16")


class Refused(Exception):
    """A URL the guard will not fetch, with the reason (``refused: ...``)."""


@cache
def _embedded() -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(n) for n in load_json("watch.json")["embedded_ipv6"])


def system_resolver(host: str, port: int) -> list[str]:
    """The host's addresses from the system resolver (one lookup; the fetcher connects to these)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_refusal(ip: IPAddress, allow_private: bool = False) -> str | None:
    """What kind of address ``ip`` is when the fetcher must not connect to it (None: public).

    ``allow_private`` lets loopback, private (RFC 1918, ULA) and CGNAT addresses through, never
    link-local (cloud metadata), multicast, reserved, unspecified or embedded-IPv4 IPv6 forms."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None or ip.sixtofour is not None or ip.teredo is not None:
            return "an IPv6 address embedding IPv4"
        if any(ip in net for net in _embedded()) and not ip.is_unspecified and not ip.is_loopback:
            return "an IPv6 address embedding IPv4"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_link_local or (isinstance(ip, ipaddress.IPv4Address) and ip in METADATA):
        return "a link-local address (cloud metadata)"
    if ip.is_loopback:
        return None if allow_private else "a loopback address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in CGNAT:
        return None if allow_private else "a shared (CGNAT) address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return None if allow_private else "a private address"
    if not ip.is_global:
        return "not a public address"
    return None


@dataclass
class Guard:
    """Checks URLs and resolves their hosts once; :meth:`check` returns the address to connect to.

    ``allow`` lists addresses or networks (``127.0.0.1``, ``10.1.0.0/16``) and host names that
    pass whatever they resolve to (intranet feeds, tests)."""

    allow_private: bool = False
    allow: Sequence[str] = ()
    resolver: Resolver = system_resolver
    _networks: list[IPNetwork] = field(default_factory=list, init=False)
    _hosts: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        for item in self.allow:
            try:
                self._networks.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError:
                self._hosts.add(item.strip().lower().rstrip("."))

    def allowed(self, ip: IPAddress) -> bool:
        return any(ip.version == net.version and ip in net for net in self._networks)

    def check(self, url: str) -> tuple[str, int, str]:
        """(host, port, address to connect to) of ``url``; :class:`Refused` when it must not be fetched.

        Every address the host resolves to must pass (a name that also points inside is refused)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise Refused(f"refused: malformed URL ({exc})") from None
        scheme = parts.scheme.lower()
        if scheme not in SCHEMES:
            raise Refused(f"refused: scheme {scheme or '(none)'!r} is not http or https")
        host = (parts.hostname or "").rstrip(".").lower()
        if not host:
            raise Refused("refused: URL without a host")
        if parts.username or parts.password:
            raise Refused("refused: URL with credentials")
        port = port or (443 if scheme == "https" else 80)
        literal = _literal(host)
        if literal is not None:
            addresses: Iterable[str] = [str(literal)]
        else:
            try:
                addresses = self.resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise Refused(f"cannot resolve {host} ({exc})") from None
        checked: list[str] = []
        for text in addresses:
            try:
                ip = ipaddress.ip_address(text.split("%")[0])
            except ValueError:
                raise Refused(f"refused: {host} resolves to {text!r}, not an address") from None
            if host in self._hosts or self.allowed(ip):
                checked.append(str(ip))
                continue
            reason = address_refusal(ip, self.allow_private)
            if reason:
                if literal is not None:
                    raise Refused(f"refused: {ip} is {reason}")
                raise Refused(f"refused: {host} resolves to {ip}, {reason}")
            checked.append(str(ip))
        if not checked:
            raise Refused(f"cannot resolve {host} (no addresses)")
        return host, port, checked[0]


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    # inet_aton forms ("2130706433", "0x7f.1", "127.1") are addresses too: never resolve them by name
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None
