"""The one door through which a renderer loads images, fonts and stylesheets.

By default only ``data:`` URIs open; anything else is refused unless an operator's
plugin (``pdflet_fetch_resource``) answers for it. A renderer is handed bytes, never
a URL or a path, so hostile HTML cannot make the server read its own files or reach
its network.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

MAX_RESOURCE_BYTES = 20 * 1024 * 1024

_DATA_URI = re.compile(r"^data:(?P<mime>[^,;]*)(?P<params>(?:;[^,;]*)*),(?P<data>.*)$", re.S | re.I)


@dataclass(frozen=True)
class Resource:
    """Fetched bytes and the media type the source claimed (which may lie)."""

    data: bytes
    mime_type: str


class ResourceError(ValueError):
    """A resource could not be loaded; renderers treat it like a browser's broken image."""


def decode_data_uri(uri: str, max_bytes: int = MAX_RESOURCE_BYTES) -> Resource:
    """Decode an RFC 2397 ``data:`` URI, refusing anything over ``max_bytes``."""
    match = _DATA_URI.match(uri.strip())
    if not match:
        raise ResourceError("malformed data: URI")
    mime = (match.group("mime") or "text/plain").strip().lower()
    params = [p.strip().lower() for p in match.group("params").split(";") if p.strip()]
    payload = match.group("data")
    if "base64" in params:
        compact = re.sub(r"\s+", "", unquote_to_bytes(payload).decode("ascii", "replace"))
        if len(compact) * 3 // 4 > max_bytes:
            raise ResourceError("data: URI too large")
        try:
            data = base64.b64decode(compact + "=" * (-len(compact) % 4), validate=False)
        except (binascii.Error, ValueError) as exc:
            raise ResourceError(f"bad base64 in data: URI: {exc}") from None
    else:
        data = unquote_to_bytes(payload)
    if len(data) > max_bytes:
        raise ResourceError("data: URI too large")
    return Resource(data, mime)


FetchHook = Callable[[str], "Resource | None"]


class Fetcher:
    """Loads resources by URL under the operator's policy.

    Args:
        hook: called for every URL that is not ``data:``; returns a Resource, or None
            to refuse. pdflet wires it to the ``pdflet_fetch_resource`` plugin hook.
        max_bytes: the largest single resource accepted.
    """

    def __init__(self, hook: FetchHook | None = None, max_bytes: int = MAX_RESOURCE_BYTES) -> None:
        self._hook = hook
        self.max_bytes = max_bytes

    def fetch(self, url: str) -> Resource:
        """Return the resource at ``url`` or raise :class:`ResourceError`."""
        url = (url or "").strip()
        if not url:
            raise ResourceError("empty URL")
        if url[:5].lower() == "data:":
            return decode_data_uri(url, self.max_bytes)
        if self._hook is not None:
            resource = self._hook(url)
            if resource is not None:
                if len(resource.data) > self.max_bytes:
                    raise ResourceError("resource too large")
                return resource
        raise ResourceError(f"{url.split(':', 1)[0]}: resources are not allowed (only data: URIs)")
