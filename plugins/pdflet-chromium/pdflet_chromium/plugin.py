"""The hooks pdflet calls; registered through the ``pdflet`` entry point as ``plugin``.

The renderer holds the process's browser, so the hook returns the same renderer every
time it is asked: pdflet collects renderers per request, and a new object each time would
start a new browser each time. This one object is the plugin's only process state; it is
created per process (each render worker imports the plugin itself) and starts nothing
until a document asks for ``"renderer": "chromium"``.
"""

from __future__ import annotations

from pdflet import hookimpl

from pdflet_chromium.renderer import ChromiumRenderer


class ChromiumPlugin:
    """Offers the ``chromium`` renderer, built on first use from the environment."""

    def __init__(self) -> None:
        self._renderer: ChromiumRenderer | None = None

    @hookimpl
    def pdflet_register_renderers(self) -> list[ChromiumRenderer]:
        """The one renderer of this process (its browser starts on its first document)."""
        if self._renderer is None:
            self._renderer = ChromiumRenderer.from_env()
        return [self._renderer]


plugin = ChromiumPlugin()
