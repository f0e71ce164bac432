"""The one door through which a renderer loads images, fonts and stylesheets.

``data:`` URIs and the request's own assets open; any other URL is refused unless an
operator's plugin (``pdflet_fetch_resource``) answers for it, and every refusal is
reported in the render report. A renderer is handed bytes, never
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

from pdflet.renderers.assets import ASSET_ROOT, AssetSource, asset_name_of, display_url, guess_type, resolve_url
from pdflet.renderers.report import RenderReport

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
    """Loads resources by URL under the operator's policy, for one render.

    Args:
        hook: called for every absolute URL that is neither ``data:`` nor one of the request's assets; returns
            a Resource, or None to refuse. pdflet wires it to the ``pdflet_fetch_resource`` plugin hook.
        max_bytes: the largest single resource accepted.
        assets: the request's own files; relative URLs resolve against them (see :mod:`pdflet.renderers.assets`).
        report: where refused and failed URLs are told (as ``resource`` warnings).
    """

    def __init__(
        self,
        hook: FetchHook | None = None,
        max_bytes: int = MAX_RESOURCE_BYTES,
        assets: AssetSource | None = None,
        report: RenderReport | None = None,
    ) -> None:
        self._hook = hook
        self.max_bytes = max_bytes
        self.assets = assets
        self.report = report if report is not None else RenderReport()
        self._seen: dict[str, Resource | ResourceError] = {}

    def fetch(self, url: str, base: str | None = None, *, warn: bool = True) -> Resource:
        """Return the resource at ``url`` (relative to ``base``, else the document) or raise :class:`ResourceError`.

        A failure is also reported as a warning unless ``warn`` is False (a caller with fallbacks to try, as
        ``@font-face src`` lists have, reports once at the end).
        """
        url = (url or "").strip()
        try:
            if not url:
                raise ResourceError("empty URL")
            if url[:5].lower() == "data:":
                return decode_data_uri(url, self.max_bytes)
            try:
                absolute = resolve_url(url, base)
            except ValueError as exc:  # urllib refuses some hosts outright (an unclosed IPv6 bracket)
                raise ResourceError(f"malformed URL: {exc}") from None
            known = self._seen.get(absolute)
            if known is None:
                try:
                    known = self._load(absolute)
                except ResourceError as exc:
                    known = exc
                self._seen[absolute] = known
            if isinstance(known, ResourceError):
                raise known
            return known
        except ResourceError as exc:
            if warn:
                self.warn_failed(url, base, str(exc))
            raise

    def warn_failed(self, url: str, base: str | None, reason: str) -> None:
        """Report ``url`` as not loaded, named as the document wrote it resolved (an asset by its name)."""
        try:
            shown = display_url(resolve_url(url, base)) if url else ""
        except ValueError:
            shown = url[:300]
        self.report.warn("resource", f"{shown or '(empty URL)'} was not loaded: {reason}", url=shown, reason=reason)

    def _load(self, absolute: str) -> Resource:
        name = asset_name_of(absolute)
        if name is not None:
            data = self.assets.get(name) if self.assets is not None else None
            if data is None and self._hook is not None:
                # A relative reference naming no asset of the request: a plugin that serves the document's own
                # tree (its folder on disk, a bucket per tenant) gets it as written, relative to the document.
                resource = self._hook(name)
                if resource is not None:
                    if len(resource.data) > self.max_bytes:
                        raise ResourceError("resource too large")
                    return resource
            if data is None:
                raise ResourceError(f"no asset named {name!r} was sent with the document")
            if len(data) > self.max_bytes:
                raise ResourceError("resource too large")
            return Resource(bytes(data), guess_type(name))
        if absolute.startswith(ASSET_ROOT):
            raise ResourceError("not a valid asset name")
        if self._hook is not None:
            resource = self._hook(absolute)
            if resource is not None:
                if len(resource.data) > self.max_bytes:
                    raise ResourceError("resource too large")
                return resource
        scheme = absolute.split(":", 1)[0].lower()
        if scheme in ("http", "https"):
            raise ResourceError("remote resources are not allowed (see PDFLET_FETCH_ALLOW)")
        raise ResourceError(f"{scheme}: URLs are not allowed")
