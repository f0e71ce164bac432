"""Where an outgoing URL would really connect, and whether it may (SSRF defence).

Standard library only, and nothing from pdflet, so any outgoing-request code (the
remote resource fetcher, the webhook sender) can use it.

Public API
----------
``resolve_checked(url, allow_exact=(), *, resolver=None) -> list[Target]``
    Parse ``url`` (``http``/``https`` only, no ``user:pass@``), canonicalise its host,
    resolve it ONCE and check every resulting address. Returns the targets to connect
    to (connect to ``Target.ip``, send ``Target.host`` as Host header and TLS SNI) or
    raises :class:`AddressRefused` whose ``reason`` says why, e.g.
    ``"127.0.0.1 is loopback"``. Connect only to the returned addresses: resolving the
    name again would let a rebinding DNS server answer differently the second time.

``allow_entry(text) -> str``
    Normalise an operator's allow entry (``"127.0.0.1:8080"``, ``"[::1]:8443"`` or a
    URL such as ``"http://127.0.0.1:8080/static/"``) into the ``"host:port"`` form that
    ``allow_exact`` holds.

``classify(ip) -> str | None``
    Why an ``ipaddress`` address is refused (``"loopback"``, ``"private"``,
    ``"cloud metadata"``, ``"IPv4-mapped loopback"`` …), or None for a public address.

``parse_ipv4_loose(text) -> IPv4Address | None``
    Read a host the way ``inet_aton`` does (``0x7f.1``, ``2130706433``,
    ``0177.0.0.1``, ``127.1``), so such spellings are treated as the addresses the
    system resolver would make of them, not as names.

``Target`` (frozen dataclass): ``scheme``, ``host`` (canonical, ASCII, no trailing
dot, IPv6 without brackets), ``port``, ``ip`` (str), ``family`` (socket.AF_INET/6).

``AddressRefused(ValueError)``: ``.reason`` is a short human sentence for warnings.

Exemptions
----------
A refused address class (loopback, private, link-local, CGNAT, multicast, unspecified,
reserved, broadcast, cloud metadata, and each of those embedded in an IPv6 address) is
allowed only when ``allow_exact`` names the host *exactly as written in the URL*
(lower-cased) and the port (the scheme's default when omitted). So an entry
``127.0.0.1:8080`` admits ``http://127.0.0.1:8080/`` but not ``http://0x7f.1:8080/``,
``http://localhost:8080/`` or ``http://[::ffff:127.0.0.1]:8080/``: an operator who
exempts one spelling has not exempted the others. Hosts with a zone id
(``fe80::1%eth0``), percent-escapes, or numeric spellings that are not a valid
address are refused outright.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[..., list]

DEFAULT_PORTS = {"http": 80, "https": 443}

#: Names that are cloud metadata services whatever they resolve to.
METADATA_HOSTS = frozenset({
    "metadata", "metadata.google.internal", "metadata.goog", "instance-data",
    "instance-data.ec2.internal", "metadata.azure.com", "metadata.packet.net",
})

#: Cloud metadata addresses, some of them public (Azure's wire server, Alibaba's).
METADATA_IPS = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "169.254.169.123", "169.254.169.253",
    "100.100.100.200", "168.63.129.16", "192.0.0.192", "fd00:ec2::254", "fd00:ec2::23",
))

_V4_NETS: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "unspecified"),
    ("127.0.0.0/8", "loopback"),
    ("10.0.0.0/8", "private"),
    ("172.16.0.0/12", "private"),
    ("192.168.0.0/16", "private"),
    ("169.254.0.0/16", "link-local"),
    ("100.64.0.0/10", "CGNAT"),
    ("224.0.0.0/4", "multicast"),
    ("255.255.255.255/32", "broadcast"),
    ("240.0.0.0/4", "reserved"),
    ("192.0.0.0/24", "reserved"),
    ("192.0.2.0/24", "reserved"),
    ("198.51.100.0/24", "reserved"),
    ("203.0.113.0/24", "reserved"),
    ("198.18.0.0/15", "reserved"),
    ("192.88.99.0/24", "reserved"),
)
_V6_NETS: tuple[tuple[str, str], ...] = (
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "private"),
    ("fc00::/7", "private"),
    ("ff00::/8", "multicast"),
    ("64:ff9b:1::/48", "private"),
    ("2001:db8::/32", "reserved"),
    ("100::/64", "reserved"),
    ("3fff::/20", "reserved"),
)
_V4_TABLE = tuple((ipaddress.IPv4Network(n), r) for n, r in _V4_NETS)
_V6_TABLE = tuple((ipaddress.IPv6Network(n), r) for n, r in _V6_NETS)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")
_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")
_COMPAT = ipaddress.IPv6Network("::/96")

_NUMERIC_PART = re.compile(r"^(0[xX][0-9a-fA-F]*|[0-9]+)$")
_HOST_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")


class AddressRefused(ValueError):
    """The URL may not be connected to; ``reason`` says why in a short sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    """One address to connect to, and the name to present there (Host header, SNI)."""

    scheme: str
    host: str
    port: int
    ip: str
    family: int


