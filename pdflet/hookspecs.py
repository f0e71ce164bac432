"""Every pdflet hook, typed and documented: the whole plugin API in one module.

A plugin is any module or object with functions decorated by :data:`pdflet.hookimpl`
and named like the specs below; it is registered through the ``pdflet`` entry-point
group. The built-in ReportLab renderer is registered exactly the same way.

Where to run: every hook below runs inside the render worker process (with its timeout,
memory cap and no-network policy), except ``pdflet_register_renderers`` and
``pdflet_request_fields``, which also run once in the web process to list renderers and
validate requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from pdflet.renderers.base import Renderer
    from pdflet.renderers.resources import Resource
    from pdflet.request import RenderOutput, RenderRequest, RequestFields

PROJECT = "pdflet"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def pdflet_register_renderers() -> list[Renderer]:
    """Offer renderers.

    Returns:
        A list of objects following :class:`pdflet.renderers.base.Renderer` (``name``,
        ``version``, ``description`` and ``render(job)``). Names must be unique across
        all plugins; the first registered with a name wins and a warning names the other.
    """


@hookspec
def pdflet_request_fields() -> RequestFields | None:
    """Declare the request fields and ``options`` keys this plugin understands.

    pdflet answers 400 for any field or option that neither it nor a plugin declares,
    so typos never pass silently. A field listed in ``html_sources`` (``markdown``, say)
    may stand in for ``html``.

    Returns:
        A :class:`pdflet.request.RequestFields`, or None when the plugin adds none.
    """


@hookspec
def pdflet_prepare_request(request: RenderRequest) -> None:
    """Pre-process a request before it is rendered, by changing it in place.

    Called for every plugin, in registration order (last registered first, as pluggy
    does). Use it to turn a plugin field into ``request.html``, add CSS, or adjust
    ``request.options``. Raise :class:`pdflet.errors.InvalidRequest` for a bad value of
    one of the plugin's fields or options (a 400), :class:`pdflet.errors.RenderFailed`
    to refuse the document with a reason (a 422). Any other exception is a 422
    ``render_failed`` naming the plugin.

    Args:
        request: the validated request; ``request.plugin_fields`` and
            ``request.plugin_options`` hold the values of declared plugin fields.
    """


@hookspec
def pdflet_process_pdf(output: RenderOutput, request: RenderRequest) -> None:
    """Post-process the finished PDF by replacing ``output.data``.

    Every implementation runs, each seeing the previous one's result, so stamps,
    encryption and the like compose (mark encryption ``trylast``: nothing can edit an
    encrypted PDF). Change ``output.pages`` too if the page count changes. An exception
    other than a :class:`pdflet.errors.PdfletError` is a 422 ``render_failed`` naming the plugin.

    Args:
        output: the rendered PDF (``data``, ``pages``, ``renderer``).
        request: the request it was rendered from.
    """


@hookspec(firstresult=True)
def pdflet_fetch_resource(url: str) -> Resource | None:
    """Load a resource that is neither a ``data:`` URI nor one of the request's assets.

    Stops at the first non-None result. pdflet itself answers for ``data:`` and the
    request's own files (relative URLs); its built-in ``pdflet.fetch.plugin`` (last in
    line) fetches ``http``/``https`` URLs under ``PDFLET_FETCH_ALLOW`` (empty by default)
    and raises ``ResourceError`` for those it refuses; every other URL is refused unless an
    operator's plugin answers for it (and told in the render report). ``url`` is absolute, except
    a relative reference naming no asset the request sent: it comes relative to the document
    (``support/a.png``), for a plugin that serves the document's own folder.

    Args:
        url: an absolute URL, already resolved against the document or the stylesheet
            that names it (``url(b.css)`` in ``https://cdn/a/main.css`` arrives as
            ``https://cdn/a/b.css``).

    Returns:
        A :class:`pdflet.renderers.resources.Resource`, or None to refuse.
    """
