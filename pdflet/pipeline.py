"""From a request body to finished PDF bytes, in-process, through the plugins.

``validate_request`` runs in the web process (so bad input is a 400 before a worker is
busy); ``render_request`` runs wherever the rendering happens: a worker process, the
CLI, or a library caller. Both take the plugin manager as an argument.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Mapping
from typing import Any

import pluggy

from pdflet.errors import InvalidRequest, PdfletError, RenderFailed
from pdflet.plugins import collect_renderers, collect_request_fields, pick_renderer
from pdflet.renderers.assets import AssetSource, FolderAssets, LayeredAssets, MappingAssets
from pdflet.renderers.base import RenderedPdf, RenderJob
from pdflet.renderers.markdown_template import fill_markdown
from pdflet.renderers.options import parse_options, valid_text
from pdflet.renderers.pagepost import adjust_pdf, scaled_options, single_page_options
from pdflet.renderers.resources import MAX_RESOURCE_BYTES, Fetcher
from pdflet.renderers.watermark import apply_watermark
from pdflet.request import RenderOutput, RenderRequest

log = logging.getLogger(__name__)

CORE_FIELDS = ("html", "css", "renderer", "filename", "options")
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._ ()+-]+")


def safe_filename(name: Any) -> str:
    """A Content-Disposition-safe file name: no quotes, controls, slashes or leading dots."""
    if not isinstance(name, str):
        raise InvalidRequest("filename must be a string.")
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_FILENAME.sub("_", base).strip(" ._")[:120]
    if not base:
        return "document.pdf"
    return base if base.lower().endswith(".pdf") else base + ".pdf"


def validate_request(pm: pluggy.PluginManager, body: Any) -> RenderRequest:
    """Check a decoded JSON body against the contract and the installed plugins.

    Raises:
        InvalidRequest: naming the first problem: a missing ``html``, a wrong type, an
            unknown field, option or renderer, or a bad option value.
    """
    if not isinstance(body, Mapping):
        raise InvalidRequest("The request body must be a JSON object.")
    plugin_fields, plugin_options, html_sources = collect_request_fields(pm)
    unknown = sorted(k for k in body if k not in CORE_FIELDS and k not in plugin_fields)
    if unknown:
        known = ", ".join(sorted([*CORE_FIELDS, *plugin_fields]))
        raise InvalidRequest(f"Unknown field(s): {', '.join(map(repr, unknown))}. Known: {known}.")
    for name in sorted(html_sources):  # a document in place of html is text, as the OpenAPI document says
        if body.get(name) is not None and not isinstance(body[name], str):
            raise InvalidRequest(f"'{name}' must be a string.")
    html = body.get("html")
    has_source = any(body.get(k) is not None for k in html_sources)
    if html is None and not has_source:
        raise InvalidRequest("'html' is required.")
    if html is not None and not isinstance(html, str):
        raise InvalidRequest("'html' must be a string.")
    if html is not None and not html.strip() and not has_source:
        raise InvalidRequest("'html' is empty.")
    css = body.get("css")
    if css is not None and not isinstance(css, str):
        raise InvalidRequest("'css' must be a string.")
    renderer = body.get("renderer")
    if renderer is not None:
        if not isinstance(renderer, str):
            raise InvalidRequest("'renderer' must be a string.")
        pick_renderer(collect_renderers(pm), renderer)
    filename = safe_filename(body["filename"]) if body.get("filename") is not None else "document.pdf"
    options, extra_options = parse_options(body.get("options"), plugin_options)
    return RenderRequest(
        html=valid_text(html or ""),
        css=valid_text(css) if css is not None else None,
        renderer=renderer,
        filename=filename,
        options=options,
        plugin_fields={k: body[k] for k in plugin_fields if k in body},
        plugin_options=extra_options,
    )


def count_pages(data: bytes) -> int:
    """Page count of a PDF a renderer returned without one."""
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except Exception as exc:
        raise RenderFailed(f"The renderer returned something that is not a PDF ({exc}).") from None


def plugin_that_raised(pm: pluggy.PluginManager, hook_name: str, exc: BaseException) -> str:
    """The registered name of the plugin whose implementation of ``hook_name`` raised ``exc``.

    pluggy re-raises a hook implementation's exception as is, so the traceback still holds
    the frame of the function that raised; matching frames to the implementations' code
    objects names the plugin without calling implementations one by one (which would skip
    pluggy's ordering and wrappers).
    """
    owners = {}
    for impl in getattr(pm.hook, hook_name).get_hookimpls():
        code = getattr(getattr(impl.function, "__func__", impl.function), "__code__", None)
        if code is not None:
            owners[code] = impl.plugin_name
    found = "unknown plugin"
    tb = exc.__traceback__
    while tb is not None:
        found = owners.get(tb.tb_frame.f_code, found)
        tb = tb.tb_next
    return found


def asset_source(request: RenderRequest) -> AssetSource | None:
    """Where the request's relative URLs are looked up: its sent files, then its folder (CLI), else nowhere."""
    sources: list[AssetSource] = []
    if request.assets:
        sources.append(MappingAssets(request.assets))
    if request.asset_folder:
        sources.append(FolderAssets(request.asset_folder, MAX_RESOURCE_BYTES))
    return LayeredAssets(*sources) if sources else None


def render_request(pm: pluggy.PluginManager, request: RenderRequest) -> RenderOutput:
    """Pre-process, render, watermark and post-process one request in this process.

    Any exception from a plugin becomes a ``render_failed`` naming that plugin, so a
    broken plugin never surfaces as a 500.
    """
    _call_hook(pm, "pdflet_prepare_request", "preparing the request", request=request)
    if request.markdown_template:
        request.html = fill_markdown(request.html, request.assets)
    renderer = pick_renderer(collect_renderers(pm), request.renderer)
    adjust = request.print_adjust
    options = scaled_options(request.options, adjust.scale) if adjust else request.options
    output = _render_once(pm, renderer, request, options)
    if adjust is not None:
        if adjust.single_page and output.pages > 1:
            output = _render_once(pm, renderer, request, single_page_options(options, output.pages))
        output.data, output.pages = adjust_pdf(output.data, adjust)
    if request.watermark:
        output.data = apply_watermark(output.data, request.watermark)
    _call_hook(pm, "pdflet_process_pdf", "post-processing the PDF", output=output, request=request)
    return output


def _call_hook(pm: pluggy.PluginManager, hook: str, doing: str, **kwargs: Any) -> None:
    """Call every plugin's ``hook``: a plugin's own error (a :class:`PdfletError`) passes through, anything
    else becomes ``render_failed`` naming the plugin that raised it (logged with its traceback)."""
    try:
        getattr(pm.hook, hook)(**kwargs)
    except PdfletError:
        raise
    except Exception as exc:
        plugin = plugin_that_raised(pm, hook, exc)
        log.exception("plugin %s failed in %s", plugin, hook)
        raise RenderFailed(f"Plugin {plugin!r} failed {doing}: {type(exc).__name__}: {exc}") from exc


def _render_once(pm: pluggy.PluginManager, renderer: Any, request: RenderRequest, options: Any) -> RenderOutput:
    """One call of the renderer, with its own fetcher and report; failures become ``render_failed``."""
    job = RenderJob(
        html=request.html,
        css=request.css,
        options=options,
        fetcher=Fetcher(hook=lambda url: pm.hook.pdflet_fetch_resource(url=url), assets=asset_source(request)),
        extra={**request.plugin_fields, **request.plugin_options},
    )
    try:
        result = renderer.render(job)
    except PdfletError:
        raise
    except RecursionError:
        raise RenderFailed(f"Renderer {renderer.name!r}: the document is nested too deeply.") from None
    except MemoryError:
        raise RenderFailed(f"Renderer {renderer.name!r}: the document needs more memory than allowed.") from None
    except Exception as exc:
        log.exception("renderer %s failed", renderer.name)
        raise RenderFailed(f"Renderer {renderer.name!r} failed: {type(exc).__name__}: {exc}") from exc
    if isinstance(result, RenderedPdf):
        output = RenderOutput(result.data, result.pages, renderer.name)
    elif isinstance(result, (bytes, bytearray)):
        output = RenderOutput(bytes(result), count_pages(bytes(result)), renderer.name)
    else:
        raise RenderFailed(f"Renderer {renderer.name!r} returned {type(result).__name__}, not PDF bytes.")
    output.warnings = job.fetcher.report.warnings()
    return output
