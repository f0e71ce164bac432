"""Test-only renderers for the worker-pool limits: one that allocates without bound, one that names its worker.

Loaded with ``PDFLET_PLUGIN_MODULES=pdflet_scaleplugins`` (this folder on PYTHONPATH).
"""

from __future__ import annotations

import os

from pdflet_testplugins import tiny_pdf  # loaded from the same folder as this module

from pdflet import hookimpl
from pdflet.renderers.base import RenderJob
from pdflet.request import RequestFields


class HogRenderer:
    """Allocates ``megabytes`` (default 4096) of memory, a page at a time, like a runaway layout."""

    name = "test-hog"
    version = "0.0.1"
    description = "test renderer that allocates"

    def render(self, job: RenderJob) -> bytes:
        chunks = []
        for _ in range(int(job.extra.get("megabytes", 4096))):
            chunks.append(bytearray(1024 * 1024))
        return tiny_pdf(f"allocated {len(chunks)} MiB")


class PidRenderer:
    """Writes the worker's process id, so a test can see workers being recycled."""

    name = "test-pid"
    version = "0.0.1"
    description = "test renderer that names its worker"

    def render(self, job: RenderJob) -> bytes:
        return tiny_pdf(f"worker {os.getpid()}")


@hookimpl
def pdflet_register_renderers():
    return [HogRenderer(), PidRenderer()]


@hookimpl
def pdflet_request_fields():
    return RequestFields(fields=("megabytes",))
