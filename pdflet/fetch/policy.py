"""Which URLs may be fetched: ``PDFLET_FETCH_ALLOW``'s prefixes, compared part by part.

A prefix is compared as scheme, host (as written, lower-cased), port and path, never as
a raw string: ``https://cdn.example.com`` must not admit ``https://cdn.example.com.evil.net/``,
and ``https://cdn.example.com/logos/`` must not admit ``/logos/../private/`` or
``/logos/%2e%2e/private/``. The path is compared after removing dot segments, and the URL
actually requested is that normalised one, so what was checked is what is fetched.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from pdflet.netaddr import DEFAULT_PORTS, AddressRefused, allow_entry

log = logging.getLogger(__name__)

_ENCODED_DOT = re.compile("%2e", re.I)
_ENCODED_SEPARATOR = re.compile("%2f|%5c", re.I)


@dataclass(frozen=True)
class Prefix:
    """One allow entry, split into the parts a URL is compared by."""

    scheme: str
    hostport: str
    path: str


def remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4: ``/a/./b/../c`` is ``/a/c``; a path never climbs above ``/``."""
    out: list[str] = []
    segments = path.split("/")
    for segment in segments[1:]:
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    trailing = segments[-1] in (".", "..") and segments[1:] != []
    return "/" + "/".join(out) + ("/" if trailing and out else "")


def split_url(url: str) -> tuple[str, str, str, str] | None:
    """Scheme, ``host:port``, normalised path and query of ``url``, or None if it cannot be fetched."""
    try:
        parts = urlsplit(url.strip())
        hostport = allow_entry(urlunsplit((parts.scheme, parts.netloc, "", "", "")))
    except (ValueError, AddressRefused):
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or "\\" in parts.path or _ENCODED_SEPARATOR.search(parts.path):
        return None
    path = remove_dot_segments(_ENCODED_DOT.sub(".", parts.path or "/"))
    return scheme, hostport, path, parts.query


def _names_port(text: str) -> bool:
    try:
        return urlsplit(text.strip()).port is not None
    except ValueError:
        return False


class FetchPolicy:
    """The allow-list, and ``exact``: the ``host:port`` of each entry that writes its port out.

    Only those entries exempt a host from the address checks of
    :func:`pdflet.netaddr.resolve_checked`: ``http://10.0.0.5:8080/assets/`` deliberately
    names an internal server, while ``https://cdn.example.com/`` means a public one, and
    must stay refused if its name ever resolves to a private or metadata address.
    """

    def __init__(self, prefixes: tuple[str, ...]) -> None:
        self.prefixes: list[Prefix] = []
        exact = set()
        for text in prefixes:
            split = split_url(text)
            if split is None or split[3]:
                log.warning("PDFLET_FETCH_ALLOW entry %r is not an http(s) URL prefix; ignored", text)
                continue
            self.prefixes.append(Prefix(split[0], split[1], split[2]))
            if _names_port(text):
                exact.add(split[1])
        self.exact = frozenset(exact)

    def __bool__(self) -> bool:
        return bool(self.prefixes)

    def check(self, url: str) -> str | None:
        """The URL to request (normalised) when an allow entry admits ``url``, else None."""
        split = split_url(url)
        if split is None:
            return None
        scheme, hostport, path, query = split
        for prefix in self.prefixes:
            if prefix.scheme == scheme and prefix.hostport == hostport and path.startswith(prefix.path):
                return urlunsplit((scheme, hostport, path, query, ""))
        return None
