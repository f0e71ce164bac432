"""Test-only renderers that misbehave on purpose: slow, crashing, dying, memory-hogging, and a plain stamp field.

Loaded into a test server with ``PDFLET_PLUGIN_MODULES=pdflet_testplugins`` (this folder on PYTHONPATH).
"""

from __future__ import annotations

import os
import time

from reportlab.pdfgen.canvas import Canvas

from pdflet import hookimpl
from pdflet.errors import RenderFailed
from pdflet.renderers.base import RenderedPdf, RenderJob
from pdflet.request import RequestFields


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF saying ``text``: what the well-behaved end of a test renderer returns."""
    import io

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _Base:
    version = "0.0.1"
    description = "test renderer"


class SlowRenderer(_Base):
    name = "test-slow"

    def render(self, job: RenderJob) -> bytes:
        time.sleep(float(job.extra.get("sleep", 5)))
        return tiny_pdf("slow")


class CrashRenderer(_Base):
    name = "test-crash"

    def render(self, job: RenderJob) -> bytes:
        raise ValueError("boom from the test renderer")


class RefuseRenderer(_Base):
    name = "test-refuse"

    def render(self, job: RenderJob) -> RenderedPdf:
        raise RenderFailed("this renderer refuses every document")


class DieRenderer(_Base):
    name = "test-die"

    def render(self, job: RenderJob) -> bytes:
        os._exit(3)


_HOARD: list[bytearray] = []  # what test-hog leaks: it stays allocated for the life of the worker
RESERVE = 256 * 1024  # left free, so the worker can still answer, but not read a large next task


class HogRenderer(_Base):
    """Fills the worker's memory to its cap and keeps it, like a leaking plugin, then runs out of memory."""

    name = "test-hog"

    def render(self, job: RenderJob) -> bytes:
        size = 64 * 1024 * 1024
        while size >= 4096:
            try:
                _HOARD.append(bytearray(size))
            except MemoryError:
                size //= 4
        freed = 0
        while _HOARD and freed < RESERVE:
            freed += len(_HOARD.pop())
        raise MemoryError("test-hog filled the worker")


class GarbageRenderer(_Base):
    name = "test-garbage"

    def render(self, job: RenderJob) -> bytes:
        return b"this is not a pdf"


@hookimpl
def pdflet_register_renderers():
    return [SlowRenderer(), CrashRenderer(), RefuseRenderer(), DieRenderer(), GarbageRenderer(),
            HogRenderer()]


@hookimpl
def pdflet_request_fields():
    return RequestFields(fields=("sleep",))