def parse_ipv4_loose(text: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address ``inet_aton`` would read from ``text``, or None if it reads none.

    One to four dot-separated parts, each decimal, octal (leading ``0``) or hex
    (``0x``); the last part fills the remaining bytes (``127.1`` is 127.0.0.1,
    ``2130706433`` is too).
    """
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(_NUMERIC_PART.match(p) for p in parts):
        return None
    values = []
    for part in parts:
        if part[:2].lower() == "0x":
            values.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part[0] == "0":
            if not set(part) <= set("01234567"):
                return None
            values.append(int(part, 8))
        else:
            values.append(int(part))
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return None
    number = last
    for index, value in enumerate(head):
        number |= value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def _looks_numeric(host: str) -> bool:
    """WHATWG's rule: a host whose last label is numeric must be an IPv4 address."""
    last = host.rsplit(".", 1)[-1]
    return bool(last) and bool(_NUMERIC_PART.match(last))


def _classify_v4(ip: ipaddress.IPv4Address) -> str | None:
    if ip in METADATA_IPS:
        return "cloud metadata"
    for net, reason in _V4_TABLE:
        if ip in net:
            return reason
    return None if ip.is_global else "reserved"


def _embedded_v4(ip: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, 6to4, Teredo, NAT64)."""
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped", ip.ipv4_mapped
    if ip.sixtofour is not None:
        return "6to4", ip.sixtofour
    if ip.teredo is not None:
        return "Teredo", ip.teredo[1]
    if ip in _NAT64:
        return "NAT64", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _TRANSLATED:
        return "IPv4-translated", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _COMPAT and int(ip) > 1:
        return "IPv4-compatible", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def classify(ip: IPAddress) -> str | None:
    """Why ``ip`` is refused (a short class name), or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv4Address):
        return _classify_v4(ip)
    if ip.scope_id:
        return "scoped (zone id)"
    if ip in METADATA_IPS:
        return "cloud metadata"
    embedded = _embedded_v4(ip)
    if embedded is not None:
        kind, v4 = embedded
        inner = _classify_v4(v4)
        if inner is not None:
            return f"{kind} {inner}"
        if kind in ("IPv4-mapped", "NAT64"):
            return None  # reaches a public IPv4 address (NAT64: from an IPv6-only network)
        if kind in ("IPv4-compatible", "IPv4-translated"):
            return f"{kind} (deprecated)"
    for net, reason in _V6_TABLE:
        if ip in net:
            return reason
    return None if ip in _GLOBAL_UNICAST and ip.is_global else "reserved"


