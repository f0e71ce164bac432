"""pdflet: HTML to PDF without a browser, as a library, a CLI and an authenticated HTTP service."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pdflet.errors import PdfletError
from pdflet.hookspecs import hookimpl

if TYPE_CHECKING:
    import pluggy

    from pdflet.config import Settings

__version__ = "0.1.0"
__all__ = ["PdfletError", "__version__", "hookimpl", "render_pdf"]


@functools.lru_cache(maxsize=4)
def _plugin_manager(settings: Settings) -> pluggy.PluginManager:
    """One manager per distinct settings, reused across calls.

    Scanning entry points and registering plugins costs ~30 ms; a library caller
    rendering in a loop should not pay it per document.
    """
    from pdflet.plugins import make_plugin_manager

    return make_plugin_manager(settings)


def render_pdf(
    html: str,
    *,
    css: str | None = None,
    renderer: str | None = None,
    assets: Mapping[str, bytes] | None = None,
    base_dir: str | None = None,
    **options: Any,
) -> bytes:
    """Render ``html`` to PDF bytes in this process with the installed plugins.

    Options are those of the HTTP API's ``options`` object (``page_size``, ``margin``,
    ``header_html`` ...). This is the call the CLI and the render workers make. Relative URLs
    resolve against ``assets`` (file names to bytes, as the API's ``assets``) and then files
    inside ``base_dir``.

    Raises:
        PdfletError: with ``code`` ``invalid_request`` for bad arguments or
            ``render_failed`` for a document that cannot be laid out.
    """
    from pdflet.config import Settings
    from pdflet.pipeline import render_request, validate_request

    pm = _plugin_manager(Settings.from_env())
    body: dict[str, Any] = {"html": html, "css": css, "renderer": renderer, "options": options or None}
    request = validate_request(pm, {k: v for k, v in body.items() if v is not None})
    if assets:
        from pdflet.errors import InvalidRequest
        from pdflet.renderers.assets import AssetNameError, check_asset_name

        try:
            request.assets = {check_asset_name(name): bytes(data) for name, data in assets.items()}
        except AssetNameError as exc:
            raise InvalidRequest(f"Bad asset name: {exc}.") from None
    request.asset_folder = base_dir
    return render_request(pm, request).data
