"""Prometheus metrics on registries of the app's own (no global registry, so tests stay apart).

One web process: the metrics live in a private :class:`CollectorRegistry` and ``/metrics``
exposes it. Several web processes on one port (``pdflet serve --processes N``): a scrape
reaches any one of them, so each process writes its values to files in a per-run
directory (prometheus-client's multiprocess mode) and ``/metrics`` sums them all. That
mode is chosen by ``PROMETHEUS_MULTIPROC_DIR`` when prometheus-client is imported, so the
server sets it before importing this module (see :mod:`pdflet.server`).

Busy refusals and timeouts are ``pdflet_render_errors_total{code="busy"|"render_timeout"}``.
"""

from __future__ import annotations

from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, values
from prometheus_client.multiprocess import MultiProcessCollector

RENDER_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    """The service's metrics; ``multiprocess_dir`` set means "sum over every process writing there"."""

    def __init__(self, multiprocess_dir: Path | None = None) -> None:
        self.multiprocess_dir = multiprocess_dir
        if multiprocess_dir is not None and values.ValueClass is values.MutexValue:
            raise RuntimeError("PROMETHEUS_MULTIPROC_DIR must be set before prometheus_client is imported")
        # In multiprocess mode the values go to files; the registry only keeps names unique.
        self.registry = CollectorRegistry()
        reg = self.registry
        self.requests = Counter(
            "pdflet_http_requests", "HTTP requests by route, method and status",
            ["route", "method", "status"], registry=reg,
        )
        self.render_seconds = Histogram(
            "pdflet_render_seconds", "Render time, queue included", ["renderer"],
            buckets=RENDER_BUCKETS, registry=reg,
        )
        self.pages = Counter("pdflet_pages_rendered", "Pages rendered", registry=reg)
        self.bytes = Counter("pdflet_bytes_rendered", "PDF bytes rendered", registry=reg)
        self.render_errors = Counter(
            "pdflet_render_errors", "Renders that did not produce a PDF, by code (busy, render_timeout, ...)",
            ["code"], registry=reg,
        )
        self.queue_depth = Gauge(
            "pdflet_render_in_flight", "Renders queued or running", registry=reg, multiprocess_mode="livesum",
        )

    def exposition(self) -> bytes:
        if self.multiprocess_dir is None:
            return generate_latest(self.registry)
        merged = CollectorRegistry()
        MultiProcessCollector(merged, path=str(self.multiprocess_dir))
        for collector in getattr(self, "extra_collectors", ()):  # collectors that read shared state
            merged.register(collector)
        return generate_latest(merged)
