"""One HTTP(S) GET to the address :mod:`pdflet.netaddr` resolved, within a render's budget.

urllib3 is used because it lets a connection go to an IP address chosen in advance while
the request carries the original ``Host`` header and TLS checks the certificate against
the original name (``server_hostname`` / ``assert_hostname``), and because it has no
hidden behaviour to switch off: it reads no proxy variables, keeps no cookies and
follows no redirects when asked not to (each hop is checked here instead).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
import urllib3.connection
from urllib3.util.ssl_match_hostname import CertificateError

from pdflet.fetch.policy import FetchPolicy
from pdflet.netaddr import AddressRefused, Resolver, Target, resolve_checked
from pdflet.renderers.resources import ResourceError

MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
BROWSER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
#: Hosts that pick the format they serve by User-Agent (Google Fonts serves woff2 only to modern browsers).
BROWSER_AGENT_HOSTS = frozenset({"fonts.googleapis.com"})


class ConnectFailed(ResourceError):
    """No connection to one address (the next address of the name may still answer)."""


@dataclass
class Budget:
    """What one render may still spend on remote resources: bytes and seconds."""

    total_bytes: int
    seconds: float
    deadline: float = field(init=False)

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ResourceError("the render's fetch time budget is spent")
        return left

    def spend(self, count: int) -> None:
        self.total_bytes -= count
        if self.total_bytes < 0:
            raise ResourceError("the render's total remote bytes budget is spent")


@dataclass(frozen=True)
class Response:
    """A fetched body, its media type, the URL it finally came from and the headers that decide caching."""

    data: bytes
    mime_type: str
    url: str
    headers: dict[str, str]


def _host_header(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


def _connection(target: Target, timeout: float) -> urllib3.connection.HTTPConnection:
    """A connection to ``target.ip`` that presents ``target.host`` (TLS: SNI and certificate name)."""
    if target.scheme == "https":
        return urllib3.connection.HTTPSConnection(
            target.ip, target.port, timeout=timeout, cert_reqs="CERT_REQUIRED",
            server_hostname=target.host, assert_hostname=target.host,
        )
    return urllib3.connection.HTTPConnection(target.ip, target.port, timeout=timeout)


def _abort(connection: urllib3.connection.HTTPConnection) -> None:
    """Wake a read blocked on ``connection`` from another thread (close alone does not on Linux)."""
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _headers(target: Target, user_agent: str) -> dict[str, str]:
    agent = BROWSER_AGENT if target.host in BROWSER_AGENT_HOSTS else user_agent
    return {
        "Host": _host_header(target),
        "User-Agent": agent,
        "Accept": "*/*",
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }


def _read_body(response: urllib3.BaseHTTPResponse, limit: int, budget: Budget) -> bytes:
    """The body, decoded, refusing it past ``limit`` bytes or the budget's deadline."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ResourceError(f"too large ({declared} bytes; the limit is {limit})")
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise ResourceError(f"too large (over {limit} bytes)")
        budget.remaining()
        chunks.append(chunk)
    return b"".join(chunks)


def _request_once(
    target: Target, url: str, budget: Budget, limit: int, user_agent: str
) -> tuple[int, dict[str, str], bytes]:
    """One GET on one connection; a timer shuts it at the budget's deadline.

    Socket timeouts bound each read, not the sum of them: a server dripping its headers
    or body a byte at a time would otherwise hold the render until the render timeout.
    """
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = _connection(target, budget.remaining())
    watchdog = threading.Timer(budget.remaining(), _abort, (connection,))
    watchdog.daemon = True
    watchdog.start()
    connected = False
    try:
        connection.connect()
        connected = True
        connection.request("GET", path, headers=_headers(target, user_agent), preload_content=False)
        response = connection.getresponse()
        headers = {k.title(): v for k, v in response.headers.items()}
        body = b"" if response.status in REDIRECTS else _read_body(response, limit, budget)
        budget.remaining()  # an abort at the deadline can look like a short, complete response
        return response.status, headers, body
    except (urllib3.exceptions.HTTPError, OSError, http.client.HTTPException, CertificateError) as exc:
        budget.remaining()
        if not connected:
            raise ConnectFailed(f"cannot connect to {target.host}:{target.port} ({type(exc).__name__})") from None
        raise ResourceError(f"the transfer failed ({type(exc).__name__})") from None
    finally:
        watchdog.cancel()
        connection.close()


def _first_answer(
    targets: list[Target], url: str, budget: Budget, limit: int, user_agent: str
) -> tuple[int, dict[str, str], bytes]:
    """The answer of the first address that accepts a connection, in resolver order."""
    failure: ResourceError | None = None
    for target in targets:
        try:
            return _request_once(target, url, budget, limit, user_agent)
        except ConnectFailed as exc:
            failure = exc
    assert failure is not None  # resolve_checked never returns an empty list
    raise failure


def fetch_url(
    url: str,
    policy: FetchPolicy,
    budget: Budget,
    limit: int,
    user_agent: str,
    resolver: Resolver | None = None,
    on_hop: Callable[[str], None] | None = None,
) -> Response:
    """GET ``url`` (already admitted by ``policy``), following at most :data:`MAX_REDIRECTS`.

    Every hop is admitted by ``policy`` and resolved and checked by
    :func:`pdflet.netaddr.resolve_checked` again; https never redirects to http.

    Raises:
        ResourceError: naming the URL's problem (refused address, redirect, size, time, status).
    """
    for hop in range(MAX_REDIRECTS + 1):
        where = f"redirected to {url}: " if hop else ""
        if on_hop is not None:
            on_hop(url)
        try:
            targets = resolve_checked(url, policy.exact, resolver=resolver)
            status, headers, body = _first_answer(targets, url, budget, limit, user_agent)
        except AddressRefused as exc:
            raise ResourceError(f"{where}{exc.reason}") from None
        except ResourceError as exc:
            raise ResourceError(f"{where}{exc}") from None
        if status not in REDIRECTS:
            if status != 200:
                raise ResourceError(f"{where}HTTP {status}")
            mime = headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
            return Response(body, mime or "application/octet-stream", url, headers)
        location = headers.get("Location")
        if not location:
            raise ResourceError(f"{where}redirect without Location")
        following = urljoin(url, location.strip())
        admitted = policy.check(following)
        if admitted is None:
            raise ResourceError(f"{where}redirect to {following} is not in PDFLET_FETCH_ALLOW")
        if url.startswith("https:") and not admitted.startswith("https:"):
            raise ResourceError(f"{where}redirect from https to http refused")
        url = admitted
    raise ResourceError(f"more than {MAX_REDIRECTS} redirects")