def _canonical_host(raw: str) -> tuple[str, IPAddress | None]:
    """The host as an ASCII name or an address; raises AddressRefused for odd spellings."""
    if not raw:
        raise AddressRefused("the URL has no host")
    if raw.startswith("["):
        if not raw.endswith("]"):
            raise AddressRefused("malformed IPv6 host")
        inner = raw[1:-1]
        if "%" in inner:
            raise AddressRefused(f"IPv6 zone ids are refused ({raw})")
        try:
            return inner.lower(), ipaddress.IPv6Address(inner)
        except ValueError:
            raise AddressRefused(f"malformed IPv6 host {raw}") from None
    if "%" in raw:
        raise AddressRefused(f"percent-escaped host names are refused ({raw})")
    try:
        ascii_host = raw.encode("idna").decode("ascii").lower() if not raw.isascii() else raw.lower()
    except UnicodeError:
        raise AddressRefused(f"host {raw!r} is not a valid international name") from None
    host = ascii_host[:-1] if ascii_host.endswith(".") else ascii_host
    if _looks_numeric(host):
        v4 = parse_ipv4_loose(host)
        if v4 is None:
            raise AddressRefused(f"numeric host {raw!r} is not a valid IPv4 address")
        return str(v4), v4
    labels = host.split(".")
    if len(host) > 253 or not all(_HOST_LABEL.match(label) for label in labels):
        raise AddressRefused(f"invalid host name {raw!r}")
    return host, None


def _split_url(url: str) -> tuple[str, str, int]:
    """Scheme, host as written (lower-cased, brackets kept) and port, after the basic checks."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise AddressRefused(f"malformed URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise AddressRefused(f"scheme {scheme or '(none)'!r} is refused (only http and https)")
    if "@" in parts.netloc:
        raise AddressRefused("URLs with credentials (user:pass@) are refused")
    netloc = parts.netloc
    if netloc.startswith("[") and "]" in netloc:
        host = netloc[: netloc.index("]") + 1]
    else:
        host = netloc.rsplit(":", 1)[0] if ":" in netloc else netloc
    if port == 0:
        raise AddressRefused("port 0 is refused")
    return scheme, host.lower(), port if port is not None else DEFAULT_PORTS[scheme]


def allow_entry(text: str) -> str:
    """``text`` (``host:port`` or a URL) as the ``host:port`` key ``allow_exact`` holds."""
    text = text.strip()
    if "://" not in text:
        text = "http://" + text
    _scheme, host, port = _split_url(text)
    return f"{host}:{port}"


def _resolve(host: str, port: int, resolver: Resolver) -> list[tuple[int, str]]:
    try:
        infos = resolver(host, port, 0, socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise AddressRefused(f"{host} does not resolve ({exc})") from None
    found: list[tuple[int, str]] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6) and (family, sockaddr[0]) not in found:
            found.append((family, sockaddr[0]))
    if not found:
        raise AddressRefused(f"{host} has no IP address")
    return found


def resolve_checked(
    url: str, allow_exact: Iterable[str] = (), *, resolver: Resolver | None = None
) -> list[Target]:
    """Resolve ``url``'s host once and return the addresses it may connect to.

    Every address the name resolves to must pass (one bad answer refuses the URL, so a
    DNS server cannot slip a private address in beside a public one), unless
    ``allow_exact`` holds the host as written and the port (see the module docstring).

    Raises:
        AddressRefused: with a reason naming the host and the refused class.
    """
    scheme, written, port = _split_url(url)
    host, literal = _canonical_host(written)
    exempt = f"{written}:{port}" in {allow_entry(e) for e in allow_exact}
    if host in METADATA_HOSTS and not exempt:
        raise AddressRefused(f"{host} is a cloud metadata service")
    if literal is not None:
        addresses = [(socket.AF_INET if literal.version == 4 else socket.AF_INET6, str(literal))]
    else:
        addresses = _resolve(host, port, resolver or socket.getaddrinfo)
    targets = []
    for family, ip_text in addresses:
        ip = ipaddress.ip_address(ip_text.split("%", 1)[0])
        reason = "scoped (zone id)" if "%" in ip_text else classify(ip)
        if reason is not None and not exempt:
            shown = written if str(ip) == host else f"{written} ({ip})"
            raise AddressRefused(f"{shown} is {reason}")
        targets.append(Target(scheme, host, port, str(ip), family))
    return targets
