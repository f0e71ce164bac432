"""The ``chromium`` renderer: pdflet's request options turned into one ``page.pdf()`` call.

Request options win over the document (API.md): a given ``page_size`` or ``margin`` is added
as an ``@page`` rule after the document's own styles; otherwise the document's ``@page``
decides, and otherwise A4 portrait with Chromium's usual 0.4in margins.
"""

from __future__ import annotations

import atexit
import html as html_lib
import io
import os
from typing import Any

from pdflet.errors import RenderFailed, RenderTimeout
from pdflet.renderers.base import RenderJob
from pdflet.renderers.options import PAGE_SIZES, PageOptions

from pdflet_chromium import __version__
from pdflet_chromium.browser import WarmBrowser

DEFAULT_MARGIN_PT = 0.4 * 72.0
DEFAULT_EXECUTABLE = "/usr/bin/chromium"
DEFAULT_MAX_RENDERS = 100
# Header and footer templates get no styles from the document; this is Chromium's usual small print.
TEMPLATE_STYLE = "font-family:sans-serif;font-size:9pt;width:100%;box-sizing:border-box;padding:0 {right}pt 0 {left}pt;"
EMPTY_TEMPLATE = "<span></span>"


def _inches(points: float) -> str:
    return f"{points / 72.0:.4f}in"


def page_overrides(options: PageOptions) -> str:
    """The ``@page`` rule for the options the request gave, placed after the document's styles."""
    rules = []
    if options.page_size is not None:
        width, height = options.oriented(options.page_size)
        rules.append(f"size: {width:.3f}pt {height:.3f}pt;")
    elif options.orientation is not None:
        rules.append(f"size: {options.orientation};")
    if options.margin is not None:
        rules.append("margin: " + " ".join(f"{side:.3f}pt" for side in options.margin) + ";")
    return "@page { " + " ".join(rules) + " }" if rules else ""


def pdf_arguments(options: PageOptions) -> dict[str, Any]:
    """Keyword arguments for Playwright's ``page.pdf`` (defaults the document's ``@page`` may override)."""
    width, height = options.oriented(options.page_size or PAGE_SIZES["a4"])
    top, right, bottom, left = options.margin or (DEFAULT_MARGIN_PT,) * 4
    args: dict[str, Any] = {
        "width": _inches(width),
        "height": _inches(height),
        "margin": {"top": _inches(top), "right": _inches(right), "bottom": _inches(bottom), "left": _inches(left)},
        "prefer_css_page_size": True,
        "print_background": True,
    }
    if options.header_html or options.footer_html:
        style = html_lib.escape(TEMPLATE_STYLE.format(left=f"{left:.3f}", right=f"{right:.3f}"))
        args["display_header_footer"] = True
        args["header_template"] = (
            f'<div style="{style}">{options.header_html}</div>' if options.header_html else EMPTY_TEMPLATE
        )
        args["footer_template"] = (
            f'<div style="{style}">{options.footer_html}</div>' if options.footer_html else EMPTY_TEMPLATE
        )
    return args


def set_metadata(data: bytes, options: PageOptions) -> bytes:
    """Write the title, author, subject and keywords options into the PDF (Chromium only sets the title)."""
    fields = {"/Title": options.title, "/Author": options.author, "/Subject": options.subject,
              "/Keywords": options.keywords}
    given = {key: value for key, value in fields.items() if value}
    if not given:
        return data
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata(given)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class ChromiumRenderer:
    """Renders with a warm headless Chromium; for documents that need flexbox, grid or scripts."""

    name = "chromium"
    version = __version__
    description = "Headless Chromium (Debian chromium through Playwright), network blocked except data: URIs"

    def __init__(self, browser: WarmBrowser) -> None:
        self.browser = browser
        self._atexit = False

    @classmethod
    def from_env(cls) -> ChromiumRenderer:
        """Configured by ``PDFLET_CHROMIUM_PATH``, ``PDFLET_CHROMIUM_MAX_RENDERS`` and pdflet's render timeout."""
        from pdflet.config import Settings

        timeout = Settings.from_env().render_timeout
        executable = os.environ.get("PDFLET_CHROMIUM_PATH") or DEFAULT_EXECUTABLE
        raw = os.environ.get("PDFLET_CHROMIUM_MAX_RENDERS", "")
        max_renders = int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_RENDERS
        # Answer a slow document ourselves (keeping the warm browser) before pdflet kills the worker.
        return cls(WarmBrowser(executable, max_renders, timeout_s=timeout * 0.8))

    def render(self, job: RenderJob) -> bytes:
        """Print ``job`` to PDF; a slow page is a 504, a crashed browser a 422 (restarted next time)."""
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        if not os.path.exists(self.browser.executable):
            raise RenderFailed(f"Chromium is not installed at {self.browser.executable}.")
        if not self._atexit:
            atexit.register(self.browser.stop)
            self._atexit = True
        css = "\n".join(part for part in (job.css, page_overrides(job.options)) if part) or None
        try:
            data = self.browser.print_pdf(job.html, css, pdf_arguments(job.options))
        except PlaywrightTimeout:
            self.browser.close()
            raise RenderTimeout("Chromium did not finish loading and printing the document in time.") from None
        except PlaywrightError as exc:
            self.browser.close()
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise RenderFailed(f"Chromium failed: {reason}") from None
        return set_metadata(data, job.options)
