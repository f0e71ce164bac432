"""Random HTML trees with random CSS through the default renderer, in this process.

Every example must end in a PDF or a ``RenderFailed`` with a reason (never "Content too large
to fit on a page": blocks taller than a page split or shrink), within a per-example time
bound, without opening a socket. Failures found this way are kept in
``test_renderer_regressions.py``. Seeded: ``PDFLET_FUZZ_SEED`` replays a run,
``PDFLET_FUZZ_EXAMPLES`` makes it longer (see ``bench/fuzz.sh``).
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, seed, settings

from pdflet.config import Settings
from pdflet.errors import RenderFailed
from pdflet.pipeline import validate_request
from pdflet.plugins import collect_renderers, make_plugin_manager
from pdflet.renderers.base import RenderedPdf, RenderJob
from tests.fuzz import knobs
from tests.fuzz.strategies import documents, page_options


class Hang(Exception):  # an Exception, so that hypothesis shrinks it to a small reproducer
    """The renderer passed the per-example time bound."""


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds``; a renderer that swallows the interruption still fails."""
    expired: list[bool] = []

    def expire(_signum, _frame):
        expired.append(True)
        raise Hang(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:
        raise Hang(f"no result after {seconds:g} s (the interruption was swallowed)")


PM = make_plugin_manager(Settings(plugins=()), load_entrypoints=False)


@pytest.fixture(scope="module")
def renderer():
    """The renderer registered as ``reportlab``, found through the plugin manager like a worker finds it."""
    return collect_renderers(PM)["reportlab"]


@pytest.fixture(scope="module")
def no_network() -> Iterator[list[tuple]]:
    """Record (and refuse) any outgoing connection made while the module runs."""
    attempts: list[tuple] = []
    original = socket.socket.connect

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network access from a renderer")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    try:
        yield attempts
    finally:
        socket.socket.connect = original  # type: ignore[method-assign]


def check_render(renderer, html: str, css: str | None, options: dict) -> RenderedPdf | RenderFailed:
    """Render what the web process would hand a worker for this body (validated, as the pipeline does)."""
    request = validate_request(PM, {"html": html, "css": css, "options": options})
    job = RenderJob(html=request.html, css=request.css, options=request.options)
    try:
        with time_bound(knobs.seconds_per_example()):
            result = renderer.render(job)
    except RenderFailed as exc:
        assert exc.detail and exc.detail.strip(), "RenderFailed without a reason"
        # A browser lays out any mix of blocks: what no page can hold is split, or shrunk to the page.
        assert not exc.detail.startswith("Content too large"), exc.detail
        return exc
    assert isinstance(result, (RenderedPdf, bytes)), type(result)
    data = result.data if isinstance(result, RenderedPdf) else result
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    if isinstance(result, RenderedPdf):
        assert result.pages >= 1
    return result


@seed(knobs.seed())
@settings(max_examples=knobs.examples(30), deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(doc=documents(), options=page_options)
def test_random_documents_end_in_a_pdf_or_a_reason(renderer, no_network, doc, options):
    html, css = doc
    check_render(renderer, html, css, options)
    assert no_network == []
