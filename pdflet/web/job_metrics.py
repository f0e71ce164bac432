"""Metrics of jobs and webhooks: queue depth (read from the database at scrape time, so it is
right whichever process consumes), job latency and webhook delivery outcomes."""

from __future__ import annotations

from collections.abc import Iterator

import peewee
from peewee import fn
from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from pdflet.db.job_models import Job, WebhookEvent
from pdflet.web.metrics import RENDER_BUCKETS, Metrics


class QueueCollector(Collector):
    """``pdflet_jobs{status}`` and ``pdflet_webhook_events{status}`` counted in the job tables."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            jobs = dict(Job.select(Job.status, fn.COUNT(Job.id)).where(Job.status.in_(("queued", "running")))
                        .group_by(Job.status).tuples())
            events = dict(WebhookEvent.select(WebhookEvent.status, fn.COUNT(WebhookEvent.id))
                          .where(WebhookEvent.status != "delivered").group_by(WebhookEvent.status).tuples())
        except peewee.DatabaseError:  # unreachable: /readyz says so; the other metrics stay up
            return
        family = GaugeMetricFamily("pdflet_jobs", "Jobs queued or running (queue depth)", labels=["status"])
        for status in ("queued", "running"):
            family.add_metric([status], jobs.get(status, 0))
        yield family
        pending = GaugeMetricFamily("pdflet_webhook_events", "Webhook events not delivered", labels=["status"])
        for status in ("pending", "failed"):
            pending.add_metric([status], events.get(status, 0))
        yield pending


class JobMetrics:
    def __init__(self, metrics: Metrics) -> None:
        reg = metrics.registry
        self.job_seconds = Histogram("pdflet_job_seconds", "Job run time in a consumer, by final status",
                                     ["status"], buckets=RENDER_BUCKETS, registry=reg)
        self.deliveries = Counter("pdflet_webhook_deliveries", "Webhook delivery attempts by result",
                                  ["result"], registry=reg)
        self.collector = QueueCollector()
        reg.register(self.collector)
        metrics.extra_collectors = [*getattr(metrics, "extra_collectors", []), self.collector]

    def observe_job(self, status: str, seconds: float) -> None:
        self.job_seconds.labels(status).observe(seconds)

    def observe_delivery(self, attempt) -> None:  # type: ignore[no-untyped-def]
        self.deliveries.labels("ok" if attempt.ok else "failed").inc()
