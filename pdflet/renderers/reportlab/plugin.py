"""The built-in renderer, registered through the same hook a third-party renderer uses."""

from __future__ import annotations

from pdflet import hookimpl
from pdflet.renderers.reportlab.renderer import ReportLabRenderer


@hookimpl
def pdflet_register_renderers() -> list[ReportLabRenderer]:
    """Offer the html5lib + ReportLab renderer under the name ``reportlab``."""
    return [ReportLabRenderer()]
