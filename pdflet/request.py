"""What one render request is, once validated: shared by the web layer, the workers and plugins."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pdflet.renderers.options import PageOptions
from pdflet.renderers.pagepost import PrintAdjust


@dataclass(frozen=True)
class RequestFields:
    """A plugin's declaration of the request fields and options it understands.

    Attributes:
        fields: top-level body fields (besides ``html``, ``css``, ``renderer``,
            ``filename``, ``options``).
        options: keys of ``options``.
        html_sources: the subset of ``fields`` that may replace ``html``.
    """

    fields: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    html_sources: tuple[str, ...] = ()


@dataclass
class RenderRequest:
    """A validated request; picklable so it crosses into a render worker as is."""

    html: str
    css: str | None = None
    renderer: str | None = None
    filename: str = "document.pdf"
    options: PageOptions = field(default_factory=PageOptions)
    plugin_fields: dict[str, Any] = field(default_factory=dict)
    plugin_options: dict[str, Any] = field(default_factory=dict)
    watermark: str | None = None
    #: the request's own files by checked name (``fonts/Inter.woff2``), see ``pdflet.renderers.assets``
    assets: dict[str, bytes] = field(default_factory=dict)
    #: a folder relative URLs may also read from, inside it only (the CLI's file folder or ``--base-dir``)
    asset_folder: str | None = None
    #: page ranges, scale, one long page, document information (the Gotenberg routes' print settings)
    print_adjust: PrintAdjust | None = None
    #: ``html`` is a Gotenberg Markdown template: ``{{ toHTML "x.md" }}`` is filled from the assets first
    markdown_template: bool = False


@dataclass
class RenderOutput:
    """A finished PDF on its way back; post-processors replace ``data``."""

    data: bytes
    pages: int
    renderer: str
    #: the render report (``{"type", "message", ...}`` dicts), see ``pdflet.renderers.report``
    warnings: list[dict[str, Any]] = field(default_factory=list)
