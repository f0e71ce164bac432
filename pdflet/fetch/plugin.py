"""The built-in ``pdflet_fetch_resource`` implementation: remote resources from ``PDFLET_FETCH_ALLOW`` only.

Registered by :func:`pdflet.plugins.make_plugin_manager` as ``pdflet.fetch.plugin`` (so
``PDFLET_DISABLE_PLUGINS=pdflet.fetch.plugin`` removes it), built from the settings each
render worker receives. With ``PDFLET_FETCH_ALLOW`` empty it answers for nothing.

It runs ``trylast``: a plugin of the operator's that answers for a URL wins. For an
``http``/``https`` URL that reaches it, it either returns the resource or raises
:class:`~pdflet.renderers.resources.ResourceError` whose message is ``"<url>: <reason>"``,
and appends a :class:`Refusal` to :attr:`RemoteFetcher.refused`, which the render report
reads. Budgets and the refusal list start afresh in ``pdflet_prepare_request``, which
pdflet calls at the start of every render; a worker renders one document at a time, so
they are per render. (A program rendering in several threads at once with one plugin
manager shares them.)
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from pdflet import __version__, hookimpl
from pdflet.config import Settings
from pdflet.fetch.cache import ResponseCache
from pdflet.fetch.client import Budget, fetch_url
from pdflet.fetch.policy import FetchPolicy
from pdflet.netaddr import AddressRefused, Resolver, allow_entry
from pdflet.renderers.resources import Resource, ResourceError
from pdflet.request import RenderRequest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Refusal:
    """A remote resource that was not loaded, and why (for the render report)."""

    url: str
    reason: str


class RemoteFetcher:
    """Fetches allowed remote resources for one render worker; see the module docstring."""

    def __init__(self, settings: Settings, resolver: Resolver | None = None) -> None:
        self.policy = FetchPolicy(settings.fetch_allow)
        self.max_bytes = settings.fetch_max_bytes
        self.total_bytes = settings.fetch_total_bytes
        self.seconds = min(settings.fetch_time_budget, settings.render_timeout / 2)
        self.cache = ResponseCache(
            settings.fetch_cache_bytes, settings.fetch_cache_dir, settings.fetch_cache_disk_bytes
        )
        self.resolver = resolver
        self.user_agent = f"pdflet/{__version__} (resource fetcher)"
        self.refused: list[Refusal] = []
        self._budget = Budget(self.total_bytes, self.seconds)
        self._lock = threading.Lock()

    def start_render(self) -> None:
        """Fresh budgets and an empty refusal list for the next render."""
        with self._lock:
            self._budget = Budget(self.total_bytes, self.seconds)
            self.refused = []

    @hookimpl
    def pdflet_prepare_request(self, request: RenderRequest) -> None:
        """A render starts: its fetch budgets start with it."""
        self.start_render()

    @hookimpl(trylast=True)
    def pdflet_fetch_resource(self, url: str) -> Resource | None:
        """The resource at ``url`` when an allow entry admits it and every check passes."""
        scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
        if scheme not in ("http", "https"):
            return None
        if not self.policy:
            return self._refuse(url, "remote resources are off (PDFLET_FETCH_ALLOW is empty)")
        admitted = self.policy.check(url)
        if admitted is None:
            try:
                allow_entry(url)
            except AddressRefused as exc:
                return self._refuse(url, exc.reason)
            return self._refuse(url, "not in PDFLET_FETCH_ALLOW")
        try:
            return self._load(admitted)
        except ResourceError as exc:
            return self._refuse(url, str(exc))
        except Exception as exc:  # a bug here must cost one resource, not the render
            log.exception("fetching %s failed", url)
            return self._refuse(url, f"fetch failed ({type(exc).__name__})")

    def _load(self, url: str) -> Resource:
        budget = self._budget
        cached = self.cache.get(url)
        if cached is not None:
            budget.spend(len(cached.data))
            return Resource(cached.data, cached.mime_type)
        limit = min(self.max_bytes, max(budget.total_bytes, 0))
        response = fetch_url(url, self.policy, budget, limit, self.user_agent, resolver=self.resolver)
        budget.spend(len(response.data))
        self.cache.put(url, response.data, response.mime_type, response.headers)
        return Resource(response.data, response.mime_type)

    def _refuse(self, url: str, reason: str) -> None:
        with self._lock:
            if len(self.refused) < 1000:
                self.refused.append(Refusal(url, reason))
        log.info("remote resource refused: %s: %s", url, reason)
        raise ResourceError(f"{url}: {reason}")


def plugin_for(settings: Settings) -> RemoteFetcher:
    """The plugin object :func:`pdflet.plugins.make_plugin_manager` registers."""
    return RemoteFetcher(settings)


def refusals(pm: object) -> list[Refusal]:
    """What the built-in fetcher refused in the current (or last) render of ``pm``; [] when it is disabled."""
    plugin = pm.get_plugin("pdflet.fetch.plugin")  # type: ignore[attr-defined]
    return list(plugin.refused) if isinstance(plugin, RemoteFetcher) else []
