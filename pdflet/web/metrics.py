"""Prometheus metrics on a registry of the app's own (no global registry, so tests stay apart)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

RENDER_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "pdflet_http_requests", "HTTP requests by route, method and status",
            ["route", "method", "status"], registry=self.registry,
        )
        self.render_seconds = Histogram(
            "pdflet_render_seconds", "Render time, queue included", ["renderer"],
            buckets=RENDER_BUCKETS, registry=self.registry,
        )
        self.pages = Counter("pdflet_pages_rendered", "Pages rendered", registry=self.registry)
        self.bytes = Counter("pdflet_bytes_rendered", "PDF bytes rendered", registry=self.registry)
        self.render_errors = Counter(
            "pdflet_render_errors", "Renders that did not produce a PDF, by code", ["code"], registry=self.registry
        )
        self.queue_depth = Gauge("pdflet_render_in_flight", "Renders queued or running", registry=self.registry)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
