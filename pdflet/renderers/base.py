"""The contract between pdflet and a renderer (built-in or from a plugin)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from pdflet.renderers.options import PageOptions
from pdflet.renderers.report import RenderReport
from pdflet.renderers.resources import Fetcher


@dataclass
class RenderJob:
    """One document to render.

    Attributes:
        html: the document, already decoded to text.
        css: an extra stylesheet applied after the document's own (or None).
        options: validated page and metadata options.
        fetcher: the only way a renderer may load images, fonts or stylesheets; it
            knows the allowed schemes and size limits, so a renderer never opens a
            URL or a path itself.
        extra: request fields contributed by plugins (``markdown``, ``options.stamp`` ...).
        report: where the renderer tells what it dropped or replaced (fonts, CSS, limits); the
            fetcher reports refused URLs to the same report.
    """

    html: str
    css: str | None = None
    options: PageOptions = field(default_factory=PageOptions)
    fetcher: Fetcher = field(default_factory=Fetcher)
    extra: dict[str, Any] = field(default_factory=dict)
    report: RenderReport | None = None

    def __post_init__(self) -> None:
        if self.report is None:
            self.report = self.fetcher.report


@dataclass
class RenderedPdf:
    """A renderer's result: the bytes, and the page count it already knows."""

    data: bytes
    pages: int


@runtime_checkable
class Renderer(Protocol):
    """What a plugin returns from ``pdflet_register_renderers``.

    ``render`` may return plain ``bytes`` (pdflet then counts the pages itself) or a
    :class:`RenderedPdf`. It raises :class:`pdflet.errors.RenderFailed` with a reason
    for documents it cannot lay out; any other exception is reported as a
    ``render_failed`` naming the renderer.
    """

    name: str
    version: str
    description: str

    def render(self, job: RenderJob) -> bytes | RenderedPdf: ...
