"""Renderers: HTML and options in, PDF bytes out.

Nothing under this package imports the web, admin or database code, so a renderer runs
the same in a worker process, the CLI, a test or another program.
"""

from pdflet.renderers.base import RenderedPdf, Renderer, RenderJob
from pdflet.renderers.options import PageOptions, parse_options
from pdflet.renderers.resources import Fetcher, Resource

__all__ = ["Fetcher", "PageOptions", "RenderJob", "RenderedPdf", "Renderer", "Resource", "parse_options"]
