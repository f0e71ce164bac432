"""Imported once by the render pool's forkserver, so that every worker starts warm.

multiprocessing's forkserver imports the modules named in ``set_forkserver_preload`` and
then forks each render worker from itself. Whatever this import loads is inherited by
every worker, the first and each one that replaces a recycled or killed worker, instead
of being redone in each: the built-in renderer's fonts and font metrics, its user-agent
stylesheet and compiled selectors, html5lib, ReportLab's modules. A worker started from
a cold forkserver spent about 130 ms of CPU before its first real render; recycled every
500 renders, that was a quarter of a millisecond on every render of a small document.

Only the built-in renderer runs here (``load_entrypoints=False``): no third-party plugin
code is imported or called in the forkserver, so a plugin's process state is still
created per worker, as each worker builds its own plugin manager (see
:func:`pdflet.services.worker.init`). The warm-up is best effort: if it fails, workers
start cold, as before, and the worker's own warm-up logs the reason.

Importing this module renders a small document: it is meant for the forkserver's preload list
(:data:`pdflet.services.rendering.PRELOAD`), not for ordinary imports.
"""

from __future__ import annotations

from pdflet.config import Settings
from pdflet.pipeline import render_request
from pdflet.plugins import make_plugin_manager
from pdflet.request import RenderRequest

# Text, a heading and a table: the common fonts, styles and layout paths of the built-in renderer.
WARM_UP_HTML = (
    "<h1>pdflet</h1><p>Warm <b>up</b> <i>once</i>.</p>"
    "<table><tr><th>a</th><td>1</td></tr></table><ul><li>item</li></ul>"
)


def warm() -> bool:
    """Render one small document with the built-in renderer only; False if that failed."""
    try:
        pm = make_plugin_manager(Settings(), load_entrypoints=False)
        render_request(pm, RenderRequest(html=WARM_UP_HTML))
    except Exception:  # best effort: a cold worker is slower, not wrong
        return False
    return True


warm()
